import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { corruptCheckDigit } from './check.ts';
import { addDays } from './iso-date.ts';
import { checkUnzr, formatUnzr, generateUnzr, isValidUnzr, unzrCheckDigit } from './unzr.ts';

describe('checkUnzr', () => {
  it.each([
    ['19900101-00018', '1990-01-01'],
    ['20001231-01239', '2000-12-31'],
    ['19850715-09995', '1985-07-15'],
  ])('accepts the computed vector %s', (unzr, birthDate) => {
    expect(checkUnzr(unzr)).toEqual({ ok: true, birthDate, unzr });
  });

  it('accepts the 13 bare digits and returns the dashed form', () => {
    expect(checkUnzr('1990010100018')).toEqual({ ok: true, birthDate: '1990-01-01', unzr: '19900101-00018' });
  });

  it.each([
    ['19900101-00017', 'check digit is 7, expected 8'],
    ['19900101-0001', 'УНЗР must have 13 digits (YYYYMMDD-NNNNC), got 12'],
    ['19900101-000180', 'УНЗР must have 13 digits (YYYYMMDD-NNNNC), got 14'],
    ['1990010-100018', "УНЗР '1990010-100018' must be written YYYYMMDD-NNNNC or as 13 digits without a dash"],
    ['19900101-0001A', "УНЗР '19900101-0001A' may contain only digits and one dash (YYYYMMDD-NNNNC)"],
    ['19900101 00018', "УНЗР '19900101 00018' may contain only digits and one dash (YYYYMMDD-NNNNC)"],
    ['19900230-00018', 'digits 1–8 must be a real birth date YYYYMMDD, got 19900230'],
    ['19901301-00018', 'digits 1–8 must be a real birth date YYYYMMDD, got 19901301'],
    ['19900101-00000', 'record number (digits 9–12) must be 0001–9999, got 0000'],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkUnzr(input)).toEqual({ ok: false, reason });
    expect(isValidUnzr(input)).toBe(false);
  });

  it('computes the ICAO 9303 digit over the date and record number, dash or not', () => {
    expect(unzrCheckDigit('199001010001')).toBe(8);
    expect(unzrCheckDigit('19900101-0001')).toBe(8);
  });
});

describe('formatUnzr', () => {
  it('inserts the dash after the date and leaves a dashed value alone', () => {
    expect(formatUnzr('1990010100018')).toBe('19900101-00018');
    expect(formatUnzr('19900101-00018')).toBe('19900101-00018');
    expect(() => formatUnzr('123')).toThrow(RangeError);
  });
});

describe('generateUnzr', () => {
  it('produces 500 valid numbers that start with the birth date, and corrupting them fails', () => {
    const rng = createRng(77);
    for (let i = 0; i < 500; i++) {
      const birthDate = addDays('1930-01-01', rng.int(0, 35_000));
      const unzr = generateUnzr(rng, birthDate);
      expect(unzr.startsWith(birthDate.replace(/-/g, '') + '-')).toBe(true);
      expect(checkUnzr(unzr)).toEqual({ ok: true, birthDate, unzr });
      expect(checkUnzr(corruptCheckDigit(unzr)).ok).toBe(false);
    }
  });

  it('refuses a date that does not exist', () => {
    expect(() => generateUnzr(createRng(1), '2023-02-29')).toThrow(RangeError);
  });
});
