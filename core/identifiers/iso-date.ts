// Calendar-date arithmetic on 'YYYY-MM-DD' strings, in whole UTC days so no zone or DST can shift a birth date.

import type { IsoDate } from './check.ts';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month and day of a real calendar date, or undefined for '2023-02-29', '1990-13-01', 'tomorrow'. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

/** Whether year/month/day name a day that exists in the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a valid IsoDate; throws on anything else, since callers validate first. */
export function toEpochDay(date: IsoDate): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`'${date}' is not a real date in YYYY-MM-DD form`);
  return epochDayOf(p.year, p.month, p.day);
}

export function epochDayOf(year: number, month: number, day: number): number {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them literal.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function fromEpochDay(day: number): IsoDate {
  const d = new Date(day * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${dd}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Same month and day `years` later (or earlier); 29 February lands on 28 February in common years. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`'${date}' is not a real date in YYYY-MM-DD form`);
  const year = p.year + years;
  const day = Math.min(p.day, daysInMonth(year, p.month));
  return fromEpochDay(epochDayOf(year, p.month, day));
}

/** Completed years between birth and `on`, as a birthday is counted: 2000-03-01 is 23 on 2024-02-29. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const b = parseIsoDate(birthDate);
  const r = parseIsoDate(on);
  if (!b || !r) throw new RangeError(`ageOn('${birthDate}', '${on}') needs two real YYYY-MM-DD dates`);
  const beforeBirthday = r.month < b.month || (r.month === b.month && r.day < b.day);
  return r.year - b.year - (beforeBirthday ? 1 : 0);
}
