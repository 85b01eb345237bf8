// Working days as the participant counts them for its outage notices (XCH-04: within 2 working days after the day the
// outage began): Kyiv dates, Saturday and Sunday off. Public holidays are working days under martial law (in force
// since 2022), which is the calendar polihon's runs use by default. Imports nothing of polihon.

const KYIV = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function kyivParts(ms: number): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(KYIV.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The instant of a Kyiv wall-clock time (the offset found by asking what Kyiv reads at a guess). */
export function kyivInstant(y: number, m: number, d: number, h: number, min = 0): number {
  const guess = Date.UTC(y, m - 1, d, h, min);
  const seen = kyivParts(guess);
  const offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.min, seen.s) - guess;
  return guess - offset;
}

/** The Kyiv date `n` working days after the Kyiv day of `ms`, as [y, m, d]. */
export function workingDaysAfter(ms: number, n: number): [number, number, number] {
  const k = kyivParts(ms);
  const day = new Date(Date.UTC(k.y, k.m - 1, k.d));
  let left = n;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const wd = day.getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
}
