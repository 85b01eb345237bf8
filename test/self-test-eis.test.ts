// The harness's self-test for ЄІС МВС (docs/en/guide.md §11.3): the correct reference participant (both roles,
// eis-applicant and eis-subscriber) passes every scenario in scenarios/eis; each fault switch makes exactly its mapped
// requirement ids fail and nothing else (no harness errors); each correct-but-unusual variant passes; every requirement
// the scenarios check has a switch that can make it fail. Real scenarios, the real participant as a process, the real
// runner with the simulators served on loopback — over mTLS, as its profile says (`certificate: issue`), so the
// certificate switches (wrong-certificate, foreign-ca) are judged like any other. About 40 s on a shared machine.
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
const admissionRefusals = (out: RunOutput) => out.journal.entries().filter((e) => e.service === ADMISSION_SERVICE);
// the switches about the certificate presented: they show as refused admissions
const CERTIFICATE_SWITCHES = new Set(['wrong-certificate', 'foreign-ca']);
const conformance = FAULTS.filter((f) => f.breaks.length > 0);
const variants = FAULTS.filter((f) => f.breaks.length === 0);

describe('self-test: the reference ЄІС МВС participant against scenarios/eis', { timeout: 180_000 }, () => {
  it('every scenario is of the two roles and every check says which rule it judges', () => {
    const all = scenarios();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((s) => s.role === 'eis-applicant' || s.role === 'eis-subscriber')).toBe(true);
    for (const s of all) for (const step of s.steps) if (step.type === 'expect' || step.type === 'assert') expect(step.covers, `${s.id}/${step.id}`).not.toEqual([]);
  });

  it('the correct participant passes every scenario, presenting the issued certificate its ОТД binds', async () => {
    const out = await run([]);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.scenarios.length).toBe(scenarios().length);
    expect(out.report.run.exitCode).toBe(0);
    // an mTLS run: every system-to-system call named a sender and was admitted on a certificate an ОТД binds
    expect(out.journal.entries().filter((e) => e.kind === 'request' && e.service === 'eis.message').length).toBeGreaterThan(0);
    expect(admissionRefusals(out)).toEqual([]);
    expect(out.report.verdicts.filter((v) => v.outcome === 'skip').map((v) => v.id)).toEqual([]);
  });

  it.concurrent.each(conformance.map((f) => [f.name, f.breaks] as const))('switch %s makes exactly %j fail', async (name, breaks) => {
    const out = await run([name]);
    tally.fault(name, out, breaks);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
    expect(out.report.run.exitCode).toBe(1);
    if (CERTIFICATE_SWITCHES.has(name)) expect(admissionRefusals(out).length).toBeGreaterThan(0);
  });

  it.concurrent.each(variants.map((f) => [f.name] as const))('variant %s (correct but unusual) passes every scenario', async (name) => {
    const out = await run([name]);
    tally.variant(name, out);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
  });

  it('every requirement the scenarios check has a switch that makes it fail, and no switch claims an unchecked one', () => {
    const checked = new Set(scenarios().flatMap((s) => s.steps.flatMap((st) => st.covers)));
    const breakable = new Set<string>(FAULTS.flatMap((f) => f.breaks));
    expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
    expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
  });
});
