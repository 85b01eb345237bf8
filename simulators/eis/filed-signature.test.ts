// XCH-02 judged on what was filed (filedSignatureVerifies): a signature over the filed document verifies whatever the
// key order on the wire; one over other bytes, a tampered document or a broken body does not; an unsigned filing is
// told apart, for the filing's own rule to judge.
import { describe, expect, it } from 'vitest';
import { EIS_SERVICES, filedSignatureVerifies } from './public.ts';
import { fingerprint, signedApplication, signedOtd, testPki } from './test-support.ts';

describe('filedSignatureVerifies', () => {
  it('a filed application and ОТД verify over what was filed, keys in any order', async () => {
    const { own } = await testPki();
    const app = await signedApplication(own);
    expect((await filedSignatureVerifies(EIS_SERVICES.file, JSON.stringify(app))).verdict).toBe('verifies');
    const reversed = JSON.stringify({ signature: app.signature, application: { signedAt: app.application.signedAt, questionnaire: app.application.questionnaire } });
    expect((await filedSignatureVerifies(EIS_SERVICES.rework, reversed)).verdict).toBe('verifies');
    const otd = await signedOtd(own, [fingerprint(own)]);
    expect((await filedSignatureVerifies(EIS_SERVICES.otd, JSON.stringify(otd))).verdict).toBe('verifies');
  });

  it('a tampered document, a signature of another document or a broken body does not verify', async () => {
    const { own } = await testPki();
    const otd = await signedOtd(own, [fingerprint(own)]);
    const tampered = { ...otd, otd: { ...otd.otd, edrpou: '43395033' } };
    const judged = await filedSignatureVerifies(EIS_SERVICES.otd, JSON.stringify(tampered));
    expect(judged.verdict).toBe('does-not-verify');
    expect(judged.detail).toMatch(/^\/otd: /);
    const app = await signedApplication(own);
    expect((await filedSignatureVerifies(EIS_SERVICES.otd, JSON.stringify({ otd: otd.otd, signature: app.signature }))).verdict).toBe('does-not-verify');
    expect((await filedSignatureVerifies(EIS_SERVICES.otd, JSON.stringify({ otd: otd.otd, signature: { certificate: 'not a PEM', value: 'AA==' } }))).verdict).toBe('does-not-verify');
    expect((await filedSignatureVerifies(EIS_SERVICES.file, '{"application":')).verdict).toBe('unreadable');
    expect((await filedSignatureVerifies('eis.message', JSON.stringify(app))).verdict).toBe('unreadable');
  });

  it('an unsigned filing is told apart', async () => {
    const { own } = await testPki();
    const app = await signedApplication(own);
    expect((await filedSignatureVerifies(EIS_SERVICES.file, JSON.stringify({ application: app.application }))).verdict).toBe('unsigned');
  });
});
