// The participant as `eis-subscriber`: the three system-to-system modes of ЄІС МВС (simulators/eis/messaging/README.md).
// It takes the central subsystem's notifications, stores each before acknowledging it and answers a duplicate with
// the identical ack; sends its own notifications, resending under a new envelope id and the same message id until
// acknowledged; asks services naming purpose and legal ground; answers the central subsystem's requests with exactly
// the agreed fields; gives notice of its outages in time. Imports nothing of polihon.
import type { ServerResponse } from 'node:http';
import type { DriverAnswer } from './applicant.ts';
import { kyivInstant, workingDaysAfter } from './calendar.ts';
import { callEis, isObject, now as clockNow, record, sendJson, sha256, uuid, type Outage, type State } from './context.ts';
import type { Ack } from './store.ts';
import { iso } from '../kit/sim-clock.ts';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const problem = (code: string, title: string, status: number, extra: Record<string, unknown> = {}) => ({ type: 'about:blank', title, status, code, ...extra });

/** What it asks and answers for: the purpose and the legal ground of its hromada register (XCH-01). */
export const PURPOSE = 'перевірка паспортних документів під час реєстрації місця проживання';
export const LEGAL_GROUND = 'Закон України «Про свободу пересування та вільний вибір місця проживання в Україні», ст. 6';

/** POST {provider}/eis/notifications: a message of the central subsystem, in either notification mode. */
export async function onNotification(s: State, res: ServerResponse, text: string, body: unknown): Promise<void> {
  const b = isObject(body) ? body : {};
  const messageId = typeof b.messageId === 'string' ? b.messageId : '';
  if (!s.faults.has('no-journal')) record(s, { messageId: messageId || sha256(text), direction: 'in', counterpart: 'eis', service: 'eis.notify', sha256: sha256(text) });
  const errors = [
    ...(ID_RE.test(messageId) ? [] : [{ field: '/messageId', message: '1–128 letters, digits, . _ : -' }]),
    ...(typeof b.envelopeId === 'string' && ID_RE.test(b.envelopeId) ? [] : [{ field: '/envelopeId', message: '1–128 letters, digits, . _ : -' }]),
    ...(b.mode === 'notification' || b.mode === 'notification-ack' ? [] : [{ field: '/mode', message: 'notification or notification-ack' }]),
  ];
  if (errors.length) return void sendJson(s, res, 400, problem('invalid-envelope', 'not a ЄІС МВС envelope', 400, { receipt: 200, errors }));
  const envelopeId = b.envelopeId as string;
  const mode = b.mode as string;
  if (typeof b.to === 'string' && b.to !== s.subsystemId) {
    return void sendJson(s, res, 422, problem('unknown-recipient', `the message is for ${b.to}, not ${s.subsystemId}`, 422, { receipt: 301, errors: [{ field: '/to', message: `this system is ${s.subsystemId}` }] }));
  }
  const seen = s.store.get(messageId);
  if (seen) {
    // a resend after a lost ack, or the network's duplicate: the identical ack, not processed again
    if (s.faults.has('process-duplicates')) await s.store.add({ ...seen, envelopeId, at: iso(s.clock.known()) });
    await s.store.stored(messageId);
    return answer(s, res, mode, seen.ack, true);
  }
  if (s.store.envelopeSeen(envelopeId)) {
    return void sendJson(s, res, 400, problem('envelope-reused', `envelope ${envelopeId} came before with another message`, 400, { receipt: 200, errors: [{ field: '/envelopeId', message: 'reused' }] }));
  }
  const ack: Ack | undefined = mode === 'notification-ack' ? { messageId, envelopeId, code: 100, from: s.subsystemId } : undefined;
  const rec = { messageId, envelopeId, mode, type: String(b.type ?? ''), at: iso(s.clock.known()), ...(ack ? { ack } : {}) };
  if (s.faults.has('ack-before-store')) s.store.addLater(rec);
  else await s.store.add(rec);
  if (ack && s.faults.has('slow-ack') && s.slowLeft > 0) {
    s.slowLeft -= 1;
    await sleep(2000);
  }
  return answer(s, res, mode, ack, false);
}

function answer(s: State, res: ServerResponse, mode: string, ack: Ack | undefined, duplicate: boolean): void {
  const headers: Record<string, string> = duplicate ? { 'x-eis-duplicate': 'true' } : {};
  if (mode !== 'notification-ack' || !ack) return void sendJson(s, res, 200, { received: true }, headers);
  if (s.faults.has('never-ack')) return void sendJson(s, res, 202, { received: true }, headers);
  if (s.faults.has('ack-later')) {
    sendJson(s, res, 202, { received: true, ackFollows: true }, headers);
    const p = sleep(20).then(async () => {
      await callEis(s, 'POST', '/eis/v1/acks', 'eis.ack', ack, ack.messageId);
    });
    s.pendingAcks.add(p);
    void p.finally(() => s.pendingAcks.delete(p));
    return;
  }
  sendJson(s, res, 200, ack, headers);
}

/** POST {provider}/eis/outages: the central subsystem's own outage notice. */
export function onCentralOutage(s: State, res: ServerResponse, text: string, body: unknown): void {
  const b = isObject(body) ? body : {};
  const outageId = typeof b.outageId === 'string' ? b.outageId : sha256(text);
  if (!s.faults.has('no-journal')) record(s, { messageId: outageId, direction: 'in', counterpart: 'eis', service: 'eis.outage.notice', sha256: sha256(text) });
  if (typeof b.began !== 'string' || !Number.isFinite(Date.parse(b.began))) {
    return void sendJson(s, res, 422, problem('invalid-outage', 'began: an ISO instant', 422, { errors: [{ field: '/began', message: 'an ISO instant' }] }));
  }
  sendJson(s, res, 200, { received: true, began: b.began });
}

/** The one service it provides to ЄІС МВС, and the fields agreed for its answer. */
export const SERVICE = 'residence-status';
export const AGREED = ['requestId', 'service', 'rnokpp', 'registered', 'checkedAt'] as const;

/** POST {provider}/eis/requests: ЄІС МВС asks; the answer carries exactly the agreed fields (XCH-01). */
export function onRequest(s: State, res: ServerResponse, text: string, body: unknown): void {
  const b = isObject(body) ? body : {};
  const requestId = typeof b.requestId === 'string' ? b.requestId : sha256(text);
  if (!s.faults.has('no-journal')) record(s, { messageId: requestId, direction: 'in', counterpart: 'eis', service: 'eis.ask', sha256: sha256(text) });
  const missing = (['purpose', 'legalGround'] as const).filter((k) => typeof b[k] !== 'string' || (b[k] as string).trim().length < 3);
  if (missing.length) {
    return void sendJson(s, res, 400, problem('missing-purpose-or-ground', 'a request names its purpose and legal ground', 400, { errors: missing.map((f) => ({ field: `/${f}`, message: 'required' })) }));
  }
  if (b.service !== SERVICE) return void sendJson(s, res, 404, problem('unknown-service', `this system provides ${SERVICE} only`, 404, { errors: [{ field: '/service', message: `not ${SERVICE}` }] }));
  const params = isObject(b.params) ? b.params : {};
  const rnokpp = typeof params.rnokpp === 'string' ? params.rnokpp : '';
  if (!/^\d{10}$/.test(rnokpp)) return void sendJson(s, res, 422, problem('invalid-params', 'params.rnokpp: 10 digits', 422, { errors: [{ field: '/params/rnokpp', message: '10 digits' }] }));
  const out: Record<string, unknown> = { requestId, service: SERVICE, rnokpp, registered: Number(rnokpp.at(-1)) % 2 === 0, checkedAt: iso(s.clock.known()) };
  if (s.faults.has('extra-fields')) Object.assign(out, { internalNote: 'перевірено вручну', operator: 'Коваль А. П.' });
  const sent = sendJson(s, res, 200, out);
  if (!s.faults.has('no-journal')) record(s, { messageId: requestId, direction: 'out', counterpart: 'eis', service: 'eis.ask', sha256: sha256(sent) });
}

const MAX_TRIES = 5;

/** One own message, resent under a new envelope id (the same message id) until a receipt settles it. */
async function sendOne(s: State, mode: string, type: string, text: string): Promise<Record<string, unknown>> {
  const messageId = uuid();
  const createdAt = iso(s.clock.known());
  const envelopes: string[] = [];
  let last: { status: number; body: unknown; error?: string } = { status: 0, body: undefined };
  for (let t = 1; t <= (mode === 'notification-ack' ? MAX_TRIES : 1); t += 1) {
    const envelopeId = uuid();
    envelopes.push(envelopeId);
    const payload = { purpose: PURPOSE, legalGround: LEGAL_GROUND, text };
    last = await callEis(s, 'POST', '/eis/v1/messages', 'eis.message', { messageId, envelopeId, mode, from: s.subsystemId, type, createdAt, payload }, messageId);
    const receipt = isObject(last.body) ? last.body : {};
    if (last.status === 200 || last.status === 202) return { messageId, envelopes, status: last.status, code: receipt.code ?? null, acked: mode === 'notification-ack' && receipt.code === 100 };
    // a refusal with a reason is final; no answer, or the other side's trouble, is worth another envelope
    if (last.status >= 400 && last.status < 500 && last.status !== 408 && last.status !== 429) break;
    await sleep(100 * t);
  }
  const receipt = isObject(last.body) && isObject(last.body.receipt) ? last.body.receipt : {};
  return { messageId, envelopes, status: last.status, code: receipt.code ?? null, acked: false, ...(last.error ? { error: last.error } : {}) };
}

/** `send` `{ mode?, count?, type?, text? }`: its own notifications to ЄІС МВС. */
export async function send(s: State, input: Record<string, unknown>): Promise<DriverAnswer> {
  const mode = input.mode ?? 'notification-ack';
  const count = input.count ?? 1;
  if (mode !== 'notification' && mode !== 'notification-ack') return { status: 422, body: { error: 'invalid-action', message: 'mode: notification or notification-ack' } };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 5000) return { status: 422, body: { error: 'invalid-action', message: 'count: 1..5000' } };
  const type = typeof input.type === 'string' ? input.type : 'rtg.residence-registered';
  const text = typeof input.text === 'string' ? input.text : 'зареєстровано місце проживання';
  const results: Record<string, unknown>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      results.push(await sendOne(s, mode, type, text));
    }
  };
  const work = Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  s.sending.add(work);
  await work.finally(() => s.sending.delete(work));
  const acked = results.filter((r) => r.acked === true).length;
  const resent = results.reduce((n, r) => n + (r.envelopes as string[]).length - 1, 0);
  return { status: 200, body: { sent: count, acked, resent, messages: results.slice(0, 100), messageIds: results.map((r) => r.messageId) } };
}

/** `ask` `{ service?, params? }`: request–response, naming purpose and legal ground. */
export async function ask(s: State, input: Record<string, unknown>): Promise<DriverAnswer> {
  const requestId = uuid();
  const body = {
    requestId,
    service: typeof input.service === 'string' ? input.service : 'document-status',
    ...(s.faults.has('no-purpose') ? {} : { purpose: PURPOSE }),
    legalGround: LEGAL_GROUND,
    params: isObject(input.params) ? input.params : {},
  };
  const answer = await callEis(s, 'POST', '/eis/v1/requests', 'eis.request', body, requestId, 30_000);
  return { status: 200, body: { requestId, status: answer.status, answer: answer.body ?? null, ...(answer.error ? { error: answer.error } : {}) } };
}

/** When the notice of an outage that began at `began` goes out: at once, or as a fault or variant says. */
function dueOf(s: State, began: number, now: number): number {
  if (s.faults.has('late-outage-notice')) return kyivInstant(...workingDaysAfter(began, 3), 10);
  if (s.faults.has('outage-notice-last-day')) return kyivInstant(...workingDaysAfter(began, 2), 23);
  return now;
}

async function notice(s: State, o: Outage): Promise<void> {
  const answer = await callEis(s, 'POST', '/eis/v1/outages', 'eis.outage', { began: iso(o.began), reason: o.reason, subsystem: s.subsystemId });
  o.sent = { status: answer.status, body: answer.body ?? null, at: iso(s.clock.known()) };
}

/** `report-outage` `{ began?, reason? }`: an outage of its own; the notice goes when due (at once when correct). */
export async function reportOutage(s: State, input: Record<string, unknown>): Promise<DriverAnswer> {
  const now = await clockNow(s);
  const began = input.began === undefined ? now : typeof input.began === 'string' ? Date.parse(input.began) : NaN;
  if (!Number.isFinite(began)) return { status: 422, body: { error: 'invalid-action', message: 'began: an ISO instant' } };
  const o: Outage = { began, reason: typeof input.reason === 'string' ? input.reason : 'відмова сервера бази даних', due: dueOf(s, began, now) };
  s.outages.push(o);
  if (o.due <= now) await notice(s, o);
  return { status: 200, body: { began: iso(began), due: iso(o.due), sent: o.sent ?? null } };
}

/** GET /driver/wake?now=: sends the notices due by now; says when the next falls due. */
export async function wake(s: State, now: number): Promise<Record<string, unknown>> {
  for (const o of s.outages) if (!o.sent && o.due <= now) await notice(s, o);
  const next = s.outages.filter((o) => !o.sent).reduce<number | undefined>((m, o) => (m === undefined || o.due < m ? o.due : m), undefined);
  return { busy: s.pendingAcks.size > 0 || s.sending.size > 0, ...(next !== undefined ? { nextWake: iso(next) } : {}) };
}
