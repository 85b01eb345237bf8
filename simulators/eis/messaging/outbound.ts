// The central subsystem's side of delivery: sending each try of a message to the participant's endpoint, reading an
// ack from the answer, and — whenever the clock moves — resending what is due and reporting what is given up. The
// engine decides; this only carries its envelopes and journals what happened on the wire.
import { pause } from '../../../core/clock.ts';
import type { JournalInput } from '../../../core/journal.ts';
import type { FaultSet, SimulatorContext } from '../../../core/simulator.ts';
import { malformedText, SIMULATOR_HEADER, TIME_HEADER } from '../../kit/index.ts';
import { AckSchema, envelopeBody, PARTICIPANT_PATHS, REQUEST_TIMEOUT_MS, SERVICES } from './contract.ts';
import type { AckInput, AckResult, Engine, Envelope, MessagingSettings, MessagingStore, OutMessage } from './engine.ts';
import { extraFields } from './judge.ts';

/** What the ЄІС МВС simulator gives its messaging part (simulators/eis/app.ts calls mountMessaging with it). */
export interface MessagingDeps {
  /** clock, journal, endpoints (the participant's `participant.provider`), fetch, rng */
  ctx: SimulatorContext;
  /** the simulator's fault set: `eis.notify` (outbound) and the inbound services' faults are taken from it */
  faults: FaultSet;
  /** the simulator's background work, so idle() waits for deliveries and resends */
  background: { track<T>(p: Promise<T>): Promise<T> };
  /** the run's participant's subsystem id: the recipient of notifications, the sender it may name */
  subsystem: string;
  /** other subsystems allowed to exchange messages (registered by the service); by default only `subsystem` */
  isRegistered?: (subsystem: string) => boolean;
  /**
   * where the engine's records live; memory by default. `polihon serve` passes fileStore(<data dir>/eis-messaging.jsonl),
   * a run fileStore(<report folder>/eis-messaging.jsonl, { section: <scenario id> })
   */
  store?: MessagingStore;
  settings?: Partial<MessagingSettings>;
  /** deliveries to the participant in flight at once, first tries and resends together; default MAX_IN_FLIGHT */
  maxInFlight?: number;
  /** the simulator's name in the journal; default 'eis' */
  name?: string;
}

export interface Runtime {
  deps: MessagingDeps;
  engine: Engine;
  name: string;
  now(): number;
  /** `from` is acceptable as a party of an exchange */
  known(from: string): boolean;
  /** the one queue every delivery to the participant goes through (createDeliveries) */
  deliveries: Deliveries;
}

/** Deliveries in flight at once by default: enough to keep a loopback participant busy, few enough not to swamp one. */
export const MAX_IN_FLIGHT = 8;
/** Real time a delivery may take before it counts as not answered (the try stands; the ack timeout decides). */
const DELIVERY_TIMEOUT_MS = 10_000;

/** The journal's word for what an ack did: acked, ack-ignored (a notification's), ack-duplicate, ack-refused. */
export function ackOutcome(result: AckResult): string {
  if (result.ok) return result.ignored ? 'ack-ignored' : 'acked';
  return result.identical ? 'ack-duplicate' : 'ack-refused';
}

/** Journals an ack's effect as an event of the message, so judges count acks per message from the journal alone. */
export function journalAckResult(rt: Runtime, a: AckInput, result: AckResult, via: 'sync' | 'async', links: number[] = []): void {
  const base: JournalInput = { kind: 'event', channel: 'eis', mode: 'notification-ack', from: 'participant', to: rt.name, service: SERVICES.notify, messageId: a.messageId, outcome: ackOutcome(result), ...(links.length ? { links } : {}) };
  const data = { envelopeId: a.envelopeId, code: a.code, via, ...(result.ok ? {} : { receipt: result.code, reason: result.reason }) };
  rt.deps.ctx.journal.append({ ...base, data });
}

/** What one try met on the wire, for the `notify` action's answer (status 0: no answer). */
export interface DeliveryResult {
  status: number;
  body?: unknown;
  error?: string;
  /** not sent on purpose (an injected fault), so not the participant's doing */
  withheld?: boolean;
}

/** Sends one try and journals it; reads an ack from the answer when there is one. */
async function post(rt: Runtime, env: Envelope, url: string, text: string): Promise<DeliveryResult> {
  const { ctx } = rt.deps;
  const path = new URL(url).pathname;
  const base = { channel: 'eis', mode: env.mode, from: rt.name, to: 'participant', service: SERVICES.notify, messageId: env.messageId } as const;
  const data = { envelopeId: env.envelopeId, try: env.try };
  let res: Response;
  let answer: string;
  try {
    res = await ctx.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [TIME_HEADER]: new Date(ctx.clock.now()).toISOString(), [SIMULATOR_HEADER]: rt.name },
      body: text,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    answer = await res.text();
  } catch (err) {
    if (rt.engine.stopped) return { status: 0, error: 'the simulator stopped' };
    const error = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
    ctx.journal.append({ ...base, kind: 'request', method: 'POST', path, body: text, outcome: 'delivery-failed', data: { ...data, error } });
    if (env.mode === 'notification') rt.engine.notified(env.messageId, false, rt.now(), error);
    return { status: 0, error };
  }
  // a simulator that crashed while the call was out records nothing of its answer
  if (rt.engine.stopped) return { status: 0, error: 'the simulator stopped' };
  const request = ctx.journal.append({ ...base, kind: 'request', method: 'POST', path, body: text, data });
  let outcome = res.ok ? 'delivered' : 'refused';
  let ackData: Record<string, unknown> = {};
  let parsed: unknown;
  try {
    parsed = answer === '' ? undefined : JSON.parse(answer);
  } catch {
    parsed = undefined;
  }
  const ack = AckSchema.safeParse(parsed);
  const response = () => ctx.journal.append({ ...base, kind: 'response', from: 'participant', to: rt.name, status: res.status, links: [request.seq], body: answer, outcome, data: { ...data, ...ackData } });
  if (env.mode === 'notification') rt.engine.notified(env.messageId, res.ok, rt.now(), res.ok ? '' : `HTTP ${res.status}`);
  if (!ack.success) {
    if (res.ok && env.mode === 'notification-ack') outcome = 'delivered-no-ack';
    response();
    return { status: res.status, body: parsed ?? answer };
  }
  ackData = { ackMessageId: ack.data.messageId, ackCode: ack.data.code };
  if (ack.data.messageId !== env.messageId) {
    // an answer acknowledging some other message: never applied to it, the judge names it
    outcome = 'ack-wrong-message';
    response();
    return { status: res.status, body: parsed };
  }
  const a: AckInput = { messageId: ack.data.messageId, envelopeId: ack.data.envelopeId, code: ack.data.code, from: ack.data.from };
  const result = rt.engine.ack(a, rt.now());
  outcome = ackOutcome(result);
  const entry = response();
  journalAckResult(rt, a, result, 'sync', [entry.seq]);
  return { status: res.status, body: parsed };
}

/** Carries one try to the participant, under the `eis.notify` fault if one is set. */
export async function deliver(rt: Runtime, env: Envelope): Promise<DeliveryResult> {
  const { ctx, faults } = rt.deps;
  const provider = ctx.endpoints['participant.provider'];
  const text = JSON.stringify(envelopeBody(env));
  const common = { kind: 'request', channel: 'eis', mode: env.mode, from: rt.name, to: 'participant', service: SERVICES.notify, messageId: env.messageId, method: 'POST', path: PARTICIPANT_PATHS.notifications, body: text } as const;
  if (!provider) {
    ctx.journal.append({ ...common, outcome: 'no-endpoint', data: { envelopeId: env.envelopeId, try: env.try } });
    if (env.mode === 'notification') rt.engine.notified(env.messageId, false, rt.now(), 'no participant endpoint');
    return { status: 0, error: "the participant's provider endpoint is not set" };
  }
  const fault = faults.take(SERVICES.notify);
  if (fault?.kind === 'latency') await pause(fault.ms ?? 1000);
  else if (fault && fault.kind !== 'duplicate' && fault.kind !== 'malformed') {
    // withheld (or lost on the way): the try stands and nothing reaches the participant
    ctx.journal.append({ ...common, outcome: `fault:${fault.kind}`, data: { envelopeId: env.envelopeId, try: env.try, fault: fault.id } });
    if (env.mode === 'notification') rt.engine.notified(env.messageId, false, rt.now(), `fault ${fault.kind}`);
    return { status: 0, withheld: true, error: `not sent: fault ${fault.kind} on ${SERVICES.notify}` };
  }
  const url = `${provider.replace(/\/+$/, '')}${PARTICIPANT_PATHS.notifications}`;
  const first = await post(rt, env, url, fault?.kind === 'malformed' ? malformedText(text) : text);
  // the same envelope again, as a network that duplicates would deliver it
  if (fault?.kind === 'duplicate') await post(rt, env, url, text);
  return first;
}

export interface Deliveries {
  /**
   * Queues `ids` for their due try (a first try or a resend; `beginTry` decides when its turn comes) and resolves once
   * each was tried or found with nothing due. An id already waiting in the queue is not queued twice.
   */
  send(ids: readonly string[], onResult?: (messageId: string, result: DeliveryResult) => void): Promise<void>;
  /** deliveries on the wire now, and the most there ever were at once */
  inFlight(): { now: number; most: number };
  /** gives up what is queued (the engine stopped): every waiting `send` resolves */
  drain(): void;
}

interface Waiter {
  left: number;
  done: () => void;
  onResult: ((messageId: string, result: DeliveryResult) => void) | undefined;
}

/**
 * Every delivery to the participant — a burst's first tries, the resends a clock move makes due, a restart's owed
 * tries — through one queue with at most `limit` on the wire, so a participant is never sent more at once whoever
 * asks. Nothing is skipped for being asked while others are out: a resend that falls due while slow answers hold every
 * slot waits for a slot, and its try (with its ack deadline) begins only when it gets one.
 */
export function createDeliveries(rt: Pick<Runtime, 'engine' | 'now'> & { deliver: (env: Envelope) => Promise<DeliveryResult> }, limit: number = MAX_IN_FLIGHT): Deliveries {
  if (!(Number.isSafeInteger(limit) && limit >= 1)) throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${limit}`);
  let queue: { id: string; waiter: Waiter }[] = [];
  let head = 0;
  const queued = new Set<string>();
  let workers = 0;
  let onWire = 0;
  let most = 0;

  const settle = (w: Waiter) => {
    w.left -= 1;
    if (w.left === 0) w.done();
  };

  const take = () => {
    const item = queue[head++]!;
    queued.delete(item.id);
    // the queue's front is spent: drop it once it is most of the array
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return item;
  };

  const drain = () => {
    while (head < queue.length) settle(take().waiter);
  };

  const worker = async () => {
    try {
      while (head < queue.length) {
        if (rt.engine.stopped) return drain();
        const { id, waiter } = take();
        try {
          const env = rt.engine.beginTry(id, rt.now());
          if (!env) continue;
          onWire += 1;
          most = Math.max(most, onWire);
          let result: DeliveryResult;
          try {
            result = await rt.deliver(env);
            // the answer is read, but its connection goes back to the keep-alive pool only on a later turn: the next
            // delivery waits for it, or it would open a connection beyond the limit
            await new Promise((resolve) => setImmediate(resolve));
          } finally {
            onWire -= 1;
          }
          waiter.onResult?.(id, result);
        } finally {
          settle(waiter);
        }
      }
    } finally {
      workers -= 1;
    }
  };

  return {
    send(ids, onResult) {
      return new Promise<void>((resolve) => {
        const waiter: Waiter = { left: 1, done: resolve, onResult };
        for (const id of ids) {
          if (queued.has(id)) continue;
          queued.add(id);
          waiter.left += 1;
          queue.push({ id, waiter });
        }
        while (workers < limit && workers < queue.length - head) {
          workers += 1;
          void worker();
        }
        // the one the waiter was made with: resolves now when nothing was queued
        settle(waiter);
      });
    },
    inFlight: () => ({ now: onWire, most }),
    drain,
  };
}

/** Whatever is due now: resends and first tries, and the messages given up, each journalled as undelivered. */
export async function pump(rt: Runtime): Promise<void> {
  if (rt.engine.stopped) return;
  const { send, givenUp } = rt.engine.due(rt.now());
  for (const m of givenUp) journalUndelivered(rt, m);
  if (send.length > 0) await rt.deliveries.send(send);
}

function journalUndelivered(rt: Runtime, m: OutMessage): void {
  rt.deps.ctx.journal.append({
    kind: 'event',
    channel: 'eis',
    mode: m.mode,
    from: rt.name,
    to: 'participant',
    service: SERVICES.notify,
    messageId: m.messageId,
    outcome: 'undelivered',
    data: { tries: m.tries.length, envelopes: m.tries.map((t) => t.envelopeId), reason: m.reason ?? '' },
  });
}

export interface AskInput {
  requestId: string;
  service: string;
  purpose: string;
  legalGround: string;
  params: Record<string, unknown>;
  /** the answer's fields as agreed for this service (in the ОТД): the answer may carry nothing else (XCH-01) */
  agreed: readonly string[];
}

/**
 * Request–response the other way: ЄІС МВС asks the participant's service, naming purpose and legal ground as it
 * requires of others, and judges the answer's fields against the agreed set. Gives up after REQUEST_TIMEOUT_MS.
 */
export async function askParticipant(rt: Runtime, ask: AskInput): Promise<{ delivery: DeliveryResult; extraFields: string[]; missingFields: string[] }> {
  const { ctx } = rt.deps;
  const provider = ctx.endpoints['participant.provider'];
  const text = JSON.stringify({ requestId: ask.requestId, service: ask.service, purpose: ask.purpose, legalGround: ask.legalGround, params: ask.params });
  const base = { channel: 'eis', mode: 'request-response', from: rt.name, to: 'participant', service: SERVICES.ask, messageId: ask.requestId, method: 'POST', path: PARTICIPANT_PATHS.requests, body: text } as const;
  if (!provider) {
    ctx.journal.append({ ...base, kind: 'request', outcome: 'no-endpoint' });
    return { delivery: { status: 0, error: "the participant's provider endpoint is not set" }, extraFields: [], missingFields: [] };
  }
  let res: Response;
  let answer: string;
  try {
    res = await ctx.fetch(`${provider.replace(/\/+$/, '')}${PARTICIPANT_PATHS.requests}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [TIME_HEADER]: new Date(ctx.clock.now()).toISOString(), [SIMULATOR_HEADER]: rt.name },
      body: text,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    answer = await res.text();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    ctx.journal.append({ ...base, kind: 'request', outcome: 'delivery-failed', data: { error } });
    return { delivery: { status: 0, error }, extraFields: [], missingFields: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    parsed = undefined;
  }
  const object = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const extra = res.ok && object ? extraFields(object, ask.agreed) : [];
  const missing = res.ok && object ? ask.agreed.filter((f) => !(f in object)) : [];
  const request = ctx.journal.append({ ...base, kind: 'request', data: { purpose: ask.purpose, legalGround: ask.legalGround, agreed: [...ask.agreed] } });
  const outcome = !res.ok ? 'refused' : !object ? 'not-json' : extra.length > 0 ? 'extra-fields' : 'answered';
  ctx.journal.append({ ...base, kind: 'response', from: 'participant', to: rt.name, status: res.status, links: [request.seq], body: answer, outcome, data: { extraFields: extra, missingFields: missing } });
  return { delivery: { status: res.status, body: parsed ?? answer }, extraFields: extra, missingFields: missing };
}
