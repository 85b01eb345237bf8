// Business time for the registry: "now" is the simulator clock, never this machine's wall clock, and days are
// Kyiv days. The wall clock is used only to measure real intervals (polling, backoff) and to run a `real` clock on.

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

const KYIV_ZONE = pickKyivZone();

function pickKyivZone(): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' });
    return 'Europe/Kyiv';
  } catch {
    return 'Europe/Kiev'; // older ICU data spells it the Russian way
  }
}

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: KYIV_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: KYIV_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Kyiv calendar date of an instant. Example: kyivDate(Date.parse('2026-03-10T22:30:00Z')) -> '2026-03-11'. */
export function kyivDate(epochMs: number): IsoDate {
  return dateFormat.format(new Date(epochMs));
}

/** Kyiv offset from UTC at an instant, in ms (+2 h in winter, +3 h in summer). */
function kyivOffsetMs(epochMs: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant Kyiv midnight starts `date`. */
export function kyivMidnight(date: IsoDate): number {
  return kyivAt(date, 0);
}

/**
 * The instant Kyiv clocks show `hour`:`minute` on `date`, whatever the offset that day (a wall time, not midnight
 * plus hours: 09:00 of 2026-03-29 is 06:00Z, 9 h after midnight would be 10:00). Not for the hour skipped in March.
 */
export function kyivAt(date: IsoDate, hour: number, minute = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes settle the offset even when the guess lies on the other side of a summer-time switch.
  let instant = guess - kyivOffsetMs(guess);
  instant = guess - kyivOffsetMs(instant);
  return instant;
}

/** Monday–Friday. Under martial law public holidays are working days, so only weekends are off. */
export function isWeekday(date: IsoDate): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The working-day calendar in force. Under martial law (Law 2136-IX art. 6, in force since 24.02.2022) holidays are
 * worked and nothing transfers; in peace time the КЗпП art. 73 holidays and the art. 67 transfer days are off.
 */
export interface Calendar {
  martialLaw: boolean;
}

export const MARTIAL_LAW: Calendar = Object.freeze({ martialLaw: true });
export const PEACETIME: Calendar = Object.freeze({ martialLaw: false });

// КЗпП art. 73 as in force since 2023, month-day; Orthodox Easter and Trinity are added per year.
const FIXED_HOLIDAYS = ['01-01', '03-08', '05-01', '05-08', '06-28', '07-15', '08-24', '10-01', '12-25'];
const daysOffCache = new Map<number, ReadonlySet<IsoDate>>();

/** Orthodox Easter Sunday of `year` as a Gregorian date (Julian computus, Meeus; the calendar gap of 1900–2099 and beyond). */
function orthodoxEaster(year: number): IsoDate {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const gap = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addCalendarDays(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, gap);
}

/**
 * The peace-time days off of `year` that are not weekends by themselves: the holidays, and for each holiday date on a
 * Saturday or Sunday the next weekday that is not a holiday or taken by an earlier transfer (art. 67).
 */
export function peacetimeDaysOff(year: number): ReadonlySet<IsoDate> {
  const cached = daysOffCache.get(year);
  if (cached) return cached;
  const easter = orthodoxEaster(year);
  const holidays = [...FIXED_HOLIDAYS.map((md) => `${year}-${md}`), easter, addCalendarDays(easter, 49)].sort();
  const off = new Set(holidays);
  for (const h of new Set(holidays)) {
    if (isWeekday(h)) continue;
    let to = addCalendarDays(h, 1);
    while (!isWeekday(to) || off.has(to)) to = addCalendarDays(to, 1);
    off.add(to);
  }
  daysOffCache.set(year, off);
  return off;
}

/** Whether `date` is a working day under `calendar`. */
export function isWorkingDay(date: IsoDate, calendar: Calendar = MARTIAL_LAW): boolean {
  if (!isWeekday(date)) return false;
  return calendar.martialLaw || !peacetimeDaysOff(Number(date.slice(0, 4))).has(date);
}

export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * The date on which `n` working days have been counted, counting from the day after `date` (a term in working days
 * starts the day after the event); martial law unless said otherwise. Example: addWorkingDays('2026-03-13' (Fri), 1)
 * -> '2026-03-16'; addWorkingDays('2026-03-06' (Fri), 1, PEACETIME) -> '2026-03-10' (Mon 9 March is 8 March's transfer).
 */
export function addWorkingDays(date: IsoDate, n: number, calendar: Calendar = MARTIAL_LAW): IsoDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return d;
}

export interface ClockReading {
  epochMs: number;
  mode: 'virtual' | 'real';
  /** the calendar the simulators count working days by, when the clock says (polihon's does: contracts §5) */
  martialLaw?: boolean;
}

/**
 * Follows the simulator clock from what this process has seen of it: the clock URL's answers (authoritative)
 * and the X-Polihon-Time header of every simulator message (taken only when it moves time forward, so a late
 * answer cannot turn the clock back). A `real` clock runs on with the local monotonic clock between readings.
 */
export class SimClock {
  private last: { epochMs: number; mode: 'virtual' | 'real'; atReal: number } | null = null;
  private listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  get known(): boolean {
    return this.last !== null;
  }

  /** Best estimate of the simulator's now, or null when nothing has been seen yet. */
  now(): number | null {
    if (!this.last) return null;
    if (this.last.mode === 'real') return this.last.epochMs + (this.realNow() - this.last.atReal);
    return this.last.epochMs;
  }

  /** A reading of the clock URL. */
  observe(reading: ClockReading): void {
    const before = this.now();
    this.last = { epochMs: reading.epochMs, mode: reading.mode, atReal: this.realNow() };
    if (before === null || Math.abs(before - reading.epochMs) > (reading.mode === 'real' ? 1000 : 0)) this.emit();
  }

  /** An X-Polihon-Time header value; ignored when unparsable or behind what is already known. */
  observeHeader(value: string | null): void {
    if (!value) return;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return;
    const current = this.now();
    if (current !== null && ms <= current) return;
    this.last = { epochMs: ms, mode: this.last?.mode ?? 'virtual', atReal: this.realNow() };
    this.emit();
  }

  /** Called when the clock jumps (a virtual advance, a set, a first reading). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  forget(): void {
    this.last = null;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** Parses the clock URL's JSON `{ now, epochMs, mode }`; null when it is not a clock reading. */
export function parseClockReading(body: unknown): ClockReading | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  let epochMs = typeof b.epochMs === 'number' && Number.isFinite(b.epochMs) ? b.epochMs : NaN;
  if (Number.isNaN(epochMs) && typeof b.now === 'string') epochMs = Date.parse(b.now);
  if (Number.isNaN(epochMs)) return null;
  const reading: ClockReading = { epochMs, mode: b.mode === 'real' ? 'real' : 'virtual' };
  if (typeof b.martialLaw === 'boolean') reading.martialLaw = b.martialLaw;
  return reading;
}
