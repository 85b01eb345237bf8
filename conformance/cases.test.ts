import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, kyivDate, kyivTime, publicHolidays, weekday, workingDayDeadline } from '../core/calendar.ts';
import { createRng } from '../core/random.ts';
import { requirementIds } from './requirements/catalog.ts';
import { allPairs, DAY_KINDS, dayPools, eachChoice, expandCases, TIME_KINDS, type CaseDimensions } from './cases.ts';
import { loadScenarios, parseScenario } from './scenario.ts';

const DIMS: CaseDimensions = [
  ['kind', ['declaration', 'registration', 'removal', 'cancellation']],
  ['day', [...DAY_KINDS]],
  ['time', Object.keys(TIME_KINDS)],
];

const samples = () => loadScenarios(['scenarios/dms/acts-sample.yaml', 'scenarios/dms/verification-sample.yaml'], { requirementIds: new Set(requirementIds()) });
const minuteOf = (ms: number) => Number(kyivTime(ms).slice(0, 2)) * 60 + Number(kyivTime(ms).slice(3, 5));
/** Kyiv is on summer time (+03:00) at `ms`. */
const summer = (ms: number) => (Number(kyivTime(ms).slice(0, 2)) - new Date(ms).getUTCHours() + 24) % 24 === 3;
const dayOff = (date: string) => publicHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);

describe('sampling', () => {
  it('each choice: as many cases as the largest dimension, every value of every dimension in one', () => {
    for (const seed of [1, 2, 3, 99]) {
      const cases = eachChoice(DIMS, createRng(seed));
      expect(cases).toHaveLength(10);
      for (const [name, values] of DIMS) expect(new Set(cases.map((c) => c[name]))).toEqual(new Set(values));
    }
  });

  it('pairwise: every two values of any two dimensions meet in some case', () => {
    const cases = allPairs(DIMS, createRng(5));
    for (const [a, va] of DIMS) {
      for (const [b, vb] of DIMS) {
        if (a >= b) continue;
        for (const x of va) for (const y of vb) expect(cases.some((c) => c[a] === x && c[b] === y), `${a}=${x} ${b}=${y}`).toBe(true);
      }
    }
    // greedy, not minimal — but near the 4 × 10 lower bound, not the 160 of all combinations
    expect(cases.length).toBeLessThanOrEqual(48);
  });

  it('the same seed draws the same cases; another seed draws others', () => {
    const [acts] = samples();
    const of = (seed: number) => expandCases(acts!, { seed }).map((s) => [s.id, s.title.en, s.startMs, s.seed, s.steps.map((x) => x.id).join()]);
    expect(of(42)).toEqual(of(42));
    expect(of(43)).not.toEqual(of(42));
    expect(expandCases(acts!, { seed: 42, thorough: true }).map((s) => s.title.en)).toEqual(expandCases(acts!, { seed: 42, thorough: true }).map((s) => s.title.en));
  });
});

describe('the days a case falls on', () => {
  it('every day kind has dates, and each date is what its kind says', () => {
    const pools = dayPools();
    for (const kind of DAY_KINDS) expect(pools.get(kind)!.length, kind).toBeGreaterThan(0);
    const peace = { martialLaw: false };
    for (const d of pools.get('ordinary')!) expect([weekday(d) >= 2 && weekday(d) <= 4, dayOff(d)], d).toEqual([true, false]);
    for (const d of pools.get('holiday')!) expect([weekday(d) <= 5, isWorkingDay(d, peace), isWorkingDay(d)], d).toEqual([true, false, true]);
    for (const d of pools.get('transferred')!) expect(publicHolidays(Number(d.slice(0, 4))).find((h) => h.date === d)?.transferredFrom, d).toBeDefined();
    // the peace-time term from the eve of a holiday is a day longer than the martial-law one, whatever its length
    for (const d of pools.get('eve-of-holiday')!) expect(addWorkingDays(d, 1, peace) > addWorkingDays(d, 1), d).toBe(true);
    for (const d of pools.get('summer-time-start')!) expect([d.slice(5, 7), weekday(d)]).toEqual(['03', 7]);
    for (const d of pools.get('summer-time-end')!) expect([d.slice(5, 7), weekday(d)]).toEqual(['10', 7]);
    for (const d of [...pools.get('saturday')!, ...pools.get('sunday')!]) expect(dayOff(d), d).toBe(false);
  });
});

describe('the bundled samples catch what a faulty registry does on some cases only, whatever the seed', () => {
  const [acts, verification] = samples();
  const seeds = Array.from({ length: 300 }, (_, i) => i * 7919 + 1);

  it('acts: a removal, a weekend, a late evening, a summer-time case, and both persons on one day, in every draw', () => {
    for (const seed of seeds) {
      const cases = expandCases(acts!, { seed });
      const v = (c: (typeof cases)[number]) => c.case!.values;
      expect(cases.some((c) => v(c).kind === 'removal'), `seed ${seed}`).toBe(true);
      // late-for-removals, weekend-on-monday, hour-later-uncapped, fixed-offset-batch (+03:00), second-person-wrong
      expect(cases.some((c) => weekday(kyivDate(c.startMs)) >= 6 && v(c).kind !== 'cancellation'), `seed ${seed}`).toBe(true);
      expect(cases.some((c) => v(c).time === 'late-evening'), `seed ${seed}`).toBe(true);
      expect(cases.some((c) => summer(c.startMs)), `seed ${seed}`).toBe(true);
      expect(cases.some((c) => v(c).kind !== 'cancellation'), `seed ${seed}`).toBe(true);
      for (const c of cases) {
        const [lo, hi] = TIME_KINDS[v(c).time as keyof typeof TIME_KINDS];
        expect(minuteOf(c.startMs)).toBeGreaterThanOrEqual(lo);
        expect(minuteOf(c.startMs)).toBeLessThanOrEqual(hi);
        // the second person (7 min later) and the second cancellation (2 min more) are on the same day
        expect(kyivDate(c.startMs + 9 * 60_000)).toBe(kyivDate(c.startMs));
        expect(dayPools().get(v(c).day as (typeof DAY_KINDS)[number])).toContain(kyivDate(c.startMs));
      }
    }
  });

  it('verification: a request whose martial-law term is shorter than the peace-time one, in every draw', () => {
    for (const seed of seeds) {
      const cases = expandCases(verification!, { seed });
      const peaceLonger = (ms: number) => workingDayDeadline(ms, 3, { martialLaw: false }) > workingDayDeadline(ms, 3);
      expect(cases.some((c) => peaceLonger(c.startMs)), `seed ${seed}`).toBe(true);
    }
  });
});

describe('expansion', () => {
  const text = `id: s
title: { uk: Сценарій, en: Scenario }
role: hromada-registry
covers: [DMS-01]
cases:
  kind: [declaration, removal]
  day: [ordinary, saturday, holiday]
seed: 5
data: { people: { p: {} } }
steps:
  - id: only-removal
    when: { kind: [removal] }
    type: advance
    by: 1m
  - id: act
    type: trigger
    action: registration-action
    with: { kind: "\${case.kind}", person: "\${people.p}", at: "\${case.start}", n: "\${case.index}" }
`;

  it('makes one scenario per case: its id, its title in both languages, its clock, its steps, its persons', () => {
    const s = parseScenario(text, 's.yaml');
    const cases = expandCases(s, { seed: 9 });
    expect(cases.map((c) => c.id)).toEqual(['s#1', 's#2', 's#3']);
    for (const c of cases) {
      expect(c.case).toMatchObject({ scenario: 's', count: 3, seed: 9, thorough: false });
      expect(c.title.en).toMatch(new RegExp(`^Scenario — ${c.case!.values.kind} · .*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
      expect(c.title.uk).toMatch(/^Сценарій — /);
      expect(c.case!.start).toBe(new Date(c.startMs).toISOString());
      expect(c.steps.map((x) => x.id)).toEqual(c.case!.values.kind === 'removal' ? ['only-removal', 'act'] : ['act']);
      // without `time`, a drawn day is acted on in working hours
      expect(minuteOf(c.startMs)).toBeGreaterThanOrEqual(9 * 60);
      expect(minuteOf(c.startMs)).toBeLessThan(18 * 60);
    }
    expect(cases.find((c) => c.case!.values.day === 'holiday')!.title.en).toMatch(/ · public holiday · /);
    expect(new Set(cases.map((c) => c.seed)).size).toBe(3);
    // a scenario without cases is itself
    const plain = parseScenario(text.replace(/cases:\n.*\n.*\n/, 'clock: { start: "2026-03-10T10:00:00+02:00" }\n').replace(/ {4}when: .*\n/, '').replace(/\$\{case\.\w+\}/g, 'x'), 's.yaml');
    expect(expandCases(plain, { seed: 9 })).toEqual([plain]);
  });
});
