import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolihonError } from '../core/errors.ts';
import { parseScenario } from './scenario.ts';
import { SCHEMA_FILE, schemaText } from '../scripts/gen-schema.ts';

const ids = new Set(['DMS-01', 'DMS-02', 'XCH-03']);
const good = `id: s1
title: { uk: Сценарій, en: Scenario }
role: hromada-registry
covers: [DMS-01]
clock: { start: "2026-03-10T10:00:00+02:00" }
data:
  people:
    olena: { sex: female }
steps:
  - id: declare
    type: trigger
    action: registration-action
    with: { kind: declaration, person: "\${people.olena}" }
  - type: expect
    at: dms
    service: dms.act.submit
    within: 1 working day
    covers: [DMS-01]
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'x.yaml', { requirementIds: ids });
  } catch (err) {
    expect(err).toBeInstanceOf(PolihonError);
    const e = err as PolihonError;
    expect(e.exitCode).toBe(2);
    return e.details.map((d) => `${d.where} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`);
  }
  throw new Error('expected the scenario to be refused');
}

describe('scenario loading', () => {
  it('loads a valid scenario with defaults', () => {
    const s = parseScenario(good, 'x.yaml', { requirementIds: ids });
    expect(s.steps.map((st) => st.id)).toEqual(['declare', 'step-2']);
    expect(s.martialLaw).toBe(true);
    expect(s.startMs).toBe(Date.parse('2026-03-10T08:00:00Z'));
  });

  it('reports YAML syntax errors with line and column', () => {
    const p = problems('id: s1\nsteps:\n  - type: "unterminated\n');
    expect(p[0]).toMatch(/^x\.yaml:\d+:\d+ /);
  });

  it('rejects an unknown step type and suggests the right one', () => {
    const p = problems(good.replace('type: trigger', 'type: triger'));
    expect(p).toEqual([expect.stringMatching(/^x\.yaml:11:11 unknown step type 'triger' \| did you mean 'trigger'\?/)]);
  });

  it('rejects unknown keys at their location', () => {
    const p = problems(good.replace('    at: dms', '    at: dms\n    wihtin: 2 working days'));
    expect(p).toEqual([expect.stringMatching(/^x\.yaml:16:5 unknown key 'wihtin' in steps\.1/)]);
  });

  it('reports wrong types and bad time specs, all at once', () => {
    const p = problems(good.replace('within: 1 working day', 'within: 3 weeks-ish').replace('role: hromada-registry', 'role: mayor'));
    expect(p).toHaveLength(2);
    expect(p.join('\n')).toMatch(/x\.yaml:3:7 role: .*allowed: "eis-subscriber"/);
    expect(p.join('\n')).toMatch(/steps\.1\.within: not a time spec/);
  });

  it('rejects references to undeclared people and to later steps', () => {
    const p = problems(good.replace('${people.olena}', '${people.taras}').replace('service: dms.act.submit', 'service: "${steps.later.x}"'));
    expect(p.join('\n')).toMatch(/people\.taras\} refers to nothing \| declared people: olena/);
    expect(p.join('\n')).toMatch(/steps\.later\.x\} refers to nothing \| steps can refer only to earlier steps: declare/);
  });

  it('takes ${participant.<key>} for the identity keys only', () => {
    const ok = good.replace('service: dms.act.submit', 'service: dms.act.submit\n    match: { registrationBody: "${participant.edrpou}", client: "SUBSYSTEM:${participant.client}" }');
    expect(parseScenario(ok, 'x.yaml', { requirementIds: ids }).steps).toHaveLength(2);
    const p = problems(good.replace('service: dms.act.submit', 'service: "${participant.name}"\n    match: { x: "${participant.client.y}" }'));
    expect(p).toHaveLength(2);
    expect(p.join('\n')).toMatch(/participant\.name\} refers to nothing \| the participant's identity has: participant\.client, participant\.instance/);
    expect(p.join('\n')).toMatch(/participant\.client\.y\} refers to nothing/);
  });

  it('takes ${eddr.<person>} and its keys for declared people only', () => {
    const ok = good.replace('person: "${people.olena}" }', 'person: "${people.olena}", firstEntry: "${eddr.olena.firstEntry}" }');
    expect(parseScenario(ok, 'x.yaml', { requirementIds: ids }).steps[0]!.fields).toMatchObject({ with: { firstEntry: '${eddr.olena.firstEntry}' } });
    const p = problems(good.replace('person: "${people.olena}" }', 'person: "${people.olena}", a: "${eddr.olena.inEddr}", b: "${eddr.taras.known}" }'));
    expect(p).toHaveLength(2);
    expect(p.join('\n')).toMatch(/eddr\.olena\.inEddr\} refers to nothing \| ЄДДР's view of a person has: eddr\.olena\.known, eddr\.olena\.firstEntry/);
    expect(p.join('\n')).toMatch(/eddr\.taras\.known\} refers to nothing \| declared people: olena/);
  });

  it('takes `channel` on expect and refuses a channel it does not know', () => {
    const ok = good.replace('within: 1 working day', 'within: 1 working day\n    channel: trembita');
    expect(parseScenario(ok, 'x.yaml', { requirementIds: ids }).steps[1]!.fields).toMatchObject({ channel: 'trembita' });
    const p = problems(good.replace('within: 1 working day', 'within: 1 working day\n    channel: email'));
    expect(p.join('\n')).toMatch(/steps\.1\.channel/);
  });

  it('rejects unknown requirement ids', () => {
    const p = problems(good.replace('covers: [DMS-01]\n', 'covers: [DMS-99]\n'));
    expect(p.join('\n')).toMatch(/unknown requirement id 'DMS-99'/);
  });

  describe('generated cases', () => {
    const sampled = `id: s1
title: { uk: Сценарій, en: Scenario }
role: hromada-registry
covers: [DMS-01]
cases:
  kind: [declaration, cancellation]
  day: [ordinary, holiday]
data:
  people:
    olena: { sex: female }
steps:
  - id: declare
    when: { kind: [cancellation] }
    type: trigger
    action: registration-action
    with: { kind: declaration, person: "\${people.olena}" }
  - id: act
    when: { kind: [declaration] }
    type: trigger
    action: registration-action
    with: { kind: "\${case.kind}", person: "\${people.olena}" }
  - id: act
    when: { kind: [cancellation] }
    type: trigger
    action: registration-action
    with: { kind: cancellation, person: "\${people.olena}", cancels: "\${steps.declare.ref}" }
  - type: assert
    that: { sameKyivDay: ["\${steps.act.at}", "\${case.start}"] }
`;

    it('loads dimensions, `when` and one step id for steps no case shares', () => {
      const s = parseScenario(sampled, 'x.yaml', { requirementIds: ids });
      expect(s.cases).toEqual([
        ['kind', ['declaration', 'cancellation']],
        ['day', ['ordinary', 'holiday']],
      ]);
      expect(s.steps.map((st) => [st.id, st.when])).toEqual([
        ['declare', { kind: ['cancellation'] }],
        ['act', { kind: ['declaration'] }],
        ['act', { kind: ['cancellation'] }],
        ['step-4', undefined],
      ]);
    });

    it('refuses a built-in dimension with a value it does not know, and a value twice, where they are', () => {
      const p = problems(sampled.replace('day: [ordinary, holiday]', 'day: [ordinary, holyday, ordinary]'));
      expect(p).toEqual([
        expect.stringMatching(/^x\.yaml:7:19 cases\.day: unknown value 'holyday' \| day is built in; its values: ordinary, monday, friday, .*summer-time-end$/),
        expect.stringMatching(/^x\.yaml:7:28 cases\.day: 'ordinary' is listed twice/),
      ]);
      expect(problems(sampled.replace('time', 'x').replace('day: [ordinary, holiday]', 'time: [noon]')).join('\n')).toMatch(/x\.yaml:7:10 cases\.time: unknown value 'noon' \| time is built in; its values: morning, afternoon, evening, late-evening/);
    });

    it('refuses a `when` naming a dimension or a value the cases do not have, and a `when` without cases', () => {
      const p = problems(sampled.replace('when: { kind: [declaration] }', 'when: { knd: [declaration] }').replace('when: { kind: [cancellation] }\n    type: trigger\n    action: registration-action\n    with: { kind: declaration', 'when: { kind: [cancelation] }\n    type: trigger\n    action: registration-action\n    with: { kind: declaration'));
      expect(p).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^x\.yaml:13:20 when\.kind: unknown value 'cancelation' \| cases\.kind has: declaration, cancellation$/),
          expect.stringMatching(/^x\.yaml:18:13 when: unknown dimension 'knd' \| the scenario's dimensions: kind, day$/),
        ]),
      );
      const bare = good.replace('  - id: declare\n', '  - id: declare\n    when: { kind: [removal] }\n');
      expect(problems(bare)).toEqual([expect.stringMatching(/^x\.yaml:11:5 `when` without `cases` \| .*top-level `cases` block/)]);
    });

    it('refuses clock.start beside a drawn day, and no start at all without one', () => {
      expect(problems(sampled.replace('cases:', 'clock: { start: "2026-03-10T10:00:00+02:00" }\ncases:'))).toEqual([expect.stringMatching(/^x\.yaml:5:10 clock\.start with cases\.day \| .*remove clock\.start/)]);
      expect(problems(good.replace('clock: { start: "2026-03-10T10:00:00+02:00" }\n', ''))).toEqual([expect.stringMatching(/^x\.yaml:1:1 clock\.start is required/)]);
      const timeOnly = sampled.replace('day: [ordinary, holiday]', 'time: [morning, late-evening]').replace('cases:', 'clock: { start: "2026-03-10T10:00:00+02:00" }\ncases:');
      expect(parseScenario(timeOnly, 'x.yaml', { requirementIds: ids }).startMs).toBe(Date.parse('2026-03-10T08:00:00Z'));
    });

    it('refuses one step id for steps a case could share, a reference to a step its case leaves out, and an unknown ${case.…}', () => {
      expect(problems(sampled.replace('when: { kind: [declaration] }', 'when: { day: [ordinary] }'))).toEqual([
        expect.stringMatching(/^x\.yaml:22:9 step id 'act' is used twice/),
        // and with neither `act` in it, a declaration on a holiday has nothing to refer to
        expect.stringMatching(/^x\.yaml:27:5 \$\{steps\.act\.at\} refers to a step that is not in the cases with kind=declaration, day=holiday/),
      ]);
      const p = problems(sampled.replace('when: { kind: [cancellation] }\n    type: trigger\n    action: registration-action\n    with: { kind: declaration', 'when: { day: [holiday] }\n    type: trigger\n    action: registration-action\n    with: { kind: declaration').replace('case.start', 'case.weather'));
      expect(p).toEqual([
        expect.stringMatching(/^x\.yaml:27:5 \$\{case\.weather\} refers to nothing \| a case has: case\.kind, case\.day, case\.start, case\.index$/),
        expect.stringMatching(/^x\.yaml:22:5 \$\{steps\.declare\.ref\} refers to a step that is not in the cases with kind=cancellation, day=ordinary/),
      ]);
      expect(problems(good.replace('person: "${people.olena}"', 'person: "${case.kind}"'))).toEqual([expect.stringMatching(/case\.kind\} refers to nothing \| .*top-level `cases` block/)]);
    });
  });

  it('the committed JSON Schema is up to date (npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });
});
