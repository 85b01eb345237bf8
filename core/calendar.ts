// Kyiv days and Ukrainian working days, for deadlines counted the way the Civil Code counts them.
// Peace time follows КЗпП arts. 67 and 73; under martial law (Law 2136-IX art. 6) holidays are working days.

export interface CalendarOptions {
  /** Martial law: Mon–Fri are all working days, holidays included, and nothing transfers. */
  martialLaw: boolean;
}

/** What callers use unless a scenario or config says otherwise: martial law has applied since 24.02.2022. */
export const DEFAULT_CALENDAR: CalendarOptions = Object.freeze({ martialLaw: true });

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface Holiday {
  date: IsoDate;
  name: { uk: string; en: string };
  /** Set on a day off moved here (art. 67) from a holiday that fell on a weekend. */
  transferredFrom?: IsoDate;
}

const DAY_MS = 86_400_000;

// Kyiv's offset is read from the platform's tz database (ICU) rather than hard-coded, so
// historic and future rule changes come with Node's own tz updates.
const kyivParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Kyiv',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Kyiv's offset changes only on whole UTC hours (DST switches at 01:00 UTC), so it is cached per UTC hour:
// formatToParts is by far the slowest thing a simulator did per message.
const HOUR_MS = 3_600_000;
const offsetByHour = new Map<number, number>();

function kyivWallTime(instant: number): WallTime {
  if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
  const hour = Math.floor(instant / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = wallTimeToOffset(instant, kyivWallTimeSlow(instant));
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const d = new Date(instant + offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function wallTimeToOffset(instant: number, w: WallTime): number {
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second) - wholeSecond;
}

function kyivWallTimeSlow(instant: number): WallTime {
  const out: Record<string, number> = {};
  for (const part of kyivParts.formatToParts(instant)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? NaN,
    month: out.month ?? NaN,
    day: out.day ?? NaN,
    hour: out.hour ?? NaN,
    minute: out.minute ?? NaN,
    second: out.second ?? NaN,
  };
}

/** Kyiv's UTC offset in ms at `instant` (+2 h in winter, +3 h in summer). */
function kyivOffset(instant: number): number {
  return wallTimeToOffset(instant, kyivWallTime(instant));
}

/** The Kyiv calendar date of an instant. `kyivDate(Date.UTC(2026, 6, 1, 21, 30))` → '2026-07-02'. */
export function kyivDate(instant: number): IsoDate {
  const w = kyivWallTime(instant);
  return formatDate(w.year, w.month, w.day);
}

/** The Kyiv wall-clock time of an instant, 'HH:MM:SS'. */
export function kyivTime(instant: number): string {
  const w = kyivWallTime(instant);
  return `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/**
 * The instant at which Kyiv clocks show `date` `time` ('HH:MM' or 'HH:MM:SS', default midnight).
 * Across the summer-time switches it resolves like Temporal's 'compatible': a time skipped in
 * March (03:00–03:59) reads as the same length after the jump (03:30 → 04:30 EEST); a time
 * repeated in October (03:00–03:59) means its first occurrence (summer time).
 */
export function kyivInstant(date: IsoDate, time = '00:00'): number {
  const { year, month, day } = parseDate(date);
  const { hour, minute, second } = parseTime(time);
  const local = utcMs(year, month, day, hour, minute, second);
  // A day either side of `local` is far enough to see both offsets around any switch.
  const before = kyivOffset(local - DAY_MS);
  const after = kyivOffset(local + DAY_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((instant) => kyivOffset(instant) === local - instant)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  // Skipped wall time: keep the offset in force before the jump, which lands after it.
  return local - before;
}

/** The last millisecond of `date` in Kyiv (23:59:59.999 local), where a day-long deadline ends. */
export function endOfKyivDay(date: IsoDate): number {
  return kyivInstant(addCalendarDays(date, 1)) - 1;
}

/** True when both instants fall on the same Kyiv calendar date. */
export function sameKyivDay(a: number, b: number): boolean {
  return kyivDate(a) === kyivDate(b);
}

/** `date` moved by `n` calendar days (n may be negative). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`days to add must be an integer, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: IsoDate): number {
  // Day 0 of the epoch, 1970-01-01, was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

const FIXED_HOLIDAYS: ReadonlyArray<{ month: number; day: number; uk: string; en: string }> = [
  { month: 1, day: 1, uk: 'Новий рік', en: "New Year's Day" },
  { month: 3, day: 8, uk: 'Міжнародний жіночий день', en: "International Women's Day" },
  { month: 5, day: 1, uk: 'День праці', en: 'Labour Day' },
  {
    month: 5,
    day: 8,
    uk: "День пам'яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
    en: 'Day of Remembrance and Victory over Nazism in World War II 1939–1945',
  },
  { month: 6, day: 28, uk: 'День Конституції України', en: 'Constitution Day' },
  { month: 7, day: 15, uk: 'День Української Державності', en: 'Ukrainian Statehood Day' },
  { month: 8, day: 24, uk: 'День незалежності України', en: 'Independence Day' },
  { month: 10, day: 1, uk: 'День захисників і захисниць України', en: 'Day of Defenders of Ukraine' },
  { month: 12, day: 25, uk: 'Різдво Христове', en: 'Christmas Day' },
];

const holidayCache = new Map<number, readonly Holiday[]>();

/**
 * The peace-time days off of `year`: the КЗпП art. 73 list (the one in force since 2023, applied to
 * every year — earlier lists are not modelled) with Orthodox Easter and Trinity, followed by the
 * art. 67 transfer days. Sorted by date; a transfer day carries `transferredFrom`.
 * Under martial law none of these is a day off; see isWorkingDay.
 */
export function publicHolidays(year: number): Holiday[] {
  return holidaysOf(year).map((h) => ({ ...h, name: { ...h.name } }));
}

function holidaysOf(year: number): readonly Holiday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`year must be an integer from 1 to 9999, got ${year}`);
  }
  const easter = orthodoxEaster(year);
  const holidays: Holiday[] = [
    ...FIXED_HOLIDAYS.map((h) => ({ date: formatDate(year, h.month, h.day), name: { uk: h.uk, en: h.en } })),
    { date: easter, name: { uk: 'Великдень (Пасха)', en: 'Orthodox Easter' } },
    { date: addCalendarDays(easter, 49), name: { uk: 'Трійця', en: 'Orthodox Trinity' } },
  ].sort(byDate);

  // Art. 67 moves the weekend day, not the holiday: two holidays on one Sunday still free one Monday.
  const weekendHolidays = new Map<IsoDate, Holiday[]>();
  for (const h of holidays) {
    if (weekday(h.date) >= 6) weekendHolidays.set(h.date, [...(weekendHolidays.get(h.date) ?? []), h]);
  }
  const taken = new Set(holidays.map((h) => h.date));
  const transfers: Holiday[] = [];
  for (const [from, same] of weekendHolidays) {
    let to = addCalendarDays(from, 1);
    while (weekday(to) >= 6 || taken.has(to)) to = addCalendarDays(to, 1);
    taken.add(to);
    transfers.push({
      date: to,
      name: {
        uk: `Перенесений вихідний: ${same.map((h) => h.name.uk).join('; ')}`,
        en: `Day off transferred from ${same.map((h) => h.name.en).join('; ')}`,
      },
      transferredFrom: from,
    });
  }
  const all = Object.freeze([...holidays, ...transfers].sort(byDate));
  holidayCache.set(year, all);
  return all;
}

/** Orthodox Easter Sunday of `year` as a Gregorian date (Julian computus, Meeus). */
function orthodoxEaster(year: number): IsoDate {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  // Julian → Gregorian gap for March–May of `year` (13 days in 1900–2099).
  const gap = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addCalendarDays(formatDate(year, month, day), gap);
}

function isDayOff(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  return holidaysOf(year).some((h) => h.date === date);
}

/** Whether `date` is a working day: Mon–Fri, and in peace time also not a holiday or transfer day. */
export function isWorkingDay(date: IsoDate, opts: CalendarOptions = DEFAULT_CALENDAR): boolean {
  if (weekday(date) >= 6) return false;
  return opts.martialLaw || !isDayOff(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate, opts: CalendarOptions = DEFAULT_CALENDAR): IsoDate {
  return addWorkingDays(date, 1, opts);
}

/**
 * The n-th working day strictly after `date` (Civil Code art. 253: a term starts the day after the
 * event); n = 0 is `date` itself. Martial law, Friday 2026-03-06 + 3 → Wednesday 2026-03-11.
 */
export function addWorkingDays(date: IsoDate, n: number, opts: CalendarOptions = DEFAULT_CALENDAR): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`number of working days must be a non-negative integer, got ${n}`);
  }
  let day = toDayNumber(date);
  for (let left = n; left > 0; ) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day), opts)) left -= 1;
  }
  return fromDayNumber(day);
}

/** End (23:59:59.999 Kyiv) of the n-th working day after the Kyiv date of `event`: a "within n working days" deadline. */
export function workingDayDeadline(event: number, n: number, opts: CalendarOptions = DEFAULT_CALENDAR): number {
  return endOfKyivDay(addWorkingDays(kyivDate(event), n, opts));
}

/** How many working days d satisfy from < d <= to; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, opts: CalendarOptions = DEFAULT_CALENDAR): number {
  const end = toDayNumber(to);
  let count = 0;
  for (let day = toDayNumber(from) + 1; day <= end; day++) {
    if (isWorkingDay(fromDayNumber(day), opts)) count++;
  }
  return count;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function parseDate(date: IsoDate): { year: number; month: number; day: number } {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const check = new Date(utcMs(year, month, day));
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return { year, month, day };
  }
  throw new RangeError(`not a calendar date: ${JSON.stringify(date)} (expected YYYY-MM-DD, e.g. 2026-03-06)`);
}

function parseTime(time: string): { hour: number; minute: number; second: number } {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (m) {
    const hour = Number(m[1]);
    const minute = Number(m[2]);
    const second = Number(m[3] ?? 0);
    if (hour < 24 && minute < 60 && second < 60) return { hour, minute, second };
  }
  throw new RangeError(`not a time of day: ${JSON.stringify(time)} (expected HH:MM or HH:MM:SS, e.g. 09:00)`);
}

/** Days since 1970-01-01 for a date; day arithmetic in UTC has no DST to trip on. */
function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseDate(date);
  return utcMs(year, month, day) / DAY_MS;
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * DAY_MS);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`date out of range: day ${dayNumber} since 1970-01-01`);
  return formatDate(year, d.getUTCMonth() + 1, d.getUTCDate());
}

function formatDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function byDate(a: Holiday, b: Holiday): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
