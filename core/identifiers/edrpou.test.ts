import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { corruptCheckDigit } from './check.ts';
import { checkEdrpou, edrpouCheckDigit, generateEdrpou, isValidEdrpou } from './edrpou.ts';

describe('checkEdrpou', () => {
  it.each([
    ['00032684', 'МВС'],
    ['43395033', 'ДП «Дія»'],
    ['00035323', 'ПФУ'],
    ['37552598', ''],
    ['40165856', ''],
    ['42032422', 'НСЗУ'],
    ['34239034', ''],
    ['43005393', 'ДПС'],
    ['00032112', ''],
    ['37508470', 'ДМС (unverified)'],
  ])('accepts the real code %s %s', (code) => {
    expect(checkEdrpou(code)).toEqual({ ok: true });
  });

  it.each([
    ['00032685', 'check digit is 5, expected 4'],
    ['32684', 'ЄДРПОУ must be 8 digits, got 5; leading zeros must be kept'],
    ['430053093', 'ЄДРПОУ must be 8 digits, got 9'],
    ['0003268A', "ЄДРПОУ '0003268A' must contain digits only (8 digits, leading zeros kept)"],
    ['', "ЄДРПОУ '' must contain digits only (8 digits, leading zeros kept)"],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkEdrpou(input)).toEqual({ ok: false, reason });
    expect(isValidEdrpou(input)).toBe(false);
  });

  it('uses the 7,1,2… weights from 30 000 000 to 59 999 999 only', () => {
    // Same seven leading digits pattern, different weights: 3000001 vs 2000001.
    expect(edrpouCheckDigit('3000001')).toBe((3 * 7 + 1 * 6) % 11);
    expect(edrpouCheckDigit('2000001')).toBe((2 * 1 + 1 * 7) % 11);
    expect(edrpouCheckDigit('6000001')).toBe((6 * 1 + 1 * 7) % 11);
  });

  it('falls back to weights +2 when the first sum leaves 10, and to 0 when that leaves 10 too', () => {
    // 0000003: 3·7 = 21 → 10; with +2: 3·9 = 27 → 5.
    expect(edrpouCheckDigit('0000003')).toBe(5);
    // 0000281: 2·5 + 8·6 + 1·7 = 65 → 10; with +2: 2·7 + 8·8 + 1·9 = 87 → 10 → 0.
    expect(edrpouCheckDigit('0000281')).toBe(0);
  });
});

describe('generateEdrpou', () => {
  it('produces 500 valid codes, and corrupting the check digit makes them fail', () => {
    const rng = createRng(5);
    for (let i = 0; i < 500; i++) {
      const code = generateEdrpou(rng);
      expect(code).toMatch(/^\d{8}$/);
      expect(checkEdrpou(code)).toEqual({ ok: true });
      expect(checkEdrpou(corruptCheckDigit(code)).ok).toBe(false);
    }
  });
});
