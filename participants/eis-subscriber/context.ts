// What the participant's parts share: its state, the exchange journal, and the one way it calls ЄІС МВС (journalled
// both ways, the simulators' clock noted from every answer). Imports nothing of polihon.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultName } from './config.ts';
import { reversedJson, type Signer } from './crypto.ts';
import type { MessageStore } from './store.ts';
import type { FetchLike } from '../kit/https.ts';
import { iso, type SimClock } from '../kit/sim-clock.ts';

export interface Identity {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystem: string;
}

/** polihon's test registration body (ЄДРПОУ 04054866) with its hromada register subsystem, as the simulators know it. */
export const DEFAULT_IDENTITY: Identity = { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystem: 'RTG_prod' };

export interface JournalRecord {
  messageId: string;
  direction: 'in' | 'out';
  counterpart: string;
  service: string;
  time: string;
  sha256: string;
}

export interface Outage {
  began: number;
  reason: string;
  /** when the notice is due to go out (the simulators' clock) */
  due: number;
  sent?: { status: number; body: unknown; at: string };
}

export interface State {
  faults: ReadonlySet<FaultName>;
  identity: Identity;
  /** INSTANCE/CLASS/MEMBER/SUBSYSTEM */
  subsystemId: string;
  eis: string | undefined;
  clock: SimClock;
  /** the simulators' clock URL from the reset, read with this participant's own fetch (https in an mTLS run) */
  clockUrl: string | undefined;
  store: MessageStore;
  journal: JournalRecord[];
  /** signs the application and the ОТД */
  signer: Signer;
  /** the certificate presented in an mTLS run (the ОТД binds it); the signer's when there is no mTLS */
  presented: string;
  /** another certificate of its own (the `wrong-certificate` fault binds it in the ОТД) */
  other: Signer;
  applicant: { applicationId?: string; filed?: Record<string, unknown>; letter?: unknown; otdFiled?: boolean };
  outages: Outage[];
  /** deliveries still to be acknowledged slowly (the `slow-ack` variant) */
  slowLeft: number;
  /** acks still to go out on /eis/v1/acks (the `ack-later` variant) */
  pendingAcks: Set<Promise<void>>;
  /** own messages still being resent */
  sending: Set<Promise<unknown>>;
  fetch: FetchLike;
  log: (line: string) => void;
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
export const uuid = () => randomUUID();
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads the simulators' clock afresh (a virtual clock moves between steps without telling anyone). Read with the
 * participant's fetch, so that in an mTLS run the clock's https URL is reached with the run's CA and certificate.
 */
export async function now(s: State): Promise<number> {
  if (s.clockUrl) {
    try {
      const res = await s.fetch(s.clockUrl, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { epochMs?: unknown };
      if (typeof body.epochMs === 'number') s.clock.note(new Date(body.epochMs).toISOString());
    } catch {
      // keep the last reading: the answers' X-Polihon-Time will tell
    }
  }
  return s.clock.known();
}

export function record(s: State, r: Omit<JournalRecord, 'time'> & { time?: string }): void {
  s.journal.push({ ...r, time: r.time ?? iso(s.clock.known()) });
}

/** A body as this participant writes JSON (keys reversed under the `reorder-keys` variant). */
export function jsonText(s: State, body: unknown): string {
  return s.faults.has('reorder-keys') ? reversedJson(body) : JSON.stringify(body);
}

export interface EisAnswer {
  status: number;
  body: unknown;
  /** the exact text sent */
  sent: string;
  error?: string;
}

/**
 * Calls ЄІС МВС and journals the call (out) and its answer (in) under `service`; `messageId` names the exchange
 * (the answer's `id` when the caller gives none). A network failure is answered as status 0 with the error.
 */
export async function callEis(s: State, method: string, path: string, service: string, body?: unknown, messageId?: string, timeoutMs = 10_000): Promise<EisAnswer> {
  if (!s.eis) return { status: 0, body: undefined, sent: '', error: 'no ЄІС МВС URL yet: POST /driver/reset with simulators.eis, or set EIS_URL' };
  const sent = body === undefined ? '' : jsonText(s, body);
  const at = iso(s.clock.known());
  let res: Response;
  let text: string;
  try {
    res = await s.fetch(`${s.eis}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), 'x-road-client': s.subsystemId },
      ...(body === undefined ? {} : { body: sent }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    if (body !== undefined) record(s, { messageId: messageId ?? uuid(), direction: 'out', counterpart: 'eis', service, sha256: sha256(sent), time: at });
    return { status: 0, body: undefined, sent, error: (err as Error).message };
  }
  s.clock.note(res.headers.get('x-polihon-time'));
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep the text */
  }
  const id = messageId ?? (isObject(parsed) && typeof parsed.id === 'string' ? parsed.id : uuid());
  if (body !== undefined) record(s, { messageId: id, direction: 'out', counterpart: 'eis', service, sha256: sha256(sent), time: at });
  if (text) record(s, { messageId: id, direction: 'in', counterpart: 'eis', service, sha256: sha256(text) });
  return { status: res.status, body: parsed, sent };
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(s: State | undefined, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): string {
  const text = s ? jsonText(s, body) : JSON.stringify(body);
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json; charset=utf-8' : JSON_TYPE, ...headers });
  res.end(text);
  return text;
}

export const FAILED = Symbol('failed');

/** The request's body as text and as JSON; a bad body is answered 400 here (FAILED). */
export async function readBody(req: IncomingMessage, res: ServerResponse, optional = false): Promise<{ text: string; json: unknown } | typeof FAILED> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 4 * 1024 * 1024) {
      sendJson(undefined, res, 413, { type: 'about:blank', title: 'body too large', status: 413, code: 'too-large' });
      return FAILED;
    }
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    if (optional) return { text, json: undefined };
    sendJson(undefined, res, 400, { type: 'about:blank', title: 'a JSON body is required', status: 400, code: 'invalid-body' });
    return FAILED;
  }
  try {
    return { text, json: JSON.parse(text) };
  } catch (err) {
    sendJson(undefined, res, 400, { type: 'about:blank', title: 'the body is not JSON', status: 400, code: 'invalid-body', detail: (err as Error).message });
    return FAILED;
  }
}
