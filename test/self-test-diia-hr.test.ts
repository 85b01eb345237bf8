// The harness's self-test for Дія's counterparts (docs/en/guide.md §11.3): the reference HR system (role hr-system)
// and the reference credential verifier as copy recipient (role copy-recipient) pass every scenario of their role in
// scenarios/diia; each fault switch of the role makes exactly its mapped requirement ids fail and nothing else (no
// harness errors); each correct-but-unusual variant passes; every requirement the role's scenarios check has a switch
// that can make it fail. Real scenarios, real participants as processes, the real runner with every simulator served
// on loopback.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS as VERIFIER_FAULTS } from '../participants/credential-verifier/faults.ts';
import { FAULTS as HR_FAULTS } from '../participants/hr-system/faults.ts';
import { createDetectionTally, ROOT, runRole, scenariosOf, selfTestRows, type Switch } from './helpers.ts';

const tally = createDetectionTally('hr-system + copy-recipient');
afterAll(() => console.log(tally.summary()));

const DIIA_SCENARIOS = join(ROOT, 'scenarios', 'diia');

const ROLES: Record<'hr-system' | 'copy-recipient', { profile: string; faults: readonly Switch[] }> = {
  'hr-system': { profile: join(ROOT, 'participants', 'hr-system', 'polihon.sut.yaml'), faults: HR_FAULTS },
  // the credential verifier's own switches are judged by the verifier scenarios; these are its copy recipient's
  'copy-recipient': {
    profile: join(ROOT, 'participants', 'credential-verifier', 'polihon.sut.yaml'),
    faults: VERIFIER_FAULTS.filter((f) => 'role' in f && f.role === 'copy-recipient'),
  },
};
type Role = keyof typeof ROLES;

const scenarios = (role: Role) => scenariosOf(DIIA_SCENARIOS, role);

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
    selfTestRows({ scenarios: () => scenarios(role), run: (faults) => runRole(scenarios(role), ROLES[role].profile, faults), faults: ROLES[role].faults, tally, tallyPrefix: `${role}/` });
  });
});
