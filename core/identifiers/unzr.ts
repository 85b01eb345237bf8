// УНЗР, the unique record number in ЄДДР: birth date, a 4-digit serial and an ICAO 9303 check digit (protocol-facts §6.2).

import type { Rng } from '../random.ts';
import { type CheckResult, type IsoDate, digitsOf, fail, quote } from './check.ts';
import { parseIsoDate } from './iso-date.ts';

const ICAO_WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303 check digit over the first 12 digits (dash ignored): weights 7,3,1 repeating, sum mod 10. */
export function unzrCheckDigit(first12: string): number {
  const digits = first12.replace('-', '');
  if (!/^\d{12}$/.test(digits)) throw new RangeError(`unzrCheckDigit needs 12 digits, got ${quote(first12)}`);
  return digitsOf(digits).reduce((acc, d, i) => acc + d * (ICAO_WEIGHTS[i % 3] as number), 0) % 10;
}

/**
 * Validates a УНЗР written either as shown on documents ('19900101-00018') or as 14 bare digits.
 * On success returns the birth date and the canonical dashed form.
 */
export function checkUnzr(s: string): CheckResult<{ birthDate: IsoDate; unzr: string }> {
  if (typeof s !== 'string') return fail('УНЗР must be a string like YYYYMMDD-NNNNC');
  const m = /^(\d{8})-?(\d{5})$/.exec(s);
  if (!m) {
    if (/[^\d-]/.test(s)) return fail(`УНЗР ${quote(s)} may contain only digits and one dash (YYYYMMDD-NNNNC)`);
    const digitCount = s.replace(/-/g, '').length;
    if (digitCount !== 13) return fail(`УНЗР must have 13 digits (YYYYMMDD-NNNNC), got ${digitCount}`);
    return fail(`УНЗР ${quote(s)} must be written YYYYMMDD-NNNNC or as 13 digits without a dash`);
  }
  const date = m[1] as string;
  const tail = m[2] as string;
  const isoDate = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  if (!parseIsoDate(isoDate)) return fail(`digits 1–8 must be a real birth date YYYYMMDD, got ${date}`);
  const serial = tail.slice(0, 4);
  if (serial === '0000') return fail('record number (digits 9–12) must be 0001–9999, got 0000');
  const expected = unzrCheckDigit(date + serial);
  const actual = Number(tail[4]);
  if (actual !== expected) return fail(`check digit is ${actual}, expected ${expected}`);
  return { ok: true, birthDate: isoDate, unzr: `${date}-${tail}` };
}

export function isValidUnzr(s: string): boolean {
  return checkUnzr(s).ok;
}

/** The dashed display form 'YYYYMMDD-NNNNC' of a УНЗР given with or without its dash. */
export function formatUnzr(s: string): string {
  const digits = s.replace('-', '');
  if (!/^\d{13}$/.test(digits)) throw new RangeError(`formatUnzr needs 13 digits, got ${quote(s)}`);
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
}

/** A valid УНЗР for a person born on `birthDate`, in the dashed form. */
export function generateUnzr(rng: Rng, birthDate: IsoDate): string {
  if (!parseIsoDate(birthDate)) throw new RangeError(`birth date '${birthDate}' is not a real YYYY-MM-DD date`);
  const first12 = birthDate.replace(/-/g, '') + String(rng.int(1, 9999)).padStart(4, '0');
  return formatUnzr(first12 + String(unzrCheckDigit(first12)));
}
