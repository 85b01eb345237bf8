// mTLS runs end to end (issue 11 item 3): the reference Трембіта consumer, launched as a process, presents the
// certificate the harness issued for its subsystem on every call to the simulators served over HTTPS, and passes its
// scenarios; presenting a certificate of another subsystem, every call is refused with X-Road's
// SslAuthenticationFailed, journalled and said in the report's warnings. Its profile asks for mTLS, as every bundled
// participant's that calls the simulators does; the same participant without a certificate (a user's over plain
// HTTP) gets the checks that judge certificates skipped, saying why, not passed.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../core/i18n.ts';
import { createTestPki } from '../core/pki.ts';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance } from '../conformance/runner.ts';
import { loadScenarios } from '../conformance/scenario.ts';
import { loadProfile, type SutProfile } from '../conformance/sut-profile.ts';
import { ADMISSION_SERVICE } from '../simulators/transport/admission.ts';
import { ROOT } from './helpers.ts';

const PROFILE = join(ROOT, 'participants', 'trembita-consumer', 'polihon.sut.yaml');
const scenarios = () => loadScenarios([join(ROOT, 'scenarios', 'trembita')], { requirementIds: new Set(requirementIds()) }).filter((s) => s.role === 'trembita-consumer');

const run = (profile: SutProfile, mtls: Parameters<typeof runConformance>[0]['mtls']) =>
  runConformance({ scenarios: scenarios(), profile, requirements: loadCatalog(), settleMs: 200, wallTime: () => Date.now(), ...(mtls !== undefined ? { mtls } : {}) });

/** A profile as a user's participant over plain HTTP has it: no `certificate`. */
const withoutCertificate = (file: string): SutProfile => {
  const { certificate, ...plain } = loadProfile(file);
  expect(certificate, `${file} asks for mTLS`).toBe('issue');
  return plain;
};

describe('an mTLS run with the reference Трембіта consumer', { timeout: 180_000 }, () => {
  it('with `certificate: issue` it presents the issued certificate and passes every scenario', async () => {
    const out = await run(loadProfile(PROFILE), undefined);
    expect(out.report.scenarios.filter((s) => s.outcome !== 'pass').map((s) => `${s.id}: ${s.outcome} ${s.message ?? ''}`)).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
    expect(out.journal.entries().filter((e) => e.service === ADMISSION_SERVICE)).toEqual([]);
    // the calls really came over TLS with the certificate: Трембіта saw it verified
    expect(out.journal.entries().some((e) => e.kind === 'request' && e.data?.clientCert === 'verified')).toBe(true);
  });

  it('with a certificate of another subsystem every call is refused, journalled and warned of', async () => {
    const pki = await createTestPki({ now: Date.now() });
    const dir = await mkdtemp(join(tmpdir(), 'polihon-mtls-test-'));
    const other = await pki.issue({ kind: 'participant', commonName: 'Інша підсистема', edrpou: '04054866', subsystem: 'OTHER_prod' });
    await writeFile(join(dir, 'cert.pem'), other.certPem);
    await writeFile(join(dir, 'key.pem'), other.keyPem, { mode: 0o600 });
    const out = await run({ ...loadProfile(PROFILE), certificate: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } }, { pki, dir });
    expect(out.report.scenarios.some((s) => s.outcome === 'fail')).toBe(true);
    expect(out.report.scenarios.filter((s) => s.outcome === 'error')).toEqual([]);
    const refused = out.journal.entries().filter((e) => e.service === ADMISSION_SERVICE);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.data?.code === 'wrong-subsystem' && e.outcome === 'refused')).toBe(true);
    const warnings = out.report.scenarios.flatMap((s) => s.warnings ?? []);
    expect(warnings.some((w) => /refused admission by certificate .*\(wrong-subsystem, XCH-06\).*OTHER_prod/.test(w.message))).toBe(true);
  });
});

describe('a run without a client certificate on the channel', { timeout: 120_000 }, () => {
  it('ends the certificate checks of ЄІС МВС (EIS-ACC-01 admission, XCH-06) skip with the reason, not pass', async () => {
    const admission = loadScenarios([join(ROOT, 'scenarios', 'eis', 'admission.yaml')], { requirementIds: new Set(requirementIds()) });
    const out = await runConformance({
      scenarios: admission,
      profile: withoutCertificate(join(ROOT, 'participants', 'eis-subscriber', 'polihon.sut.yaml')),
      requirements: loadCatalog(),
      settleMs: 150,
      wallTime: () => Date.now(),
    });
    expect(out.report.run.exitCode).toBe(0);
    const verdict = (id: string) => out.report.verdicts.find((v) => v.id === id)?.outcome;
    expect([verdict('EIS-ACC-01'), verdict('XCH-06'), verdict('XCH-02')]).toEqual(['skip', 'skip', 'pass']);
    const skipped = out.report.scenarios[0]!.steps.filter((s) => s.outcome === 'skip');
    expect(skipped.map((s) => s.id)).toEqual(['admitted', 'test-ca']);
    for (const step of skipped) {
      expect(render(step.msg!, 'en')).toBe('skipped: no client certificate on the channel: run with --mtls or a profile certificate');
      expect(render(step.msg!, 'uk')).toMatch(/^пропущено: на каналі немає клієнтського сертифіката/);
    }
  });
});
