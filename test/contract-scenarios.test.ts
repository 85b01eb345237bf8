// Contract ↔ scenario consistency (issue 8 item 6). From the published ДМС contract (simulators/dms/openapi.yaml) each
// act and answer gets its valid variants — an optional field absent, УНЗР with or without its dash, another offset
// for the same instant, keys in another order, and all of them at once — and:
//   - each variant the schema allows is accepted by the real ДМС simulator, or refused with a located 422 naming the
//     field a prose rule of the contract requires (address for a declaration, …): then it is no variant;
//   - every scenario expectation that matches the canonical message matches each variant too, through the very
//     matching the steps use (conformance/oracle/equal.ts);
//   - a clearly different message (another person, another day, another kind) does not match;
//   - the reference registry's variant switches produce contract-valid messages that match, and its message-shaping
//     fault switches produce messages the contract refuses or that say something else.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createPeople } from '../core/people.ts';
import { expandCases } from '../conformance/cases.ts';
import { resolveRefs } from '../conformance/expressions.ts';
import { differences, knownPeople, matches, sameMeaning } from '../conformance/oracle/equal.ts';
import { contractPerson } from '../conformance/runner.ts';
import { FAULTS } from '../participants/hromada-registry/faults.ts';
import { withWrongCheckDigit } from '../participants/hromada-registry/identifiers.ts';
import { variantContentType, variantJson, variantPerson, variantRegistrations, variantTime, type VariantName } from '../participants/hromada-registry/variants.ts';
import type { Person as WirePerson } from '../participants/hromada-registry/validate.ts';
import { createDmsSimulator, DMS_OPENAPI } from '../simulators/dms/app.ts';
import { createHromadaSimulator, HROMADA_OPENAPI } from '../simulators/hromada/app.ts';
import { BODY, createTestContext, KYIV_ADDRESS, T0 } from '../simulators/testing.ts';
import { dmsScenarios } from './helpers.ts';

type Json = Record<string, unknown>;
type Schema = Json;

const BASE = 'http://dms.polihon.test';
const DOC = parseYaml(DMS_OPENAPI) as { components: { schemas: Record<string, Schema> } };
const SCHEMAS = DOC.components.schemas;

const deref = (s: Schema): Schema => (typeof s.$ref === 'string' ? deref(SCHEMAS[s.$ref.split('/').pop()!]!) : s);

// ------------------------------------------------------------------ the contract's own schema, read as written

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The subset of OpenAPI 3.1 the ДМС contract uses (type, required, additionalProperties, pattern, enum, format
 * date/date-time, min/maxLength, items, maxItems): the problems of `value`, each with its field path.
 */
function schemaProblems(value: unknown, schema: Schema, path = ''): string[] {
  const s = deref(schema);
  const at = path || '(body)';
  if (s.type === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
    const v = value as Json;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const out: string[] = [];
    for (const r of (s.required ?? []) as string[]) if (v[r] === undefined) out.push(`${path ? `${path}.` : ''}${r}: required`);
    for (const [k, x] of Object.entries(v)) {
      const p = props[k];
      if (!p) {
        if (s.additionalProperties === false) out.push(`${path ? `${path}.` : ''}${k}: not allowed`);
        continue;
      }
      out.push(...schemaProblems(x, p, path ? `${path}.${k}` : k));
    }
    return out;
  }
  if (s.type === 'array') {
    if (!Array.isArray(value)) return [`${at}: not an array`];
    const out = typeof s.maxItems === 'number' && value.length > s.maxItems ? [`${at}: too many`] : [];
    return out.concat(value.flatMap((x, i) => schemaProblems(x, s.items as Schema, `${at}[${i}]`)));
  }
  if (s.type === 'boolean') return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
  if (s.type === 'string') {
    if (typeof value !== 'string') return [`${at}: not a string`];
    if (Array.isArray(s.enum) && !s.enum.includes(value)) return [`${at}: not one of ${s.enum.join(', ')}`];
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return [`${at}: does not fit ${s.pattern}`];
    if (s.format === 'date-time' && !(DATE_TIME.test(value) && Number.isFinite(Date.parse(value)))) return [`${at}: not a date-time`];
    if (s.format === 'date' && !DATE.test(value)) return [`${at}: not a date`];
    if (typeof s.minLength === 'number' && value.length < s.minLength) return [`${at}: too short`];
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return [`${at}: too long`];
  }
  return [];
}

// ------------------------------------------------------------------ variants, generated from the schema

interface Variant {
  name: string;
  value: Json;
  /** the field a single-field variant is about (a dropped key), for a located refusal */
  field?: string;
}

const clone = <T>(v: T): T => structuredClone(v);

function offsetText(ms: number, minutes: number): string {
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(minutes);
  return `${local}${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every key of every object in another order: reversed, or rotated by one. */
function reorder(value: unknown, how: 'reverse' | 'rotate'): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, how));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, reorder(v, how)] as const);
  const order = how === 'reverse' ? entries.reverse() : [...entries.slice(1), ...entries.slice(0, 1)];
  return Object.fromEntries(order);
}

/** Walks `value` with its schema: each leaf/optional key, its path and its schema. */
function walk(value: unknown, schema: Schema, visit: (path: string[], v: unknown, s: Schema, required: boolean) => void, path: string[] = [], required = true): void {
  const s = deref(schema);
  visit(path, value, s, required);
  if (s.type === 'object' && value && typeof value === 'object') {
    const req = new Set((s.required ?? []) as string[]);
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if ((value as Json)[k] !== undefined) walk((value as Json)[k], p, visit, [...path, k], req.has(k));
    }
  }
  if (s.type === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(v, s.items as Schema, visit, [...path, String(i)], true));
}

function setAt(root: Json, path: string[], v: unknown): void {
  let cur = root as Record<string, unknown>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  if (v === undefined) delete cur[path[path.length - 1]!];
  else cur[path[path.length - 1]!] = v;
}

/**
 * The valid variants of `canonical` the schema allows: each optional key absent; each string whose pattern makes a
 * dash optional (`-?`) without it; each date-time at +02:00, +03:00 and -05:00; keys reversed and rotated; and
 * everything at once (the dashes, offsets, order, and the optional keys one may leave out together).
 */
function variantsOf(canonical: Json, schema: Schema): Variant[] {
  const out: Variant[] = [];
  const edits: ((v: Json) => void)[] = [];
  walk(canonical, schema, (path, v, s, required) => {
    if (path.length === 0) return;
    const field = path.join('.');
    if (!required) out.push({ name: `${field} absent`, field, value: ((c) => (setAt(c, path, undefined), c))(clone(canonical)) });
    if (typeof v === 'string' && typeof s.pattern === 'string' && s.pattern.includes('-?') && v.includes('-')) {
      const bare = v.replace('-', '');
      out.push({ name: `${field} without its dash`, value: ((c) => (setAt(c, path, bare), c))(clone(canonical)) });
      edits.push((c) => setAt(c, path, bare));
    }
    if (typeof v === 'string' && s.format === 'date-time') {
      const ms = Date.parse(v);
      for (const minutes of [120, 180, -300]) {
        const text = offsetText(ms, minutes);
        out.push({ name: `${field} as ${text.slice(-6)}`, value: ((c) => (setAt(c, path, text), c))(clone(canonical)) });
      }
      edits.push((c) => setAt(c, path, offsetText(ms, 180)));
    }
  });
  out.push({ name: 'keys reversed', value: reorder(canonical, 'reverse') as Json });
  out.push({ name: 'keys rotated', value: reorder(canonical, 'rotate') as Json });
  const all = clone(canonical);
  for (const e of edits) e(all);
  for (const drop of ['person.rnokpp', 'person.patronymic', 'person.document', 'registrationBody.name', 'firstEntry', 'registrations']) {
    const path = drop.split('.');
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Json | undefined)?.[k], all) as Json | undefined;
    if (parent && parent[path[path.length - 1]!] !== undefined && !isRequired(schema, path)) setAt(all, path, undefined);
  }
  out.push({ name: 'all at once', value: reorder(all, 'reverse') as Json });
  return out;
}

function isRequired(schema: Schema, path: string[]): boolean {
  let s = deref(schema);
  for (const p of path.slice(0, -1)) s = deref((s.properties as Record<string, Schema>)[p]!);
  return ((s.required ?? []) as string[]).includes(path[path.length - 1]!);
}

// ------------------------------------------------------------------ the harness's persons and the real simulator

const factory = createPeople({ seed: 101, referenceDate: '2026-03-10' });
const OLENA = contractPerson(factory.person({ sex: 'female', age: 34 })) as unknown as Json;
const TARAS = contractPerson(factory.person({ sex: 'male', age: 51 })) as unknown as Json;
const PEOPLE = knownPeople({ olena: OLENA, taras: TARAS });
const clean = (o: Json): Json => JSON.parse(JSON.stringify(o)) as Json;

function act(kind: string, person: Json = OLENA, overrides: Json = {}): Json {
  return clean({
    actId: `RTG-${kind}`,
    kind,
    performedAt: new Date(T0 - 3_600_000).toISOString(),
    registrationBody: { ...BODY },
    person,
    ...(kind === 'declaration' || kind === 'registration' ? { address: { ...KYIV_ADDRESS } } : {}),
    ...(kind === 'cancellation' ? { cancelsActId: 'RTG-target' } : {}),
    ...(kind === 'declaration' ? { firstEntry: false } : {}),
    ...overrides,
  });
}

/** A fresh ДМС (so no variant is a duplicate of another), holding the act a cancellation cancels. */
async function submit(body: Json | string, contentType = 'application/json'): Promise<{ status: number; problem: Json; data: Json }> {
  const ctx = createTestContext();
  const dms = createDmsSimulator(ctx, { eddr: [OLENA, TARAS] });
  const post = (b: unknown, type = 'application/json') =>
    dms.handle(new Request(`${BASE}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': type }, body: typeof b === 'string' ? b : JSON.stringify(b) }));
  const raw = typeof body === 'string' ? (JSON.parse(body) as Json) : body;
  if (raw.kind === 'cancellation') {
    const target = await post(act('declaration', (raw.person as Json | undefined) ?? OLENA, { actId: 'RTG-target', performedAt: new Date(T0 - 7_200_000).toISOString() }));
    expect(target.status, 'the cancelled act is entered first').toBe(201);
  }
  const res = await post(body, contentType);
  const entries = ctx.journal.entries({ service: 'dms.act.submit', kind: 'request' });
  return { status: res.status, problem: res.status >= 400 ? ((await res.json()) as Json) : {}, data: (entries[entries.length - 1]!.data ?? {}) as Json };
}

// ------------------------------------------------------------------ the scenarios' expectations

interface Expectation {
  where: string;
  match: Json;
}

/**
 * Every expectation the DMS scenarios hold about a message of `service`, its references resolved as a run would: a
 * scenario's persons are the harness's seeded ones (each name the same person here), a value an earlier step
 * produced (`${steps.…}`) is the one the canonical message carries in that field; `${case.…}` is the case's value.
 */
function expectationsFor(service: string, canonical: Json): Expectation[] {
  const out: Expectation[] = [];
  // a scenario with generated cases, in each case of its sample (every value of every dimension is in one)
  for (const sc of dmsScenarios().flatMap((s) => expandCases(s, { seed: 1 }))) {
    const scope = {
      people: Object.fromEntries(Object.keys(sc.people).map((n) => [n, OLENA])),
      addresses: {},
      steps: {},
      ...(sc.case ? { case: { ...sc.case.values, start: sc.case.start, index: sc.case.index } } : {}),
    };
    for (const st of sc.steps) {
      const f = st.fields;
      const spec =
        st.type === 'expect' && f.service === service
          ? (f.match as Json | undefined)
          : st.type === 'assert' && (f.that as Json).journalCount && ((f.that as Json).journalCount as Json).service === service
            ? (((f.that as Json).journalCount as Json).match as Json | undefined)
            : undefined;
      if (!spec) continue;
      const match = Object.fromEntries(
        Object.entries(spec).map(([k, v]) => [k, typeof v === 'string' && v.includes('${steps.') ? canonical[k] : resolveRefs(v, scope)]),
      );
      out.push({ where: `${sc.id}/${st.id}`, match });
    }
  }
  return out;
}

const WHOLE = 'every field the journal keeps';

const canonicalAnswer: Json = {
  requestId: 'VR-000001',
  answeredAt: new Date(T0).toISOString(),
  found: true,
  registrations: [{ actId: 'RTG-R000001', kind: 'declaration', performedAt: '2026-01-05T10:00:00.000Z', address: { ...KYIV_ADDRESS } }],
};
const KINDS = ['declaration', 'registration', 'removal', 'cancellation'] as const;
/** Prose rules of the contract the schema cannot say (Act.description): a kind's field that must be there. */
const PROSE_REQUIRED: Record<string, string[]> = { declaration: ['address'], registration: ['address'], cancellation: ['cancelsActId'], removal: [] };

describe('contract ↔ scenarios: ДМС acts', () => {
  it.each(KINDS)('every valid variant of a %s is accepted and meets every expectation the canonical act meets', async (kind) => {
    const canonical = act(kind);
    expect(schemaProblems(canonical, SCHEMAS.Act!)).toEqual([]);
    const base = await submit(canonical);
    expect(base.status, JSON.stringify(base.problem)).toBe(201);
    const wholeData = { ...base.data };
    delete wholeData.receivedAt;
    const expectations = [...expectationsFor('dms.act.submit', base.data), { where: WHOLE, match: wholeData }];
    const meeting = expectations.filter((e) => matches(base.data, e.match, { people: PEOPLE }));
    // the scenarios have something to say about every kind: else this test would prove nothing for it
    expect(meeting.length, `expectations met by the canonical ${kind}`).toBeGreaterThan(1);

    const variants = variantsOf(canonical, SCHEMAS.Act!);
    expect(variants.length).toBeGreaterThan(8);
    let accepted = 0;
    for (const v of variants) {
      expect(schemaProblems(v.value, SCHEMAS.Act!), `${v.name}: the schema allows it`).toEqual([]);
      const got = await submit(v.value);
      if (got.status >= 400) {
        // not a variant: the contract's prose forbids it, and the simulator says which field, with 422
        expect([v.name, got.status], JSON.stringify(got.problem)).toEqual([v.name, 422]);
        expect(PROSE_REQUIRED[kind], v.name).toContain(v.field);
        expect((got.problem.errors as { field: string }[]).map((e) => e.field)).toContain(v.field);
        continue;
      }
      accepted += 1;
      expect(got.status, v.name).toBe(201);
      for (const e of meeting) {
        // the journal's own field list names optional fields; one the variant leaves out is not demanded (no scenario does)
        const match = e.where === WHOLE ? Object.fromEntries(Object.entries(e.match).filter(([k]) => k in got.data || k === 'rnokpp' || k === 'unzr')) : e.match;
        expect(matches(got.data, match, { people: PEOPLE }), `${v.name} meets ${e.where} ${JSON.stringify(match)}`).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(variants.length - 3);
  });

  it.each(KINDS)('a %s about another person, on another day, or of another kind meets none of those expectations', async (kind) => {
    const base = await submit(act(kind));
    const scenarioOnes = expectationsFor('dms.act.submit', base.data).filter((e) => matches(base.data, e.match, { people: PEOPLE }));
    const whole = { ...base.data };
    delete whole.receivedAt;
    const taras = await submit(act(kind, TARAS));
    expect(taras.status).toBe(201);
    const personal = scenarioOnes.filter((e) => 'unzr' in e.match || 'rnokpp' in e.match);
    for (const e of personal) expect(matches(taras.data, e.match, { people: PEOPLE }), `${e.where} on another person`).toBe(false);
    expect(matches(taras.data, whole, { people: PEOPLE })).toBe(false);
    const dayBefore = await submit(act(kind, OLENA, { performedAt: new Date(T0 - 86_400_000 - 3_600_000).toISOString() }));
    expect(dayBefore.status).toBe(201);
    expect(matches(dayBefore.data, whole, { people: PEOPLE }), 'another day').toBe(false);
    const other = KINDS.find((k) => k !== kind && k !== 'cancellation' && k !== 'removal')!;
    const otherKind = await submit(act(other));
    for (const e of scenarioOnes.filter((x) => 'kind' in x.match)) expect(matches(otherKind.data, e.match, { people: PEOPLE }), `${e.where} on a ${other}`).toBe(false);
  });

  it('a UNZR-only person, dash or none, meets the expectations written with the harness’s dashed УНЗР', async () => {
    const person = { ...OLENA, rnokpp: undefined, unzr: String(OLENA.unzr).replace('-', '') };
    const got = await submit(act('declaration', clean(person)));
    expect(got.status).toBe(201);
    expect(got.data.unzr).toBe(person.unzr);
    expect(matches(got.data, { kind: 'declaration', unzr: OLENA.unzr }, { people: PEOPLE })).toBe(true);
    expect(matches(got.data, { kind: 'declaration', rnokpp: OLENA.rnokpp }, { people: PEOPLE })).toBe(true);
  });

  it('a shape the contract forbids is refused with a located 422, never taken as a variant', async () => {
    const noIds = await submit(act('declaration', clean({ ...OLENA, rnokpp: undefined, unzr: undefined })));
    expect([noIds.status, (noIds.problem.errors as { field: string }[]).map((e) => e.field)]).toEqual([422, ['person.rnokpp']]);
    const twoDashes = await submit(act('declaration', { ...OLENA, unzr: `${String(OLENA.unzr)}-` }));
    expect([twoDashes.status, (twoDashes.problem.errors as { field: string }[]).map((e) => e.field)]).toEqual([422, ['person.unzr']]);
    const noZone = await submit(act('declaration', OLENA, { performedAt: '2026-03-10T09:00:00' }));
    expect([noZone.status, (noZone.problem.errors as { field: string }[]).map((e) => e.field)]).toEqual([422, ['performedAt']]);
    expect(schemaProblems(act('declaration', OLENA, { performedAt: '2026-03-10T09:00:00' }), SCHEMAS.Act!)).toEqual(['performedAt: not a date-time']);
  });
});

describe('contract ↔ scenarios: verification answers', () => {
  async function answer(body: Json | string, contentType = 'application/json') {
    const ctx = createTestContext({
      endpoints: { 'participant.provider': 'http://registry.test/api' },
      fetch: async () => Response.json({ status: 'accepted' }, { status: 202 }),
    });
    const dms = createDmsSimulator(ctx, { eddr: [OLENA] });
    const order = await dms.handle(
      new Request(`${BASE}/__polihon/verification-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person: OLENA }) }),
    );
    expect(order.status).toBe(201);
    const res = await dms.handle(
      new Request(`${BASE}/dms/v1/verification-requests/VR-000001/answer`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
    const entries = ctx.journal.entries({ service: 'dms.verification.answer', kind: 'request' });
    return { status: res.status, data: (entries[entries.length - 1]!.data ?? {}) as Json };
  }

  const canonical = canonicalAnswer;

  it('every valid variant of an answer is received and meets every expectation the canonical answer meets', async () => {
    expect(schemaProblems(canonical, SCHEMAS.VerificationAnswer!)).toEqual([]);
    const base = await answer(canonical);
    expect(base.status).toBe(200);
    const expectations = expectationsFor('dms.verification.answer', base.data);
    expect(expectations.length).toBeGreaterThan(1);
    const meeting = expectations.filter((e) => matches(base.data, e.match, { people: PEOPLE }));
    expect(meeting.length).toBe(expectations.length);
    const variants = variantsOf(canonical, SCHEMAS.VerificationAnswer!);
    expect(variants.map((v) => v.name)).toEqual(expect.arrayContaining(['registrations absent', 'registrations.0.address absent', 'answeredAt as +03:00', 'all at once']));
    for (const v of variants) {
      expect(schemaProblems(v.value, SCHEMAS.VerificationAnswer!), v.name).toEqual([]);
      const got = await answer(v.value);
      expect(got.status, v.name).toBe(200);
      for (const e of meeting) expect(matches(got.data, e.match), `${v.name} meets ${e.where}`).toBe(true);
      // `equals: [${steps.answer.data.found}, true]` compares through the same oracle
      expect(sameMeaning(got.data.found, true), v.name).toBe(true);
      expect(sameMeaning(got.data.answeredAt, base.data.answeredAt), v.name).toBe(true);
    }
    const otherDay = await answer({ ...canonical, answeredAt: new Date(T0 + 86_400_000).toISOString() });
    expect(sameMeaning(otherDay.data.answeredAt, base.data.answeredAt)).toBe(false);
  });

  it('a media type in another letter case is read as JSON by ДМС, for acts and answers (RFC 9110)', async () => {
    expect((await answer(canonical, 'Application/JSON; Charset=UTF-8')).status).toBe(200);
    expect((await submit(act('declaration'), 'Application/JSON; Charset=UTF-8')).status).toBe(201);
    expect((await submit(act('declaration'), 'text/plain')).status).toBe(400);
  });
});

describe('contract ↔ the reference registry’s switches', () => {
  // variants of when and how often the registry acts send the same shapes; the self-test judges them (time model)
  const TIMING_VARIANTS = ['send-later-same-day', 'end-of-day-batch', 'poll-own-schedule', 'retry-same-id', 'slow-work', 'no-wake-hints', 'answer-last-day'];
  // variants of what the registry records, not of what it sends; the self-test judges them (XCH-03)
  const RECORD_VARIANTS = ['journal-unusual'];
  const allVariants = FAULTS.filter((f) => 'variant' in f && f.variant).map((f) => f.name);
  const variantSwitches = allVariants.filter((n) => !TIMING_VARIANTS.includes(n) && !RECORD_VARIANTS.includes(n)).map((n) => n as VariantName);

  /** An act exactly as the registry shapes it under `on` (participants/hromada-registry/variants.ts). */
  function asRegistrySends(kind: string, on: ReadonlySet<string>): { text: string; contentType: string } {
    const has = (n: VariantName) => on.has(n);
    const a = act(kind);
    const body = { ...a, performedAt: variantTime(Date.parse(String(a.performedAt)), has), person: variantPerson(OLENA as WirePerson, has) };
    return { text: variantJson(clean(body), has), contentType: variantContentType(has) };
  }

  it('lists the variant switches this test judges', () => {
    expect([...variantSwitches].sort()).toEqual(['media-type-case', 'offset-times', 'only-rnokpp', 'only-unzr', 'registrations-reversed', 'reorder-keys', 'unzr-no-dash']);
    expect(allVariants.filter((n) => TIMING_VARIANTS.includes(n)).sort()).toEqual([...TIMING_VARIANTS].sort());
    expect(allVariants.filter((n) => RECORD_VARIANTS.includes(n))).toEqual(RECORD_VARIANTS);
  });

  it.each(variantSwitches)('variant switch %s sends contract-valid acts that meet every expectation', async (name) => {
    for (const kind of KINDS) {
      const base = await submit(act(kind));
      const meeting = expectationsFor('dms.act.submit', base.data).filter((e) => matches(base.data, e.match, { people: PEOPLE }));
      const sent = asRegistrySends(kind, new Set([name]));
      expect(schemaProblems(JSON.parse(sent.text), SCHEMAS.Act!), `${name} ${kind}`).toEqual([]);
      const got = await submit(sent.text, sent.contentType);
      expect(got.status, `${name} ${kind}: ${JSON.stringify(got.problem)}`).toBe(201);
      for (const e of meeting) expect(matches(got.data, e.match, { people: PEOPLE }), `${name} ${kind} meets ${e.where}`).toBe(true);
    }
  });

  it('variant switch registrations-reversed sends a contract-valid answer the data oracle takes as the same list', async () => {
    const two: Json = {
      ...canonicalAnswer,
      registrations: [...(canonicalAnswer.registrations as Json[]), { actId: 'RTG-R000002', kind: 'registration', performedAt: '2026-02-01T10:00:00.000Z', address: { ...KYIV_ADDRESS, text: 'м. Київ, вул. Інша, буд. 2' } }],
    };
    const sent = { ...two, registrations: variantRegistrations(two.registrations as Json[], (n) => n === 'registrations-reversed') };
    expect(sent.registrations).not.toEqual(two.registrations);
    expect(schemaProblems(sent, SCHEMAS.VerificationAnswer!)).toEqual([]);
    expect(differences(sent, two, { people: PEOPLE })).toEqual([]);
    // the one thing an order could not hide: another item
    const other = { ...two, registrations: [...(sent.registrations as Json[]), { actId: 'RTG-X', kind: 'declaration', performedAt: '2026-01-01T10:00:00.000Z' }] };
    expect(differences(other, two, { people: PEOPLE }).map((d) => d.note)).toEqual(['extra']);
  });

  it('the message-shaping fault switches make messages the contract refuses or that say something else', async () => {
    // invalid-rnokpp: the РНОКПП's check digit is wrong — the schema's pattern still fits, the contract's rule does not
    const wrong = act('declaration', { ...OLENA, rnokpp: withWrongCheckDigit(String(OLENA.rnokpp)) });
    const refused = await submit(wrong);
    expect([refused.status, (refused.problem.errors as { field: string }[]).map((e) => e.field)]).toEqual([422, ['person.rnokpp']]);
    // duplicate-act: the same action under a new actId is no retry, it is a second act (409 duplicate-act)
    const ctx = createTestContext();
    const dms = createDmsSimulator(ctx, { eddr: [OLENA] });
    const post = (b: Json) => dms.handle(new Request(`${BASE}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }));
    expect((await post(act('declaration'))).status).toBe(201);
    const again = await post(act('declaration', OLENA, { actId: 'RTG-declaration-2' }));
    expect([again.status, ((await again.json()) as Json).code]).toEqual([409, 'duplicate-act']);
  });

  it('every rule-breaking switch is either a message shape judged above or a matter of time, route or journal', () => {
    const shape = ['invalid-rnokpp', 'duplicate-act'];
    // these send contract-valid messages: the fault is when, by which road or with which X-Road headers, or what the
    // registry records or shows
    const notShape = ['send-next-day', 'complete-without-confirmation', 'ignore-cancellation', 'late-verification-answer', 'no-journal', 'bypass-trembita', 'send-after-midnight', 'no-xroad-userid', 'reuse-xroad-id', 'bypass-trembita-for-cancellations',
      // wrong data, on time: well-formed acts that do not say what the officer did (the data oracle judges them)
      'swap-names', 'performed-at-day-off', 'other-address',
      // the data oracle's second part: the act a cancellation names, firstEntry, the registrations an answer lists
      'cancel-wrong-act', 'drop-first-entry', 'verification-lists-others', 'found-after-removal',
      // what the registry journals, and what it answers a malformed request (XCH-03, DMS-07)
      'journal-some-kinds', 'journal-hash-only', 'accept-malformed-verification',
      // only for some kinds, days, hours or persons: late for removals, at weekends, after 23:00, in summer time, with a
      // holiday in the answer's window; the second person's address (issue 8)
      'late-for-removals', 'weekend-on-monday', 'hour-later-uncapped', 'fixed-offset-batch', 'peacetime-calendar', 'second-person-wrong'];
    const rule = FAULTS.filter((f) => f.breaks.length > 0).map((f) => f.name);
    expect([...rule].sort()).toEqual([...shape, ...notShape].sort());
  });
});

describe('contract ↔ the hromada simulator: verification requests (hromada’s published OpenAPI)', () => {
  const HDOC = parseYaml(HROMADA_OPENAPI) as { components: { schemas: Record<string, Schema> } };
  const HSCHEMAS = HDOC.components.schemas;
  // the hromada contract's $refs point into its own document
  const inHromada = (s: Schema): Schema => (typeof s.$ref === 'string' ? inHromada(HSCHEMAS[s.$ref.split('/').pop()!]!) : s);
  const requestSchema = HSCHEMAS.VerificationRequest!;
  const withPerson: Schema = { ...requestSchema, properties: { ...(requestSchema.properties as Json), person: inHromada(HSCHEMAS.VerificationPerson!) } };

  /** A fresh hromada registry holding OLENA; its answer goes to a replyTo this test reads. */
  async function ask(body: Json, contentType = 'application/json'): Promise<{ status: number; answer: Json | undefined }> {
    const answers: Json[] = [];
    const ctx = createTestContext({
      fetch: async (input, init) => {
        answers.push((await new Request(input, init).json()) as Json);
        return Response.json({ requestId: 'VR-1', receivedAt: new Date(T0).toISOString(), onTime: true });
      },
    });
    const hromada = createHromadaSimulator(ctx, { residents: [{ person: clean(OLENA), address: { ...KYIV_ADDRESS }, since: '2024-05-01T09:00:00.000Z' }] });
    const res = await hromada.handle(
      new Request('http://hromada.polihon.test/hromada/v1/verification-requests', { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) }),
    );
    await hromada.idle!();
    return { status: res.status, answer: answers[0] };
  }

  const canonical: Json = clean({
    requestId: 'VR-1',
    sentAt: new Date(T0).toISOString(),
    answerBy: '2026-03-13T21:59:59.999Z',
    question: 'residence',
    person: { lastName: OLENA.lastName, firstName: OLENA.firstName, patronymic: OLENA.patronymic, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp, unzr: OLENA.unzr },
    replyTo: 'http://dms.polihon.test/dms/v1/verification-requests/VR-1/answer',
  });

  it('every valid variant of a request finds the same resident and gets the same answer', async () => {
    expect(schemaProblems(canonical, withPerson)).toEqual([]);
    const base = await ask(canonical);
    expect(base.status).toBe(202);
    expect(base.answer?.found).toBe(true);
    const variants = variantsOf(canonical, withPerson);
    expect(variants.map((v) => v.name)).toEqual(expect.arrayContaining(['person.rnokpp absent', 'person.unzr absent', 'person.unzr without its dash', 'sentAt as +02:00']));
    for (const v of variants) {
      expect(schemaProblems(v.value, withPerson), v.name).toEqual([]);
      const got = await ask(v.value);
      expect(got.status, v.name).toBe(202);
      expect(sameMeaning(got.answer, base.answer), `${v.name}: ${JSON.stringify(got.answer)}`).toBe(true);
    }
  });

  it('a media type in another letter case is read as JSON (RFC 9110)', async () => {
    expect((await ask(canonical, 'Application/JSON; Charset=UTF-8')).status).toBe(202);
  });

  it('each malformed request ДМС sends on order (control API `malformed`) is one the contract refuses with a 4xx', async () => {
    const sent: string[] = [];
    const ctx = createTestContext({
      endpoints: { 'participant.provider': 'http://registry.test/api' },
      fetch: async (input, init) => {
        sent.push(await new Request(input, init).text());
        return Response.json({ status: 'accepted' }, { status: 202 });
      },
    });
    const dms = createDmsSimulator(ctx, { eddr: [OLENA] });
    for (const malformed of ['no-person', 'bad-rnokpp', 'not-json', undefined]) {
      const order = await dms.handle(
        new Request(`${BASE}/__polihon/verification-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person: OLENA, ...(malformed ? { malformed } : {}) }) }),
      );
      expect(order.status, String(malformed)).toBe(201);
    }
    const marks = ctx.journal.entries({ kind: 'request', service: 'dms.verification.request' }).map((e) => e.data?.malformed);
    expect(marks).toEqual(['no-person', 'bad-rnokpp', 'not-json', undefined]);
    const hromada = createHromadaSimulator(createTestContext(), { residents: [] });
    const status = async (text: string) =>
      (await hromada.handle(new Request('http://hromada.polihon.test/hromada/v1/verification-requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }))).status;
    expect(await Promise.all(sent.map(status))).toEqual([422, 422, 400, 202]);
    expect(schemaProblems(JSON.parse(sent[0]!), withPerson)).toEqual(['person: required']);
    expect(schemaProblems(JSON.parse(sent[1]!), withPerson)).toEqual([expect.stringMatching(/^person\.rnokpp: does not fit/)]);
  });

  it('a request about another person gets "not found"', async () => {
    const other = await ask({ ...canonical, person: { lastName: TARAS.lastName, firstName: TARAS.firstName, birthDate: TARAS.birthDate, rnokpp: TARAS.rnokpp } });
    expect([other.status, other.answer?.found]).toEqual([202, false]);
  });
});
