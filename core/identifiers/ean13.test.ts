import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { corruptCheckDigit } from './check.ts';
import { checkEan13, ean13CheckDigit, generateEan13, isValidEan13 } from './ean13.ts';

describe('checkEan13', () => {
  it.each(['4006381333931', '5901234123457', '9780201379624'])('accepts the real EAN %s', (code) => {
    expect(checkEan13(code)).toEqual({ ok: true });
  });

  it.each([
    ['4006381333932', 'check digit is 2, expected 1'],
    ['400638133393', 'EAN-13 must be 13 digits, got 12'],
    ['40063813339310', 'EAN-13 must be 13 digits, got 14'],
    ['400638133393X', "EAN-13 '400638133393X' must contain digits only"],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkEan13(input)).toEqual({ ok: false, reason });
    expect(isValidEan13(input)).toBe(false);
  });

  it('gives 0, not 10, when the sum is already a multiple of 10', () => {
    expect(ean13CheckDigit('000000000000')).toBe(0);
  });
});

describe('generateEan13', () => {
  it('produces 500 valid codes, and corrupting the check digit makes them fail', () => {
    const rng = createRng(13);
    for (let i = 0; i < 500; i++) {
      const code = generateEan13(rng);
      expect(checkEan13(code)).toEqual({ ok: true });
      expect(checkEan13(corruptCheckDigit(code)).ok).toBe(false);
    }
  });
});
