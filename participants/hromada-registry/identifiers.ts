// The few identifier rules the registry itself needs: its own ЄДРПОУ, and the one-digit corruption used by the
// invalid-rnokpp fault switch.

/**
 * Check digit of an 8-digit ЄДРПОУ code. Algorithm as implemented (and tested against real codes) in
 * negrienko/ukraine-taxid-ex `lib/ukraine_taxid_ex/edrpou/check_sum.ex`, recorded in polihon's
 * docs/en/protocol-facts.md §6.4: weights 1..7 over digits 1–7, or 7,1,2,3,4,5,6 when the code's value lies
 * between 30 000 000 and 60 000 000; s = Σ mod 11; if s ≥ 10, recompute with every weight + 2 and take mod 11;
 * if still 10 the check digit is 0.
 * Example: edrpouCheckDigit('0003268') -> 4 (МВС, 00032684).
 */
export function edrpouCheckDigit(first7: string, wholeValue = Number(`${first7}0`)): number {
  if (!/^\d{7}$/.test(first7)) throw new RangeError(`edrpouCheckDigit needs 7 digits, got '${first7}'`);
  const weights = wholeValue > 30_000_000 && wholeValue < 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const digits = Array.from(first7, Number);
  const sum = (add: number) => digits.reduce((acc, d, i) => acc + d * ((weights[i] as number) + add), 0) % 11;
  let s = sum(0);
  if (s >= 10) s = sum(2);
  return s === 10 ? 0 : s;
}

export function isValidEdrpou(code: string): boolean {
  return /^\d{8}$/.test(code) && edrpouCheckDigit(code.slice(0, 7), Number(code)) === Number(code[7]);
}

/** The registry's own ЄДРПОУ (registration body). Checksum-valid; see identifiers.test.ts. */
export const REGISTRY_EDRPOU = '04054866';

/**
 * Its subsystem on Трембіта's test instance (env XROAD_INSTANCE, XROAD_MEMBER_CLASS, XROAD_MEMBER_CODE,
 * XROAD_SUBSYSTEM); the memberCode is the body's ЄДРПОУ (protocol-facts §4.1).
 */
export const REGISTRY_XROAD = { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: REGISTRY_EDRPOU, subsystem: 'RTG_prod' } as const;

/**
 * ДМС's subsystem, provider of ResidenceRegistrationActs_v1 (env DMS_XROAD_ID). 37508470 is checksum-valid but not
 * confirmed as ДМС's ЄДРПОУ (protocol-facts §4.1), so it is configurable.
 */
export const DMS_XROAD_SUBSYSTEM = 'SEVDEIR-TEST/GOV/37508470/DMS_prod';

/** The officer on whose behalf it calls when none is configured (env HROMADA_USER_ID): UA + a synthetic valid РНОКПП. */
export const DEFAULT_USER_ID = 'UA3109402560';

/** Kyiv city hromada, the default КАТОТТГ of this registry (env HROMADA_KATOTTG overrides it). */
export const DEFAULT_KATOTTG = 'UA80000000000093317';

/**
 * The same number with its last (check) digit replaced by the next one mod 10. A check digit is unique for the
 * first digits, so a valid number becomes invalid and nothing else about it changes.
 * Example: withWrongCheckDigit('1759013776') -> '1759013777'.
 */
export function withWrongCheckDigit(value: string): string {
  const last = value.charCodeAt(value.length - 1) - 48;
  if (last < 0 || last > 9) return `${value.slice(0, -1)}0`;
  return `${value.slice(0, -1)}${(last + 1) % 10}`;
}
