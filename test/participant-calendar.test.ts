// The reference hromada registry is standalone, so it counts working days with its own small calendar
// (participants/hromada-registry/time.ts); polihon's simulators count with core/calendar.ts. A registry that counted
// otherwise than the harness would be judged late or early by the harness's own mistake: the two must agree, in peace
// time (holidays, Easter, Trinity, transfer days) and under martial law, over many years.
import { describe, expect, it } from 'vitest';
import { addWorkingDays as coreAdd, isWorkingDay as coreIsWorking } from '../core/calendar.ts';
import { MARTIAL_LAW, PEACETIME, addCalendarDays, addWorkingDays, isWorkingDay } from '../participants/hromada-registry/time.ts';

describe('the reference registry’s calendar agrees with core/calendar.ts', () => {
  it('on every day of 2000–2060, in peace time and under martial law', () => {
    const disagree: string[] = [];
    for (let d = '2000-01-01'; d < '2061-01-01'; d = addCalendarDays(d, 1)) {
      for (const cal of [PEACETIME, MARTIAL_LAW]) {
        if (isWorkingDay(d, cal) !== coreIsWorking(d, cal)) disagree.push(`${d} martialLaw=${cal.martialLaw}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('counts a term of 3 working days to the same day from every day of 2026', () => {
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addCalendarDays(d, 1)) {
      for (const cal of [PEACETIME, MARTIAL_LAW]) expect([d, cal.martialLaw, addWorkingDays(d, 3, cal)]).toEqual([d, cal.martialLaw, coreAdd(d, 3, cal)]);
    }
  });
});
