// The harness's self-test for the е-Посвідчення verifier (docs/en/guide.md §11.3): the correct reference
// credential-verifier passes every verifier scenario of scenarios/diia; each fault switch makes exactly its mapped
// requirement ids fail and nothing else (no harness errors); each correct-but-unusual variant passes; every requirement
// the verifier scenarios check has a switch that can make it fail. Real scenarios, the real participant as a process,
// the real runner with the simulators served on loopback, the web UI driven in Chromium.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../participants/credential-verifier/faults.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { chromiumMissing } from './browser.ts';
import { createDetectionTally, ROOT, runRole, scenariosOf, selfTestRows } from './helpers.ts';

const tally = createDetectionTally('credential-verifier');
afterAll(() => console.log(tally.summary()));

const DIIA_SCENARIOS = join(ROOT, 'scenarios', 'diia');
const PROFILE = join(ROOT, 'participants', 'credential-verifier', 'polihon.sut.yaml');

const verifierScenarios = () => scenariosOf(DIIA_SCENARIOS, 'credential-verifier');
// the verifier's own switches: those naming another role (copy-recipient) are judged by that role's scenarios
const OWN = FAULTS.filter((f) => !('role' in f) || (f.role as string) === 'credential-verifier');

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

  selfTestRows({ scenarios: verifierScenarios, run: (faults) => runRole(verifierScenarios(), PROFILE, faults), faults: OWN, tally });
});
