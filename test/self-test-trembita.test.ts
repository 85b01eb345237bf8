// The harness's self-test for Трембіта (docs/en/guide.md §11.3): the correct reference provider and consumer pass every TRB
// scenario of their role; each fault switch makes exactly its mapped requirement ids fail and nothing else (no
// harness errors), and each correct-but-unusual variant (a switch that breaks nothing) passes; every requirement the TRB scenarios check has a switch that can make it fail. Real scenarios,
// real participants as processes, the real runner with every simulator served on loopback.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS as CONSUMER_FAULTS } from '../participants/trembita-consumer/faults.ts';
import { FAULTS as PROVIDER_FAULTS } from '../participants/trembita-provider/faults.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { createDetectionTally, ROOT, runRole, scenariosOf, selfTestRows } from './helpers.ts';

const tally = createDetectionTally('trembita-provider + trembita-consumer');
afterAll(() => console.log(tally.summary()));

const TRB_SCENARIOS = join(ROOT, 'scenarios', 'trembita');

const ROLES = {
  'trembita-provider': { profile: join(ROOT, 'participants', 'trembita-provider', 'polihon.sut.yaml'), faults: PROVIDER_FAULTS },
  'trembita-consumer': { profile: join(ROOT, 'participants', 'trembita-consumer', 'polihon.sut.yaml'), faults: CONSUMER_FAULTS },
} as const;
type Role = keyof typeof ROLES;

const trbScenarios = (role?: Role) => scenariosOf(TRB_SCENARIOS, role);

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
    selfTestRows({ scenarios: () => trbScenarios(role), run: (faults) => runRole(trbScenarios(role), ROLES[role].profile, faults), faults: ROLES[role].faults, tally, tallyPrefix: `${role}/` });
  });
});
