import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import {
  BOOKLET_SERIES_LETTERS,
  checkBookletPassport,
  checkIdCardNumber,
  generateBookletPassport,
  generateIdCardNumber,
  isValidBookletPassport,
  isValidIdCardNumber,
} from './passport.ts';

describe('checkIdCardNumber', () => {
  it('accepts 9 digits, leading zeros included', () => {
    expect(checkIdCardNumber('001234567')).toEqual({ ok: true });
  });

  it.each([
    ['12345678', 'ID-card number must be 9 digits, got 8'],
    ['1234567890', 'ID-card number must be 9 digits, got 10'],
    ['12345678A', "ID-card number '12345678A' must contain digits only (9 digits)"],
    ['АА123456', "ID-card number 'АА123456' must contain digits only (9 digits)"],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkIdCardNumber(input)).toEqual({ ok: false, reason });
    expect(isValidIdCardNumber(input)).toBe(false);
  });

  it('generates 500 valid numbers', () => {
    const rng = createRng(4);
    for (let i = 0; i < 500; i++) expect(isValidIdCardNumber(generateIdCardNumber(rng))).toBe(true);
  });
});

describe('checkBookletPassport', () => {
  it('accepts Ukrainian series letters and returns series and number apart', () => {
    expect(checkBookletPassport('АА123456')).toEqual({ ok: true, series: 'АА', number: '123456' });
    expect(checkBookletPassport('ҐЇ000001')).toEqual({ ok: true, series: 'ҐЇ', number: '000001' });
  });

  it.each([
    ['AA123456', "series 'AA' has the Latin letter 'A'; type it in Cyrillic capitals"],
    ['аа123456', "series 'аа' must be in capital letters"],
    ['ЬА123456', "series 'ЬА' must be 2 capital Ukrainian letters (not Ь), got 'Ь'"],
    ['ЫА123456', "series 'ЫА' must be 2 capital Ukrainian letters (not Ь), got 'Ы'"],
    ['А1123456', "series 'А1' must be 2 capital Ukrainian letters (not Ь), got '1'"],
    ['АА12345', 'booklet passport must be 8 characters (2 Cyrillic letters + 6 digits), got 7'],
    ['АА 123456', 'booklet passport must be 8 characters (2 Cyrillic letters + 6 digits), got 9'],
    ['АА12345Б', "number '12345Б' must be 6 digits"],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkBookletPassport(input)).toEqual({ ok: false, reason });
    expect(isValidBookletPassport(input)).toBe(false);
  });

  it('uses 32 letters: the Ukrainian alphabet without Ь', () => {
    expect(BOOKLET_SERIES_LETTERS).toHaveLength(32);
    expect(BOOKLET_SERIES_LETTERS).not.toContain('Ь');
    for (const ch of ['Ґ', 'Є', 'І', 'Ї']) expect(BOOKLET_SERIES_LETTERS).toContain(ch);
  });

  it('generates 500 valid booklet numbers', () => {
    const rng = createRng(6);
    for (let i = 0; i < 500; i++) {
      const value = generateBookletPassport(rng);
      expect(checkBookletPassport(value).ok, value).toBe(true);
    }
  });
});
