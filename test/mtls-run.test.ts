// mTLS runs end to end (issue 11 item 3): the reference Трембіта consumer, launched as a process, presents the
// certificate the harness issued for its subsystem on every call to the simulators served over HTTPS, and passes its
// scenarios; presenting a certificate of another subsystem, every call is refused with X-Road's
// SslAuthenticationFailed, journalled and said in the report's warnings.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('an mTLS run with the reference Трембіта consumer', { timeout: 180_000 }, () => {
  it('with `certificate: issue` it presents the issued certificate and passes every scenario', async () => {
    const out = await run({ ...loadProfile(PROFILE), certificate: 'issue' }, undefined);
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
