// The harness's self-test for Дія's counterparts (docs/en/guide.md §11.3): the reference HR system (role hr-system)
// and the reference credential verifier as copy recipient (role copy-recipient) pass every scenario of their role in
// scenarios/diia; each fault switch of the role makes exactly its mapped requirement ids fail and nothing else (no
// harness errors); each correct-but-unusual variant passes; every requirement the role's scenarios check has a switch
// that can make it fail. Real scenarios, real participants as processes, the real runner with every simulator served
// on loopback.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { FAULTS as VERIFIER_FAULTS } from '../participants/credential-verifier/faults.ts';
import { FAULTS as HR_FAULTS } from '../participants/hr-system/faults.ts';
import { createDetectionTally, idsWith, ROOT } from './helpers.ts';

const tally = createDetectionTally('hr-system + copy-recipient');
afterAll(() => console.log(tally.summary()));

const DIIA_SCENARIOS = join(ROOT, 'scenarios', 'diia');

interface Switch {
  name: string;
  breaks: readonly string[];
}

const ROLES: Record<'hr-system' | 'copy-recipient', { profile: string; faults: readonly Switch[] }> = {
  'hr-system': { profile: join(ROOT, 'participants', 'hr-system', 'polihon.sut.yaml'), faults: HR_FAULTS },
  // the credential verifier's own switches are judged by the verifier scenarios; these are its copy recipient's
  'copy-recipient': {
    profile: join(ROOT, 'participants', 'credential-verifier', 'polihon.sut.yaml'),
    faults: VERIFIER_FAULTS.filter((f) => 'role' in f && f.role === 'copy-recipient'),
  },
};
type Role = keyof typeof ROLES;

function scenarios(role: Role): LoadedScenario[] {
  return loadScenarios([DIIA_SCENARIOS], { requirementIds: new Set(requirementIds()) }).filter((s) => s.role === role);
}

function run(role: Role, faults: string[]): Promise<RunOutput> {
  return runConformance({
    scenarios: scenarios(role),
    profile: loadProfile(ROLES[role].profile),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
    settleMs: 200,
    wallTime: () => Date.now(),
  });
}

const problems = (out: RunOutput, outcome: string) => out.report.scenarios.filter((s) => s.outcome === outcome).map((s) => `${s.id}: ${s.message}`);

describe('self-test: the reference HR system and copy recipient against the Дія scenarios', { timeout: 180_000 }, () => {
  it('each role has scenarios and switches, and every check step says which rule it judges', () => {
    for (const role of Object.keys(ROLES) as Role[]) {
      expect(scenarios(role).length, role).toBeGreaterThan(0);
      expect(ROLES[role].faults.length, role).toBeGreaterThan(0);
      for (const s of scenarios(role)) {
        for (const step of s.steps) if (step.type === 'expect' || step.type === 'assert') expect(step.covers, `${s.id}/${step.id}`).not.toEqual([]);
      }
    }
  });

  describe.each(Object.keys(ROLES) as Role[])('%s', (role) => {
    const conformance = ROLES[role].faults.filter((f) => f.breaks.length > 0);
    const variants = ROLES[role].faults.filter((f) => f.breaks.length === 0);

    it('the correct participant passes every scenario of its role', async () => {
      const out = await run(role, []);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(problems(out, 'fail')).toEqual([]);
      expect(out.report.scenarios.length).toBe(scenarios(role).length);
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

    it.concurrent.each(variants.map((f) => [f.name] as const))('variant %s (correct but unusual) passes every scenario', async (name) => {
      const out = await run(role, [name]);
      tally.variant(`${role}/${name}`, out);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(problems(out, 'fail')).toEqual([]);
      expect(idsWith(out, 'fail')).toEqual([]);
      expect(out.report.run.exitCode).toBe(0);
    });

    it('every requirement its scenarios check has a switch that makes it fail, and no switch claims one they do not', () => {
      const checked = new Set(scenarios(role).flatMap((s) => s.steps.flatMap((st) => st.covers)));
      const breakable = new Set<string>(conformance.flatMap((f) => f.breaks));
      expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
      expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
    });
  });
});
