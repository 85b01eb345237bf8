// HTTP faces of the reference HR management system: the service Дія reads through Трембіта (HrPersonnelRecords_v1,
// `GET {provider}/officials/{rnokpp}`, for Дія's subsystem only) and the test driver (/driver/*). startHrSystem is
// shared by main.ts and the tests.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseFaults, type FaultName } from './config.ts';
import { isDate, kyivDate, readOfficial, reverseKeys, serveRecord, type Official } from './records.ts';
import { clientOf, DEFAULT_IDENTITY, FAILED, guardedServer, isHttpUrl, journalEntry, JSON_TYPE, lastHeader as header, methodGuard, readBody, readJson as readKitJson, requestPath, sendJson, type Identity, type JournalRecord, type CommonStartOptions, type RunningParticipant } from '../kit/http.ts';
import { participantFetch } from '../kit/https.ts';
import { listen } from '../kit/server.ts';
import { iso, SimClock } from '../kit/sim-clock.ts';

// its identity defaults to the registry's participant slot (the kit's DEFAULT_IDENTITY); main.ts and the tests take them from here
export { DEFAULT_IDENTITY, type Identity, type JournalRecord };
/** The only client the service answers: Дія's subsystem on Трембіта. */
export const DIIA_CLIENT = 'SEVDEIR-TEST/GOV/43395033/DIIA_prod';
/** Where the service lives; the profile's endpoints.provider points here. */
export const SERVICE_BASE = '/hr';

export interface StartOptions extends CommonStartOptions {
  /** the delay of slow-answer; 2 s by default */
  slowMs?: number;
}

export type RunningHrSystem = RunningParticipant<FaultName>;

interface State {
  faults: ReadonlySet<FaultName>;
  identity: Identity;
  officials: Map<string, Official>;
  journal: JournalRecord[];
  clock: SimClock;
  slowMs: number;
}

const OFFICIAL_PATH = new RegExp(`^(?:${SERVICE_BASE})?/officials/([^/]*)$`);

/** Starts the HR system. Example: const hr = await startHrSystem({ port: 0 }). */
export async function startHrSystem(options: StartOptions = {}): Promise<RunningHrSystem> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const log = options.log ?? ((line: string) => process.stderr.write(`hr-system: ${line}\n`));
  const state: State = {
    faults: parsed.faults,
    identity: { ...DEFAULT_IDENTITY, ...options.identity },
    officials: new Map(),
    journal: [],
    clock: new SimClock(options.fetch ?? participantFetch()),
    slowMs: options.slowMs ?? 2000,
  };
  const server: Server = guardedServer((req, res) => handle(state, req, res), log, (_req, res, err) =>
    sendJson(res, 500, { code: 'internal-error', message: (err as Error)?.message ?? String(err) }),
  );
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 7341);
  return { port: listening.port, host: listening.host, url: listening.url, faults: parsed.faults, journal: state.journal, close: listening.close };
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = requestPath(req);
  if (path.startsWith('/driver/')) return driver(state, method, path, req, res);
  const official = OFFICIAL_PATH.exec(path);
  if (official) return serve(state, method, decodeURIComponent(official[1]!), req, res);
  req.resume();
  sendJson(res, 404, { code: 'not-found', message: `${method} ${path} is not served; the service: GET ${SERVICE_BASE}/officials/{rnokpp}; the driver: /driver/*` });
}

// ---------------------------------------------------------------- the service Дія calls

async function serve(state: State, method: string, rnokpp: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { bytes: body } = await readBody(req, LIMIT);
  const messageId = header(req, 'x-road-id') ?? '';
  const caller = clientOf(header(req, 'x-road-client'));
  const now = await state.clock.takenAt(header(req, 'x-polihon-time'));
  const entry = { messageId, counterpart: caller ?? 'unknown', service: 'diia.hr.fetch' };
  record(state, { ...entry, direction: 'in', time: iso(now), bytes: body });
  const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(state.faults.has('reorder-keys') ? reverseKeys(json) : json);
    record(state, { ...entry, direction: 'out', time: iso(now), bytes: text });
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  if (state.faults.has('slow-answer')) await new Promise((r) => setTimeout(r, state.slowMs));
  if (method !== 'GET') return answer(405, { code: 'method-not-allowed', message: 'officials are read with GET' }, { allow: 'GET' });
  // personal data go to Дія's subsystem alone: another client (or none) is refused, whatever Трембіта let through
  if (caller !== DIIA_CLIENT && !state.faults.has('serve-anyone')) {
    return answer(403, { code: 'client-not-allowed', message: `only ${DIIA_CLIENT} may read personnel records; X-Road-Client was ${caller ?? 'missing'}` });
  }
  if (state.faults.has('outage')) return answer(503, { code: 'hr-unavailable', message: 'the HR system is unavailable' });
  if (!/^\d{10}$/.test(rnokpp)) return answer(400, { code: 'invalid-rnokpp', message: 'the РНОКПП is 10 digits' });
  const served = serveRecord(state.officials, rnokpp, now, {
    staleAfterDismissal: state.faults.has('stale-after-dismissal'),
    missingPosition: state.faults.has('missing-position'),
    wrongPerson: state.faults.has('wrong-person'),
    extraFields: state.faults.has('extra-fields'),
    emptyMiddleName: state.faults.has('no-middle-name'),
    hideExpired: state.faults.has('hide-expired'),
  });
  if (!served) return answer(404, { code: 'unknown-official' });
  return answer(200, served);
}

// ---------------------------------------------------------------- driver

async function driver(state: State, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const want = methodGuard(req, res, method, path);
  if (path === '/driver/health') {
    if (!want('GET')) return;
    const id = state.identity;
    return sendJson(res, 200, { ok: true, role: 'hr-system', identity: `${id.instance}/${id.memberClass}/${id.memberCode}/${id.subsystem}`, officials: state.officials.size, faults: [...state.faults] });
  }
  if (path === '/driver/journal') {
    if (!want('GET')) return;
    return sendJson(res, 200, { entries: state.journal });
  }
  if (path === '/driver/reset') {
    if (!want('POST')) return;
    const body = await readJson(req, res, true);
    if (body === FAILED) return;
    const clock = (body as { clock?: unknown } | undefined)?.clock;
    if (clock !== undefined && !isHttpUrl(clock)) return sendJson(res, 422, { error: 'invalid-reset', message: 'clock must be an http(s) URL' });
    await state.clock.reset(clock as string | undefined);
    state.officials.clear();
    state.journal.length = 0;
    res.writeHead(204).end();
    return;
  }
  if (path === '/driver/officials') {
    if (!want('POST')) return;
    const body = await readJson(req, res, false);
    if (body === FAILED) return;
    const list = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { officials?: unknown }).officials) ? (body as { officials: unknown[] }).officials : [body];
    const now = await state.clock.now();
    const read: Official[] = [];
    for (const [i, v] of list.entries()) {
      const o = readOfficial(v, `officials[${i}]`, now);
      if (typeof o === 'string') return sendJson(res, 422, { error: 'invalid-official', message: o });
      read.push(o);
    }
    if (!read.length) return sendJson(res, 422, { error: 'invalid-official', message: 'officials: at least one official is required' });
    for (const o of read) state.officials.set(o.rnokpp, o);
    return sendJson(res, 201, { seeded: read.map((o) => o.rnokpp) });
  }
  // the harness's trigger names no path parameter, so a dismissal can also come as POST /driver/dismissals {rnokpp, on?}
  const dismiss = /^\/driver\/officials\/([^/]+)\/dismiss$/.exec(path);
  if (dismiss || path === '/driver/dismissals') {
    if (!want('POST')) return;
    const body = await readJson(req, res, true);
    if (body === FAILED) return;
    const on = (body as { on?: unknown } | undefined)?.on;
    if (on !== undefined && !isDate(on)) return sendJson(res, 422, { error: 'invalid-dismissal', message: 'on: a date YYYY-MM-DD, when given (today by default)' });
    const named = dismiss ? decodeURIComponent(dismiss[1]!) : (body as { rnokpp?: unknown } | undefined)?.rnokpp;
    if (typeof named !== 'string' || !named) return sendJson(res, 422, { error: 'invalid-dismissal', message: 'rnokpp: the official’s РНОКПП is required' });
    const official = state.officials.get(named);
    if (!official) return sendJson(res, 404, { error: 'unknown-official', message: `no official with РНОКПП '${named}'` });
    const now = await state.clock.now();
    official.dismissedOn = (on as string | undefined) ?? kyivDate(now);
    official.updatedAt = now;
    if (!dismiss) return sendJson(res, 200, { rnokpp: named, dismissedOn: official.dismissedOn });
    res.writeHead(204).end();
    return;
  }
  req.resume();
  sendJson(res, 404, { error: 'not-found', message: `${method} ${path}: the driver serves /driver/health, /driver/reset, /driver/officials, /driver/officials/{rnokpp}/dismiss, /driver/dismissals, /driver/journal` });
}

// ---------------------------------------------------------------- plumbing

function record(state: State, r: { messageId: string; direction: 'in' | 'out'; counterpart: string; service: string; time: string; bytes: string | Uint8Array }): void {
  state.journal.push(journalEntry(r));
}

const LIMIT = 64 * 1024;

const readJson = (req: IncomingMessage, res: ServerResponse, emptyOk: boolean) =>
  readKitJson(req, res, { limit: LIMIT, emptyOk, tooLarge: 'driver bodies are limited to 64 KiB', required: 'a JSON body is required' });
