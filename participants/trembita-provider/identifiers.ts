// The identifier checks the provider's service needs: РНОКПП and УНЗР check digits (docs/en/protocol-facts.md §6.1,
// §6.2), and the provider's own ЄДРПОУ (§6.4), so a wrong number is a business error with a clear reason.

/**
 * Whether a РНОКПП (10 digits) has a valid check digit: weights -1,5,7,9,4,6,10,5,7 over digits 1–9,
 * c = (Σ mod 11) mod 10. Example: isValidRnokpp('1759013776') -> true; isValidRnokpp('1759013770') -> false.
 */
export function isValidRnokpp(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  const w = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  return ((((sum % 11) + 11) % 11) % 10) === Number(s[9]);
}

/**
 * Whether a УНЗР ('YYYYMMDD-NNNNC', dash optional) has a valid ICAO 9303 check digit (weights 7,3,1 over the
 * first 12 digits) and a real calendar date. Example: isValidUnzr('19900101-00018') -> true.
 */
export function isValidUnzr(s: string): boolean {
  const m = /^(\d{8})-?(\d{5})$/.exec(s);
  if (!m) return false;
  const digits = `${m[1]}${m[2]}`;
  const w = [7, 3, 1];
  const sum = Array.from(digits.slice(0, 12), Number).reduce((acc, d, i) => acc + d * (w[i % 3] as number), 0);
  if (sum % 10 !== Number(digits[12])) return false;
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** УНЗР in its shown form 'YYYYMMDD-NNNNC'. */
export const normalUnzr = (s: string): string => (s.includes('-') ? s : `${s.slice(0, 8)}-${s.slice(8)}`);

/**
 * Check digit of an 8-digit ЄДРПОУ (protocol-facts §6.4): weights 1..7, or 7,1,2,3,4,5,6 when the code lies between
 * 30 000 000 and 60 000 000; s = Σ mod 11; if s ≥ 10 recompute with weights + 2; still 10 → 0.
 */
export function isValidEdrpou(code: string): boolean {
  if (!/^\d{8}$/.test(code)) return false;
  const value = Number(code);
  const weights = value > 30_000_000 && value < 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const digits = Array.from(code.slice(0, 7), Number);
  const sum = (add: number) => digits.reduce((acc, d, i) => acc + d * ((weights[i] as number) + add), 0) % 11;
  let s = sum(0);
  if (s >= 10) s = sum(2);
  return (s === 10 ? 0 : s) === Number(code[7]);
}
