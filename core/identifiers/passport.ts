// Ukrainian passport numbers: the ID card's 9-digit number and the old booklet's series + number (protocol-facts §6.3).
// Neither carries a check digit, so only the form can be validated.

import type { Rng } from '../random.ts';
import { type CheckResult, fail, quote } from './check.ts';

/** Capital letters of the Ukrainian alphabet without Ь, the letters a booklet series is made of. */
export const BOOKLET_SERIES_LETTERS = [...'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ'] as const;
const SERIES_LETTERS = new Set<string>(BOOKLET_SERIES_LETTERS);
// A series typed on a Latin layout ('AA' for 'АА') looks right and is the commonest mistake.
const LATIN = /[A-Za-z]/;

/** Validates an ID-card (паспорт у формі картки) document number: exactly 9 digits. */
export function checkIdCardNumber(s: string): CheckResult {
  if (typeof s !== 'string') return fail('ID-card number must be a string of 9 digits');
  if (!/^\d+$/.test(s)) return fail(`ID-card number ${quote(s)} must contain digits only (9 digits)`);
  if (s.length !== 9) return fail(`ID-card number must be 9 digits, got ${s.length}`);
  return { ok: true };
}

export function isValidIdCardNumber(s: string): boolean {
  return checkIdCardNumber(s).ok;
}

export function generateIdCardNumber(rng: Rng): string {
  return rng.digits(9);
}

/**
 * Validates a booklet passport written as series + number without a space, e.g. 'АА123456'.
 * On success returns the two parts, as registries store them apart.
 */
export function checkBookletPassport(s: string): CheckResult<{ series: string; number: string }> {
  if (typeof s !== 'string') return fail('booklet passport must be a string like АА123456');
  if (s.length !== 8) return fail(`booklet passport must be 8 characters (2 Cyrillic letters + 6 digits), got ${s.length}`);
  const series = s.slice(0, 2);
  const number = s.slice(2);
  for (const ch of series) {
    if (SERIES_LETTERS.has(ch)) continue;
    if (LATIN.test(ch)) return fail(`series ${quote(series)} has the Latin letter '${ch}'; type it in Cyrillic capitals`);
    if (SERIES_LETTERS.has(ch.toUpperCase())) return fail(`series ${quote(series)} must be in capital letters`);
    return fail(`series ${quote(series)} must be 2 capital Ukrainian letters (not Ь), got '${ch}'`);
  }
  if (!/^\d{6}$/.test(number)) return fail(`number ${quote(number)} must be 6 digits`);
  return { ok: true, series, number };
}

export function isValidBookletPassport(s: string): boolean {
  return checkBookletPassport(s).ok;
}

export function generateBookletPassport(rng: Rng): string {
  return rng.pick(BOOKLET_SERIES_LETTERS) + rng.pick(BOOKLET_SERIES_LETTERS) + rng.digits(6);
}
