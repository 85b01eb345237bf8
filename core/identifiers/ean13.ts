// EAN-13, the barcode number a Дія document shows under its QR code (protocol-facts §6.6).

import type { Rng } from '../random.ts';
import { type CheckResult, digitsOf, fail, quote } from './check.ts';

/** Check digit for the first 12 digits: weights 1,3,1,3…, then (10 − sum mod 10) mod 10. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`ean13CheckDigit needs exactly 12 digits, got ${quote(first12)}`);
  const sum = digitsOf(first12).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

export function checkEan13(s: string): CheckResult {
  if (typeof s !== 'string') return fail('EAN-13 must be a string of 13 digits');
  if (!/^\d+$/.test(s)) return fail(`EAN-13 ${quote(s)} must contain digits only`);
  if (s.length !== 13) return fail(`EAN-13 must be 13 digits, got ${s.length}`);
  const expected = ean13CheckDigit(s.slice(0, 12));
  const actual = Number(s[12]);
  if (actual !== expected) return fail(`check digit is ${actual}, expected ${expected}`);
  return { ok: true };
}

export function isValidEan13(s: string): boolean {
  return checkEan13(s).ok;
}

/** A valid EAN-13 with random digits (any GS1 prefix, as Дія's barcodes are not retail goods). */
export function generateEan13(rng: Rng): string {
  const first12 = rng.digits(12);
  return first12 + String(ean13CheckDigit(first12));
}
