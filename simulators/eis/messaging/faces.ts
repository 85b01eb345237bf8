// ЄІС МВС's system-to-system faces (EIS-MODE-01, XCH-01, XCH-04) and the harness's control of them. The ЄІС МВС
// simulator's app calls mountMessaging(app, deps) after its own faces and wires the returned reset into its own.
// polihon's own reference contract: README.md beside this file.
import type { Hono } from 'hono';
import { z } from 'zod';
import { workingDayDeadline } from '../../../core/calendar.ts';
import { json, problem, PROBLEM_CONTENT_TYPE, type ProblemField } from '../../../core/problem.ts';
import { createRng, deriveSeed, type Rng } from '../../../core/random.ts';
import type { SimulatorAction } from '../../kit/entry.ts';
import { inbound, parseBody, readJson, reject, zodFields, type Answer, type Face } from '../../kit/index.ts';
import {
  AckSchema,
  EIS_PATHS,
  EIS_SUBSYSTEM,
  InboundEnvelopeSchema,
  InboundMessageSchema,
  iso,
  OutageSchema,
  PARTICIPANT_PATHS,
  receiptBody,
  receiptStatus,
  RECEIPT_MEANING,
  RequestSchema,
  SERVICES,
  Subsystem,
} from './contract.ts';
import { createEngine, memoryStore, RECEIPT, type AckInput, type InboundInput, type OutState, type ReceiptCode } from './engine.ts';
import { MESSAGING } from './messages.ts';
import { ackOutcome, askParticipant, createDeliveries, deliver, journalAckResult, pump, type DeliveryResult, type MessagingDeps, type Runtime } from './outbound.ts';
import { documentKey, DocumentSeedSchema, EIS_SERVICES, type DocumentBook } from './requests.ts';

export type { MessagingDeps } from './outbound.ts';

export interface MessagingHandle {
  engine: Runtime['engine'];
  /** back to nothing sent, nothing received (the simulator's reset) */
  reset(): void;
  /** stops sending and recording, as a crash would; a new mountMessaging over the same store carries on */
  stop(): void;
  /** resends and first tries due now (what a clock move triggers) */
  pump(): Promise<void>;
}

/** The `call` actions a scenario can ask of this part, for the ЄІС МВС registry line to spread into its own. */
export const MESSAGING_ACTIONS = {
  notify: { method: 'POST', path: () => '/__polihon/messaging/notify', delivers: true, title: MESSAGING.actionNotify },
  messages: { method: 'GET', path: () => '/__polihon/messaging/messages', delivers: false, title: MESSAGING.actionMessages },
  outage: { method: 'POST', path: () => '/__polihon/messaging/outage', delivers: true, title: MESSAGING.actionOutage },
  documents: { method: 'POST', path: () => '/__polihon/messaging/documents', delivers: false, title: MESSAGING.actionDocuments },
  ask: { method: 'POST', path: () => '/__polihon/messaging/ask', delivers: true, title: MESSAGING.actionAsk },
} as const satisfies Record<string, SimulatorAction>;

const NotifySchema = z.strictObject({
  count: z.number().int().min(1).max(10_000).default(1),
  mode: z.enum(['notification', 'notification-ack']).default('notification-ack'),
  type: z.string().min(1).max(100).default('eis.notice'),
  payload: z.unknown().optional(),
  /** another recipient's subsystem: the message goes to the same endpoint, to test acks for others' messages */
  to: Subsystem.optional(),
});

const CentralOutageSchema = z.strictObject({
  began: z.iso.datetime({ offset: true }).optional(),
  ended: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().trim().min(1).max(1000),
});

const AskSchema = z.strictObject({
  requestId: z.string().min(1).max(128).optional(),
  service: z.string().min(1).max(100),
  purpose: z.string().trim().min(3).max(500),
  legalGround: z.string().trim().min(3).max(500),
  params: z.record(z.string(), z.unknown()).default({}),
  agreed: z.array(z.string().min(1).max(100)).min(1).max(200),
});

const STATES: readonly OutState[] = ['pending', 'awaiting-ack', 'acked', 'undelivered', 'sent', 'failed'];

/** A random v4-shaped uuid from the run's seeded generator. */
function uuidFrom(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += rng.int(0, 15).toString(16);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A negative receipt: problem+json that carries the receipt code (and the ids it concerns, when they were readable). */
function negative(code: ReceiptCode, reason: string, ids: { messageId?: unknown; envelopeId?: unknown } = {}, errors?: ProblemField[]): { status: number; text: string } {
  const receipt = {
    code,
    from: EIS_SUBSYSTEM,
    ...(typeof ids.messageId === 'string' ? { messageId: ids.messageId } : {}),
    ...(typeof ids.envelopeId === 'string' ? { envelopeId: ids.envelopeId } : {}),
  };
  const status = receiptStatus(code);
  const slug = RECEIPT_MEANING[code].split(':')[0]!.replace(/\s+/g, '-');
  const body = { type: `https://polihon.test/problems/eis-${slug}`, title: `Receipt ${code}: ${RECEIPT_MEANING[code]}`, status, code: `eis-${slug}`, detail: reason, ...(errors ? { errors } : {}), receipt };
  return { status, text: JSON.stringify(body) };
}

function answerText(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'content-type': status < 300 ? 'application/json; charset=utf-8' : PROBLEM_CONTENT_TYPE, ...headers } });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 128 ? v : undefined);
const field = (body: unknown, key: string): unknown => (body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined);

export function mountMessaging(app: Hono, deps: MessagingDeps): MessagingHandle {
  const { ctx } = deps;
  const name = deps.name ?? 'eis';
  let ids = ctx.rng;
  const engine = createEngine({ store: deps.store ?? memoryStore(), newId: () => uuidFrom(ids), ...(deps.settings ? { settings: deps.settings } : {}) });
  // a restarted process's generator, seeded as its predecessor's was, would draw its predecessor's ids again, every
  // one of them refused as used: a resumed engine draws its ids from a stream of its own, as reproducible as the store
  if (engine.loaded > 0) ids = createRng(deriveSeed(ctx.rng.int(0, 0x7fff_ffff), `eis-messaging-resumed-${engine.loaded}`));
  const now = () => ctx.clock.now();
  const rt: Runtime = {
    deps,
    engine,
    name,
    now,
    known: (from) => from === deps.subsystem || (deps.isRegistered?.(from) ?? false),
    deliveries: createDeliveries({ engine, now, deliver: (env) => deliver(rt, env) }, deps.maxInFlight),
  };
  const face: Face = { name, ctx, faults: deps.faults };
  const documents: DocumentBook = new Map();
  const outages: Record<string, unknown>[] = [];
  const describe = (_c: unknown, body: unknown) => {
    const messageId = str(field(body, 'messageId')) ?? str(field(body, 'requestId'));
    const envelopeId = str(field(body, 'envelopeId'));
    return { ...(messageId ? { messageId } : {}), ...(envelopeId ? { data: { envelopeId } } : {}) };
  };

  // ---- the participant's acks of the central subsystem's messages (asynchronous form)
  app.post(
    EIS_PATHS.acks,
    inbound(face, { service: SERVICES.ack, channel: 'eis', body: 'json', describe }, ({ body }): Answer => {
      const parsed = AckSchema.safeParse(body);
      if (!parsed.success) {
        const errors = zodFields(parsed.error);
        return reject(problem({ code: 'invalid-ack', title: 'Not an ack', status: 422, detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }));
      }
      const a: AckInput = { messageId: parsed.data.messageId, envelopeId: parsed.data.envelopeId, code: parsed.data.code, from: parsed.data.from };
      if (!rt.known(a.from)) {
        const r = negative(RECEIPT.unknownSender, `${a.from} is not a registered subsystem`, a);
        return { response: answerText(r.status, r.text), outcome: 'ack-refused', intact: true, data: { receipt: RECEIPT.unknownSender } };
      }
      const result = engine.ack(a, rt.now());
      const events = (seq: number) => journalAckResult(rt, a, result, 'async', [seq]);
      if (result.ok) {
        const body = result.ignored
          ? { messageId: a.messageId, accepted: true, ignored: true, reason: 'a notification needs no ack (EIS-MODE-01)' }
          : { messageId: a.messageId, accepted: true };
        return { response: json(body), outcome: ackOutcome(result), events };
      }
      const r = negative(result.code, result.reason, a);
      return { response: answerText(r.status, r.text), outcome: ackOutcome(result), intact: true, data: { receipt: result.code }, events };
    }),
  );

  // ---- the participant's messages to the central subsystem (both notification modes)
  app.post(
    EIS_PATHS.messages,
    inbound(face, { service: SERVICES.message, channel: 'eis', body: 'json', describe }, ({ body }): Answer => {
      const refuse = (code: ReceiptCode, reason: string, errors?: ProblemField[]): Answer => {
        const r = negative(code, reason, { messageId: field(body, 'messageId'), envelopeId: field(body, 'envelopeId') }, errors);
        return { response: answerText(r.status, r.text), outcome: `refused:${code}`, intact: true, data: { receipt: code } };
      };
      const envelope = InboundEnvelopeSchema.safeParse(body);
      if (!envelope.success) return refuse(RECEIPT.invalidEnvelope, 'the envelope does not read', zodFields(envelope.error));
      const e = envelope.data;
      if (!rt.known(e.from)) return refuse(RECEIPT.unknownSender, `${e.from} is not a registered subsystem`);
      if (e.to !== undefined && e.to !== EIS_SUBSYSTEM) return refuse(RECEIPT.unknownRecipient, `this is ${EIS_SUBSYSTEM}, not ${e.to}`);
      const full = InboundMessageSchema.safeParse(body);
      if (!full.success) {
        const errors = zodFields(full.error);
        const typeWrong = errors.some((f) => f.field === 'mode' || f.field === 'type');
        return refuse(typeWrong ? RECEIPT.invalidType : RECEIPT.invalidEnvelope, errors.map((f) => `${f.field}: ${f.message}`).join('; '), errors);
      }
      const m = full.data;
      const now = rt.now();
      const input: InboundInput = { messageId: m.messageId, envelopeId: m.envelopeId, from: m.from, hasPayload: m.payload !== undefined && m.payload !== null, ...(m.createdAt ? { createdAt: Date.parse(m.createdAt) } : {}) };
      const verdict = engine.check(input, now);
      if (verdict.kind === 'error') return refuse(verdict.code, verdict.reason);
      if (verdict.kind === 'duplicate') {
        engine.duplicate(input, now);
        return {
          response: answerText(verdict.status, verdict.ack, { 'x-eis-duplicate': verdict.sameEnvelope ? 'same-envelope' : 'new-envelope' }),
          outcome: 'duplicate-answered',
          intact: true,
          data: { envelopeId: m.envelopeId, receipt: verdict.code, sameEnvelope: verdict.sameEnvelope },
        };
      }
      const code: ReceiptCode = input.hasPayload ? RECEIPT.ok : RECEIPT.noPayload;
      let status: number;
      let text: string;
      if (code !== RECEIPT.ok) ({ status, text } = negative(code, 'the message has no payload', m));
      else if (m.mode === 'notification') {
        // the second mode needs no ack: an acceptance, not a receipt
        status = 202;
        text = JSON.stringify({ messageId: m.messageId, envelopeId: m.envelopeId, accepted: true });
      } else {
        status = 200;
        text = JSON.stringify(receiptBody({ messageId: m.messageId, envelopeId: m.envelopeId, code, ackId: uuidFrom(ctx.rng), at: now }));
      }
      engine.accept(input, code, text, now, status);
      return {
        response: answerText(status, text),
        outcome: code === RECEIPT.ok ? 'processed' : `refused:${code}`,
        intact: code !== RECEIPT.ok,
        data: { envelopeId: m.envelopeId, mode: m.mode, type: m.type, receipt: code },
      };
    }),
  );

  // ---- request–response: the participant asks a service of ЄІС МВС (XCH-01: purpose and legal ground, agreed fields)
  app.post(
    EIS_PATHS.requests,
    inbound(face, { service: SERVICES.request, channel: 'eis', body: 'json', describe }, ({ body }): Answer => {
      const missing: ProblemField[] = [];
      for (const key of ['purpose', 'legalGround'] as const) {
        const v = field(body, key);
        if (typeof v !== 'string' || v.trim().length < 3) missing.push({ field: key, message: 'required (XCH-01): say what the data are for and the law that allows asking' });
      }
      if (missing.length > 0) {
        return reject(problem({ code: 'missing-purpose-or-ground', title: 'A request must name its purpose and legal ground', status: 400, detail: `missing: ${missing.map((f) => f.field).join(', ')}`, errors: missing, hint: 'XCH-01: every request names purpose and legalGround.' }), { missing: missing.map((f) => f.field) });
      }
      const req = parseBody(RequestSchema, body, 'invalid-request', 'The request does not match the contract');
      if (!req.ok) return reject(req.response);
      const service = EIS_SERVICES[req.value.service];
      if (!service) {
        return reject(problem({ code: 'unknown-service', title: 'No such service', status: 404, detail: `ЄІС МВС offers no service '${req.value.service}'`, errors: [{ field: 'service', message: `one of ${Object.keys(EIS_SERVICES).join(', ')}` }] }));
      }
      const params = parseBody(service.params, req.value.params, 'invalid-params', 'The service’s parameters do not match');
      if (!params.ok) return reject(params.response);
      const requestId = req.value.requestId ?? uuidFrom(ctx.rng);
      const answer = service.answer(params.value, { requestId, now: iso(rt.now()), documents });
      return { response: json(answer), outcome: 'answered', data: { service: req.value.service, purpose: req.value.purpose, legalGround: req.value.legalGround, fields: Object.keys(answer) } };
    }),
  );

  // ---- XCH-04: the participant's outage notice, due within 2 working days after the day the outage began
  app.post(
    EIS_PATHS.outages,
    inbound(face, { service: SERVICES.outage, channel: 'eis', body: 'json' }, ({ body }): Answer => {
      const o = parseBody(OutageSchema, body, 'invalid-outage', 'Not an outage notice');
      if (!o.ok) return reject(o.response);
      const now = rt.now();
      const began = Date.parse(o.value.began);
      if (began > now) return reject(problem({ code: 'outage-in-future', title: 'An outage cannot begin later than its notice', status: 422, detail: `began ${o.value.began}, now is ${iso(now)}`, errors: [{ field: 'began', message: 'later than now' }] }));
      if (o.value.ended && Date.parse(o.value.ended) < began) {
        return reject(problem({ code: 'invalid-outage', title: 'Not an outage notice', status: 422, detail: 'ended before it began', errors: [{ field: 'ended', message: 'earlier than began' }] }));
      }
      const deadline = workingDayDeadline(began, 2, ctx.calendar);
      const notice = { outageId: uuidFrom(ctx.rng), subsystem: o.value.subsystem ?? deps.subsystem, began: iso(began), ...(o.value.ended ? { ended: o.value.ended } : {}), reason: o.value.reason, noticedAt: iso(now), deadline: iso(deadline), inTime: now <= deadline };
      outages.push(notice);
      return { response: json(notice, 201), outcome: notice.inTime ? 'outage-noticed' : 'outage-noticed-late', data: { began: notice.began, deadline: notice.deadline, inTime: notice.inTime } };
    }),
  );

  // ---- the harness's side
  const read = async <S extends z.ZodType>(req: Request, schema: S, code: string) => {
    const r = await readJson(req);
    if (!r.ok) return { ok: false as const, response: r.response };
    return parseBody(schema, r.value, code, 'The action’s body does not match');
  };

  app.post('/__polihon/messaging/notify', async (c) => {
    const b = await read(c.req.raw, NotifySchema, 'invalid-notify');
    if (!b.ok) return b.response;
    const { count, mode, type, payload, to } = b.value;
    const now = rt.now();
    const created: string[] = [];
    for (let i = 0; i < count; i++) created.push(engine.create({ to: to ?? deps.subsystem, mode, type, payload: payload ?? { seq: i + 1 } }, now).messageId);
    let delivery: DeliveryResult | undefined;
    // one message: what its first try met is the action's `delivery`, as the harness reads other simulators' actions
    await deps.background.track(rt.deliveries.send(created, (id, result) => void (count === 1 && id === created[0] && (delivery = result))));
    const messages = created.slice(0, 100).map((id) => messageView(engine.message(id)!));
    return json({ count, ...(created.length <= 100 ? { messageIds: created } : {}), messages, counters: engine.counters(), ...(delivery ? { delivery } : {}) });
  });

  app.get('/__polihon/messaging/messages', (c) => {
    const state = c.req.query('state');
    if (state !== undefined && !STATES.includes(state as OutState)) {
      return problem({ code: 'invalid-query', title: 'Bad messages query', status: 400, detail: `state must be one of ${STATES.join(', ')}`, errors: [{ field: 'state', message: 'unknown state' }] });
    }
    const list = engine.messages().filter((m) => state === undefined || m.state === state);
    return c.json({ settings: engine.settings, counters: engine.counters(), messages: list.map(messageView) });
  });

  app.post('/__polihon/messaging/documents', async (c) => {
    const b = await read(c.req.raw, DocumentSeedSchema, 'invalid-documents');
    if (!b.ok) return b.response;
    for (const d of b.value.documents) documents.set(documentKey(d.documentType, d.documentNumber), d.status);
    return c.json({ documents: documents.size });
  });

  app.get('/__polihon/messaging/outages', (c) => c.json({ outages }));

  // request–response the other way: the participant's service asked, its answer held to the agreed fields (XCH-01)
  app.post('/__polihon/messaging/ask', async (c) => {
    const b = await read(c.req.raw, AskSchema, 'invalid-ask');
    if (!b.ok) return b.response;
    const { requestId, ...rest } = b.value;
    return json(await askParticipant(rt, { requestId: requestId ?? uuidFrom(ctx.rng), ...rest }));
  });

  // the central subsystem's own outage notice to the participant (XCH-04 in the other direction), sent once
  app.post('/__polihon/messaging/outage', async (c) => {
    const b = await read(c.req.raw, CentralOutageSchema, 'invalid-outage');
    if (!b.ok) return b.response;
    const provider = ctx.endpoints['participant.provider'];
    if (!provider) return problem({ code: 'no-endpoint', title: 'No participant to notify', status: 409, detail: "the participant's provider endpoint is not set" });
    const notice = { outageId: uuidFrom(ctx.rng), subsystem: EIS_SUBSYSTEM, began: b.value.began ?? iso(rt.now()), ...(b.value.ended ? { ended: b.value.ended } : {}), reason: b.value.reason, noticedAt: iso(rt.now()) };
    const text = JSON.stringify(notice);
    const url = `${provider.replace(/\/+$/, '')}${PARTICIPANT_PATHS.outages}`;
    const base = { channel: 'eis', mode: 'notification', from: name, to: 'participant', service: SERVICES.outageNotice, messageId: notice.outageId } as const;
    try {
      const res = await ctx.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: text, signal: AbortSignal.timeout(10_000) });
      const answer = await res.text();
      const entry = ctx.journal.append({ ...base, kind: 'request', method: 'POST', path: PARTICIPANT_PATHS.outages, body: text });
      ctx.journal.append({ ...base, kind: 'response', from: 'participant', to: name, status: res.status, links: [entry.seq], body: answer, outcome: res.ok ? 'delivered' : 'refused' });
      return json({ notice, delivery: { status: res.status } });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      ctx.journal.append({ ...base, kind: 'request', method: 'POST', path: PARTICIPANT_PATHS.outages, body: text, outcome: 'delivery-failed', data: { error } });
      return json({ notice, delivery: { status: 0, error } });
    }
  });

  // resends fall due as the virtual clock moves; a real clock (load runs) is looked at every second
  const unsubscribe = ctx.clock.onChange(() => void deps.background.track(pump(rt)));
  const timer = ctx.clock.mode === 'real' ? setInterval(() => void deps.background.track(pump(rt)), 1000) : undefined;
  timer?.unref();
  // a restarted simulator owes its predecessor's messages their tries
  void deps.background.track(pump(rt));

  return {
    engine,
    reset() {
      engine.reset();
      documents.clear();
      outages.length = 0;
    },
    stop() {
      engine.stop();
      rt.deliveries.drain();
      unsubscribe();
      if (timer) clearInterval(timer);
    },
    pump: () => deps.background.track(pump(rt)),
  };
}

function messageView(m: NonNullable<ReturnType<Runtime['engine']['message']>>) {
  return {
    messageId: m.messageId,
    mode: m.mode,
    to: m.to,
    type: m.type,
    state: m.state,
    createdAt: iso(m.createdAt),
    tries: m.tries.map((t) => ({ envelopeId: t.envelopeId, n: t.n, at: iso(t.at), ...(m.mode === 'notification-ack' ? { ackBy: iso(t.ackBy) } : {}) })),
    triesMade: m.triesMade,
    // settled longer ago than the duplicate cache remembers: its tries (and payload) are no longer kept
    ...(m.aged ? { aged: true } : {}),
    ...(m.ack ? { ack: { envelopeId: m.ack.envelopeId, code: m.ack.code, at: iso(m.ack.at) } } : {}),
    ...(m.reason ? { reason: m.reason } : {}),
  };
}
