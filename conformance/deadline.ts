// Virtual-time deadlines judged fairly (docs/en/guide.md §6): the participant sees each day pass, and every hour of it
// it may want. The runner stops the clock at each checkpoint — the start, 09:00 of every working day up to the
// deadline, the end of every Kyiv day, the deadline itself, and between them the participant's announced wake-ups
// (or every hour, for a participant that announces none) — waits there until the participant is quiet, and only then
// judges. Grace checkpoints after the deadline tell "late" from "never".
import { addCalendarDays, addWorkingDays, endOfKyivDay, isWorkingDay, kyivDate, kyivInstant, kyivTime, workingDaysBetween, type CalendarOptions } from '../core/calendar.ts';
import { resolveTimeSpec, type TimeSpec } from '../core/duration.ts';
import { msg, type Msg } from '../core/i18n.ts';
import type { Journal, JournalEntry } from '../core/journal.ts';
import { D } from './messages.ts';

export interface Checkpoints {
  deadline: number;
  /** ascending virtual instants, ending at the deadline */
  before: number[];
  /** after the deadline, for the late-arrival diagnostic only */
  grace: number[];
}

export function checkpoints(spec: TimeSpec, from: number, cal: CalendarOptions, graceWorkingDays = 2): Checkpoints {
  const deadline = resolveTimeSpec(spec, from, cal);
  const day = kyivDate(from);
  const before: number[] = [from];
  if (spec.kind === 'working-days') {
    for (let d = 1; d <= spec.n; d++) {
      const morning = kyivInstant(addWorkingDays(day, d, cal), '09:00');
      if (morning > from && morning < deadline) before.push(morning);
    }
  }
  // a registry may send at any hour of the day: the day's last millisecond is always a checkpoint of its own
  for (let d = day; d <= kyivDate(deadline); d = addCalendarDays(d, 1)) {
    const end = endOfKyivDay(d);
    if (end > from && end < deadline) before.push(end);
  }
  before.sort((a, b) => a - b);
  if (deadline > from) before.push(deadline);
  const grace: number[] = [];
  const lastDay = kyivDate(deadline);
  for (let d = 1; d <= graceWorkingDays; d++) {
    const day = addWorkingDays(lastDay, d, cal);
    grace.push(kyivInstant(day, '09:00'), endOfKyivDay(day));
  }
  return { deadline, before, grace };
}

const HOUR_MS = 3_600_000;
/** The finest step of announced wake-ups, in virtual ms. */
export const MIN_WAKE_STEP_MS = 60_000;

/**
 * Where the clock stops next on the way from `now` to `end` (inclusive): the first fixed checkpoint after `now`, or —
 * earlier — the participant's announced wake-up, or for a participant that announces none (`hourly`) the next full
 * hour (Kyiv's offset is whole hours, so UTC hours are Kyiv hours). Undefined once `now` has reached `end`.
 */
export function nextCheckpoint(now: number, fixed: readonly number[], end: number, opts: { hourly?: boolean; wake?: number | undefined } = {}): number | undefined {
  if (now >= end) return undefined;
  let next = end;
  for (const t of fixed) {
    if (t > now) {
      next = Math.min(next, t);
      break;
    }
  }
  if (opts.hourly) next = Math.min(next, (Math.floor(now / HOUR_MS) + 1) * HOUR_MS);
  // a participant asking to be woken every millisecond would hold the run for ever: a minute is the finest step
  if (opts.wake !== undefined && opts.wake > now) next = Math.min(next, Math.max(opts.wake, now + MIN_WAKE_STEP_MS));
  return next;
}

/** The end of every Kyiv day and 09:00 of every working day strictly between `from` and `to`, ascending. */
export function dayCheckpoints(from: number, to: number, cal: CalendarOptions): number[] {
  const out: number[] = [];
  for (let d = kyivDate(from); d <= kyivDate(to); d = addCalendarDays(d, 1)) {
    const morning = kyivInstant(d, '09:00');
    if (isWorkingDay(d, cal) && morning > from && morning < to) out.push(morning);
    const end = endOfKyivDay(d);
    if (end > from && end < to) out.push(end);
  }
  return out;
}

/** '2026-03-18 23:59:59 Kyiv' — deadlines read in the time zone the rules are written for. */
export function kyivStamp(ms: number): string {
  return `${kyivDate(ms)} ${kyivTime(ms)} Kyiv`;
}

/** kyivStamp, to be rendered in the reader's language ('… за Києвом'). */
export function kyivStampMsg(ms: number): Msg {
  return msg(D.kyivStamp, { date: kyivDate(ms), time: kyivTime(ms) });
}

/** 'late on the deadline day', '2 working days late' — how late `at` is against `deadline`. */
export function lateness(at: number, deadline: number, cal: CalendarOptions): string {
  const days = workingDaysBetween(kyivDate(deadline), kyivDate(at), cal);
  return days > 0 ? `${days} working day${days > 1 ? 's' : ''} late` : 'late on the deadline day';
}

/** lateness, to be rendered in the reader's language. */
export function latenessMsg(at: number, deadline: number, cal: CalendarOptions): Msg {
  const days = workingDaysBetween(kyivDate(deadline), kyivDate(at), cal);
  return days > 0 ? msg(D.daysLate, { n: days }) : msg(D.lateSameDay);
}

/** Resolves with the first entry (existing or new) that matches, or undefined after `ms` of real time. */
export function waitForEntry(
  journal: Journal,
  predicate: (e: JournalEntry) => boolean,
  ms: number,
  signal?: AbortSignal,
): Promise<JournalEntry | undefined> {
  const existing = journal.entries({ predicate });
  if (existing.length > 0) return Promise.resolve(existing[0]);
  return new Promise((resolve) => {
    const onAbort = () => done(undefined);
    const done = (e: JournalEntry | undefined) => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(e);
    };
    const off = journal.subscribe((e) => {
      if (predicate(e)) done(e);
    });
    const timer = setTimeout(() => done(undefined), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
