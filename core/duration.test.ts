import { describe, expect, it } from 'vitest';
import { formatTimeSpec, parseTimeSpec, resolveTimeSpec, TimeSpecError, type TimeSpec } from './duration.ts';

const utc = (iso: string) => Date.parse(iso);

describe('parseTimeSpec accepts', () => {
  const cases: Array<[string, TimeSpec]> = [
    ['181s', { kind: 'duration', ms: 181_000 }],
    ['5m', { kind: 'duration', ms: 300_000 }],
    ['2h', { kind: 'duration', ms: 7_200_000 }],
    ['1d', { kind: 'duration', ms: 86_400_000 }],
    ['1500ms', { kind: 'duration', ms: 1500 }],
    ['0s', { kind: 'duration', ms: 0 }],
    ['3 minutes', { kind: 'duration', ms: 180_000 }],
    ['1 minute', { kind: 'duration', ms: 60_000 }],
    ['2 hours', { kind: 'duration', ms: 7_200_000 }],
    ['1 day', { kind: 'duration', ms: 86_400_000 }],
    ['7 days', { kind: 'duration', ms: 604_800_000 }],
    ['30 seconds', { kind: 'duration', ms: 30_000 }],
    ['180 s', { kind: 'duration', ms: 180_000 }],
    ['5 хвилин', { kind: 'duration', ms: 300_000 }],
    ['2 години', { kind: 'duration', ms: 7_200_000 }],
    ['1 доба', { kind: 'duration', ms: 86_400_000 }],
    ['3 working days', { kind: 'working-days', n: 3 }],
    ['1 working day', { kind: 'working-days', n: 1 }],
    ['0 working days', { kind: 'working-days', n: 0 }],
    ['2 робочі дні', { kind: 'working-days', n: 2 }],
    ['5 робочих днів', { kind: 'working-days', n: 5 }],
    ['1 робочий день', { kind: 'working-days', n: 1 }],
    ['same day', { kind: 'same-day' }],
    ['той самий день', { kind: 'same-day' }],
    ['next working day', { kind: 'next-working-day' }],
    ['next working day 09:00', { kind: 'next-working-day', at: '09:00' }],
    ['next working day at 9:30', { kind: 'next-working-day', at: '09:30' }],
    ['next working day 17:45:30', { kind: 'next-working-day', at: '17:45:30' }],
    ['наступний робочий день', { kind: 'next-working-day' }],
    ['наступний робочий день о 10:00', { kind: 'next-working-day', at: '10:00' }],
    // trimmed, case-insensitive, repeated spaces ignored
    ['  3 Working  Days ', { kind: 'working-days', n: 3 }],
    ['Same Day', { kind: 'same-day' }],
    ['181S', { kind: 'duration', ms: 181_000 }],
    ['Той Самий День', { kind: 'same-day' }],
    ['NEXT WORKING DAY 09:00', { kind: 'next-working-day', at: '09:00' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseTimeSpec(text)).toEqual(expected);
  });
});

describe('parseTimeSpec rejects', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['181', /no unit/],
    ['5 fortnights', /not a time/],
    ['-5m', /not a time/],
    ['1.5h', /not a time/],
    ['3 days 2 hours', /not a time/],
    ['three working days', /not a time/],
    ['working days', /not a time/],
    ['3 working', /not a time/],
    ['tomorrow', /not a time/],
    ['next day', /not a time/],
    ['next working day 25:00', /no such time/],
    ['next working day 09:61', /no such time/],
    ['next working day 9', /not a time/],
    ['same day 10:00', /not a time/],
    ['99999999999999999999s', /too long/],
  ];
  it.each(cases)('%j', (text, message) => {
    let error: unknown;
    try {
      parseTimeSpec(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TimeSpecError);
    const e = error as TimeSpecError;
    expect(e.name).toBe('TimeSpecError');
    expect(e.message).toMatch(message);
    expect(e.input).toBe(text);
    expect(e.hint.length).toBeGreaterThan(0);
  });

  it('lists the accepted forms in the hint', () => {
    try {
      parseTimeSpec('soon');
      expect.unreachable();
    } catch (err) {
      const hint = (err as TimeSpecError).hint;
      for (const form of ['181s', '3 working days', '2 робочі дні', 'same day', 'next working day 09:00']) {
        expect(hint).toContain(form);
      }
    }
  });

  it('explains a bare number from YAML', () => {
    expect(() => parseTimeSpec(5 as unknown as string)).toThrow(/unit/);
  });
});

describe('formatTimeSpec', () => {
  const cases: Array<[TimeSpec, string]> = [
    [{ kind: 'duration', ms: 181_000 }, '181s'],
    [{ kind: 'duration', ms: 300_000 }, '5m'],
    [{ kind: 'duration', ms: 7_200_000 }, '2h'],
    [{ kind: 'duration', ms: 172_800_000 }, '2d'],
    [{ kind: 'duration', ms: 1500 }, '1500ms'],
    [{ kind: 'duration', ms: 0 }, '0s'],
    [{ kind: 'working-days', n: 1 }, '1 working day'],
    [{ kind: 'working-days', n: 3 }, '3 working days'],
    [{ kind: 'same-day' }, 'same day'],
    [{ kind: 'next-working-day' }, 'next working day'],
    [{ kind: 'next-working-day', at: '09:00' }, 'next working day 09:00'],
  ];
  it.each(cases)('%j → %s, and back', (spec, text) => {
    expect(formatTimeSpec(spec)).toBe(text);
    expect(parseTimeSpec(text)).toEqual(spec);
  });
});

describe('resolveTimeSpec', () => {
  const FRI_1600 = '2026-03-06T14:00:00Z'; // Friday 16:00 Kyiv, winter time
  const cases: Array<[string, string, 'martial' | 'peace', string]> = [
    // phrase, from, calendar, resolves to
    ['181s', FRI_1600, 'martial', '2026-03-06T14:03:01Z'],
    ['1d', '2026-03-28T12:00:00Z', 'martial', '2026-03-29T12:00:00Z'], // 24 h, not "same time tomorrow"
    ['3 working days', FRI_1600, 'martial', '2026-03-11T21:59:59.999Z'],
    ['3 working days', FRI_1600, 'peace', '2026-03-12T21:59:59.999Z'], // Mon 9 Mar is a transfer day
    ['1 working day', '2026-06-30T18:00:00Z', 'martial', '2026-07-01T20:59:59.999Z'], // summer
    ['same day', FRI_1600, 'martial', '2026-03-06T21:59:59.999Z'],
    ['same day', '2026-07-01T21:30:00Z', 'martial', '2026-07-02T20:59:59.999Z'], // already 2 July in Kyiv
    ['next working day', FRI_1600, 'martial', '2026-03-08T22:00:00Z'], // Mon 00:00 Kyiv
    ['next working day 09:00', FRI_1600, 'martial', '2026-03-09T07:00:00Z'],
    ['next working day 09:00', FRI_1600, 'peace', '2026-03-10T07:00:00Z'],
    ['next working day 09:00', '2026-03-27T10:00:00Z', 'martial', '2026-03-30T06:00:00Z'], // summer by Monday
    ['наступний робочий день 09:00', '2027-04-30T10:00:00Z', 'peace', '2027-05-05T06:00:00Z'],
  ];
  it.each(cases)('%j from %s (%s) → %s', (text, from, mode, expected) => {
    const opts = { martialLaw: mode === 'martial' };
    expect(resolveTimeSpec(parseTimeSpec(text), utc(from), opts)).toBe(utc(expected));
  });

  it('uses martial law unless told otherwise', () => {
    expect(resolveTimeSpec({ kind: 'working-days', n: 1 }, utc('2027-03-05T10:00:00Z'))).toBe(
      utc('2027-03-08T21:59:59.999Z'),
    );
  });
});
