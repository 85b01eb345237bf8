// Equality by meaning: where a contract allows several shapes of one value, a scenario expectation must accept every
// one of them (issue 8: a correct participant is never failed for a shape the contract allows). The one place
// that knows those shapes — steps compare through here, never with `===` or JSON.stringify of their own.
//
// Shapes made equal: УНЗР with or without its dash; a person named by РНОКПП or УНЗР alone when the harness knows
// the person (either identifier of theirs matches); object key order; a key whose value is undefined and an absent
// key; one instant written with different offsets ('…T10:00:00+02:00' = '…T08:00:00.000Z'); media types in
// another letter case (RFC 9110 §8.3.1: type, subtype and parameter names are case-insensitive, charset too); an
// optional field left out and the value the contract gives its absence (`firstEntry` absent = false; a list left
// out lists nothing); and, in the data oracle's field-by-field judgement, a list of objects in any order, and a list
// left out (the contracts' lists are optional: a message that lists nothing lists nobody else's either).
import { lookup } from '../expressions.ts';

/** A person as the harness seeded them: the identifiers it may be named by. */
export interface KnownPerson {
  rnokpp?: unknown;
  unzr?: unknown;
}

export interface MatchOptions {
  /** the scenario's seeded persons: an expected РНОКПП or УНЗР of one of them is matched by either of their identifiers */
  people?: readonly KnownPerson[];
}

const UNZR = /^(\d{8})-?(\d{5})$/;
/** RFC 3339 date-time with a zone (Z or ±hh:mm); a bare date is not an instant and is compared as text */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^\\s*(application|text|multipart|image|audio|video|message|model|font)/${TOKEN}\\s*(;.*)?$`, 'i');

/** '19900101-00018' and '1990010100018' -> '1990010100018'; anything else unchanged. */
export function unzrDigits(value: string): string {
  const m = UNZR.exec(value.trim());
  return m ? `${m[1]}${m[2]}` : value;
}

/** The instant a date-time text names, or undefined when it is not one. */
export function instantOf(value: string): number | undefined {
  if (!INSTANT.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A media type as RFC 9110 compares it: type/subtype and parameter names lower-cased, the charset value too,
 * whitespace around `;` and `=` dropped, quotes around a parameter value dropped; undefined when not a media type.
 * Example: 'Application/JSON; Charset="UTF-8"' -> 'application/json;charset=utf-8'.
 */
export function mediaTypeKey(value: string): string | undefined {
  if (!MEDIA_TYPE.test(value)) return undefined;
  const [type, ...params] = value.split(';');
  const norm = params
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
      let v = eq < 0 ? '' : p.slice(eq + 1).trim();
      if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
      return `${name}=${name === 'charset' ? v.toLowerCase() : v}`;
    });
  return [type!.trim().toLowerCase(), ...norm].join(';');
}

/**
 * Optional fields whose absence the contracts give a value (docs/en/contracts.md §1): an act without `firstEntry`
 * says the person is not entering ЄДДР for the first time, as one with `firstEntry: false` does.
 */
const ABSENT_MEANS: Readonly<Record<string, unknown>> = { firstEntry: false };

/** What an absent field says: its contract default, or an empty list where a list is expected (none listed). */
function present(actual: unknown, expected: unknown, key: string | undefined): unknown {
  if (actual !== undefined) return actual;
  if (key !== undefined && Object.hasOwn(ABSENT_MEANS, key)) return ABSENT_MEANS[key];
  return Array.isArray(expected) && expected.length === 0 ? [] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Two scalars equal by meaning; `key` (the field's name) lets an identifier be recognised by where it stands. */
function sameScalar(actual: unknown, expected: unknown, key: string | undefined): boolean {
  if (actual === expected) return true;
  if (actual === undefined || actual === null || expected === undefined || expected === null) return false;
  if (typeof actual === 'object' || typeof expected === 'object') return false;
  const a = String(actual);
  const e = String(expected);
  if (a === e) return true;
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  if (key === 'unzr' || (UNZR.test(a) && UNZR.test(e))) return unzrDigits(a) === unzrDigits(e);
  const ia = instantOf(a);
  const ie = instantOf(e);
  if (ia !== undefined && ie !== undefined) return ia === ie;
  const ma = mediaTypeKey(a);
  const me = mediaTypeKey(e);
  return ma !== undefined && ma === me;
}

/**
 * Whether `actual` says what `expected` says: scalars by meaning (above), arrays item by item in order, objects
 * key by key in any order, a key holding undefined the same as an absent one, an absent field the same as the value
 * its absence means (ABSENT_MEANS, an empty list).
 * Example: sameMeaning({ b: '2026-03-10T10:00:00+02:00', a: 1 }, { a: 1, b: '2026-03-10T08:00:00Z' }) -> true.
 */
export function sameMeaning(actualAsSent: unknown, expectedAsWritten: unknown, key?: string): boolean {
  const actual = present(actualAsSent, expectedAsWritten, key);
  const expected = present(expectedAsWritten, actual, key);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((v, i) => sameMeaning(actual[i], v, key));
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) return false;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)].filter((k) => expected[k] !== undefined || actual[k] !== undefined));
    return [...keys].every((k) => sameMeaning(actual[k], expected[k], k));
  }
  return sameScalar(actual, expected, key);
}

const IDS = ['rnokpp', 'unzr'] as const;

/** The identifiers at `where` (an object holding rnokpp/unzr). */
function idsAt(where: unknown): KnownPerson {
  if (!isRecord(where)) return {};
  return { ...(typeof where.rnokpp === 'string' ? { rnokpp: where.rnokpp } : {}), ...(typeof where.unzr === 'string' ? { unzr: where.unzr } : {}) };
}

/**
 * Whether the identifiers a message carries name `person`: one of them is theirs. A message naming them by РНОКПП
 * alone, by УНЗР alone (dash or none), or by both, is about the same person. One whose other identifier is wrong
 * (a broken check digit) is still found as theirs, so the step can say what is wrong with it (ДМС's 422) rather
 * than that nothing arrived.
 */
export function namesPerson(carried: KnownPerson, person: KnownPerson): boolean {
  return IDS.some((k) => typeof carried[k] === 'string' && typeof person[k] === 'string' && sameScalar(carried[k], person[k], k));
}

/** The known person whose `id` field is `value` (by meaning), if the harness seeded one. */
function knownBy(id: (typeof IDS)[number], value: unknown, people: readonly KnownPerson[]): KnownPerson | undefined {
  return people.find((p) => typeof p[id] === 'string' && sameScalar(value, p[id], id));
}

/**
 * Whether one expectation field holds in `data`: `path` is looked up (dotted), its value compared by meaning. An
 * expected РНОКПП or УНЗР that belongs to a known person is met by any identifier of theirs beside it in the data;
 * an expected person object (`person: ${people.x}`) by the identifiers the data carries for its person.
 */
export function fieldMatches(data: Record<string, unknown>, path: string, expected: unknown, options: MatchOptions = {}): boolean {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  const parentPath = parts.slice(0, -1).join('.');
  const parent = parentPath ? lookup(data, parentPath).value : data;
  const people = options.people ?? [];
  if (last === 'person' && isRecord(expected) && IDS.some((k) => typeof expected[k] === 'string')) {
    const own = isRecord(parent) ? parent.person : undefined;
    // a journal entry keeps a message's identifiers flat; a body keeps them in its person
    return namesPerson(idsAt(isRecord(own) ? own : parent), idsAt(expected));
  }
  if ((last === 'rnokpp' || last === 'unzr') && typeof expected === 'string') {
    const known = knownBy(last, expected, people);
    if (known) return namesPerson(idsAt(parent), known);
  }
  return sameMeaning(lookup(data, path).value, expected, last);
}

/** Whether every field of `match` holds in `data` (the fields not named are free: optional fields may be absent). */
export function matches(data: Record<string, unknown> | undefined, match: Record<string, unknown>, options: MatchOptions = {}): boolean {
  const d = data ?? {};
  return Object.entries(match).every(([k, v]) => fieldMatches(d, k, v, options));
}

/** The scenario's seeded persons from a step's scope value `${people}` (an object by name), for MatchOptions. */
export function knownPeople(scopePeople: unknown): KnownPerson[] {
  return isRecord(scopePeople) ? Object.values(scopePeople).filter(isRecord).map(idsAt) : [];
}

/** One field that does not say what was expected: its dotted path, the value wanted and the value seen. */
export interface FieldDifference {
  field: string;
  expected: unknown;
  actual: unknown;
  /** in a list judged as a set: an expected item no item meets, or an item the harness did not expect */
  note?: 'missing' | 'extra';
}

/**
 * The fields of `actual` that differ in meaning from `expected`, leaf by leaf (the data oracle's comparison):
 * only the fields `expected` names are judged, so optional fields it leaves out may be absent or present. A person
 * object is judged as one field (either identifier of theirs names them). A list of objects is judged as a set:
 * each expected item must be met by its own item of the list, in any order, and every item of the list must meet
 * one (`note: 'missing'` for an expected item none meets, `'extra'` for an item the harness did not expect); a
 * list of scalars is judged whole, in order. A list the message leaves out is not judged (the contracts make their
 * lists optional: `registrations` left out says no more than `found`).
 * Example: differences({ a: { b: 1 } }, { a: { b: 2 } }) -> [{ field: 'a.b', expected: 2, actual: 1 }].
 */
export function differences(actual: unknown, expected: unknown, options: MatchOptions = {}, path = ''): FieldDifference[] {
  if (isRecord(expected) && !(path.endsWith('person') && IDS.some((k) => typeof expected[k] === 'string'))) {
    const a = isRecord(actual) ? actual : {};
    return Object.entries(expected)
      .filter(([, v]) => v !== undefined)
      .flatMap(([k, v]) => differences(a[k], v, options, path ? `${path}.${k}` : k));
  }
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  if (Array.isArray(expected) && actual === undefined) return [];
  const seen = present(actual, expected, last);
  if (Array.isArray(expected) && Array.isArray(seen) && [...expected, ...seen].some(isRecord)) return setDifferences(seen, expected, options, path || '(value)');
  const same =
    last === 'person' && isRecord(expected)
      ? namesPerson(idsAt(actual), idsAt(expected))
      : fieldMatches({ [last]: seen }, last, expected, options);
  return same ? [] : [{ field: path || '(value)', expected, actual }];
}

/**
 * A list judged as a set of items by meaning: the largest pairing of expected items with items that meet them
 * (Kuhn's augmenting paths: a greedy pass could pair an item with the wrong expectation and report a false
 * difference), then each expected item left over beside an item left over is judged field by field at that item's
 * index, and what is left alone is reported missing or extra.
 */
function setDifferences(actual: unknown[], expected: unknown[], options: MatchOptions, path: string): FieldDifference[] {
  const meets = expected.map((e) => actual.map((a) => differences(a, e, options).length === 0));
  const owner = new Array<number>(actual.length).fill(-1);
  const claim = (j: number, tried: Set<number>): boolean => {
    for (let i = 0; i < actual.length; i++) {
      if (!meets[j]![i] || tried.has(i)) continue;
      tried.add(i);
      if (owner[i] === -1 || claim(owner[i]!, tried)) {
        owner[i] = j;
        return true;
      }
    }
    return false;
  };
  const unmetExpected = expected.map((_, j) => j).filter((j) => !claim(j, new Set()));
  const unclaimed = actual.map((_, i) => i).filter((i) => owner[i] === -1);
  const out: FieldDifference[] = [];
  unmetExpected.forEach((j, n) => {
    const i = unclaimed[n];
    if (i === undefined) out.push({ field: path, expected: expected[j], actual: undefined, note: 'missing' });
    else out.push(...differences(actual[i], expected[j], options, `${path}.${i}`));
  });
  for (const i of unclaimed.slice(unmetExpected.length)) out.push({ field: `${path}.${i}`, expected: undefined, actual: actual[i], note: 'extra' });
  return out;
}

/** How many fields `differences` judges for `expected`: each leaf, a person or a list counting as one. */
export function judgedFields(expected: unknown, path = ''): number {
  if (isRecord(expected) && !(path.endsWith('person') && IDS.some((k) => typeof expected[k] === 'string'))) {
    return Object.entries(expected)
      .filter(([, v]) => v !== undefined)
      .reduce((n, [k, v]) => n + judgedFields(v, path ? `${path}.${k}` : k), 0);
  }
  return 1;
}
