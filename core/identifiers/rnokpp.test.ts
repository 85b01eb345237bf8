import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { addDays } from './iso-date.ts';
import { checkRnokpp, corruptCheckDigit, generateRnokpp, isValidRnokpp, rnokppCheckDigit } from './rnokpp.ts';

describe('checkRnokpp', () => {
  it('accepts the python-stdnum vector and decodes birth date and sex', () => {
    expect(checkRnokpp('1759013776')).toEqual({ ok: true, birthDate: '1948-02-28', sex: 'male' });
    expect(isValidRnokpp('1759013776')).toBe(true);
  });

  it('rejects a wrong check digit and names the expected one', () => {
    expect(checkRnokpp('1759013770')).toEqual({ ok: false, reason: 'check digit is 0, expected 6' });
    expect(isValidRnokpp('1759013770')).toBe(false);
  });

  it.each([
    ['175901377', 'РНОКПП must be 10 digits, got 9'],
    ['17590137761', 'РНОКПП must be 10 digits, got 11'],
    ['', "РНОКПП '' must contain digits only (10 digits, no spaces or letters)"],
    ['17590137A6', "РНОКПП '17590137A6' must contain digits only (10 digits, no spaces or letters)"],
    ['1759 013776', "РНОКПП '1759 013776' must contain digits only (10 digits, no spaces or letters)"],
    ['0000012340', 'digits 1–5 must count days since 1899-12-31 and cannot be 00000'],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkRnokpp(input)).toEqual({ ok: false, reason });
  });

  it('counts day 00001 as 1900-01-01 and decodes an even digit 9 as female', () => {
    const first9 = '000010002';
    const result = checkRnokpp(first9 + String(rnokppCheckDigit(first9)));
    expect(result).toEqual({ ok: true, birthDate: '1900-01-01', sex: 'female' });
  });

  it('handles a negative weighted sum (weight -1 on digit 1)', () => {
    // 9·(-1) + 0… = -9 → mod 11 must be 2, not -9.
    expect(rnokppCheckDigit('900000000')).toBe(2);
  });
});

describe('generateRnokpp', () => {
  it('round-trips 500 birth dates and sexes through the validator', () => {
    const rng = createRng(2024);
    for (let i = 0; i < 500; i++) {
      const birthDate = addDays('1920-01-01', rng.int(0, 36_500));
      const sex = rng.pick(['male', 'female'] as const);
      const code = generateRnokpp(rng, { birthDate, sex });
      expect(checkRnokpp(code)).toEqual({ ok: true, birthDate, sex });
      const corrupted = checkRnokpp(corruptCheckDigit(code));
      expect(corrupted.ok).toBe(false);
      if (!corrupted.ok) expect(corrupted.reason).toMatch(/^check digit is \d, expected \d$/);
    }
  });

  it('is deterministic for a seed', () => {
    const a = generateRnokpp(createRng(1), { birthDate: '1990-05-17', sex: 'female' });
    const b = generateRnokpp(createRng(1), { birthDate: '1990-05-17', sex: 'female' });
    expect(a).toBe(b);
  });

  it('refuses birth dates the five date digits cannot hold', () => {
    expect(() => generateRnokpp(createRng(1), { birthDate: '1899-12-31', sex: 'male' })).toThrow(RangeError);
    expect(() => generateRnokpp(createRng(1), { birthDate: '1990-02-30', sex: 'male' })).toThrow(RangeError);
  });
});

describe('corruptCheckDigit', () => {
  it('changes only the last digit', () => {
    expect(corruptCheckDigit('1759013776')).toBe('1759013777');
    expect(corruptCheckDigit('4006381333939')).toBe('4006381333930');
    expect(() => corruptCheckDigit('UA7102001')).not.toThrow();
    expect(() => corruptCheckDigit('ABC')).toThrow(RangeError);
  });
});
