// The harness's self-test for ЄІС МВС (docs/en/guide.md §11.3): the correct reference participant (both roles,
// eis-applicant and eis-subscriber) passes every scenario in scenarios/eis; each fault switch makes exactly its mapped
// requirement ids fail and nothing else (no harness errors); each correct-but-unusual variant passes; every requirement
// the scenarios check has a switch that can make it fail. Real scenarios, the real participant as a process, the real
// runner with the simulators served on loopback; the certificate switches (wrong-certificate, foreign-ca) in an mTLS
// run (`certificate: issue`) of the one scenario that means something there. About 40 s on a shared machine.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { FAULTS } from '../participants/eis-subscriber/faults.ts';
import { ADMISSION_SERVICE } from '../simulators/transport/admission.ts';
import { createDetectionTally, idsWith, ROOT } from './helpers.ts';

const tally = createDetectionTally('eis-subscriber (eis-applicant + eis-subscriber)');
afterAll(() => console.log(tally.summary()));

const PROFILE = join(ROOT, 'participants', 'eis-subscriber', 'polihon.sut.yaml');
const scenarios = (): LoadedScenario[] => loadScenarios([join(ROOT, 'scenarios', 'eis')], { requirementIds: new Set(requirementIds()) });

function run(faults: string[], only?: (s: LoadedScenario) => boolean): Promise<RunOutput> {
  return runConformance({
    scenarios: only ? scenarios().filter(only) : scenarios(),
    profile: loadProfile(PROFILE),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
    settleMs: 150,
    wallTime: () => Date.now(),
  });
}

const problems = (out: RunOutput, outcome: string) => out.report.scenarios.filter((s) => s.outcome === outcome).map((s) => `${s.id}: ${s.message}`);
// a switch about the certificate presented shows only in an mTLS run: judged below with `certificate: issue`
const MTLS_ONLY = new Set(['wrong-certificate', 'foreign-ca']);
const MTLS_SCENARIO = 'eis-admission';
const conformance = FAULTS.filter((f) => f.breaks.length > 0 && !MTLS_ONLY.has(f.name));
const variants = FAULTS.filter((f) => f.breaks.length === 0);

describe('self-test: the reference ЄІС МВС participant against scenarios/eis', { timeout: 180_000 }, () => {
  it('every scenario is of the two roles and every check says which rule it judges', () => {
    const all = scenarios();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((s) => s.role === 'eis-applicant' || s.role === 'eis-subscriber')).toBe(true);
    for (const s of all) for (const step of s.steps) if (step.type === 'expect' || step.type === 'assert') expect(step.covers, `${s.id}/${step.id}`).not.toEqual([]);
  });

  it('the correct participant passes every scenario', async () => {
    const out = await run([]);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.scenarios.length).toBe(scenarios().length);
    expect(out.report.run.exitCode).toBe(0);
  });

  it.concurrent.each(conformance.map((f) => [f.name, f.breaks] as const))('switch %s makes exactly %j fail', async (name, breaks) => {
    const out = await run([name]);
    tally.fault(name, out, breaks);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
    expect(out.report.run.exitCode).toBe(1);
  });

  it.concurrent.each(variants.map((f) => [f.name] as const))('variant %s (correct but unusual) passes every scenario', async (name) => {
    const out = await run([name]);
    tally.variant(name, out);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
  });

  describe('in an mTLS run (certificate: issue)', () => {
    const mtlsRun = (faults: string[]) =>
      runConformance({
        scenarios: scenarios().filter((s) => s.id === MTLS_SCENARIO),
        profile: { ...loadProfile(PROFILE), certificate: 'issue' },
        requirements: loadCatalog(),
        participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
        settleMs: 150,
        wallTime: () => Date.now(),
      });

    it.concurrent('the correct participant presents the issued certificate its ОТД binds and is admitted', async () => {
      const out = await mtlsRun([]);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(problems(out, 'fail')).toEqual([]);
      expect(out.report.run.exitCode).toBe(0);
      // every system-to-system call named a sender, so each was admitted only on a certificate the ОТД binds
      expect(out.journal.entries().filter((e) => e.kind === 'request' && e.service === 'eis.message').length).toBeGreaterThan(0);
      expect(out.journal.entries().filter((e) => e.service === ADMISSION_SERVICE)).toEqual([]);
    });

    it.concurrent.each([...MTLS_ONLY].map((name) => [name, FAULTS.find((f) => f.name === name)!.breaks] as const))('switch %s makes exactly %j fail', async (name, breaks) => {
      const out = await mtlsRun([name]);
      tally.fault(name, out, breaks);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
      expect(out.report.run.exitCode).toBe(1);
      expect(out.journal.entries().filter((e) => e.service === ADMISSION_SERVICE).length).toBeGreaterThan(0);
    });
  });

  it('every requirement the scenarios check has a switch that makes it fail, and no switch claims an unchecked one', () => {
    const checked = new Set(scenarios().flatMap((s) => s.steps.flatMap((st) => st.covers)));
    const breakable = new Set<string>(FAULTS.flatMap((f) => f.breaks));
    expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
    expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
  });
});
