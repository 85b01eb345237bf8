// HTTP faces of the reference hromada registry: the test driver (/driver/*, contracts.md §5) and the provider face
// ДМС calls (/hromada/v1/*, §2). Every bad body gets problem+json naming the field; nothing a client sends can
// crash the process. startRegistry is shared by main.ts and the tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseFaults } from './config.ts';
import { DEFAULT_KATOTTG, DEFAULT_USER_ID, DMS_XROAD_SUBSYSTEM, REGISTRY_EDRPOU, REGISTRY_XROAD } from './identifiers.ts';
import type { FaultName, ProblemOut } from './model.ts';
import { Registry } from './registry.ts';
import { tamperControl } from './tamper.ts';
import { checkAction, checkReset, checkResidents, checkVerificationRequest, type FieldError, type ResetInput } from './validate.ts';
import { participantFetch, type FetchLike } from '../kit/https.ts';
import { listen } from '../kit/server.ts';

export interface StartOptions {
  /** 0 = an ephemeral port */
  port?: number;
  host?: string;
  /** fault switch names (see faults.ts); unknown names throw */
  faults?: Iterable<string> | string;
  /** the registration body's ЄДРПОУ (acts' registrationBody.edrpou); default the X-Road memberCode, else 04054866 */
  edrpou?: string;
  katottg?: string;
  name?: string;
  /** its X-Road identity on Трембіта; memberCode defaults to `edrpou` (a body's memberCode is its ЄДРПОУ) */
  identity?: Partial<Identity>;
  /** ДМС's subsystem on Трембіта, 'INSTANCE/CLASS/MEMBER/SUBSYSTEM' */
  dmsXRoad?: string;
  /** the officer on whose behalf it calls (X-Road-UserId), country-prefixed: 'UA3109402560' */
  userId?: string;
  /** ДМС base URL before any reset */
  dms?: string;
  /** Трембіта (its security server) before any reset */
  trembita?: string;
  /** clock URL before any reset */
  clock?: string;
  tickMs?: number;
  requestTimeoutMs?: number;
  /** process.exit by default; tests pass a recorder (crash-on-verification) */
  exit?: (code: number) => void;
  log?: (line: string) => void;
  /** its outbound calls; default participantFetch(): in an mTLS run it presents POLIHON_CLIENT_CERT and trusts POLIHON_CA */
  fetch?: FetchLike;
}

/** An X-Road member's subsystem (protocol-facts §1.2, §4.1). */
export interface Identity {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystem: string;
}

export interface RunningRegistry {
  port: number;
  host: string;
  /** http://host:port */
  url: string;
  faults: ReadonlySet<FaultName>;
  /** its X-Road client id, 'SEVDEIR-TEST/GOV/04054866/RTG_prod' */
  client: string;
  registry: Registry;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export const DEFAULT_NAME = 'Орган реєстрації місця проживання територіальної громади (еталонний учасник polihon)';

/**
 * Starts the registry on `port` (0 = ephemeral).
 * Example: const r = await startRegistry({ port: 0, faults: ['no-journal'] }); ...; await r.close();
 */
export async function startRegistry(options: StartOptions = {}): Promise<RunningRegistry> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const log = options.log ?? ((line: string) => process.stderr.write(`hromada-registry: ${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const edrpou = options.edrpou ?? options.identity?.memberCode ?? REGISTRY_EDRPOU;
  const identity: Identity = { ...REGISTRY_XROAD, memberCode: edrpou, ...options.identity };
  const client = [identity.instance, identity.memberClass, identity.memberCode, identity.subsystem].join('/');
  const outbound = options.fetch ?? participantFetch();
  const registry = new Registry({
    faults: parsed.faults,
    edrpou,
    katottg: options.katottg ?? DEFAULT_KATOTTG,
    name: options.name ?? DEFAULT_NAME,
    xroad: { client, dms: options.dmsXRoad ?? DMS_XROAD_SUBSYSTEM, userId: options.userId ?? DEFAULT_USER_ID },
    ...(options.dms ? { dms: options.dms } : {}),
    ...(options.trembita ? { trembita: options.trembita } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    tickMs: options.tickMs ?? 20,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    fetch: outbound,
    log,
  });
  const hanging = new Set<ServerResponse>();
  const dmsXRoad = options.dmsXRoad ?? DMS_XROAD_SUBSYSTEM;
  const tamper = parsed.faults.has('tamper-control') ? (endpoints: ResetInput) => tamperControl(endpoints, { client, dms: dmsXRoad, log, fetch: outbound }) : undefined;
  const server: Server = createServer((req, res) => {
    handle(registry, hanging, exit, log, tamper, req, res).catch((err: unknown) => {
      log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) {
        sendProblem(res, { status: 500, code: 'internal-error', title: 'Internal error', detail: (err as Error)?.message ?? 'unexpected error' });
      } else res.destroy();
    });
  });
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 7301, () => {
    registry.close();
    for (const res of hanging) res.destroy();
    hanging.clear();
  });
  return {
    port: listening.port,
    host: listening.host,
    url: listening.url,
    faults: parsed.faults,
    client,
    registry,
    close: listening.close,
  };
}

async function handle(
  registry: Registry,
  hanging: Set<ServerResponse>,
  exit: (code: number) => void,
  log: (line: string) => void,
  tamper: ((endpoints: ResetInput) => Promise<void>) | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    path = '/';
  }
  const route = (allowed: string): boolean => {
    if (method === allowed) return true;
    drain(req);
    sendProblem(
      res,
      { status: 405, code: 'method-not-allowed', title: 'Method not allowed', detail: `${method} ${path} is not served; use ${allowed}` },
      { allow: allowed },
    );
    return false;
  };

  if (path === '/driver/health') {
    if (!route('GET')) return;
    return sendJson(res, 200, { ok: true, role: 'hromada-registry', configured: registry.configured, route: registry.routeName, faults: registry.faultNames });
  }

  if (path === '/driver/reset') {
    if (!route('POST')) return;
    const body = await readJson(req, res, true);
    if (body === FAILED) return;
    const checked = checkReset(body);
    if (!checked.ok) return sendInvalid(res, 'invalid-reset', checked.errors);
    registry.reset(checked.value);
    // tamper-control: before the harness hears the reset is done, so the attempts come before the scenario's steps
    if (tamper) await tamper(checked.value);
    res.writeHead(204).end();
    return;
  }

  if (path === '/driver/residents') {
    if (!route('POST')) return;
    const body = await readJson(req, res, false);
    if (body === FAILED) return;
    const checked = checkResidents(body);
    if (!checked.ok) return sendInvalid(res, 'invalid-resident', checked.errors);
    const added = registry.addResidents(checked.value);
    return sendJson(res, 201, added.length === 1 ? added[0] : { residents: added });
  }

  if (path === '/driver/actions') {
    if (!route('POST')) return;
    if (registry.has('hang-driver')) {
      // hang-driver: the body is taken and no answer ever comes.
      drain(req);
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const body = await readJson(req, res, false);
    if (body === FAILED) return;
    const checked = checkAction(body);
    if (!checked.ok) return sendInvalid(res, 'invalid-action', checked.errors);
    const outcome = await registry.perform(checked.value);
    if (!outcome.ok) return sendProblem(res, outcome.problem);
    return sendJson(res, 202, { ref: outcome.ref });
  }

  const actionMatch = /^\/driver\/actions\/([^/]+)$/.exec(path);
  if (actionMatch) {
    if (!route('GET')) return;
    const ref = safeDecode(actionMatch[1] as string);
    const view = ref === null ? undefined : registry.status(ref);
    if (!view) {
      return sendProblem(res, {
        status: 404,
        code: 'unknown-action',
        title: 'Unknown action',
        detail: `no action with ref '${ref ?? actionMatch[1]}' since the last reset`,
        errors: [{ field: 'ref', message: 'not a ref returned by POST /driver/actions since the last reset' }],
      });
    }
    return sendJson(res, 200, view);
  }

  if (path === '/driver/wake' && !registry.has('no-wake-hints')) {
    if (!route('GET')) return;
    let now: string | null = null;
    try {
      now = new URL(req.url ?? '/', 'http://x').searchParams.get('now');
    } catch {
      // no hint of the harness's time: the registry's own reading serves
    }
    return sendJson(res, 200, await registry.wake(now));
  }

  if (path === '/driver/journal') {
    if (!route('GET')) return;
    return sendJson(res, 200, { entries: registry.journalEntries() });
  }

  if (path === '/hromada/v1/verification-requests') {
    if (!route('POST')) return;
    if (registry.has('crash-on-verification')) {
      log('crash-on-verification: a verification request arrived, exiting with code 1');
      exit(1);
    }
    const raw = await readBody(req, res);
    if (raw === FAILED) return;
    const time = headerValue(req, 'x-polihon-time');
    const read = readJsonBody(raw, req, false);
    const checked = read.ok ? checkVerificationRequest(read.value) : undefined;
    if (!checked?.ok) {
      const named = read.ok && read.value && typeof read.value === 'object' ? (read.value as Record<string, unknown>).requestId : undefined;
      registry.refuseVerification(typeof named === 'string' ? named : (headerValue(req, 'x-road-id') ?? ''), raw, time);
      // accept-malformed-verification: acknowledged like any other, never looked at again
      if (registry.has('accept-malformed-verification')) return sendJson(res, 202, { ...(typeof named === 'string' ? { requestId: named } : {}), status: 'accepted' });
      return checked ? sendInvalid(res, 'invalid-request', checked.errors) : sendInvalidBody(res, (read as { message: string }).message);
    }
    const request = checked.value;
    registry.receiveVerification(request, raw, time);
    // The answer to ДМС goes only after the acknowledgement is out (or the caller has gone).
    const release = () => registry.release(request.requestId);
    res.once('finish', release);
    res.once('close', release);
    return sendJson(res, 202, { requestId: request.requestId, status: 'accepted' });
  }

  drain(req);
  sendProblem(res, {
    status: 404,
    code: 'not-found',
    title: 'Not found',
    detail: `${method} ${path} is not a path of this registry`,
    hint: 'driver: /driver/health, /driver/reset, /driver/residents, /driver/actions, /driver/actions/{ref}, /driver/journal, /driver/wake; provider: /hromada/v1/verification-requests',
  });
}

// ---- body reading ----

const FAILED = Symbol('failed');

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function drain(req: IncomingMessage): void {
  req.resume();
  req.on('error', () => undefined);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The raw body bytes, or FAILED after answering 413 / 400. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<Uint8Array | typeof FAILED> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        sendProblem(res, {
          status: 413,
          code: 'body-too-large',
          title: 'Body too large',
          detail: `bodies are limited to ${MAX_BODY_BYTES} bytes, got ${size}`,
          errors: [{ field: 'body', message: `over ${MAX_BODY_BYTES} bytes` }],
        });
        resolve(FAILED);
      } else resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!res.headersSent) res.destroy();
      resolve(FAILED);
    });
  });
}

/** Parses a JSON body; `undefined` for an empty body when `emptyOk`; what is wrong with it otherwise. */
function readJsonBody(raw: Uint8Array, req: IncomingMessage, emptyOk: boolean): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = Buffer.from(raw).toString('utf8');
  if (text.trim() === '') return emptyOk ? { ok: true, value: undefined } : { ok: false, message: 'the body is empty; a JSON object is required' };
  const type = headerValue(req, 'content-type');
  if (type && !/json/i.test(type)) return { ok: false, message: `content-type must be application/json, got '${type}'` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `the body is not JSON: ${(err as Error).message}` };
  }
}

/** Parses a JSON body; `undefined` for an empty body when `emptyOk`; FAILED after answering 400. */
function parseBody(raw: Uint8Array, req: IncomingMessage, res: ServerResponse, emptyOk: boolean): unknown {
  const read = readJsonBody(raw, req, emptyOk);
  if (read.ok) return read.value;
  sendInvalidBody(res, read.message);
  return FAILED;
}

async function readJson(req: IncomingMessage, res: ServerResponse, emptyOk: boolean): Promise<unknown> {
  const raw = await readBody(req, res);
  if (raw === FAILED) return FAILED;
  return parseBody(raw, req, res, emptyOk);
}

// ---- answers ----

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendProblem(res: ServerResponse, p: ProblemOut, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = {
    type: `https://polihon.test/problems/${p.code}`,
    title: p.title,
    status: p.status,
    detail: p.detail,
    code: p.code,
    errors: p.errors ?? [],
    ...(p.hint ? { hint: p.hint } : {}),
  };
  const text = JSON.stringify(body);
  res.writeHead(p.status, { 'content-type': PROBLEM_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendInvalidBody(res: ServerResponse, message: string): void {
  sendProblem(res, { status: 400, code: 'invalid-body', title: 'Invalid body', detail: message, errors: [{ field: 'body', message }] });
}

function sendInvalid(res: ServerResponse, code: string, errors: FieldError[]): void {
  sendProblem(res, {
    status: 422,
    code,
    title: 'Invalid fields',
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  });
}
