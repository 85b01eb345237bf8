// Generated cases (issue 8 item 3): a scenario with a `cases:` block is judged over a sample of its dimensions, not
// one case — kinds × days × times of day — drawn from a printed seed, so any failure reproduces with `--seed`.
// The default sample is "each choice" (every value of every dimension in some case); `--thorough` is pairwise
// (every two values of any two dimensions together in some case). Two dimensions are built in: `day` and `time`
// decide the case's clock, drawn from real dates of CASE_YEARS with the calendar's holidays and summer-time switches.
import { addCalendarDays, kyivDate, kyivInstant, publicHolidays, weekday, type IsoDate } from '../core/calendar.ts';
import { both, msg, t, type Bi } from '../core/i18n.ts';
import { createRng, deriveSeed, type Rng } from '../core/random.ts';
import type { ScenarioResult } from '../core/results.ts';
import { CASE } from './messages.ts';
import type { LoadedScenario, LoadedStep } from './scenario.ts';

/**
 * What `day` may say. ordinary: Tue–Thu working day, no day off on it or on the next weekday; monday/friday: that
 * weekday, not a day off; saturday/sunday: a weekend day that is no holiday and no clock change; holiday: a public
 * holiday on Mon–Fri (a working day under martial law, a day off in peace time); transferred: a transferred day off
 * (art. 67) of the peace-time calendar; eve-of-holiday: a Mon–Fri working day whose next weekday is a peace-time
 * day off, so any "within n working days" window from it holds one; summer-time-start/-end: the last Sunday of
 * March/October.
 */
export const DAY_KINDS = [
  'ordinary',
  'monday',
  'friday',
  'saturday',
  'sunday',
  'holiday',
  'transferred',
  'eve-of-holiday',
  'summer-time-start',
  'summer-time-end',
] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** What `time` may say: Kyiv minutes of the day, first and last, a case's minute drawn between them. */
export const TIME_KINDS = {
  morning: [9 * 60, 11 * 60 + 59],
  afternoon: [12 * 60, 17 * 60 + 59],
  evening: [18 * 60, 22 * 60 + 59],
  // ends a quarter before midnight, so a scenario has room for a second action on the same day
  'late-evening': [23 * 60, 23 * 60 + 45],
} as const satisfies Record<string, readonly [number, number]>;
export type TimeKind = keyof typeof TIME_KINDS;

/** The built-in dimensions and their vocabularies. */
export const BUILT_IN_DIMENSIONS: Readonly<Record<string, readonly string[]>> = { day: DAY_KINDS, time: Object.keys(TIME_KINDS) };

/** The years case dates are drawn from: every kind of day occurs in each. */
export const CASE_YEARS = [2025, 2027] as const;

/** Names `${case.<name>}` has beside the dimensions. */
export const CASE_KEYS = ['start', 'index'] as const;

/** A scenario's dimensions in the order written, each value as text. */
export type CaseDimensions = readonly (readonly [string, readonly string[]])[];

/** One generated case, kept on the scenario it made and in its result (report.json `scenarios[].case`). */
export type ScenarioCase = NonNullable<ScenarioResult['case']>;

export interface SampleOptions {
  seed: number;
  thorough?: boolean;
}

// ------------------------------------------------------------------ sampling

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Each choice: as many cases as the largest dimension has values; each dimension's column is its values in a
 * seeded order (again from the top, reshuffled, for a shorter one), so every value is in at least one case.
 */
export function eachChoice(dimensions: CaseDimensions, rng: Rng): Record<string, string>[] {
  const n = Math.max(1, ...dimensions.map(([, v]) => v.length));
  const columns = dimensions.map(([name, values]) => {
    const column: string[] = [];
    while (column.length < n) column.push(...shuffle(values, rng));
    return [name, column.slice(0, n)] as const;
  });
  return Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map(([name, column]) => [name, column[i]!])));
}

/**
 * Pairwise (all pairs): every value of every dimension together with every value of every other dimension in some
 * case. Greedy: each new case starts from a pair not yet covered and takes, dimension by dimension in a seeded
 * order, the value that covers most new pairs (ties drawn by the seed). Not minimal, always complete.
 */
export function allPairs(dimensions: CaseDimensions, rng: Rng): Record<string, string>[] {
  if (dimensions.length < 2) return eachChoice(dimensions, rng);
  const key = (i: number, a: string, j: number, b: string) => (i < j ? `${i}\u0000${a}\u0000${j}\u0000${b}` : `${j}\u0000${b}\u0000${i}\u0000${a}`);
  const uncovered = new Set<string>();
  const pairs: [number, string, number, string][] = [];
  dimensions.forEach(([, va], i) =>
    dimensions.forEach(([, vb], j) => {
      if (j <= i) return;
      for (const a of va) {
        for (const b of vb) {
          uncovered.add(key(i, a, j, b));
          pairs.push([i, a, j, b]);
        }
      }
    }),
  );
  const cases: Record<string, string>[] = [];
  while (uncovered.size > 0) {
    const open = shuffle(pairs, rng).find(([i, a, j, b]) => uncovered.has(key(i, a, j, b)))!;
    const chosen = new Map<number, string>([
      [open[0], open[1]],
      [open[2], open[3]],
    ]);
    for (const d of shuffle(
      dimensions.map((_, i) => i).filter((i) => !chosen.has(i)),
      rng,
    )) {
      let best: string[] = [];
      let bestGain = -1;
      for (const v of dimensions[d]![1]) {
        let gain = 0;
        for (const [c, cv] of chosen) if (uncovered.has(key(d, v, c, cv))) gain++;
        if (gain > bestGain) [best, bestGain] = [[v], gain];
        else if (gain === bestGain) best.push(v);
      }
      chosen.set(d, rng.pick(best));
    }
    const row = [...chosen];
    for (const [i, a] of row) for (const [j, b] of row) if (i < j) uncovered.delete(key(i, a, j, b));
    cases.push(Object.fromEntries(dimensions.map(([name], i) => [name, chosen.get(i)!])));
  }
  return cases;
}

// ------------------------------------------------------------------ the days a case can fall on

let pools: Map<DayKind, IsoDate[]> | undefined;

function lastSunday(year: number, month: number): IsoDate {
  let d = addCalendarDays(`${year}-${String(month + 1).padStart(2, '0')}-01`, -1);
  while (weekday(d) !== 7) d = addCalendarDays(d, -1);
  return d;
}

/** The dates of CASE_YEARS of each kind of day (computed once). */
export function dayPools(): ReadonlyMap<DayKind, readonly IsoDate[]> {
  if (pools) return pools;
  const offs = new Map<IsoDate, { transferred: boolean }>();
  const switches = new Set<IsoDate>();
  for (let y = CASE_YEARS[0]; y <= CASE_YEARS[1] + 1; y++) {
    for (const h of publicHolidays(y)) offs.set(h.date, { transferred: h.transferredFrom !== undefined });
    switches.add(lastSunday(y, 3)).add(lastSunday(y, 10));
  }
  const nextWeekday = (d: IsoDate) => {
    let n = addCalendarDays(d, 1);
    while (weekday(n) >= 6) n = addCalendarDays(n, 1);
    return n;
  };
  const out = new Map<DayKind, IsoDate[]>(DAY_KINDS.map((k) => [k, []]));
  const add = (k: DayKind, d: IsoDate) => out.get(k)!.push(d);
  for (let d: IsoDate = `${CASE_YEARS[0]}-01-01`; d <= `${CASE_YEARS[1]}-12-31`; d = addCalendarDays(d, 1)) {
    const wd = weekday(d);
    const off = offs.get(d);
    if (switches.has(d)) add(d.slice(5, 7) === '03' ? 'summer-time-start' : 'summer-time-end', d);
    if (off?.transferred) add('transferred', d);
    else if (off && wd <= 5) add('holiday', d);
    if (off || switches.has(d)) continue;
    if (wd <= 5 && offs.has(nextWeekday(d))) add('eve-of-holiday', d);
    if (wd >= 2 && wd <= 4 && !offs.has(nextWeekday(d))) add('ordinary', d);
    if (wd === 1) add('monday', d);
    if (wd === 5) add('friday', d);
    if (wd === 6) add('saturday', d);
    if (wd === 7) add('sunday', d);
  }
  pools = out;
  return out;
}

// ------------------------------------------------------------------ expansion

const WEEKDAYS = [CASE.monday, CASE.tuesday, CASE.wednesday, CASE.thursday, CASE.friday, CASE.saturday, CASE.sunday];
const DAY_TAGS: Partial<Record<DayKind, (typeof CASE)[keyof typeof CASE]>> = {
  holiday: CASE.holiday,
  transferred: CASE.transferred,
  'eve-of-holiday': CASE.eveOfHoliday,
  'summer-time-start': CASE.summerTimeStart,
  'summer-time-end': CASE.summerTimeEnd,
};

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whether a step's `when` lets it into a case with these values. */
export function stepApplies(step: Pick<LoadedStep, 'when'>, values: Readonly<Record<string, string>>): boolean {
  return Object.entries(step.when ?? {}).every(([dim, allowed]) => allowed.includes(values[dim]!));
}

/** The sample of a scenario's dimensions for a run seed: the same seed and scenario give the same cases. */
export function sampleOf(scenario: Pick<LoadedScenario, 'id' | 'cases'>, options: SampleOptions): Record<string, string>[] {
  const rng = createRng(deriveSeed(options.seed, `cases:${scenario.id}`));
  return options.thorough ? allPairs(scenario.cases ?? [], rng) : eachChoice(scenario.cases ?? [], rng);
}

/**
 * A scenario with `cases` as the scenarios of its sample (ids `<id>#<n>`, the case in their titles, each with its own
 * clock, persons and steps); any other scenario as it is. Each scenario draws from its own sub-seed, so running it
 * alone or in a larger set gives the same cases.
 */
export function expandCases(scenario: LoadedScenario, options: SampleOptions): LoadedScenario[] {
  if (!scenario.cases) return [scenario];
  const sample = sampleOf(scenario, options);
  const seedOf = deriveSeed(options.seed, `cases:${scenario.id}`);
  return sample.map((values, i) => {
    const index = i + 1;
    const rng = createRng(deriveSeed(seedOf, `case:${index}`));
    let startMs = scenario.startMs;
    const parts: Bi[] = (scenario.cases ?? []).filter(([name]) => name !== 'day' && name !== 'time').map(([name]) => ({ uk: values[name]!, en: values[name]! }));
    const day = values.day as DayKind | undefined;
    const time = values.time as TimeKind | undefined;
    if (day !== undefined || time !== undefined) {
      const date = day !== undefined ? rng.pick(dayPools().get(day)!) : kyivDate(scenario.startMs);
      // a case without `time` keeps to working hours
      const [lo, hi] = time !== undefined ? TIME_KINDS[time] : [TIME_KINDS.morning[0], TIME_KINDS.afternoon[1]];
      const clock = hhmm(rng.int(lo, hi));
      startMs = kyivInstant(date, clock);
      const tag = day !== undefined ? DAY_TAGS[day] : undefined;
      if (tag) parts.push(both(tag));
      parts.push(both(CASE.clock, { weekday: msg(WEEKDAYS[weekday(date) - 1]!), date, time: clock }));
    }
    const label = { uk: parts.map((p) => p.uk).join(' · '), en: parts.map((p) => p.en).join(' · ') };
    const kase: ScenarioCase = {
      scenario: scenario.id,
      index,
      count: sample.length,
      seed: options.seed,
      thorough: options.thorough ?? false,
      values,
      start: new Date(startMs).toISOString(),
      label,
    };
    return {
      ...scenario,
      id: `${scenario.id}#${index}`,
      title: { uk: t(CASE.titled, 'uk', { title: scenario.title.uk, case: label.uk }), en: t(CASE.titled, 'en', { title: scenario.title.en, case: label.en }) },
      startMs,
      // different persons in each case, the same ones for the same seed
      seed: deriveSeed(seedOf, `people:${index}:${scenario.seed}`),
      steps: scenario.steps.filter((s) => stepApplies(s, values)),
      case: kase,
    };
  });
}
