import { describe, expect, it } from 'vitest';
import { addDays, addYears, ageOn, fromEpochDay, parseIsoDate, toEpochDay } from './iso-date.ts';

describe('iso-date', () => {
  it('parses only real dates in YYYY-MM-DD form', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2023-02-29', '1990-13-01', '1990-00-10', '1990-1-1', '19900101', '2024-04-31']) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
  });

  it('round-trips epoch days, including before 1970 and years below 100', () => {
    for (const date of ['1899-12-31', '1900-01-01', '1948-02-28', '1970-01-01', '2173-10-14', '0050-06-01']) {
      expect(fromEpochDay(toEpochDay(date))).toBe(date);
    }
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(addDays('1899-12-31', 17_590)).toBe('1948-02-28');
  });

  it('moves 29 February to 28 February in a common year', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('counts age the way birthdays are counted', () => {
    expect(ageOn('2000-03-01', '2024-02-29')).toBe(23);
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('1948-02-28', '1948-02-28')).toBe(0);
    expect(() => ageOn('1948-02-30', '2000-01-01')).toThrow(RangeError);
  });
});
