// When the registry acts by itself: the virtual instant from which an act may go to ДМС, an answer may go back, a
// status poll is due. A correct registry acts at once; the timing variants act later but within the rule, the timing
// faults past it — some only for one kind of act, on some days or hours of the year (issue 8: faults that show only
// for some kinds, days or persons). Pure functions of the action or request and the calendar in force, so each
// policy can be checked on its own, summer-time switch days and holidays included.
import type { FaultName } from './model.ts';
import { PEACETIME, addCalendarDays, addWorkingDays, isWeekday, kyivAt, kyivDate, kyivMidnight, type Calendar } from './time.ts';
import type { ActKind } from './validate.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

type Has = (name: FaultName) => boolean;

/**
 * The virtual instant from which the act of an action performed at `performedAt` may go (0: at once). With several
 * switches on, the act waits for the latest of them.
 */
export function actSendAt(performedAt: number, kind: ActKind, has: Has, calendar: Calendar): number {
  const day = kyivDate(performedAt);
  const nextMidnight = kyivMidnight(addCalendarDays(day, 1));
  const at: number[] = [0];
  // faults: the next day, at midnight or half an hour into it
  if (has('send-next-day')) at.push(nextMidnight);
  if (has('send-after-midnight')) at.push(nextMidnight + 30 * MINUTE_MS);
  // faults that show only for some acts: removals wait for the morning's office work; weekend work waits for Monday
  if (has('late-for-removals') && kind === 'removal') at.push(kyivAt(addWorkingDays(day, 1, calendar), 9));
  if (has('weekend-on-monday') && !isWeekday(day)) at.push(kyivAt(nextMonday(day), 9));
  // faults that show only at some hours: an hour's delay crosses midnight only after 23:00; a batch hour taken at
  // the winter offset is midnight of the next day all summer
  if (has('hour-later-uncapped')) at.push(performedAt + HOUR_MS);
  if (has('fixed-offset-batch')) at.push(Math.max(performedAt, Date.parse(`${day}T23:00:00+02:00`)));
  // correct variants: later the same Kyiv day
  if (has('send-later-same-day')) at.push(Math.min(performedAt + 3 * HOUR_MS, nextMidnight - MINUTE_MS));
  if (has('end-of-day-batch')) at.push(Math.max(performedAt, nextMidnight - HOUR_MS));
  return Math.max(...at);
}

/**
 * The virtual instant from which the answer to a verification request received at `receivedAt` may go (0: at once).
 * ДМС gives 3 working days from the day of receipt (DMS-07), counted on the calendar in force.
 */
export function answerAt(receivedAt: number, answerBy: number | undefined, has: Has, calendar: Calendar): number {
  const day = kyivDate(receivedAt);
  const at: number[] = [0];
  // fault: after 4 working days, and past ДМС's answerBy
  if (has('late-verification-answer')) at.push(kyivMidnight(addWorkingDays(day, 4)), answerBy === undefined ? 0 : answerBy + 1);
  // fault: the term counted on the peace-time calendar whatever is in force — late only when a holiday or a transfer
  // day falls in the window under martial law
  if (has('peacetime-calendar')) at.push(kyivAt(addWorkingDays(day, 3, PEACETIME), 22));
  // correct variant: the evening of the term's last working day
  if (has('answer-last-day')) at.push(kyivAt(addWorkingDays(day, 3, calendar), 22));
  return Math.max(...at);
}

/** poll-own-schedule: the first full virtual hour after `last`. */
export function nextFullHour(last: number): number {
  return (Math.floor(last / HOUR_MS) + 1) * HOUR_MS;
}

function nextMonday(date: string): string {
  let d = addCalendarDays(date, 1);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1) d = addCalendarDays(d, 1);
  return d;
}
