// Shared shape of identifier checks: a verdict with a reason a person can act on, never a bare false.

// One date type for all of core: the calendar owns it.
import type { IsoDate } from '../calendar.ts';

export type { IsoDate };

/**
 * Outcome of validating an identifier. On success it carries what the identifier encodes;
 * on failure an English reason that says what is wrong and what was expected,
 * e.g. 'check digit is 3, expected 6'.
 */
export type CheckResult<T extends object = Record<never, never>> = ({ ok: true } & T) | { ok: false; reason: string };

/** Builds the failing branch of a CheckResult. */
export function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Digits of a string that is known to be all digits. */
export function digitsOf(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0) - 48);
}

/** Describes a value for a reason without flooding it when someone passes a page of text. */
export function quote(value: string): string {
  return value.length > 80 ? `'${value.slice(0, 77)}...'` : `'${value}'`;
}

/**
 * The same identifier with its last digit (the check digit of РНОКПП, УНЗР, ЄДРПОУ, EAN-13) replaced by
 * the next one mod 10; since the check digit is unique, the result always fails validation.
 * Used by fault switches that must send an almost-right number.
 */
export function corruptCheckDigit(s: string): string {
  const last = s.charCodeAt(s.length - 1) - 48;
  if (!(last >= 0 && last <= 9)) throw new RangeError(`${quote(s)} does not end in a check digit`);
  return s.slice(0, -1) + String((last + 1) % 10);
}
