// РНОКПП (ІПН), the 10-digit taxpayer number of a natural person: birth date, sex and a check digit (protocol-facts §6.1).

import type { Rng } from '../random.ts';
import { type CheckResult, type IsoDate, digitsOf, fail, quote } from './check.ts';
import { epochDayOf, fromEpochDay, toEpochDay } from './iso-date.ts';

export { corruptCheckDigit } from './check.ts';

export type Sex = 'male' | 'female';

const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
// Digits 1–5 count days from 31.12.1899, so 00001 is 01.01.1900.
const DAY_ZERO = epochDayOf(1899, 12, 31);
const MAX_DAYS = 99_999;

/** Check digit for the first nine digits: (Σ dᵢ·wᵢ mod 11) mod 10, the weighted sum may be negative. */
export function rnokppCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new RangeError(`rnokppCheckDigit needs 9 digits, got ${quote(first9)}`);
  const sum = digitsOf(first9).reduce((acc, d, i) => acc + d * (WEIGHTS[i] as number), 0);
  return (((sum % 11) + 11) % 11) % 10;
}

/**
 * Validates a РНОКПП and decodes the birth date and sex it carries.
 * Example: checkRnokpp('1759013776') -> { ok: true, birthDate: '1948-02-28', sex: 'male' }.
 */
export function checkRnokpp(s: string): CheckResult<{ birthDate: IsoDate; sex: Sex }> {
  if (typeof s !== 'string') return fail('РНОКПП must be a string of 10 digits');
  if (!/^\d+$/.test(s)) return fail(`РНОКПП ${quote(s)} must contain digits only (10 digits, no spaces or letters)`);
  if (s.length !== 10) return fail(`РНОКПП must be 10 digits, got ${s.length}`);
  const days = Number(s.slice(0, 5));
  if (days === 0) return fail('digits 1–5 must count days since 1899-12-31 and cannot be 00000');
  const expected = rnokppCheckDigit(s.slice(0, 9));
  const actual = Number(s[9]);
  if (actual !== expected) return fail(`check digit is ${actual}, expected ${expected}`);
  return {
    ok: true,
    birthDate: fromEpochDay(DAY_ZERO + days),
    sex: Number(s[8]) % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidRnokpp(s: string): boolean {
  return checkRnokpp(s).ok;
}

/**
 * A valid РНОКПП that decodes to the given birth date and sex; the serial digits come from `rng`.
 * Birth dates from 1900-01-01 to 2173-10-14 fit the five date digits.
 */
export function generateRnokpp(rng: Rng, opts: { birthDate: IsoDate; sex: Sex }): string {
  const days = toEpochDay(opts.birthDate) - DAY_ZERO;
  if (days < 1 || days > MAX_DAYS) {
    throw new RangeError(`birth date ${opts.birthDate} cannot be encoded in a РНОКПП (1900-01-01 .. 2173-10-14)`);
  }
  const sexDigit = 2 * rng.int(0, 4) + (opts.sex === 'male' ? 1 : 0);
  const first9 = String(days).padStart(5, '0') + rng.digits(3) + String(sexDigit);
  return first9 + String(rnokppCheckDigit(first9));
}
