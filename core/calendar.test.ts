// Expected values are worked out by hand from the law (КЗпП arts. 67, 73; Law 2136-IX; Civil Code
// art. 253) and a paper calendar, never from the code under test.
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  DEFAULT_CALENDAR,
  endOfKyivDay,
  isWorkingDay,
  kyivDate,
  kyivInstant,
  kyivTime,
  nextWorkingDay,
  publicHolidays,
  sameKyivDay,
  weekday,
  workingDayDeadline,
  workingDaysBetween,
  type CalendarOptions,
} from './calendar.ts';

const MARTIAL: CalendarOptions = { martialLaw: true };
const PEACE: CalendarOptions = { martialLaw: false };
const utc = (iso: string) => Date.parse(iso);

describe('isWorkingDay', () => {
  // date, weekday, working under martial law, working in peace time, why
  const cases: Array<[string, string, boolean, boolean, string]> = [
    ['2024-01-01', 'Mon', true, false, 'New Year'],
    ['2024-01-02', 'Tue', true, true, '2 Jan is no longer a holiday'],
    ['2024-03-08', 'Fri', true, false, "Women's Day"],
    ['2024-05-05', 'Sun', false, false, 'Easter Sunday'],
    ['2024-05-06', 'Mon', true, false, 'Easter transfer'],
    ['2024-06-24', 'Mon', true, false, 'Trinity (23 Jun) transfer'],
    ['2024-08-24', 'Sat', false, false, 'Independence Day on Saturday'],
    ['2024-08-26', 'Mon', true, false, 'Independence Day transfer'],
    ['2024-10-01', 'Tue', true, false, 'Defenders Day'],
    ['2024-12-25', 'Wed', true, false, 'Christmas'],
    ['2025-01-07', 'Tue', true, true, 'Julian Christmas is no longer a holiday'],
    ['2025-03-10', 'Mon', true, false, "Women's Day (Sat 8 Mar) transfer"],
    ['2025-04-21', 'Mon', true, false, 'Easter (20 Apr) transfer'],
    ['2025-05-09', 'Fri', true, true, '9 May is no longer a holiday'],
    ['2025-06-09', 'Mon', true, false, 'Trinity (8 Jun) transfer'],
    ['2025-06-30', 'Mon', true, false, 'Constitution Day (Sat 28 Jun) transfer'],
    ['2025-07-15', 'Tue', true, false, 'Statehood Day'],
    ['2025-08-25', 'Mon', true, false, 'Independence Day (Sun) transfer'],
    ['2025-10-01', 'Wed', true, false, 'Defenders Day'],
    ['2025-10-02', 'Thu', true, true, 'ordinary Thursday'],
    ['2025-10-14', 'Tue', true, true, '14 Oct is no longer a holiday'],
    ['2026-03-07', 'Sat', false, false, 'Saturday'],
    ['2026-03-09', 'Mon', true, false, "Women's Day (Sun 8 Mar) transfer"],
    ['2026-04-13', 'Mon', true, false, 'Easter (12 Apr) transfer'],
    ['2026-05-01', 'Fri', true, false, 'Labour Day'],
    ['2026-05-08', 'Fri', true, false, 'Remembrance Day'],
    ['2026-06-01', 'Mon', true, false, 'Trinity (31 May) transfer'],
    ['2026-06-29', 'Mon', true, false, 'Constitution Day (Sun 28 Jun) transfer'],
    ['2026-08-24', 'Mon', true, false, 'Independence Day'],
    ['2026-08-25', 'Tue', true, true, 'day after Independence Day'],
    ['2026-12-25', 'Fri', true, false, 'Christmas'],
    ['2027-03-08', 'Mon', true, false, "Women's Day on a Monday"],
    ['2027-05-03', 'Mon', true, false, 'Labour Day (Sat 1 May) transfer'],
    ['2027-05-04', 'Tue', true, false, 'Easter (Sun 2 May) transfer, pushed past 3 May'],
    ['2027-05-05', 'Wed', true, true, 'back to work'],
    ['2027-05-10', 'Mon', true, false, 'Remembrance Day (Sat 8 May) transfer'],
    ['2027-06-21', 'Mon', true, false, 'Trinity (20 Jun) transfer'],
    ['2027-06-28', 'Mon', true, false, 'Constitution Day'],
    ['2027-08-24', 'Tue', true, false, 'Independence Day'],
    ['2027-12-27', 'Mon', true, false, 'Christmas (Sat 25 Dec) transfer'],
    ['2028-01-03', 'Mon', true, false, 'New Year (Sat 1 Jan) transfer'],
  ];

  it.each(cases)('%s (%s): martial %s, peace %s — %s', (date, day, martial, peace) => {
    expect(weekday(date)).toBe(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(day) + 1);
    expect(isWorkingDay(date, MARTIAL)).toBe(martial);
    expect(isWorkingDay(date, PEACE)).toBe(peace);
  });

  it('defaults to martial law', () => {
    expect(DEFAULT_CALENDAR.martialLaw).toBe(true);
    expect(isWorkingDay('2027-03-08')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  // from, n, mode, expected
  const cases: Array<[string, number, 'martial' | 'peace', string]> = [
    ['2026-03-06', 3, 'martial', '2026-03-11'], // Fri → Mon 9, Tue 10, Wed 11
    ['2026-03-06', 3, 'peace', '2026-03-12'], // Mon 9 is the 8 March transfer
    ['2026-03-07', 1, 'martial', '2026-03-09'], // from a Saturday
    ['2026-03-07', 1, 'peace', '2026-03-10'],
    ['2026-04-10', 1, 'martial', '2026-04-13'],
    ['2026-04-10', 1, 'peace', '2026-04-14'], // Mon 13 is the Easter transfer
    ['2026-08-21', 1, 'martial', '2026-08-24'],
    ['2026-08-21', 1, 'peace', '2026-08-25'],
    ['2027-04-30', 1, 'martial', '2027-05-03'],
    ['2027-04-30', 1, 'peace', '2027-05-05'], // 3 and 4 May are both transfers
    ['2027-04-30', 5, 'martial', '2027-05-07'],
    ['2027-04-30', 5, 'peace', '2027-05-12'], // 5, 6, 7, (10 off), 11, 12
    ['2025-12-31', 2, 'martial', '2026-01-02'], // 1 Jan counts under martial law
    ['2025-12-31', 2, 'peace', '2026-01-05'],
    ['2027-12-24', 1, 'martial', '2027-12-27'],
    ['2027-12-24', 1, 'peace', '2027-12-28'],
    ['2024-02-28', 2, 'martial', '2024-03-01'], // through 29 Feb
    ['2024-08-23', 1, 'peace', '2024-08-27'],
    ['2025-06-06', 2, 'martial', '2025-06-10'],
    ['2025-06-06', 2, 'peace', '2025-06-11'],
    ['2026-01-01', 10, 'martial', '2026-01-15'],
    ['2026-03-07', 0, 'martial', '2026-03-07'], // n = 0 is the date itself, even on a weekend
    ['2026-03-09', 0, 'peace', '2026-03-09'],
  ];

  it.each(cases)('%s + %i working days (%s) = %s', (from, n, mode, expected) => {
    expect(addWorkingDays(from, n, mode === 'martial' ? MARTIAL : PEACE)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('refuses n = %s', (n) => {
    expect(() => addWorkingDays('2026-03-06', n)).toThrow(RangeError);
  });
});

describe('nextWorkingDay', () => {
  const cases: Array<[string, 'martial' | 'peace', string]> = [
    ['2026-03-06', 'martial', '2026-03-09'],
    ['2026-03-06', 'peace', '2026-03-10'],
    ['2026-03-09', 'martial', '2026-03-10'], // strictly after, even from a working day
    ['2027-12-24', 'peace', '2027-12-28'],
    ['2028-01-01', 'martial', '2028-01-03'],
    ['2028-01-01', 'peace', '2028-01-04'],
  ];
  it.each(cases)('after %s (%s) is %s', (date, mode, expected) => {
    expect(nextWorkingDay(date, mode === 'martial' ? MARTIAL : PEACE)).toBe(expected);
  });
});

describe('workingDaysBetween', () => {
  const cases: Array<[string, string, 'martial' | 'peace', number]> = [
    ['2026-03-06', '2026-03-11', 'martial', 3],
    ['2026-03-06', '2026-03-11', 'peace', 2],
    ['2027-04-30', '2027-05-07', 'martial', 5],
    ['2027-04-30', '2027-05-07', 'peace', 3],
    ['2026-03-06', '2026-03-06', 'martial', 0],
    ['2026-03-11', '2026-03-06', 'martial', 0],
    ['2026-03-06', '2026-03-08', 'martial', 0], // a weekend only
    ['2025-12-31', '2026-01-01', 'martial', 1],
    ['2025-12-31', '2026-01-01', 'peace', 0],
  ];
  it.each(cases)('(%s, %s] (%s) has %i', (from, to, mode, expected) => {
    expect(workingDaysBetween(from, to, mode === 'martial' ? MARTIAL : PEACE)).toBe(expected);
  });
});

describe('publicHolidays', () => {
  it('lists 2027 in date order with its transfers', () => {
    const list = publicHolidays(2027).map((h) => (h.transferredFrom ? `${h.date}<${h.transferredFrom}` : h.date));
    expect(list).toEqual([
      '2027-01-01',
      '2027-03-08',
      '2027-05-01',
      '2027-05-02', // Easter
      '2027-05-03<2027-05-01',
      '2027-05-04<2027-05-02',
      '2027-05-08',
      '2027-05-10<2027-05-08',
      '2027-06-20', // Trinity
      '2027-06-21<2027-06-20',
      '2027-06-28',
      '2027-07-15',
      '2027-08-24',
      '2027-10-01',
      '2027-12-25',
      '2027-12-27<2027-12-25',
    ]);
  });

  it.each([
    [2024, '2024-05-05', '2024-06-23'],
    [2025, '2025-04-20', '2025-06-08'],
    [2026, '2026-04-12', '2026-05-31'],
    [2027, '2027-05-02', '2027-06-20'],
  ])('%i: Orthodox Easter %s, Trinity %s', (year, easter, trinity) => {
    const holidays = publicHolidays(year);
    expect(holidays.find((h) => h.name.en === 'Orthodox Easter')?.date).toBe(easter);
    expect(holidays.find((h) => h.name.en === 'Orthodox Trinity')?.date).toBe(trinity);
  });

  it('has 11 holidays a year plus one transfer per weekend holiday', () => {
    // 2026: 8 Mar, Easter, Trinity and 28 Jun fall on Sundays.
    const holidays = publicHolidays(2026);
    expect(holidays.filter((h) => !h.transferredFrom)).toHaveLength(11);
    expect(holidays.filter((h) => h.transferredFrom).map((h) => h.date)).toEqual([
      '2026-03-09',
      '2026-04-13',
      '2026-06-01',
      '2026-06-29',
    ]);
  });

  it('names holidays, and the holiday a transfer day comes from, in both languages', () => {
    const transfer = publicHolidays(2026).find((h) => h.date === '2026-08-24');
    expect(transfer?.name.uk).toBe('День незалежності України');
    const moved = publicHolidays(2028).find((h) => h.date === '2028-01-03');
    expect(moved?.transferredFrom).toBe('2028-01-01');
    expect(moved?.name.uk).toContain('Новий рік');
    expect(moved?.name.en).toContain("New Year's Day");
  });

  it('frees one day when two holidays share a Sunday (2016: Easter on Labour Day)', () => {
    // Art. 67 moves the weekend day off, and 1 May 2016 was one Sunday.
    const holidays = publicHolidays(2016);
    expect(holidays.filter((h) => h.date === '2016-05-01')).toHaveLength(2);
    expect(holidays.filter((h) => h.transferredFrom === '2016-05-01').map((h) => h.date)).toEqual(['2016-05-02']);
  });

  it('returns copies the caller cannot use to change the calendar', () => {
    const first = publicHolidays(2026);
    first.length = 0;
    expect(publicHolidays(2026).length).toBeGreaterThan(0);
    expect(isWorkingDay('2026-08-24', PEACE)).toBe(false);
  });
});

describe('Kyiv days and times', () => {
  it.each([
    ['2026-07-01T21:30:00Z', '2026-07-02', '00:30:00'], // summer, UTC+3
    ['2026-01-01T21:30:00Z', '2026-01-01', '23:30:00'], // winter, UTC+2
    ['2026-01-01T22:00:00Z', '2026-01-02', '00:00:00'],
    ['2026-03-29T00:59:59Z', '2026-03-29', '02:59:59'], // last second of winter time
    ['2026-03-29T01:00:00Z', '2026-03-29', '04:00:00'], // clocks jump 03:00 → 04:00
    ['2026-10-25T00:30:00Z', '2026-10-25', '03:30:00'], // first 03:30, summer time
    ['2026-10-25T01:30:00Z', '2026-10-25', '03:30:00'], // second 03:30, winter time
    ['2024-02-29T12:00:00Z', '2024-02-29', '14:00:00'],
  ])('%s is %s %s in Kyiv', (instant, date, time) => {
    expect(kyivDate(utc(instant))).toBe(date);
    expect(kyivTime(utc(instant))).toBe(time);
  });

  it.each([
    ['2026-07-02', undefined, '2026-07-01T21:00:00Z'],
    ['2026-01-15', '09:00', '2026-01-15T07:00:00Z'],
    ['2026-07-15', '09:00:30', '2026-07-15T06:00:30Z'],
    ['2026-03-29', '02:30', '2026-03-29T00:30:00Z'], // before the spring switch
    ['2026-03-29', '04:30', '2026-03-29T01:30:00Z'], // after it
    ['2026-03-29', '03:30', '2026-03-29T01:30:00Z'], // skipped: read as 04:30 summer time
    ['2026-10-25', '02:30', '2026-10-24T23:30:00Z'],
    ['2026-10-25', '03:30', '2026-10-25T00:30:00Z'], // repeated: the first (summer) one
    ['2026-10-25', '04:30', '2026-10-25T02:30:00Z'],
    ['2027-03-28', '00:00', '2027-03-27T22:00:00Z'], // switch day of 2027 begins in winter time
  ])('kyivInstant(%s, %s) = %s', (date, time, expected) => {
    expect(kyivInstant(date, time)).toBe(utc(expected));
  });

  it('lands a skipped spring time after the jump', () => {
    expect(kyivTime(kyivInstant('2026-03-29', '03:30'))).toBe('04:30:00');
  });

  it.each([
    ['2026-07-15', '2026-07-15T20:59:59.999Z'], // summer
    ['2026-01-15', '2026-01-15T21:59:59.999Z'], // winter
    ['2026-03-29', '2026-03-29T20:59:59.999Z'], // a 23-hour day
    ['2026-10-25', '2026-10-25T21:59:59.999Z'], // a 25-hour day
    ['2024-12-31', '2024-12-31T21:59:59.999Z'],
  ])('endOfKyivDay(%s) = %s', (date, expected) => {
    expect(endOfKyivDay(date)).toBe(utc(expected));
    expect(kyivDate(endOfKyivDay(date))).toBe(date);
    expect(kyivDate(endOfKyivDay(date) + 1)).toBe(addCalendarDays(date, 1));
  });

  it('sameKyivDay follows Kyiv midnight, not UTC midnight', () => {
    expect(sameKyivDay(utc('2026-07-01T20:59:59Z'), utc('2026-07-01T00:00:00Z'))).toBe(true);
    expect(sameKyivDay(utc('2026-07-01T21:00:00Z'), utc('2026-07-01T20:59:59Z'))).toBe(false);
    expect(sameKyivDay(utc('2026-07-01T21:00:00Z'), utc('2026-07-02T12:00:00Z'))).toBe(true);
  });

  it.each(['2026-02-30', '2026-13-01', '26-03-06', '2026-3-6', '', '2026-03-06T00:00'])(
    'refuses the date %j',
    (date) => {
      expect(() => kyivInstant(date)).toThrow(RangeError);
      expect(() => weekday(date)).toThrow(RangeError);
    },
  );

  it.each(['24:00', '9:00', '09:60', '09:00:60', 'noon'])('refuses the time %j', (time) => {
    expect(() => kyivInstant('2026-03-06', time)).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 1, '2026-03-30'], // the 23-hour day does not matter
    ['2026-03-06', 0, '2026-03-06'],
  ])('%s + %i = %s', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });
});

describe('workingDayDeadline', () => {
  it.each([
    // event, n, mode, deadline
    ['2026-03-06T14:00:00Z', 3, 'martial', '2026-03-11T21:59:59.999Z'], // Fri 16:00 → end of Wed
    ['2026-03-06T14:00:00Z', 3, 'peace', '2026-03-12T21:59:59.999Z'],
    ['2026-03-05T21:30:00Z', 3, 'martial', '2026-03-10T21:59:59.999Z'], // Thu 23:30 Kyiv → Tue
    ['2026-03-05T22:30:00Z', 3, 'martial', '2026-03-11T21:59:59.999Z'], // Fri 00:30 Kyiv → Wed
    ['2026-07-01T21:30:00Z', 1, 'martial', '2026-07-03T20:59:59.999Z'], // Thu 00:30 Kyiv → Fri, summer
    ['2026-03-27T10:00:00Z', 1, 'martial', '2026-03-30T20:59:59.999Z'], // across the spring switch
    ['2026-03-06T14:00:00Z', 0, 'martial', '2026-03-06T21:59:59.999Z'],
    ['2026-10-23T10:00:00Z', 1, 'martial', '2026-10-26T21:59:59.999Z'], // across the autumn switch
  ])('event %s + %i working days (%s) ends %s', (event, n, mode, expected) => {
    expect(workingDayDeadline(utc(event), n as number, mode === 'martial' ? MARTIAL : PEACE)).toBe(utc(expected));
  });

  it('uses martial law unless told otherwise', () => {
    expect(workingDayDeadline(utc('2027-03-05T10:00:00Z'), 1)).toBe(utc('2027-03-08T21:59:59.999Z'));
  });
});
