// How far the shared clock may go. The calendar counts Kyiv days and working days for years 1–9999
// (core/calendar.ts); the clock stops a year short of that end, so that a deadline of working days counted from any
// instant it shows still lands inside the calendar. Beyond it, a clock move is refused (422), not a 500 or a hang.
import { DEFAULT_CALENDAR, kyivInstant, type CalendarOptions } from './calendar.ts';
import { t } from './i18n.ts';
import { CLOCK_MESSAGES } from './messages.ts';
import { resolveTimeSpec, type TimeSpec } from './duration.ts';

export const CLOCK_RANGE = Object.freeze({
  /** the first instant: 0001-01-01 00:00 Kyiv */
  fromMs: kyivInstant('0001-01-01'),
  /** the last instant: 9998-12-31 23:59:59.999 Kyiv */
  toMs: kyivInstant('9999-01-01') - 1,
  text: '0001-01-01 – 9998-12-31 (Kyiv)',
});

const DAY_MS = 86_400_000;
/** About a century of working days; counting them takes tens of milliseconds. */
export const MAX_WORKING_DAYS = 26_000;


/** How an instant that is not one is shown in a message (NaN, a year beyond 275 760, …). */
function shown(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms since 1970-01-01` : d.toISOString();
}

/** Why `targetMs` is outside the clock's range (in English, for problem details and errors), or undefined. */
export function clockRangeProblem(targetMs: number): string | undefined {
  if (!Number.isFinite(targetMs)) return t(CLOCK_MESSAGES.notATime, 'en', { value: String(targetMs) });
  if (targetMs < CLOCK_RANGE.fromMs || targetMs > CLOCK_RANGE.toMs) {
    return t(CLOCK_MESSAGES.pastRange, 'en', { range: CLOCK_RANGE.text, target: shown(targetMs) });
  }
  return undefined;
}

/**
 * The least instant `spec` can reach from `fromMs` (a working day takes at least a day), or why it leaves the
 * clock's range — without walking the calendar, so it costs the same for '1s' and '26000 working days'.
 */
export function leastReach(spec: TimeSpec, fromMs: number): { ok: true; ms: number } | { ok: false; problem: string } {
  // counting working days walks the calendar day by day: a century is the most one move may ask for
  if (spec.kind === 'working-days' && spec.n > MAX_WORKING_DAYS) {
    return { ok: false, problem: t(CLOCK_MESSAGES.tooManyWorkingDays, 'en', { max: MAX_WORKING_DAYS, n: spec.n }) };
  }
  const ms = spec.kind === 'duration' ? fromMs + spec.ms : spec.kind === 'working-days' ? fromMs + spec.n * DAY_MS : fromMs;
  const problem = clockRangeProblem(ms);
  return problem ? { ok: false, problem } : { ok: true, ms };
}

/** The instant `spec` reaches from `fromMs`, or the reason it leaves the clock's range (decided before any calendar walk). */
export function resolveWithinRange(spec: TimeSpec, fromMs: number, opts: CalendarOptions = DEFAULT_CALENDAR): { ok: true; ms: number } | { ok: false; problem: string } {
  const least = leastReach(spec, fromMs);
  if (!least.ok) return least;
  const ms = resolveTimeSpec(spec, fromMs, opts);
  const problem = clockRangeProblem(ms);
  return problem ? { ok: false, problem } : { ok: true, ms };
}

export const CLOCK_RANGE_HINT = t(CLOCK_MESSAGES.pastRangeHint, 'en');
