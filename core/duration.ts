// The time phrases scenarios use for deadlines and clock moves ('181s', '3 working days', 'same day',
// 'next working day 09:00'), in English and Ukrainian, and the instant each one reaches.

import {
  DEFAULT_CALENDAR,
  endOfKyivDay,
  kyivDate,
  kyivInstant,
  nextWorkingDay,
  workingDayDeadline,
  type CalendarOptions,
} from './calendar.ts';

export type TimeSpec =
  /** A fixed length; a day is 24 h whatever the summer-time switches do. */
  | { kind: 'duration'; ms: number }
  /** Until the end of the n-th working day after the start (Civil Code art. 253). */
  | { kind: 'working-days'; n: number }
  /** Until the end of the start's Kyiv day. */
  | { kind: 'same-day' }
  /** The start of the next working day, or `at` ('HH:MM' / 'HH:MM:SS', Kyiv time) on it. */
  | { kind: 'next-working-day'; at?: string };

const ACCEPTED =
  "accepted forms: a duration ('1500ms', '181s', '5m', '2h', '1d', '3 minutes', '2 hours', '1 day', " +
  "'5 хвилин', '2 години'), working days ('3 working days', '1 working day', '2 робочі дні', " +
  "'5 робочих днів'), 'same day' / 'той самий день', 'next working day' / 'наступний робочий день', " +
  "optionally with a Kyiv time ('next working day 09:00')";

/** A time phrase that is not one of the accepted forms; `hint` lists them. */
export class TimeSpecError extends Error {
  readonly input: unknown;
  readonly hint: string;

  constructor(message: string, input: unknown, hint = ACCEPTED) {
    super(message);
    this.name = 'TimeSpecError';
    this.input = input;
    this.hint = hint;
  }
}

const UNIT_MS: ReadonlyArray<[number, readonly string[]]> = [
  [1, ['ms', 'millisecond', 'milliseconds', 'мс', 'мілісекунда', 'мілісекунди', 'мілісекунд']],
  [1000, ['s', 'sec', 'second', 'seconds', 'с', 'сек', 'секунда', 'секунди', 'секунд']],
  [60_000, ['m', 'min', 'minute', 'minutes', 'хв', 'хвилина', 'хвилини', 'хвилин']],
  [3_600_000, ['h', 'hour', 'hours', 'год', 'година', 'години', 'годин']],
  [86_400_000, ['d', 'day', 'days', 'день', 'дні', 'днів', 'доба', 'доби', 'діб']],
];
const UNITS = new Map(UNIT_MS.flatMap(([ms, names]) => names.map((name) => [name, ms] as const)));

const DURATION_RE = /^(\d+) ?(\p{L}+)$/u;
const WORKING_DAYS_RE = /^(\d+) (?:working days?|робоч(?:ий|і|их) (?:день|дні|днів))$/u;
const SAME_DAY_RE = /^(?:same day|той самий день)$/u;
const NEXT_WORKING_DAY_RE = /^(?:next working day|наступний робочий день)(?: (?:at |о )?(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;

/**
 * Reads a time phrase from a scenario; trims and ignores case and repeated spaces.
 * `parseTimeSpec('2 робочі дні')` → `{ kind: 'working-days', n: 2 }`. Throws TimeSpecError otherwise.
 */
export function parseTimeSpec(text: string): TimeSpec {
  if (typeof text !== 'string') {
    // YAML turns `advance: 5` into a number; say which unit is missing rather than "not a string".
    throw new TimeSpecError(`time must be a phrase with a unit, got ${typeof text} ${JSON.stringify(text)}`, text);
  }
  const phrase = text.trim().replace(/\s+/gu, ' ').toLowerCase();
  if (phrase === '') throw new TimeSpecError('time is empty', text);

  if (SAME_DAY_RE.test(phrase)) return { kind: 'same-day' };

  const next = NEXT_WORKING_DAY_RE.exec(phrase);
  if (next) {
    const [, hour, minute, second] = next;
    if (hour === undefined || minute === undefined) return { kind: 'next-working-day' };
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
      throw new TimeSpecError(`"${text.trim()}" has no such time of day`, text, 'use a Kyiv time from 00:00 to 23:59:59');
    }
    const at = [hour.padStart(2, '0'), minute, ...(second === undefined ? [] : [second])].join(':');
    return { kind: 'next-working-day', at };
  }

  const working = WORKING_DAYS_RE.exec(phrase);
  if (working) return { kind: 'working-days', n: count(working[1], text) };

  const duration = DURATION_RE.exec(phrase);
  const unit = duration?.[2] === undefined ? undefined : UNITS.get(duration[2]);
  if (duration && unit !== undefined) {
    const ms = count(duration[1], text) * unit;
    if (!Number.isSafeInteger(ms)) throw new TimeSpecError(`"${text.trim()}" is too long`, text);
    return { kind: 'duration', ms };
  }

  if (/^\d+$/u.test(phrase)) throw new TimeSpecError(`"${text.trim()}" has no unit`, text);
  throw new TimeSpecError(`"${text.trim()}" is not a time`, text);
}

function count(digits: string | undefined, text: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new TimeSpecError(`"${text.trim()}" is too long`, text);
  return n;
}

/** The canonical English phrase for a spec; parseTimeSpec reads it back to an equal spec. */
export function formatTimeSpec(spec: TimeSpec): string {
  switch (spec.kind) {
    case 'duration': {
      if (spec.ms === 0) return '0s';
      const compact: ReadonlyArray<[number, string]> = [
        [86_400_000, 'd'],
        [3_600_000, 'h'],
        [60_000, 'm'],
        [1000, 's'],
      ];
      for (const [ms, unit] of compact) if (spec.ms % ms === 0) return `${spec.ms / ms}${unit}`;
      return `${spec.ms}ms`;
    }
    case 'working-days':
      return `${spec.n} working day${spec.n === 1 ? '' : 's'}`;
    case 'same-day':
      return 'same day';
    case 'next-working-day':
      return spec.at === undefined ? 'next working day' : `next working day ${spec.at}`;
    default:
      return unknownKind(spec);
  }
}

/**
 * The absolute instant `spec` reaches from `from`: the end of a deadline, or the target of an
 * advance. '3 working days' from Fri 2026-03-06 16:00 Kyiv → Wed 2026-03-11 23:59:59.999 Kyiv.
 */
export function resolveTimeSpec(spec: TimeSpec, from: number, opts: CalendarOptions = DEFAULT_CALENDAR): number {
  switch (spec.kind) {
    case 'duration':
      return from + spec.ms;
    case 'working-days':
      return workingDayDeadline(from, spec.n, opts);
    case 'same-day':
      return endOfKyivDay(kyivDate(from));
    case 'next-working-day':
      return kyivInstant(nextWorkingDay(kyivDate(from), opts), spec.at ?? '00:00');
    default:
      return unknownKind(spec);
  }
}

function unknownKind(spec: never): never {
  throw new TimeSpecError(`unknown time spec ${JSON.stringify(spec)}`, spec);
}
