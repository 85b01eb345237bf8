// The harness's self-test for the е-Посвідчення verifier (docs/en/guide.md §11.3): the correct reference
// credential-verifier passes every verifier scenario of scenarios/diia; each fault switch makes exactly its mapped
// requirement ids fail and nothing else (no harness errors); each correct-but-unusual variant passes; every requirement
// the verifier scenarios check has a switch that can make it fail. Real scenarios, the real participant as a process,
// the real runner with the simulators served on loopback, the web UI driven in Chromium.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { FAULTS } from '../participants/credential-verifier/faults.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { chromiumMissing } from './browser.ts';
import { createDetectionTally, idsWith, ROOT } from './helpers.ts';

const tally = createDetectionTally('credential-verifier');
afterAll(() => console.log(tally.summary()));

const DIIA_SCENARIOS = join(ROOT, 'scenarios', 'diia');
const PROFILE = join(ROOT, 'participants', 'credential-verifier', 'polihon.sut.yaml');

function verifierScenarios(): LoadedScenario[] {
  return loadScenarios([DIIA_SCENARIOS], { requirementIds: new Set(requirementIds()) }).filter((s) => s.role === 'credential-verifier');
}

function run(faults: string[]): Promise<RunOutput> {
  return runConformance({
    scenarios: verifierScenarios(),
    profile: loadProfile(PROFILE),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
    settleMs: 200,
    wallTime: () => Date.now(),
  });
}

const problems = (out: RunOutput, outcome: string) => out.report.scenarios.filter((s) => s.outcome === outcome).map((s) => `${s.id}: ${s.message}`);
// the verifier's own switches: those naming another role (copy-recipient) are judged by that role's scenarios
const OWN = FAULTS.filter((f) => !('role' in f) || (f.role as string) === 'credential-verifier');
const conformance = OWN.filter((f) => f.breaks.length > 0);
const variants = OWN.filter((f) => f.breaks.length === 0);

describe('self-test: the reference credential-verifier against the Дія verifier scenarios', { timeout: 180_000 }, () => {
  it('has the Дія simulator and a browser, and every check step of the verifier scenarios says which rule it judges', () => {
    expect(Object.keys(SIMULATORS)).toContain('diia');
    // the browser scenario is part of the set: without Chromium it would be skipped and DIIA-11's camera path unjudged
    expect(chromiumMissing()).toBeUndefined();
    const all = verifierScenarios();
    expect(all.map((s) => s.file.replace(/^.*\//, ''))).toEqual(expect.arrayContaining(['verifier-typed.yaml', 'verifier-browser.yaml']));
    for (const s of all) {
      for (const step of s.steps) if (step.type === 'expect' || step.type === 'assert' || step.type === 'ui') expect(step.covers, `${s.id}/${step.id}`).not.toEqual([]);
    }
  });

  it('the correct participant passes every scenario', async () => {
    const out = await run([]);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.scenarios.length).toBe(verifierScenarios().length);
    expect(idsWith(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
    expect(out.report.journal.intact).toBe(true);
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
    expect(idsWith(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
  });

  it('every requirement the scenarios check has a switch that makes it fail, and no switch claims one they do not check', () => {
    const checked = new Set(verifierScenarios().flatMap((s) => s.steps.flatMap((st) => st.covers)));
    const breakable = new Set<string>(conformance.flatMap((f) => f.breaks));
    expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
    expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
  });
});
