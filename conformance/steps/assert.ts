// `assert`: judge one fact — about times, the journal, or the participant's visible state through its driver.
// Each form is a small strict object; one `that` per step keeps `covers` precise.
import { z } from 'zod';
import { kyivDate } from '../../core/calendar.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg, type Msg } from '../../core/i18n.ts';
import type { JournalEntry } from '../../core/journal.ts';
import { childByLocal, elements, parseXml } from '../../simulators/trembita/public.ts';
import { expectDriverOk } from '../driver.ts';
import { P } from '../protocol/messages.ts';
import { judgeParticipantJournal } from '../protocol/journal.ts';
import { judgeXRoad, type XRoadSpec } from '../protocol/xroad.ts';
import { lookup } from '../expressions.ts';
import { differences, fieldMatches, judgedFields, knownPeople, matches, sameMeaning } from '../oracle/equal.ts';
import { scopePeople } from './expect.ts';
import { joinMsgs, S } from './messages.ts';
import { check, defineStep, sleep, title, type StepContext, type StepOutput } from './types.ts';

const pair = z.tuple([z.unknown(), z.unknown()]);
const thatSchema = z.union([
  z.strictObject({ sameKyivDay: pair }),
  z.strictObject({ equals: pair }),
  z.strictObject({
    journalCount: z.strictObject({
      service: z.string(),
      to: z.string().optional(),
      match: z.record(z.string(), z.unknown()).optional(),
      /** count distinct values of this data field instead of entries */
      distinct: z.string().optional(),
      equals: z.number().int().nonnegative(),
    }),
  }),
  z.strictObject({
    participantAction: z.strictObject({
      ref: z.unknown(),
      status: z.string().optional(),
      not: z.string().optional(),
    }),
  }),
  z.strictObject({
    /**
     * XCH-03: every message exchanged with the participant in these services, both ways, has an entry in its own
     * journal with the same body SHA-256, the message's id, direction, counterpart and time (conformance/protocol/journal.ts).
     */
    participantJournal: z.strictObject({ services: z.array(z.string()).min(1) }),
  }),
  z.strictObject({
    /**
     * The data oracle: a message the participant sent (`of`, e.g. "${steps.act.body}") says what the harness knows
     * must be in it (`equal`: the driver's action, the seeded person). Only the named fields are judged, each by
     * meaning (УНЗР with or without dash, an instant in any offset); every field that differs is its own failure.
     */
    fields: z.strictObject({ of: z.unknown(), equal: z.record(z.string(), z.unknown()) }),
  }),
  z.strictObject({
    /**
     * A request the participant sent in this scenario (journal `from: participant`) of `service` whose data has every
     * `match` field; on failure the message says what the participant did send instead (the fields that differ, or
     * the security server's fault), so "it did not arrive" is never the answer for a request that arrived broken.
     */
    participantRequest: z.strictObject({
      service: z.string().min(1),
      match: z.record(z.string(), z.unknown()),
    }),
  }),
  z.strictObject({
    /**
     * What the participant answered a Трембіта delivery (a `trembita.deliver` call step): `of: "${steps.<id>}"`.
     * `echoed`: the response header repeats the request's (TRB-02); `fault`: the answer is a SOAP Fault
     * (`soap`), a business error the X-Road way — the Annex D.2 fault element or a SOAP Fault (`business`), or a
     * REST error body — 4xx JSON (`rest`); never an HTML page or a bare transport error (TRB-05).
     */
    delivery: z.strictObject({
      of: z.unknown(),
      echoed: z.literal(true).optional(),
      fault: z.enum(['soap', 'business', 'rest']).optional(),
    }),
  }),
  z.strictObject({
    /** the X-Road header rules over every message the participant sent in this scenario (conformance/protocol) */
    participantXRoad: z.strictObject({ to: z.string().min(1) }),
  }),
]);
type That = z.infer<typeof thatSchema>;

const FORM_TITLES = {
  sameKyivDay: S.formSameKyivDay,
  equals: S.formEquals,
  journalCount: S.formJournalCount,
  participantAction: S.formParticipantAction,
  participantJournal: S.formParticipantJournal,
  participantRequest: S.formParticipantRequest,
  fields: S.formFields,
  delivery: S.formDelivery,
  participantXRoad: P.formParticipantXRoad,
} as const;
type AssertStep = { that: That };

export const assertStep = defineStep<AssertStep>({
  type: 'assert',
  fields: { that: thatSchema },
  describe: (s) => title(msg(S.titleAssert, { form: msg(FORM_TITLES[Object.keys(s.that)[0] as keyof typeof FORM_TITLES]) })),
  check: (s) =>
    'delivery' in s.that && s.that.delivery.echoed === undefined && s.that.delivery.fault === undefined
      ? { field: 'that', message: 'a delivery assertion needs `echoed: true` or `fault`', hint: 'fault: soap | business | rest' }
      : undefined,
  async run(step, ctx) {
    const that = step.that;
    if ('sameKyivDay' in that) {
      const [a, b] = (ctx.resolve(that.sameKyivDay) as unknown[]).map(toMs);
      const da = kyivDate(a!);
      const db = kyivDate(b!);
      return one(check(msg(S.sameKyivDayLabel), da === db, ctx.covers, { expected: db, actual: da, msg: msg(S.sameKyivDayMsg, { a: da, b: db }) }));
    }
    if ('equals' in that) {
      const [a, b] = ctx.resolve(that.equals) as unknown[];
      return one(check(msg(S.equalsLabel), sameMeaning(a, b), ctx.covers, { expected: b, actual: a }));
    }
    if ('journalCount' in that) return journalCount(ctx, ctx.resolve(that.journalCount) as JournalCountSpec);
    if ('participantAction' in that) return participantAction(ctx, ctx.resolve(that.participantAction) as ActionSpec);
    if ('delivery' in that) return delivery(ctx, ctx.resolve(that.delivery) as DeliverySpec);
    if ('participantRequest' in that) return participantRequest(ctx, ctx.resolve(that.participantRequest) as RequestSpec);
    if ('fields' in that) return fields(ctx, ctx.resolve(that.fields) as { of: unknown; equal: Record<string, unknown> });
    if ('participantXRoad' in that) return judgeXRoad(ctx, ctx.resolve(that.participantXRoad) as XRoadSpec);
    return judgeParticipantJournal(ctx, that.participantJournal.services);
  },
});

const one = (a: ReturnType<typeof check>): StepOutput => ({ assertions: [a], journalRefs: a.journalRefs ?? [] });

/** The data oracle's judgement (see `fields` in the schema): one failing check per field that differs in meaning. */
function fields(ctx: StepContext, spec: { of: unknown; equal: Record<string, unknown> }): StepOutput {
  if (spec.of === null || typeof spec.of !== 'object' || Array.isArray(spec.of)) {
    return one(check(msg(S.fieldsAllLabel), false, ctx.covers, { expected: spec.equal, actual: spec.of, msg: msg(S.fieldsNoMessage, { of: JSON.stringify(spec.of ?? null).slice(0, 80) }) }));
  }
  const diffs = differences(spec.of, spec.equal, { people: knownPeople(scopePeople(ctx)) });
  if (diffs.length === 0) {
    return one(check(msg(S.fieldsAllLabel), true, ctx.covers, { msg: msg(S.fieldsOk, { n: judgedFields(spec.equal) }) }));
  }
  return {
    assertions: diffs.map((d) =>
      check(msg(S.fieldsLabel, { field: d.field }), false, ctx.covers, {
        ...(d.note === 'extra' ? { expectedMsg: msg(S.fieldNotListed) } : { expected: d.expected }),
        ...(d.note === 'missing' ? { actualMsg: msg(S.fieldNoItem) } : { actual: d.actual ?? null }),
        msg: msg(d.note === 'extra' ? S.fieldExtraItem : d.note === 'missing' ? S.fieldMissingItem : d.actual === undefined ? S.fieldAbsent : S.fieldIsNot, {
          field: d.field,
          expected: shortValue(d.expected),
          actual: shortValue(d.actual),
        }),
      }),
    ),
    journalRefs: [],
  };
}

/** A value as a failure line quotes it: a string as it is, anything else as JSON, cut at 160 characters. */
function shortValue(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function toMs(v: unknown): number {
  const ms = typeof v === 'number' ? v : Date.parse(String(v));
  if (!Number.isFinite(ms)) throw new PolihonError('E_SCENARIO_REFERENCE', msg(S.notATime, { value: String(v) }), { hint: msg(S.notATimeHint) });
  return ms;
}

type JournalCountSpec = { service: string; to?: string; match?: Record<string, unknown>; distinct?: string; equals: number };
function journalCount(ctx: StepContext, spec: JournalCountSpec): StepOutput {
  const people = knownPeople(scopePeople(ctx));
  const entries = ctx.journal.entries({
    predicate: (e) =>
      e.kind === 'request' &&
      e.service === spec.service &&
      (spec.to === undefined || e.to === spec.to) &&
      matches(e.data as Record<string, unknown> | undefined, spec.match ?? {}, { people }),
  });
  const n = spec.distinct
    ? new Set(entries.map((e) => JSON.stringify(lookup((e.data ?? {}) as Record<string, unknown>, spec.distinct!).value))).size
    : entries.length;
  return one(
    check(
      spec.distinct ? msg(S.countDistinctLabel, { field: spec.distinct, service: spec.service, n: spec.equals }) : msg(S.countLabel, { service: spec.service, n: spec.equals }),
      n === spec.equals,
      ctx.covers,
      {
      expected: spec.equals,
      actual: n,
      msg: msg(S.found, { n, refs: entries.map((e) => `#${e.seq}`).join(', ') || msg(S.none) }),
      journalRefs: entries.map((e) => e.seq),
      },
    ),
  );
}

type ActionSpec = { ref: unknown; status?: string; not?: string };
/**
 * Polls the participant's view of an action for one settle interval: a wished-for status passes as soon as it
 * shows; a forbidden status fails as soon as it shows (a participant gets no credit for being slow to be wrong).
 */
async function participantAction(ctx: StepContext, spec: ActionSpec): Promise<StepOutput> {
  const path = `/actions/${encodeURIComponent(String(spec.ref))}`;
  const until = Date.now() + ctx.settleMs;
  let last: Record<string, unknown> = {};
  for (;;) {
    last = expectDriverOk(await ctx.driver.call('GET', path), `GET ${path}`, { object: true, fields: { status: 'string' } }).body as Record<string, unknown>;
    const status = String(last.status);
    if (spec.not !== undefined && status === spec.not) break;
    if (spec.status !== undefined && status === spec.status) break;
    if (Date.now() >= until || ctx.signal.aborted) break;
    await sleep(20, ctx.signal);
  }
  const status = String(last.status);
  const ok = (spec.status === undefined || status === spec.status) && (spec.not === undefined || status !== spec.not);
  const wanted: Msg[] = [];
  if (spec.status !== undefined) wanted.push(msg(S.statusIs, { status: spec.status }));
  if (spec.not !== undefined) wanted.push(msg(S.statusNot, { status: spec.not }));
  const expected = joinMsgs(wanted, 'comma');
  return one(
    check(msg(S.participantShows, { expected }), ok, ctx.covers, {
      ...(typeof expected === 'string' ? { expected } : { expectedMsg: expected }),
      actual: status,
      msg: msg(S.participantShowsAs, { status }),
    }),
  );
}

type DeliverySpec = { of: unknown; echoed?: true; fault?: 'soap' | 'business' | 'rest' };
type HeaderDiffItem = { field?: string; problem?: string; expected?: string; actual?: string };

/** TRB-02 / TRB-05: judges the participant's answer to a Трембіта delivery from what the simulator received. */
function delivery(ctx: StepContext, spec: DeliverySpec): StepOutput {
  const d = spec.of as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || typeof d.status !== 'number') {
    throw new PolihonError('E_SCENARIO_REFERENCE', msg(S.deliveryNotOf), { hint: msg(S.deliveryNotOfHint) });
  }
  const status = d.status;
  const type = String(d.contentType ?? '');
  const body = typeof d.body === 'string' ? d.body : '';
  const refs = ctx.journal
    .entries({ predicate: (e) => e.to === 'participant' && e.kind === 'request' && typeof d.messageId === 'string' && e.messageId === d.messageId })
    .map((e) => e.seq);
  const shownType = type.split(';')[0] || msg(S.noContentType);
  const answered = body ? msg(S.answeredBody, { status, type: shownType, body: body.replace(/\s+/g, ' ').slice(0, 160) }) : msg(S.answeredEmpty, { status, type: shownType });
  const xml = /^(text\/xml|application\/soap\+xml|multipart\/related)\b/i.test(type.trim());
  const soapFault = d.isFault === true && xml && (status === 200 || status === 500);
  const out: ReturnType<typeof check>[] = [];
  if (spec.echoed) {
    const diff = (Array.isArray(d.headerDiff) ? d.headerDiff : []) as HeaderDiffItem[];
    const ok = d.echoed === true;
    const why = diff.length
      ? joinMsgs(diff.map(diffItem))
      : d.isFault === true
        ? msg(S.answeredSoapFault, { code: String(d.faultCode ?? '') })
        : msg(S.noHeader, { answered });
    out.push(
      check(msg(S.echoLabel), ok, ctx.covers, {
        expectedMsg: msg(S.echoExpected),
        ...(ok ? { actualMsg: msg(S.echoed) } : typeof why === 'string' ? { actual: why } : { actualMsg: why }),
        msg: ok ? msg(S.echoOk) : msg(S.notEchoed, { why }),
        journalRefs: refs,
      }),
    );
  }
  if (spec.fault === 'soap' || spec.fault === 'business') {
    const business = spec.fault === 'business' && status === 200 && xml && hasBusinessFault(body);
    const ok = soapFault || business;
    out.push(
      check(msg(spec.fault === 'soap' ? S.soapFaultLabel : S.businessFaultLabel), ok, ctx.covers, {
        expectedMsg: msg(spec.fault === 'soap' ? S.soapFaultExpected : S.businessFaultExpected),
        actualMsg: answered,
        msg: ok ? (business ? msg(S.businessFaultOk) : msg(S.soapFaultOk, { code: String(d.faultCode ?? '') })) : msg(S.participantAnswered, { answered }),
        journalRefs: refs,
      }),
    );
  }
  if (spec.fault === 'rest') {
    const ok = status >= 400 && status < 500 && (d.errorBody === 'json' || (/json/i.test(type) && isJson(body)));
    out.push(
      check(msg(S.restErrorLabel), ok, ctx.covers, {
        expectedMsg: msg(S.restErrorExpected),
        actualMsg: answered,
        msg: ok ? msg(S.restErrorOk, { status }) : msg(S.participantAnswered, { answered }),
        journalRefs: refs,
      }),
    );
  }
  return { assertions: out, journalRefs: refs };
}

const PROBLEMS: Record<string, Msg> = {
  missing: msg(S.problemMissing),
  changed: msg(S.problemChanged),
  extra: msg(S.problemExtra),
  order: msg(S.problemOrder),
};

/** One header field that did not come back as sent: 'userId: missing (sent UA1)'. */
function diffItem(x: HeaderDiffItem): Msg {
  const field = String(x.field);
  const problem = PROBLEMS[String(x.problem)] ?? String(x.problem);
  if (x.expected !== undefined && x.actual !== undefined) return msg(S.diffSentGot, { field, problem, sent: x.expected, got: x.actual });
  if (x.expected !== undefined) return msg(S.diffSent, { field, problem, sent: x.expected });
  if (x.actual !== undefined) return msg(S.diffGot, { field, problem, got: x.actual });
  return msg(S.diffItem, { field, problem });
}

/** Whether a SOAP response's wrapper carries the X-Road non-technical fault element (PR-MESS Annex D.2). */
function hasBusinessFault(text: string): boolean {
  const parsed = parseXml(text);
  if (!parsed.ok) return false;
  const body = elements(parsed.root).find((e) => e.local === 'Body');
  const wrapper = body ? elements(body)[0] : undefined;
  const fault = wrapper ? childByLocal(wrapper, 'fault') : undefined;
  return fault !== undefined && childByLocal(fault, 'faultCode') !== undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

type RequestSpec = { service: string; match: Record<string, unknown> };

/** TRB-01 / TRB-03: the participant sent a request with these header facts (as the security server read them). */
function participantRequest(ctx: StepContext, spec: RequestSpec): StepOutput {
  const sent = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.from === 'participant' && e.service === spec.service });
  const value = (e: JournalEntry, k: string) => lookup((e.data ?? {}) as Record<string, unknown>, k).value;
  const people = knownPeople(scopePeople(ctx));
  const holds = (e: JournalEntry, k: string, v: unknown) => fieldMatches((e.data ?? {}) as Record<string, unknown>, k, v, { people });
  const wanted = Object.entries(spec.match);
  const hit = sent.find((e) => wanted.every(([k, v]) => holds(e, k, v)));
  const expected = wanted.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  const label = msg(S.sentLabel, { service: spec.service, fields: wanted.map(([k]) => k).join(', ') });
  if (hit) {
    return one(check(label, true, ctx.covers, { expected, actual: `#${hit.seq}`, msg: msg(S.sentCarries, { seq: hit.seq, expected }), journalRefs: [hit.seq] }));
  }
  const describe = (e: JournalEntry): Msg => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (typeof d.faultCode === 'string') {
      const fault = typeof d.faultString === 'string' ? msg(S.sentFaultText, { code: d.faultCode, text: d.faultString }) : msg(S.sentFault, { code: d.faultCode });
      return msg(S.sentEntry, { seq: e.seq, why: fault });
    }
    const diffs = wanted
      .filter(([k, v]) => !holds(e, k, v))
      .map(([k, v]) => {
        const got = value(e, k);
        return got === undefined
          ? msg(S.fieldMissing, { field: k })
          : msg(S.fieldInstead, { field: k, got: typeof got === 'string' ? got : JSON.stringify(got), want: typeof v === 'string' ? v : JSON.stringify(v) });
      });
    return msg(S.sentEntry, { seq: e.seq, why: joinMsgs(diffs) });
  };
  // the closest ones first: requests that name the same service, then the ones the security server refused
  const sid = spec.match.serviceId;
  const related = sent.filter((e) => sid === undefined || value(e, 'serviceId') === sid || value(e, 'serviceId') === undefined);
  const faulted = (e: JournalEntry) => (typeof (e.data ?? {}).faultCode === 'string' ? 0 : 1);
  const shown = [...(related.length ? related : sent)].sort((a, b) => faulted(a) - faulted(b) || a.seq - b.seq).slice(0, 5);
  return one(
    check(label, false, ctx.covers, {
      expected,
      actualMsg: shown.length ? (joinMsgs(shown.map(describe)) as Msg) : msg(S.nothing),
      msg: sent.length === 0 ? msg(S.sentNone, { service: spec.service }) : msg(S.sentOther, { service: spec.service, expected, list: joinMsgs(shown.map(describe)) }),
      journalRefs: shown.map((e) => e.seq),
    }),
  );
}
