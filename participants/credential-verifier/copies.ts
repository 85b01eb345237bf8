// Copies of an е-Посвідчення (role copy-recipient): the officer asks Дія for a copy of a presented е-Посвідчення
// (POST …/copy-requests through Трембіта), the person consents in Дія, and Дія delivers the copy to this system's
// ECredentialCopies_v1 (`POST {provider}/copies`, multipart/form-data, through Трембіта as DIIA_prod). A copy is kept
// only for its purpose: it is deleted once its keepUntil passes on the simulators' clock (DIIA-15), and a copy that
// did not come from Дія, or that nobody asked for, is refused (DIIA-13). Only the copy's own data live here; the
// officer's requests are kept until Дія answers them.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DIIA_CLIENT, isEan13, VERIFY_SERVICE, type Credential, type VerifierState } from './verify.ts';
import { clientOf, journalEntry, lastHeader as header, methodGuard, readBody as readKitBody, sendJson as send } from '../kit/http.ts';
import { iso } from '../kit/sim-clock.ts';

/** Where Трембіта delivers the participant's REST services (the profile's endpoints.provider). */
export const PROVIDER_BASE = '/provider';
const DAY_MS = 86_400_000;
/** delete-early: the purpose is served within an hour of receipt, and the copy goes then */
const EARLY_MS = 3_600_000;
const LIMIT = 1024 * 1024;

interface Held {
  requestId: string;
  purpose: string;
  receivedAt: number;
  keepUntil: number;
  /** when this system deletes it: keepUntil, or sooner under delete-early */
  deleteAt: number;
  barcode?: string;
  credential?: Credential;
}

interface Pending {
  purpose: string;
  keepDays: number;
  requestedAt: number;
}

export interface Copies {
  held: Map<string, Held>;
  pending: Map<string, Pending>;
  sweep?: ReturnType<typeof setInterval>;
}

export function createCopies(): Copies {
  return { held: new Map(), pending: new Map() };
}

export function resetCopies(c: Copies): void {
  c.held.clear();
  c.pending.clear();
}

type Ctx = VerifierState & { copies: Copies; slowMs: number };

/** Serves the copy routes; false when the path is none of them (the caller goes on with its own routes). */
export async function handleCopies(s: Ctx, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const route: Record<string, [string, () => Promise<void>]> = {
    [`${PROVIDER_BASE}/copies`]: ['POST', () => receive(s, req, res)],
    '/driver/copy-requests': ['POST', () => request(s, req, res)],
    '/driver/copies': ['GET', () => list(s, res)],
    '/driver/wake': ['GET', () => wake(s, req, res)],
  };
  const r = route[path];
  if (!r) return false;
  if (!methodGuard(req, res, method, path)(r[0])) return true;
  await r[1]();
  return true;
}

// ---------------------------------------------------------------- Дія delivers a copy

async function receive(s: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const caller = clientOf(header(req, 'x-road-client'));
  const traceId = header(req, 'x-document-request-trace-id') ?? '';
  const messageId = header(req, 'x-road-id') ?? traceId;
  const now = await s.clock.takenAt(header(req, 'x-polihon-time'));
  journal(s, { messageId, direction: 'in', counterpart: caller ?? 'unknown', service: 'diia.copy.deliver', time: iso(now), bytes: body.bytes });
  const answer = (status: number, json: Record<string, unknown>) => {
    const text = JSON.stringify(json);
    journal(s, { messageId, direction: 'out', counterpart: caller ?? 'unknown', service: 'diia.copy.deliver', time: iso(now), bytes: text });
    send(res, status, json);
  };
  // a copy counts only when Дія gives it, through Трембіта: anyone else's "copy" was never consented to in Дія
  if (caller !== DIIA_CLIENT && !s.faults.has('accept-any-sender')) {
    return answer(403, { success: false, code: 'client-not-allowed', message: `copies are taken from ${DIIA_CLIENT} only; X-Road-Client was ${caller ?? 'missing'}` });
  }
  if (body.over) return answer(413, { success: false, code: 'copy-too-large', message: 'a copy is limited to 1 MiB' });
  const copy = readCopy(header(req, 'content-type') ?? '', body.bytes, traceId);
  if (typeof copy === 'string') return answer(400, { success: false, code: 'invalid-copy', message: copy });
  const asked = s.copies.pending.get(copy.requestId);
  // Дія may send one copy twice (a retry): the second is taken as the first was
  if (!asked && s.copies.held.has(copy.requestId) && !s.faults.has('reject-copies')) return answer(200, { success: true });
  if (!asked && !s.faults.has('accept-any-sender')) {
    return answer(409, { success: false, code: 'unknown-request', message: `no copy of ${copy.requestId} was asked for (or it came already)` });
  }
  if (s.faults.has('reject-copies')) return answer(200, { success: false });
  s.copies.pending.delete(copy.requestId);
  const deleteAt = s.faults.has('delete-early') ? Math.min(copy.keepUntil, now + EARLY_MS) : copy.keepUntil;
  s.copies.held.set(copy.requestId, { requestId: copy.requestId, purpose: copy.purpose, receivedAt: now, keepUntil: copy.keepUntil, deleteAt, barcode: copy.barcode, credential: copy.credential });
  startSweep(s);
  if (s.faults.has('copy-slow-ack')) await new Promise((r) => setTimeout(r, s.slowMs));
  answer(200, { success: true });
}

interface Copy {
  requestId: string;
  purpose: string;
  keepUntil: number;
  barcode?: string;
  credential: Credential;
}

/** The contract's parts: file e-credential.pdf (a PDF) and encodeData (base64 JSON whose requestId is the trace id). */
export function readCopy(contentType: string, bytes: Buffer, traceId: string): Copy | string {
  const boundary = /^multipart\/form-data\b.*?;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (!boundary) return 'the body must be multipart/form-data with a boundary';
  const parts = multipartParts(bytes.toString('latin1'), boundary[1] ?? boundary[2]!);
  const file = parts.find((p) => p.name === 'file');
  const encoded = parts.find((p) => p.name === 'encodeData');
  if (!file || !/\.pdf$/i.test(file.filename ?? '') || !file.body.startsWith('%PDF-')) return 'the part "file" must be the copy as a PDF (e-credential.pdf)';
  if (!encoded) return 'the part "encodeData" is missing';
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(Buffer.from(encoded.body.trim(), 'base64').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'encodeData is not base64 of a JSON object';
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return 'encodeData is not base64 of a JSON object';
  const requestId = meta.requestId;
  if (typeof requestId !== 'string' || !requestId) return 'encodeData.requestId is missing';
  if (traceId && requestId !== traceId) return `encodeData.requestId ${requestId} is not the X-Document-Request-Trace-Id ${traceId}`;
  if (!Array.isArray(meta.documentTypes) || !meta.documentTypes.includes('e-credential')) return 'encodeData.documentTypes must name e-credential';
  const data = meta.data as Record<string, unknown> | undefined;
  const credential = data?.['e-credential'];
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) return 'encodeData.data["e-credential"] is missing';
  const keepUntil = typeof meta.keepUntil === 'string' ? Date.parse(meta.keepUntil) : NaN;
  if (!Number.isFinite(keepUntil)) return 'encodeData.keepUntil must be an ISO instant';
  return {
    requestId,
    purpose: typeof meta.purpose === 'string' ? meta.purpose : '',
    keepUntil,
    ...(typeof meta.barcode === 'string' ? { barcode: meta.barcode } : {}),
    credential: credential as Credential,
  };
}

function multipartParts(text: string, boundary: string): { name?: string; filename?: string; body: string }[] {
  const out: { name?: string; filename?: string; body: string }[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = chunk.slice(0, split);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    out.push({
      ...(/\bname="([^"]*)"/i.exec(disposition) ? { name: /\bname="([^"]*)"/i.exec(disposition)![1] } : {}),
      ...(/\bfilename="([^"]*)"/i.exec(disposition) ? { filename: /\bfilename="([^"]*)"/i.exec(disposition)![1] } : {}),
      body: chunk.slice(split + 4).replace(/\r\n$/, ''),
    });
  }
  return out;
}

// ---------------------------------------------------------------- the officer asks for a copy

async function request(s: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(read.bytes.toString('utf8')) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return send(res, 400, { error: 'invalid-body', message: 'a JSON object {code | qrCode, purpose, keepDays} is required' });
  }
  const digits = typeof body.code === 'string' ? body.code.replace(/\s+/g, '') : undefined;
  const identifier = digits !== undefined ? (isEan13(digits) ? { barcode: digits } : undefined) : typeof body.qrCode === 'string' && body.qrCode ? { qrCode: body.qrCode } : undefined;
  if (!identifier || (body.code !== undefined && body.qrCode !== undefined)) return send(res, 422, { error: 'invalid-copy-request', message: 'give exactly one of code (13 digits, spaces allowed) and qrCode' });
  if (typeof body.purpose !== 'string' || !body.purpose.trim() || body.purpose.length > 500) return send(res, 422, { error: 'invalid-copy-request', message: 'purpose: a text of 1–500 characters' });
  const keepDays = body.keepDays;
  if (typeof keepDays !== 'number' || !Number.isInteger(keepDays) || keepDays < 1 || keepDays > 30) return send(res, 422, { error: 'invalid-copy-request', message: 'keepDays: a whole number of days, 1–30' });
  if (!s.trembita) return send(res, 409, { error: 'not-configured', message: 'Трембіту не налаштовано: POST /driver/reset із simulators.trembita або TREMBITA_URL' });
  const requestId = randomUUID();
  const now = await s.clock.now();
  s.copies.pending.set(requestId, { purpose: body.purpose, keepDays, requestedAt: now });
  const sent = JSON.stringify({ ...identifier, requestId, purpose: body.purpose, keepDays });
  const messageId = randomUUID();
  journal(s, { messageId, direction: 'out', counterpart: DIIA_CLIENT, service: 'diia.copy.request', time: iso(now), bytes: sent });
  let status = 0;
  let answer: Record<string, unknown> = {};
  try {
    const r = await s.fetch(`${s.trembita.replace(/\/+$/, '')}/r1/${VERIFY_SERVICE}/copy-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-road-client': s.client, 'x-road-id': messageId, 'x-road-userid': s.userId },
      body: sent,
      signal: AbortSignal.timeout(s.timeoutMs),
      redirect: 'manual',
    });
    const text = await r.text();
    s.clock.note(r.headers.get('x-polihon-time'));
    journal(s, { messageId, direction: 'in', counterpart: DIIA_CLIENT, service: 'diia.copy.request', time: iso(s.clock.known()), bytes: text });
    status = r.status;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      answer = {};
    }
  } catch {
    status = 0;
  }
  if (status !== 202) {
    s.copies.pending.delete(requestId);
    return send(res, 200, { requestId, status: status === 0 ? 'unavailable' : 'refused', ...(typeof answer.code === 'string' ? { code: answer.code } : {}), diiaStatus: status });
  }
  if (s.faults.has('assume-consent')) {
    const keepUntil = now + keepDays * DAY_MS;
    s.copies.held.set(requestId, { requestId, purpose: body.purpose, receivedAt: now, keepUntil, deleteAt: keepUntil });
  }
  send(res, 201, { requestId, status: typeof answer.status === 'string' ? answer.status : 'awaiting-consent', diiaStatus: status });
}

// ---------------------------------------------------------------- what is kept, and when it goes

/** Deletes what is due by `now`; keep-copies never deletes. */
function purge(s: Ctx, now: number): void {
  if (s.faults.has('keep-copies')) return;
  for (const [id, c] of s.copies.held) if (now >= c.deleteAt) s.copies.held.delete(id);
}

async function list(s: Ctx, res: ServerResponse): Promise<void> {
  purge(s, await s.clock.now());
  send(res, 200, {
    copies: [...s.copies.held.values()].map((c) => ({ requestId: c.requestId, receivedAt: iso(c.receivedAt), keepUntil: iso(c.keepUntil), purpose: c.purpose })),
  });
}

/** The harness's wake-up question (contracts §5): the next deletion is the next thing this system does by itself. */
async function wake(s: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  const asked = Date.parse(new URL(req.url ?? '/', 'http://x').searchParams.get('now') ?? '');
  purge(s, Number.isFinite(asked) ? asked : await s.clock.now());
  const next = s.faults.has('keep-copies') ? [] : [...s.copies.held.values()].map((c) => c.deleteAt);
  send(res, 200, { busy: false, nextWake: next.length ? iso(Math.min(...next)) : null });
}

/** Run alone on a real clock nobody asks about wake-ups: a slow sweep deletes what is due all the same. */
function startSweep(s: Ctx): void {
  if (s.copies.sweep) return;
  s.copies.sweep = setInterval(() => {
    if (s.copies.held.size === 0) {
      clearInterval(s.copies.sweep);
      s.copies.sweep = undefined;
      return;
    }
    s.clock.now().then((now) => purge(s, now), () => undefined);
  }, 10_000);
  s.copies.sweep.unref();
}

// ---------------------------------------------------------------- plumbing

function journal(s: Ctx, r: { messageId: string; direction: 'in' | 'out'; counterpart: string; service: string; time: string; bytes: string | Uint8Array }): void {
  s.journal.push(journalEntry(r));
}

const readBody = (req: IncomingMessage) => readKitBody(req, LIMIT);
