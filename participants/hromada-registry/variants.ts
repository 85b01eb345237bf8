// Correct-but-unusual shapes the ДМС contract allows (docs/en/contracts.md §1–2, simulators/dms/openapi.yaml), each
// behind a switch that must still PASS every scenario: a harness that fails one of them fails a correct registry.
// Pure functions over the wire shape, so the contract test can apply exactly what the registry sends.
import type { Person } from './validate.ts';

/** The variant switches (a subset of FAULTS' names); the registry is correct under any of them. */
export type VariantName = 'only-unzr' | 'only-rnokpp' | 'unzr-no-dash' | 'reorder-keys' | 'offset-times' | 'media-type-case' | 'registrations-reversed';

type Has = (name: VariantName) => boolean;

/** The person as sent: named by УНЗР or РНОКПП alone where it has both (the contract asks for at least one), УНЗР without its dash. */
export function variantPerson(p: Person, has: Has): Person {
  const out: Person = { ...p };
  if (has('only-unzr') && out.unzr !== undefined) delete out.rnokpp;
  else if (has('only-rnokpp') && out.rnokpp !== undefined) delete out.unzr;
  if (has('unzr-no-dash') && out.unzr !== undefined) out.unzr = out.unzr.replace('-', '');
  return out;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Kyiv', timeZoneName: 'longOffset' });

/** An instant as sent: `Z` by default; under offset-times Kyiv local time with its own offset (+02:00 winter, +03:00 summer). */
export function variantTime(ms: number, has: Has): string {
  if (!has('offset-times')) return new Date(ms).toISOString();
  const name = offsetFormat.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(offsetMin);
  return `${local}${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every object's keys in reverse order, deeply: JSON objects are unordered (RFC 8259 §4). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  return value;
}

/** The body text as sent. */
export function variantJson(body: unknown, has: Has): string {
  return JSON.stringify(has('reorder-keys') ? reversed(body) : body);
}

/** Content-Type of a JSON body: media types are case-insensitive (RFC 9110 §8.3.1), so another letter case is the same type. */
export function variantContentType(has: Has): string {
  return has('media-type-case') ? 'Application/JSON; Charset=UTF-8' : 'application/json; charset=utf-8';
}

/** A verification answer's registrations as sent: the contract gives the list no order (§2), so reversed is the same list. */
export function variantRegistrations<T>(items: readonly T[], has: Has): T[] {
  return has('registrations-reversed') ? [...items].reverse() : [...items];
}
