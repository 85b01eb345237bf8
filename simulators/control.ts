// What every simulator shares: the HTTP plumbing (time header, body limit, problem+json for bad input and bugs),
// the control API under /__polihon/ that only the harness uses, inbound fault handling, and journalled outbound calls.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { kyivDate } from '../core/calendar.ts';
import { CLOCK_RANGE, CLOCK_RANGE_HINT, clockRangeProblem, resolveWithinRange } from '../core/clock-range.ts';
import { pause } from '../core/clock.ts';
import { parseTimeSpec, TimeSpecError } from '../core/duration.ts';
import type { Channel, JournalEntry, JournalInput } from '../core/journal.ts';
import { json, problem, type ProblemField } from '../core/problem.ts';
import type { ActiveFault, FaultSet, SimulatorContext } from '../core/simulator.ts';

/** Largest request body any simulator reads; bigger ones get 413 (contracts §1). */
export const BODY_LIMIT = 64 * 1024;
/** The simulator clock's instant, on every answer and every request a simulator sends. */
export const TIME_HEADER = 'X-Polihon-Time';
/** Which simulator sent an answer or an outbound request; a receiving simulator journals it as `from`. */
export const SIMULATOR_HEADER = 'X-Polihon-Simulator';
/**
 * The channel a call came through when a simulator relays it (Трембіта sends `trembita` to the simulators behind it):
 * the receiving simulator journals its 'direct' exchanges under that channel. `from` stays who made the call.
 */
export const CHANNEL_HEADER = 'X-Polihon-Channel';
/**
 * `<seq>:<hash>` of the journal entry in which the answering simulator recorded a request. A simulator that
 * sent the request and finds that entry in its own journal knows the exchange is already recorded (both
 * simulators share one journal in a host) and does not record it twice.
 */
export const JOURNAL_ENTRY_HEADER = 'X-Polihon-Journal-Entry';

const NAME_RE = /^[a-z][a-z0-9.-]{0,31}$/;

// ---------------------------------------------------------------------------------------------------------
// The base app

export interface SimulatorAppOptions {
  name: string;
  ctx: SimulatorContext;
}

/**
 * A hono app with what every simulator face needs: `X-Polihon-Time` and `X-Polihon-Simulator` on every answer,
 * problem+json for unknown paths, and a 500 problem (not a crash) for a bug in a handler.
 */
export function createSimulatorApp({ name, ctx }: SimulatorAppOptions): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    // A connection reset has no headers to carry.
    if (c.res.type === 'error') return;
    try {
      c.res.headers.set(TIME_HEADER, new Date(ctx.clock.now()).toISOString());
      c.res.headers.set(SIMULATOR_HEADER, name);
    } catch {
      // immutable headers (a response passed through from fetch): copy it once
      const res = new Response(c.res.body, c.res);
      res.headers.set(TIME_HEADER, new Date(ctx.clock.now()).toISOString());
      res.headers.set(SIMULATOR_HEADER, name);
      c.res = res;
    }
  });
  app.onError((err, c) =>
    problem({
      code: 'internal-error',
      title: 'Internal error in the simulator',
      status: 500,
      detail: `${c.req.method} ${new URL(c.req.url).pathname} failed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'This is a bug in polihon, not in the participant; the simulator keeps serving. Please report it.',
    }),
  );
  app.notFound((c) =>
    problem({
      code: 'not-found',
      title: 'No such resource',
      status: 404,
      detail: `${name} has no ${c.req.method} ${new URL(c.req.url).pathname}`,
      hint: `See the ${name} simulator's published contract (openapi.yaml) for its paths; the control API is under /__polihon/.`,
    }),
  );
  return app;
}

// ---------------------------------------------------------------------------------------------------------
// Reading bodies

export type BodyRead<T> =
  | { ok: true; value: T; text: string; raw: Buffer }
  | { ok: false; response: Response; text: string; raw: Buffer; code: string };

/** The request body's bytes, or undefined once it passes `limit` bytes (the rest is not read). */
export async function readBytesLimited(request: Request, limit = BODY_LIMIT): Promise<Buffer | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return undefined;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // not awaited: some bodies (msw's tee'd copies) never settle a cancel
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF, no cut sequence), or undefined when every byte is. TextDecoder's fatal mode says only that it failed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // only the second byte has the narrowed range
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return undefined;
}

/** The charset a Content-Type declares, lower case, or undefined when it names none. */
export function declaredCharset(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').trim().toLowerCase() : undefined;
}

/** utf-8 and its alias utf8; no charset at all means UTF-8 too. */
export function isUtf8Charset(charset: string | undefined): boolean {
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Where bytes stop being UTF-8 text, for a problem's detail: the offset and the bytes there. */
export function invalidUtf8Detail(bytes: Uint8Array, offset: number): string {
  const shown = [...bytes.subarray(offset, offset + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `the body is not valid UTF-8: the sequence at byte offset ${offset} is not UTF-8 (bytes there: ${shown})`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function badEncoding(raw: Buffer, code: string, title: string, detail: string): BodyRead<never> {
  return {
    ok: false,
    raw,
    // what the journal and reports show; the journal hashes and keeps `raw`
    text: new TextDecoder('utf-8', { fatal: false }).decode(raw),
    code,
    response: problem({
      code,
      title,
      status: 400,
      detail,
      hint: 'Send the body as UTF-8 (JSON is UTF-8 by RFC 8259 §8.1) and declare it as charset=utf-8 or not at all; re-encode text taken from a Windows-1251 source first.',
    }),
  };
}

/**
 * The request body as text, read the one way every simulator route reads one: at most `limit` bytes (over it, a 413
 * without reading the rest), a declared charset must be UTF-8, and the bytes must be strict UTF-8 — never
 * decoded with U+FFFD in place of what does not decode. Bytes that are not are a 400 naming the first bad offset.
 * `raw` is the body as received, for the journal to hash.
 */
export async function readText(request: Request, limit = BODY_LIMIT): Promise<BodyRead<string>> {
  const bytes = await readBytesLimited(request, limit);
  if (!bytes) {
    return {
      ok: false,
      text: '',
      raw: Buffer.alloc(0),
      code: 'body-too-large',
      response: problem({
        code: 'body-too-large',
        title: 'Request body too large',
        status: 413,
        detail: `the body is over ${limit} bytes`,
        hint: `Send at most ${limit / 1024} KiB.`,
      }),
    };
  }
  const charset = declaredCharset(request.headers.get('content-type'));
  if (!isUtf8Charset(charset)) {
    return badEncoding(bytes, 'unsupported-charset', 'Request body is not in UTF-8', `charset ${JSON.stringify(charset)} is not accepted: request bodies are UTF-8`);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) return badEncoding(bytes, 'invalid-encoding', 'Request body is not valid UTF-8', invalidUtf8Detail(bytes, bad));
  const text = strictUtf8.decode(bytes);
  return { ok: true, value: text, text, raw: bytes };
}

function invalidBody(detail: string, read: { text: string; raw: Buffer }, hint: string): BodyRead<never> {
  return {
    ok: false,
    text: read.text,
    raw: read.raw,
    code: 'invalid-body',
    response: problem({ code: 'invalid-body', title: 'Request body is not valid JSON', status: 400, detail, hint }),
  };
}

/**
 * Reads a JSON body: 413 past the limit, 400 for a charset other than UTF-8 or bytes that are not UTF-8, 400
 * `invalid-body` for a wrong content type or text that is not JSON.
 */
export async function readJson(request: Request): Promise<BodyRead<unknown>> {
  const read = await readText(request);
  if (!read.ok) return read;
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return invalidBody(
      `content type must be application/json, got ${type ? JSON.stringify(type) : 'none'}`,
      read,
      'Send the body as JSON with Content-Type: application/json; charset=utf-8.',
    );
  }
  if (read.text.trim() === '') return invalidBody('the body is empty', read, 'Send a JSON object.');
  try {
    return { ok: true, value: JSON.parse(read.text) as unknown, text: read.text, raw: read.raw };
  } catch (err) {
    return invalidBody(
      `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      read,
      'Check the body is complete, well-formed UTF-8 JSON.',
    );
  }
}

/** A zod issue path as the field name problem+json uses: ['person', 'rnokpp'] -> 'person.rnokpp'. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}

/** One problem field per offending field (the first issue of each), unknown keys each named. */
export function zodFields(error: z.ZodError): ProblemField[] {
  const out: ProblemField[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => ({ field: fieldPath([...issue.path, k]), message: 'unknown field' }))
        : [{ field: fieldPath(issue.path), message: issue.message }];
    for (const f of fields) {
      if (seen.has(f.field)) continue;
      seen.add(f.field);
      out.push(f);
    }
  }
  return out;
}

/** Validates `value`; on failure a 422 problem with `code` listing every field. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code = 'invalid-body',
  title = 'Request body does not match the contract',
): { ok: true; value: z.infer<S> } | { ok: false; response: Response; errors: ProblemField[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const errors = zodFields(r.error);
  return {
    ok: false,
    errors,
    response: problem({
      code,
      title,
      status: 422,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Faults on the simulator's own answers

/** A dropped connection: msw turns it into a network error, the node server destroys the socket. */
export function connectionReset(): Response {
  return Response.error();
}

export function isConnectionReset(res: Response): boolean {
  return res.type === 'error';
}

/** How long a `timeout` fault holds a call when the caller does not give up first (real time). */
export const TIMEOUT_FAULT_MS = 30_000;


/**
 * The answer an inbound fault gives instead of the real one, or undefined when the call goes on (after the
 * delay of a `latency` fault; `malformed`, `withhold` and `duplicate` are the handler's to apply).
 */
export async function faultAnswer(fault: ActiveFault | undefined, signal?: AbortSignal): Promise<Response | undefined> {
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'latency':
      await pause(fault.ms ?? 1000, signal);
      return undefined;
    case 'timeout':
      await pause(fault.ms ?? TIMEOUT_FAULT_MS, signal);
      return problem({
        code: 'timeout',
        title: 'Injected timeout',
        status: 504,
        detail: fault.message ?? `no answer for ${fault.ms ?? TIMEOUT_FAULT_MS} ms (fault ${fault.id})`,
      });
    case 'reset':
      return connectionReset();
    case 'error':
      return problem({
        code: 'injected-fault',
        title: 'Injected error',
        status: fault.status ?? 500,
        detail: fault.message ?? `fault ${fault.id} on ${fault.service}`,
      });
    case 'outage':
      return problem(
        {
          code: 'outage',
          title: 'Service unavailable',
          status: 503,
          detail: fault.message ?? `${fault.service} is in an outage window (fault ${fault.id})`,
        },
        { 'retry-after': '60' },
      );
    default:
      return undefined;
  }
}

/** The same answer with its body cut in half, so it no longer parses (a `malformed` fault). */
export function malformedText(text: string): string {
  return text.length > 1 ? text.slice(0, Math.ceil(text.length / 2)) : '{';
}

// ---------------------------------------------------------------------------------------------------------
// Journalling

/** Who sent an inbound request: a simulator that names itself, else the participant. */
export function callerOf(request: Request): string {
  const name = request.headers.get(SIMULATOR_HEADER)?.trim().toLowerCase();
  return name && NAME_RE.test(name) ? name : 'participant';
}

const RELAY_CHANNELS: readonly Channel[] = ['trembita', 'eis'];

/** The channel of an inbound call: the relaying simulator's (X-Polihon-Channel) for a 'direct' call, else `channel`. */
export function channelOf(request: Request, channel: Channel): Channel {
  if (channel !== 'direct') return channel;
  const named = request.headers.get(CHANNEL_HEADER)?.trim().toLowerCase() as Channel | undefined;
  return named && RELAY_CHANNELS.includes(named) ? named : channel;
}

export interface InboundRecord {
  channel: Channel;
  from: string;
  to: string;
  service: string;
  method: string;
  path: string;
  /** the body as received: bytes that are not UTF-8 are journalled as they came */
  requestBody: string | Uint8Array;
  messageId?: string;
  data?: Record<string, unknown>;
}

export interface InboundAnswer {
  status: number;
  body: string;
  outcome: string;
  data?: Record<string, unknown>;
  /** state changes the request caused, journalled between request and response and linked to the request */
  events?: (requestSeq: number) => void;
}

/**
 * Journals an inbound exchange as a request entry, its events, and a linked response entry; returns the
 * request entry so the answer can carry `X-Polihon-Journal-Entry`.
 */
export function journalInbound(ctx: SimulatorContext, req: InboundRecord, answer: InboundAnswer): JournalEntry {
  const requestEntry = ctx.journal.append({
    kind: 'request',
    channel: req.channel,
    mode: 'request-response',
    from: req.from,
    to: req.to,
    service: req.service,
    method: req.method,
    path: req.path,
    body: req.requestBody,
    ...(req.messageId === undefined ? {} : { messageId: req.messageId }),
    ...(req.data === undefined ? {} : { data: req.data }),
  });
  answer.events?.(requestEntry.seq);
  ctx.journal.append({
    kind: 'response',
    channel: req.channel,
    mode: 'request-response',
    from: req.to,
    to: req.from,
    service: req.service,
    status: answer.status,
    links: [requestEntry.seq],
    body: answer.body,
    outcome: answer.outcome,
    ...(req.messageId === undefined ? {} : { messageId: req.messageId }),
    ...(answer.data === undefined ? {} : { data: answer.data }),
  });
  return requestEntry;
}

export interface InboundExchange {
  channel: Channel;
  service: string;
  /** the request body as received ('' for none); bytes that are not UTF-8 are journalled as they came */
  requestBody: string | Uint8Array;
  messageId?: string;
  data?: Record<string, unknown>;
}

export interface InboundResult {
  response: Response;
  outcome: string;
  data?: Record<string, unknown>;
  events?: (requestSeq: number) => void;
}

/**
 * Finishes an inbound call: journals it (request, events, linked response; only the request when the connection
 * is dropped), garbles the answer under a `malformed` fault, and names the request's journal entry in the answer.
 */
export async function answerInbound(
  ctx: SimulatorContext,
  simulator: string,
  request: Request,
  exchange: InboundExchange,
  result: InboundResult,
  fault?: ActiveFault,
): Promise<Response> {
  const from = callerOf(request);
  const channel = channelOf(request, exchange.channel);
  const path = new URL(request.url).pathname;
  const extra = {
    ...(exchange.messageId ? { messageId: exchange.messageId } : {}),
    ...(exchange.data ? { data: exchange.data } : {}),
  };
  if (isConnectionReset(result.response)) {
    ctx.journal.append({
      kind: 'request',
      channel,
      from,
      to: simulator,
      service: exchange.service,
      method: request.method,
      path,
      body: exchange.requestBody,
      outcome: result.outcome,
      ...extra,
    });
    return result.response;
  }
  // read the body once and answer with a fresh Response: cheaper than clone(), which tees the stream
  let text = await result.response.text();
  const garbled = fault?.kind === 'malformed';
  if (garbled) text = malformedText(text);
  const response = new Response(text, { status: result.response.status, headers: result.response.headers });
  const entry = journalInbound(
    ctx,
    { channel, from, to: simulator, service: exchange.service, method: request.method, path, requestBody: exchange.requestBody, ...extra },
    {
      status: response.status,
      body: text,
      outcome: garbled ? 'fault:malformed' : result.outcome,
      ...(result.data ? { data: result.data } : {}),
      ...(result.events ? { events: result.events } : {}),
    },
  );
  response.headers.set(JOURNAL_ENTRY_HEADER, journalRef(entry));
  return response;
}

/** The header value naming a journal entry, for JOURNAL_ENTRY_HEADER. */
export function journalRef(entry: JournalEntry): string {
  return `${entry.seq}:${entry.hash}`;
}

export interface OutboundCall {
  from: string;
  /** the party as the journal names it: 'participant', 'dms', 'hromada' */
  to: string;
  url: string;
  service: string;
  body: unknown;
  /** the exact text to send instead of `body` as JSON (a body broken on purpose) */
  rawBody?: string;
  channel?: Channel;
  messageId?: string;
  data?: Record<string, unknown>;
  /** headers besides content type, time and sender */
  headers?: Record<string, string>;
}

export interface OutboundResult {
  /** 0 when no answer came (network error) */
  status: number;
  text: string;
  /** the parsed answer, when it was JSON */
  json?: unknown;
  error?: string;
  /** seq of the request entry, ours or the receiving simulator's */
  requestSeq?: number;
}

/**
 * Sends `body` as JSON with ctx.fetch, stamped with X-Polihon-Time and X-Polihon-Simulator, and journals the
 * exchange unless the receiver is a simulator that already journalled it in this same journal.
 */
export async function sendJson(ctx: SimulatorContext, call: OutboundCall): Promise<OutboundResult> {
  const text = call.rawBody ?? JSON.stringify(call.body);
  const path = safePath(call.url);
  const base: Omit<JournalInput, 'kind'> = {
    channel: call.channel ?? 'direct',
    mode: 'request-response',
    from: call.from,
    to: call.to,
    service: call.service,
    ...(call.messageId === undefined ? {} : { messageId: call.messageId }),
  };
  let res: Response;
  try {
    res = await ctx.fetch(call.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [TIME_HEADER]: new Date(ctx.clock.now()).toISOString(),
        [SIMULATOR_HEADER]: call.from,
        ...call.headers,
      },
      body: text,
    });
  } catch (err) {
    const error = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
    const entry = ctx.journal.append({
      ...base,
      kind: 'request',
      method: 'POST',
      path,
      body: text,
      outcome: 'delivery-failed',
      data: { ...call.data, url: call.url, error },
    });
    return { status: 0, text: '', error, requestSeq: entry.seq };
  }
  const answer = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    parsed = undefined;
  }
  const theirs = res.headers.get(JOURNAL_ENTRY_HEADER);
  const seq = theirs ? sharedEntrySeq(ctx, theirs) : undefined;
  if (seq !== undefined) return { status: res.status, text: answer, json: parsed, requestSeq: seq };
  const entry = ctx.journal.append({
    ...base,
    kind: 'request',
    method: 'POST',
    path,
    body: text,
    data: { ...call.data, url: call.url },
  });
  ctx.journal.append({
    ...base,
    kind: 'response',
    from: call.to,
    to: call.from,
    status: res.status,
    links: [entry.seq],
    body: answer,
    outcome: res.ok ? 'delivered' : 'refused',
    ...(call.data === undefined ? {} : { data: call.data }),
  });
  return { status: res.status, text: answer, json: parsed, requestSeq: entry.seq };
}

function sharedEntrySeq(ctx: SimulatorContext, ref: string): number | undefined {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(ref.trim());
  if (!m) return undefined;
  const seq = Number(m[1]);
  return ctx.journal.get(seq)?.hash === m[2] ? seq : undefined;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The control API

const FaultSpecSchema = z.strictObject({
  service: z.string().min(1).max(100),
  kind: z.enum(['latency', 'timeout', 'reset', 'malformed', 'error', 'withhold', 'duplicate', 'outage']),
  ms: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(100).max(599).optional(),
  message: z.string().max(1000).optional(),
  count: z.number().int().min(1).optional(),
});

const ClockMoveSchema = z.union([
  z.strictObject({ advance: z.union([z.string().min(1), z.number().int().min(0)]) }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

export interface SeedHandler<S extends z.ZodType = z.ZodType> {
  schema: S;
  apply(data: z.infer<S>): unknown;
}

export interface ControlOptions<S extends z.ZodType = z.ZodType> {
  name: string;
  ctx: SimulatorContext;
  faults: FaultSet;
  reset(): void;
  seed?: SeedHandler<S>;
  /**
   * Waits for background work caused by a clock move (answers now due) before the clock call returns, so the
   * harness sees their effects. The host passes one that waits for every simulator.
   */
  settle?: () => Promise<void>;
}

/** The clock as the control API and participants see it (contracts §3). */
export function clockView(ctx: SimulatorContext) {
  const now = ctx.clock.now();
  return {
    now: new Date(now).toISOString(),
    epochMs: now,
    mode: ctx.clock.mode,
    martialLaw: ctx.calendar.martialLaw,
    kyivDate: kyivDate(now),
  };
}

/** A clock move past what the calendar can count: refused, and the clock stays where it was. */
function outOfRange(field: 'advance' | 'set', detail: string): Response {
  return problem({
    code: 'invalid-clock',
    title: 'The clock cannot go there',
    status: 422,
    detail,
    errors: [{ field, message: `outside ${CLOCK_RANGE.text}` }],
    hint: CLOCK_RANGE_HINT,
  });
}

/** Mounts the shared control API under /__polihon/ on `app`. Simulator-specific control routes go beside it. */
export function mountControl<S extends z.ZodType>(app: Hono, options: ControlOptions<S>): void {
  const { ctx, name } = options;
  const control = new Hono();

  control.get('/health', (c) => c.json({ ok: true, simulator: name }));

  control.post('/reset', () => {
    options.reset();
    return new Response(null, { status: 204 });
  });

  control.get('/clock', (c) => c.json(clockView(ctx)));
  control.post('/clock', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const move = parseBody(ClockMoveSchema, read.value, 'invalid-clock', 'Clock move must be { advance } or { set }');
    if (!move.ok) return move.response;
    const now = ctx.clock.now();
    let target: number;
    let field: 'advance' | 'set';
    try {
      if ('set' in move.value) {
        field = 'set';
        target = Date.parse(move.value.set);
      } else {
        field = 'advance';
        const adv = move.value.advance;
        const reached = resolveWithinRange(typeof adv === 'number' ? { kind: 'duration', ms: adv } : parseTimeSpec(adv), now, ctx.calendar);
        target = reached.ok ? reached.ms : NaN;
        if (!reached.ok) return outOfRange(field, reached.problem);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return problem({
        code: 'invalid-clock',
        title: 'Not a time',
        status: 422,
        detail: message,
        errors: [{ field: 'advance', message }],
        ...(err instanceof TimeSpecError ? { hint: err.hint } : {}),
      });
    }
    const beyond = clockRangeProblem(target);
    if (beyond) return outOfRange(field, beyond);
    if (target < now) {
      return problem({
        code: 'clock-backwards',
        title: 'The clock cannot go back',
        status: 409,
        detail: `now is ${new Date(now).toISOString()}, asked for ${new Date(target).toISOString()}`,
        errors: [{ field, message: 'earlier than now' }],
        hint: 'A participant may already have seen the later time; start a new run for an earlier start.',
      });
    }
    ctx.clock.advance(target - now);
    await options.settle?.();
    return c.json(clockView(ctx));
  });

  control.get('/journal', (c) => {
    const sinceText = c.req.query('since');
    const since = sinceText === undefined ? undefined : Number(sinceText);
    if (since !== undefined && !(Number.isSafeInteger(since) && since >= 0)) {
      return problem({
        code: 'invalid-query',
        title: 'Bad journal query',
        status: 400,
        detail: `since must be a non-negative integer seq, got ${JSON.stringify(sinceText)}`,
        errors: [{ field: 'since', message: 'not a non-negative integer' }],
      });
    }
    const filter = {
      ...(since === undefined ? {} : { sinceSeq: since }),
      ...pick(c, ['service', 'kind', 'from', 'to', 'channel', 'messageId']),
    };
    const entries = ctx.journal.entries(filter);
    return c.json({ head: ctx.journal.head(), count: entries.length, total: ctx.journal.count(), entries });
  });

  control.post('/faults', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const spec = parseBody(FaultSpecSchema, read.value, 'invalid-fault', 'Not a fault spec');
    if (!spec.ok) return spec.response;
    return json(options.faults.add(spec.value), 201);
  });
  control.get('/faults', (c) => c.json({ faults: options.faults.list() }));
  control.delete('/faults', () => {
    options.faults.clear();
    return new Response(null, { status: 204 });
  });

  control.post('/seed', async (c) => {
    if (!options.seed) {
      return problem({ code: 'no-seed', title: 'Nothing to seed', status: 404, detail: `${name} takes no seed data` });
    }
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const data = parseBody(options.seed.schema, read.value, 'invalid-seed', 'Seed data does not match');
    if (!data.ok) return data.response;
    const result = options.seed.apply(data.value);
    return json(result ?? { ok: true }, 200);
  });

  app.route('/__polihon', control);
}

function pick(c: Context, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = c.req.query(k);
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/** A simulator's own idle(): resolves once every tracked background promise (and any they start) settles. */
export function createBackgroundWork() {
  const inflight = new Set<Promise<unknown>>();
  return {
    track<T>(p: Promise<T>): Promise<T> {
      inflight.add(p);
      const done = () => void inflight.delete(p);
      p.then(done, done);
      return p;
    },
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    get size() {
      return inflight.size;
    },
  };
}
