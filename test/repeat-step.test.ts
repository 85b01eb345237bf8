// `repeat`, the first structural step: its children are loaded and located like any step, run through the runner's
// `runSteps` round after round (an `expect` of each round matches its own message), and its assertions are theirs.
import { expect, it } from 'vitest';
import { PolihonError } from '../core/errors.ts';
import { runConformance } from '../conformance/runner.ts';
import { parseScenario } from '../conformance/scenario.ts';
import { hromadaProfile } from './helpers.ts';

const SCENARIO = `id: verification-thrice
title: { uk: Три запити про перевірку поспіль, en: Three verification requests in a row }
role: hromada-registry
covers: [DMS-07]
clock: { start: "2026-03-10T10:00:00+02:00" }
data:
  people:
    olena: { sex: female, age: 62 }
steps:
  - id: resident
    type: trigger
    action: seed-resident
    with: { person: "\${people.olena}", address: "\${addresses.olena}" }
  - id: thrice
    type: repeat
    times: 3
    steps:
      - id: ask
        type: call
        action: dms.verification-request
        with: { person: "\${people.olena}" }
        expectStatus: 2xx
        covers: [DMS-07]
      - type: expect
        at: dms
        service: dms.verification.answer
        match: { requestId: "\${steps.ask.requestId}" }
        within: 3 working days
        accepted: true
        covers: [DMS-07]
  - id: count
    type: assert
    that: { journalCount: { service: dms.verification.answer, to: dms, equals: 3 } }
    covers: [DMS-07]
`;

it('loads children as steps: default ids under the parent, located problems, no `when` of their own', () => {
  const s = parseScenario(SCENARIO, 'thrice.yaml');
  const thrice = s.steps[1]!;
  expect(thrice.title).toBe('repeat 3 times: 2 steps');
  expect(thrice.children?.map((c) => [c.id, c.type, c.where])).toEqual([
    ['ask', 'call', 'thrice.yaml:18:9'],
    ['thrice-2', 'expect', 'thrice.yaml:24:9'],
  ]);
  const broken = SCENARIO.replace('type: expect', 'type: expekt').replace('times: 3', 'times: 0');
  let err: unknown;
  try {
    parseScenario(broken, 'thrice.yaml');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PolihonError);
  const details = (err as PolihonError).details!.map((d) => `${d.where} ${d.message}`);
  expect(details).toContain("thrice.yaml:24:15 unknown step type 'expekt'");
  expect(details.some((d) => d.startsWith('thrice.yaml:16:12 '))).toBe(true);
});

it('runs its children round after round against the reference registry; their assertions are the step’s', { timeout: 60_000 }, async () => {
  const scenario = parseScenario(SCENARIO, 'thrice.yaml');
  const { report } = await runConformance({ scenarios: [scenario], profile: hromadaProfile(), requirements: [], settleMs: 100 });
  const [resident, thrice, count] = report.scenarios[0]!.steps;
  expect(resident!.outcome).toBe('pass');
  expect(thrice!.outcome).toBe('pass');
  expect(thrice!.steps!.map((c) => `${c.id} ${c.outcome}`)).toEqual([
    'thrice.1.ask pass',
    'thrice.1.thrice-2 pass',
    'thrice.2.ask pass',
    'thrice.2.thrice-2 pass',
    'thrice.3.ask pass',
    'thrice.3.thrice-2 pass',
  ]);
  expect(thrice!.assertions).toHaveLength(thrice!.steps!.reduce((n, c) => n + c.assertions.length, 0));
  // each round's expect matched a message of its own: three answers, not one counted thrice
  expect(count!.outcome).toBe('pass');
});
