// Request and answer plumbing shared by the reference participants' HTTP faces: JSON answers, bodies read with a
// limit (read to the end all the same, so the caller hears the answer), the method guard and the last-resort 500
// that keeps a participant's own bug from killing the process, X-Road headers and the exchange journal's entries.
// Imports nothing of polihon.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FetchLike } from './https.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The X-Road identity a participant presents (shown by /driver/health, used as its client or provider id). */
export interface Identity {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystem: string;
}

/** polihon's test registration body (checksum-valid ЄДРПОУ 04054866) and its subsystem RTG_prod, as the Трембіта simulator's default registry knows it. */
export const DEFAULT_IDENTITY: Identity = { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystem: 'RTG_prod' };

/** What every participant's start function takes (its own options extend these). */
export interface CommonStartOptions {
  /** 0 = an ephemeral port */
  port?: number;
  host?: string;
  /** fault switch names (see its faults.ts); unknown names throw */
  faults?: Iterable<string> | string;
  identity?: Partial<Identity>;
  log?: (line: string) => void;
  /**
   * its outbound calls to the simulators, the clock's included; default participantFetch() (kit/https.ts), which in
   * an mTLS run presents POLIHON_CLIENT_CERT and trusts POLIHON_CA
   */
  fetch?: FetchLike;
}

/** What every participant's start function gives back (its own result extends this). */
export interface RunningParticipant<F extends string, J extends JournalRecord = JournalRecord> {
  port: number;
  host: string;
  url: string;
  faults: ReadonlySet<F>;
  journal: J[];
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A server whose handler may fail: the failure is logged and answered by `fail` (a JSON 500 by default) while
 * headers can still go, else the connection is dropped — never an unhandled rejection.
 */
export function guardedServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  log: (line: string) => void,
  fail: (req: IncomingMessage, res: ServerResponse, err: unknown) => void = (_req, res, err) => sendJson(res, 500, { error: 'internal-error', message: (err as Error)?.message ?? String(err) }),
): Server {
  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) fail(req, res, err);
      else res.destroy();
    });
  });
}

/** The request's path; '/' when its target cannot be read. */
export function requestPath(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    return '/';
  }
}

/**
 * The method guard of a route: `want('POST')` is true for that method, else it drains the body, answers 405 with
 * Allow and is false. With `headAsGet`, HEAD passes where GET is wanted.
 */
export function methodGuard(req: IncomingMessage, res: ServerResponse, method: string, path: string, headAsGet = false): (m: string) => boolean {
  return (m) => {
    if (method === m || (headAsGet && m === 'GET' && method === 'HEAD')) return true;
    req.resume();
    sendJson(res, 405, { error: 'method-not-allowed', message: `${method} ${path} is not served; use ${m}` }, { allow: m });
    return false;
  };
}

/** The body, up to `limit` bytes kept; `over` when more came. Rejects when the caller goes away. */
export async function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size <= limit) chunks.push(c as Buffer);
  }
  return { bytes: Buffer.concat(chunks), over: size > limit };
}

/** What readJson returns once it has answered (or the caller has gone): the route just returns. */
export const FAILED = Symbol('failed');

export interface JsonBodyRules {
  limit: number;
  /** the 413 message, e.g. 'driver bodies are limited to 64 KiB' */
  tooLarge: string;
  /** an empty body is undefined rather than a 400 */
  emptyOk: boolean;
  /** the 400 message for an empty body */
  required?: string;
}

/** A JSON body, or FAILED once a 413/400 has been answered (or the caller went away). */
export async function readJson(req: IncomingMessage, res: ServerResponse, rules: JsonBodyRules): Promise<unknown> {
  let read: { bytes: Buffer; over: boolean };
  try {
    read = await readBody(req, rules.limit);
  } catch {
    return FAILED;
  }
  if (read.over) {
    sendJson(res, 413, { error: 'body-too-large', message: rules.tooLarge });
    return FAILED;
  }
  const text = read.bytes.toString('utf8');
  if (!text.trim()) {
    if (rules.emptyOk) return undefined;
    sendJson(res, 400, { error: 'invalid-body', message: rules.required ?? 'a JSON object is required' });
    return FAILED;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    sendJson(res, 400, { error: 'invalid-body', message: `the body is not JSON: ${(err as Error).message}` });
    return FAILED;
  }
}

/** An http(s) URL, as the driver's reset gives simulators and the clock. */
export const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\//.test(v);

/** A header's value; the last one when it came more than once. */
export function lastHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.at(-1) : v;
}

/** `INSTANCE/CLASS/MEMBER[/SUBSYSTEM]` with each part percent-decoded; undefined when absent or malformed. */
export function clientOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parts = value.trim().split('/');
  if (parts.length < 3 || parts.length > 4) return undefined;
  try {
    const decoded = parts.map((p) => decodeURIComponent(p));
    return decoded.some((p) => !p) ? undefined : decoded.join('/');
  } catch {
    return undefined;
  }
}

/** One entry of a participant's exchange journal (contracts.md §5): the message's SHA-256, never its content. */
export interface JournalRecord {
  messageId: string;
  direction: 'in' | 'out';
  counterpart: string;
  service: string;
  time: string;
  sha256: string;
}

/** The journal entry of a message's bytes. */
export function journalEntry(r: Omit<JournalRecord, 'sha256'> & { bytes: string | Uint8Array }): JournalRecord {
  return { messageId: r.messageId, direction: r.direction, counterpart: r.counterpart, service: r.service, time: r.time, sha256: createHash('sha256').update(r.bytes).digest('hex') };
}
