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
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
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

export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * The date on which `n` working days (Mon–Fri) have been counted, counting from the day after `date`
 * (a term in working days starts the day after the event). Example: addWorkingDays('2026-03-13' (Fri), 1) -> '2026-03-16'.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWeekday(d)) left -= 1;
  }
  return d;
}

export interface ClockReading {
  epochMs: number;
  mode: 'virtual' | 'real';
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
  return { epochMs, mode: b.mode === 'real' ? 'real' : 'virtual' };
}
