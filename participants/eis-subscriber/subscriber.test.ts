// The reference ЄІС МВС participant on its own: the canonical JSON it signs, its durable duplicate table (a torn last
// line, a reload), and its answers to ЄІС МВС's deliveries — the ack after storing, the identical ack for a duplicate,
// a reused envelope and a bad envelope refused with a located reason. The scenarios judge the rest
// (test/self-test-eis.test.ts).
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, reversedJson, selfSigned, signDocument } from './crypto.ts';
import { startParticipant, type RunningParticipant } from './server.ts';
import { openStore } from './store.ts';
import { kyivInstant, workingDaysAfter } from './calendar.ts';

const running: RunningParticipant[] = [];
afterAll(async () => {
  for (const r of running) await r.close();
});

describe('what it signs', () => {
  it('writes RFC 8785 canonical JSON: sorted keys, no whitespace, ECMAScript numbers and strings', () => {
    expect(canonicalJson({ b: [1, 'x', null], a: { d: 1e21, c: 0.1 }, 'é': true, u: undefined })).toBe('{"a":{"c":0.1,"d":1e+21},"b":[1,"x",null],"é":true}');
    expect(canonicalJson(JSON.parse(reversedJson({ a: 1, b: { c: 2, d: 3 } })))).toBe('{"a":1,"b":{"c":2,"d":3}}');
  });

  it('signs with ECDSA P-256 r‖s over the canonical form, and its own certificate is a participant one with the ЄДРПОУ', async () => {
    const signer = await selfSigned({ commonName: 'Тест', edrpou: '04054866', instance: 'SEVDEIR-TEST', memberClass: 'GOV', subsystem: 'RTG_prod' });
    const doc = { z: 1, a: 'текст' };
    const value = Buffer.from(signDocument(signer.keyPem, doc), 'base64');
    expect(value).toHaveLength(64);
    expect(verify('sha256', Buffer.from(canonicalJson(doc)), { key: createPublicKey(signer.certPem), dsaEncoding: 'ieee-p1363' }, value)).toBe(true);
    expect(signer.certPem).toContain('BEGIN CERTIFICATE');
    expect(signer.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('its duplicate table', () => {
  it('survives a reload and skips a line torn by a kill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eis-store-'));
    const store = openStore(dir);
    await store.add({ messageId: 'm-1', envelopeId: 'e-1', mode: 'notification-ack', type: 't', at: '2026-04-20T06:00:00Z' });
    appendFileSync(join(dir, 'processed.jsonl'), '{"messageId":"m-2","envel');
    store.reload();
    expect(store.counts()).toEqual([{ messageId: 'm-1', count: 1 }]);
    store.addLater({ messageId: 'm-3', envelopeId: 'e-3', mode: 'notification-ack', type: 't', at: '2026-04-20T06:00:00Z' });
    store.reload();
    expect(store.get('m-3')).toBeUndefined();
    store.close();
  });
});

describe('its answers to deliveries', () => {
  it('acks after storing, answers a duplicate with the identical ack, refuses a reused envelope and a bad one', async () => {
    const p = await startParticipant({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'eis-sub-')), log: () => undefined });
    running.push(p);
    const post = (body: unknown) => fetch(`${p.url}/eis/notifications`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const env = { messageId: 'm-1', envelopeId: 'e-1', mode: 'notification-ack', from: 'SEVDEIR-TEST/GOV/00032684/EIS_MVS', type: 'eis.notice', payload: {} };
    const first = await post(env);
    const ack = await first.text();
    expect(first.status).toBe(200);
    expect(JSON.parse(ack)).toEqual({ messageId: 'm-1', envelopeId: 'e-1', code: 100, from: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' });
    const again = await post({ ...env, envelopeId: 'e-2' });
    expect(await again.text()).toBe(ack);
    expect(again.headers.get('x-eis-duplicate')).toBe('true');
    const reused = await post({ ...env, messageId: 'm-9' });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ code: 'envelope-reused', receipt: 200 });
    const bad = await post({ messageId: '', mode: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['/messageId', '/envelopeId', '/mode']);
    const processed = (await (await fetch(`${p.url}/driver/processed`)).json()) as { processed: unknown[] };
    expect(processed.processed).toEqual([{ messageId: 'm-1', count: 1 }]);
    expect((await fetch(`${p.url}/driver/eis/nothing`, { method: 'POST' })).status).toBe(404);
  });
});

describe('its working days', () => {
  it('counts Kyiv weekdays after the day an outage began, and finds 23:00 Kyiv in summer and winter', () => {
    // Friday 2026-04-24 → Monday, Tuesday
    expect(workingDaysAfter(Date.parse('2026-04-24T09:00:00+03:00'), 2)).toEqual([2026, 4, 28]);
    expect(new Date(kyivInstant(2026, 4, 28, 23)).toISOString()).toBe('2026-04-28T20:00:00.000Z');
    expect(new Date(kyivInstant(2026, 1, 14, 23)).toISOString()).toBe('2026-01-14T21:00:00.000Z');
  });
});
