// ЄДРПОУ, the 8-digit code of a legal entity; for polihon also the X-Road memberCode of every body (protocol-facts §4.1, §6.4).

import type { Rng } from '../random.ts';
import { type CheckResult, digitsOf, fail, quote } from './check.ts';

const BASE_WEIGHTS = [1, 2, 3, 4, 5, 6, 7] as const;
// Codes from 30 000 000 to 59 999 999 start the weights at 7 instead of 1.
const MIDDLE_WEIGHTS = [7, 1, 2, 3, 4, 5, 6] as const;

/** Check digit for the first seven digits, with the +2 second pass when the first sum leaves 10. */
export function edrpouCheckDigit(first7: string): number {
  if (!/^\d{7}$/.test(first7)) throw new RangeError(`edrpouCheckDigit needs 7 digits, got ${quote(first7)}`);
  const digits = digitsOf(first7);
  const weights = '345'.includes(first7[0] as string) ? MIDDLE_WEIGHTS : BASE_WEIGHTS;
  const sum = (extra: number): number => digits.reduce((acc, d, i) => acc + d * ((weights[i] as number) + extra), 0);
  const first = sum(0) % 11;
  if (first < 10) return first;
  return (sum(2) % 11) % 10;
}

/** Validates an ЄДРПОУ code; leading zeros are part of it ('00032684' is МВС). */
export function checkEdrpou(s: string): CheckResult {
  if (typeof s !== 'string') return fail('ЄДРПОУ must be a string of 8 digits');
  if (!/^\d+$/.test(s)) return fail(`ЄДРПОУ ${quote(s)} must contain digits only (8 digits, leading zeros kept)`);
  if (s.length !== 8) {
    const hint = s.length < 8 ? '; leading zeros must be kept' : '';
    return fail(`ЄДРПОУ must be 8 digits, got ${s.length}${hint}`);
  }
  const expected = edrpouCheckDigit(s.slice(0, 7));
  const actual = Number(s[7]);
  if (actual !== expected) return fail(`check digit is ${actual}, expected ${expected}`);
  return { ok: true };
}

export function isValidEdrpou(s: string): boolean {
  return checkEdrpou(s).ok;
}

/** A checksum-valid ЄДРПОУ; not a registered entity, so simulated members can be invented freely. */
export function generateEdrpou(rng: Rng): string {
  const first7 = rng.digits(7);
  return first7 + String(edrpouCheckDigit(first7));
}
