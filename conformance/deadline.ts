// Virtual-time deadlines judged fairly (docs/en/guide.md §6): the participant sees each day pass. The runner waits a short
// real interval at each checkpoint — the start, 09:00 of every working day up to the deadline, the deadline
// itself — and only then judges. Grace checkpoints after the deadline tell "late" from "never".
import { addWorkingDays, endOfKyivDay, kyivDate, kyivInstant, kyivTime, workingDaysBetween, type CalendarOptions } from '../core/calendar.ts';
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
  if (deadline > from) before.push(deadline);
  const grace: number[] = [];
  const lastDay = kyivDate(deadline);
  for (let d = 1; d <= graceWorkingDays; d++) {
    const day = addWorkingDays(lastDay, d, cal);
    grace.push(kyivInstant(day, '09:00'), endOfKyivDay(day));
  }
  return { deadline, before, grace };
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
