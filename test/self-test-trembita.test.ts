// The harness's self-test for Трембіта (docs/en/guide.md §11.3): the correct reference provider and consumer pass every TRB
// scenario of their role; each fault switch makes exactly its mapped requirement ids fail and nothing else (no
// harness errors), and each correct-but-unusual variant (a switch that breaks nothing) passes; every requirement the TRB scenarios check has a switch that can make it fail. Real scenarios,
// real participants as processes, the real runner with every simulator served on loopback.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { FAULTS as CONSUMER_FAULTS } from '../participants/trembita-consumer/faults.ts';
import { FAULTS as PROVIDER_FAULTS } from '../participants/trembita-provider/faults.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { createDetectionTally, idsWith, ROOT } from './helpers.ts';

const tally = createDetectionTally('trembita-provider + trembita-consumer');
afterAll(() => console.log(tally.summary()));

const TRB_SCENARIOS = join(ROOT, 'scenarios', 'trembita');

const ROLES = {
  'trembita-provider': { profile: join(ROOT, 'participants', 'trembita-provider', 'polihon.sut.yaml'), faults: PROVIDER_FAULTS },
  'trembita-consumer': { profile: join(ROOT, 'participants', 'trembita-consumer', 'polihon.sut.yaml'), faults: CONSUMER_FAULTS },
} as const;
type Role = keyof typeof ROLES;

function trbScenarios(role?: Role): LoadedScenario[] {
  const all = loadScenarios([TRB_SCENARIOS], { requirementIds: new Set(requirementIds()) });
  return role ? all.filter((s) => s.role === role) : all;
}

function run(role: Role, faults: string[]): Promise<RunOutput> {
  return runConformance({
    scenarios: trbScenarios(role),
    profile: loadProfile(ROLES[role].profile),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
    settleMs: 200,
    wallTime: () => Date.now(),
  });
}

const problems = (out: RunOutput, outcome: string) => out.report.scenarios.filter((s) => s.outcome === outcome).map((s) => `${s.id}: ${s.message}`);

describe('self-test: reference Трембіта participants against the TRB scenario set', { timeout: 180_000 }, () => {
  it('runs against the Трембіта simulator, and every scenario belongs to one of the two roles', () => {
    expect(Object.keys(SIMULATORS)).toContain('trembita');
    const all = trbScenarios();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((s) => s.role in ROLES)).toBe(true);
    // every check step says which rule it judges
    for (const s of all) {
      for (const step of s.steps) if (step.type === 'expect' || step.type === 'assert') expect(step.covers, `${s.id}/${step.id}`).not.toEqual([]);
    }
  });

  describe.each(Object.keys(ROLES) as Role[])('%s', (role) => {
    const conformance = ROLES[role].faults.filter((f) => f.breaks.length > 0);

    it('the correct participant passes every scenario of its role', async () => {
      const out = await run(role, []);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(problems(out, 'fail')).toEqual([]);
      expect(out.report.scenarios.length).toBe(trbScenarios(role).length);
      expect(idsWith(out, 'fail')).toEqual([]);
      expect(out.report.run.exitCode).toBe(0);
      expect(out.report.journal.intact).toBe(true);
    });

    it.concurrent.each(conformance.map((f) => [f.name, f.breaks] as const))('switch %s makes exactly %j fail', async (name, breaks) => {
      const out = await run(role, [name]);
      tally.fault(`${role}/${name}`, out, breaks);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
      expect(out.report.run.exitCode).toBe(1);
    });

    // correct-but-unusual variants (breaks: []): what a real X-Road 7.x security server accepts must pass here too
    const variants = ROLES[role].faults.filter((f) => f.breaks.length === 0);
    if (variants.length > 0) {
      it.concurrent.each(variants.map((f) => [f.name] as const))('variant %s (correct but unusual) passes every scenario', async (name) => {
        const out = await run(role, [name]);
        tally.variant(`${role}/${name}`, out);
        expect(problems(out, 'error'), 'no harness errors').toEqual([]);
        expect(problems(out, 'fail')).toEqual([]);
        expect(idsWith(out, 'fail')).toEqual([]);
        expect(out.report.run.exitCode).toBe(0);
      });
    }

    it('every requirement its scenarios check has a switch that makes it fail', () => {
      const checked = new Set(trbScenarios(role).flatMap((s) => s.steps.flatMap((st) => st.covers)));
      const breakable = new Set<string>(conformance.flatMap((f) => f.breaks));
      expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
      // and no switch claims a rule that no scenario of the role checks
      expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
    });
  });
});
