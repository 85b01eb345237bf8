// The reference ЄІС МВС participant: one HTTP server for what ЄІС МВС calls (`/eis/notifications`, `/eis/outages`,
// `/eis/requests`) and for the test driver (`/driver/*`), which stands in for the officer or the operator whose
// action makes it file, rework, ask or send. startParticipant is shared by main.ts and the tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activate, apply, fileOtd, letter, rework, type DriverAnswer } from './applicant.ts';
import { parseFaults, type FaultName } from './config.ts';
import { DEFAULT_IDENTITY, FAILED, isObject, now as clockNow, readBody, sendJson, type Identity, type JournalRecord, type State } from './context.ts';
import { fingerprintOf, foreignCaSigned, selfSigned, signerOf, type Signer } from './crypto.ts';
import { ask, onCentralOutage, onNotification, onRequest, reportOutage, send, wake } from './exchange.ts';
import { openStore } from './store.ts';
import { clientTlsFromEnv, participantFetch, type ClientTls, type FetchLike } from '../kit/https.ts';
import { listen } from '../kit/server.ts';
import { SimClock } from '../kit/sim-clock.ts';

export { DEFAULT_IDENTITY };

export interface StartOptions {
  port?: number;
  host?: string;
  faults?: Iterable<string> | string;
  identity?: Partial<Identity>;
  /** ЄІС МВС before any reset */
  eis?: string;
  /** where the processed messages are kept (survives a restart on the same directory) */
  dataDir?: string;
  /** the mTLS material (default: POLIHON_CLIENT_CERT/KEY/CA); its certificate also signs */
  tls?: ClientTls;
  fetch?: FetchLike;
  log?: (line: string) => void;
}

export interface RunningParticipant {
  port: number;
  host: string;
  url: string;
  faults: ReadonlySet<FaultName>;
  journal: JournalRecord[];
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The `foreign-ca` fault: every call goes first on a certificate of a CA the participant made itself, and again on
 * the run's certificate only when ЄІС МВС refuses the first one's admission — so the exchange itself goes on and only
 * the refusals show.
 */
async function foreignCaFetch(tls: ClientTls, own: Parameters<typeof foreignCaSigned>[0]): Promise<FetchLike> {
  const foreign = await foreignCaSigned({ ...own, commonName: `${own.commonName} (власний ЦС)` });
  const first = participantFetch({ ...tls, certPem: foreign.certPem, keyPem: foreign.keyPem });
  const issued = participantFetch(tls);
  return async (input, init) => {
    const res = await first(input, init);
    if (res.status !== 403) return res;
    const text = await res.text();
    if (!text.includes('client-certificate-')) return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    return issued(input, init);
  };
}

/** Starts the participant. Example: const p = await startParticipant({ port: 0, eis: 'http://127.0.0.1:7500' }). */
export async function startParticipant(options: StartOptions = {}): Promise<RunningParticipant> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const identity = { ...DEFAULT_IDENTITY, ...options.identity };
  const log = options.log ?? ((line: string) => process.stderr.write(`eis-subscriber: ${line}\n`));
  const tls = options.tls ?? clientTlsFromEnv();
  const own = { commonName: 'Тестова міська рада (polihon)', edrpou: identity.memberCode, instance: identity.instance, memberClass: identity.memberClass, subsystem: identity.subsystem };
  const signer: Signer = tls?.certPem && tls.keyPem ? signerOf(tls.certPem, tls.keyPem, 'run') : await selfSigned(own);
  const other = await selfSigned({ ...own, commonName: 'Інша підсистема (polihon)', subsystem: `${identity.subsystem}_other` });
  const port = options.port ?? 7351;
  const dataDir = options.dataDir ?? join(tmpdir(), `polihon-eis-subscriber-${port}`);
  const state: State = {
    faults: parsed.faults,
    identity,
    subsystemId: `${identity.instance}/${identity.memberClass}/${identity.memberCode}/${identity.subsystem}`,
    eis: options.eis,
    clock: new SimClock(),
    clockUrl: undefined,
    store: openStore(dataDir),
    journal: [],
    signer,
    presented: tls?.certPem ? fingerprintOf(tls.certPem) : signer.fingerprint,
    other,
    applicant: {},
    outages: [],
    slowLeft: 8,
    pendingAcks: new Set(),
    sending: new Set(),
    fetch: options.fetch ?? (parsed.faults.has('foreign-ca') && tls?.certPem ? await foreignCaFetch(tls, own) : participantFetch(tls)),
    log,
  };
  const server: Server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendJson(undefined, res, 500, { type: 'about:blank', title: 'internal error', status: 500, code: 'internal-error', detail: (err as Error)?.message ?? String(err) });
      else res.destroy();
    });
  });
  const listening = await listen(server, options.host ?? '127.0.0.1', port, () => state.store.close());
  return { port: listening.port, host: listening.host, url: listening.url, faults: parsed.faults, journal: state.journal, dataDir, close: listening.close };
}

/** The driver's actions: trigger names in polihon (`eis-apply`, …) map to POST /driver/eis/<name>. */
const ACTIONS: Record<string, (s: State, body: Record<string, unknown>) => Promise<DriverAnswer>> = {
  apply,
  rework: (s) => rework(s),
  'file-otd': fileOtd,
  activate: (s) => activate(s),
  letter: (s) => letter(s),
  send,
  ask,
  'report-outage': reportOutage,
  // stands for a crash and a restart on the same data: what was not on disk is gone
  restart: async (s) => {
    s.store.reload();
    return { status: 200, body: { restarted: true, processed: s.store.counts().length } };
  },
};

const HINT = 'driver: /driver/health, /driver/reset, /driver/eis/{apply,rework,file-otd,activate,letter,send,ask,report-outage,restart}, /driver/processed, /driver/journal, /driver/wake; ЄІС МВС: /eis/notifications, /eis/outages, /eis/requests';

async function handle(s: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://x');
  } catch {
    url = new URL('http://x/');
  }
  const path = url.pathname;
  const want = (m: string) => {
    if (method === m) return true;
    req.resume();
    sendJson(undefined, res, 405, { type: 'about:blank', title: `${method} ${path} is not served; use ${m}`, status: 405, code: 'method-not-allowed' }, { allow: m });
    return false;
  };
  if (path === '/eis/notifications' || path === '/eis/outages' || path === '/eis/requests') {
    if (!want('POST')) return;
    const body = await readBody(req, res);
    if (body === FAILED) return;
    // the instant the message was taken, for the journal: the simulator's stamp, else the clock read now
    const stamp = req.headers['x-polihon-time'];
    if (typeof stamp === 'string' && Number.isFinite(Date.parse(stamp))) s.clock.note(stamp);
    else await clockNow(s);
    if (path === '/eis/notifications') return onNotification(s, res, body.text, body.json);
    if (path === '/eis/outages') return onCentralOutage(s, res, body.text, body.json);
    return onRequest(s, res, body.text, body.json);
  }
  const action = /^\/driver\/eis\/([a-z-]+)$/.exec(path)?.[1];
  if (action !== undefined) {
    if (!want('POST')) return;
    const body = await readBody(req, res, true);
    if (body === FAILED) return;
    const run = ACTIONS[action];
    if (!run) return void sendJson(undefined, res, 404, { error: 'unknown-action', message: `no action ${action}; ${HINT}` });
    if (!isObject(body.json ?? {})) return void sendJson(undefined, res, 422, { error: 'invalid-action', message: 'the body is a JSON object' });
    if (!s.eis && action !== 'restart') return void sendJson(undefined, res, 409, { error: 'not-configured', message: 'no ЄІС МВС yet: POST /driver/reset with simulators.eis, or set EIS_URL' });
    await clockNow(s);
    const out = await run(s, (body.json ?? {}) as Record<string, unknown>);
    return void sendJson(undefined, res, out.status, out.body);
  }
  switch (path) {
    case '/driver/health':
      if (!want('GET')) return;
      return void sendJson(undefined, res, 200, { ok: true, role: ['eis-applicant', 'eis-subscriber'], subsystem: s.subsystemId, eis: s.eis ?? null, signer: s.signer.source, faults: [...s.faults] });
    case '/driver/reset': {
      if (!want('POST')) return;
      const body = await readBody(req, res, true);
      if (body === FAILED) return;
      const b = isObject(body.json) ? body.json : {};
      const sims = b.simulators;
      if (sims !== undefined && !isObject(sims)) return void sendJson(undefined, res, 422, { error: 'invalid-reset', message: 'simulators must be an object of base URLs' });
      const eis = sims?.eis;
      if (eis !== undefined && (typeof eis !== 'string' || !/^https?:\/\//.test(eis))) return void sendJson(undefined, res, 422, { error: 'invalid-reset', message: 'simulators.eis must be an http(s) URL' });
      if (typeof eis === 'string') s.eis = eis.replace(/\/+$/, '');
      await s.clock.reset(undefined);
      s.clockUrl = typeof b.clock === 'string' && /^https?:\/\//.test(b.clock) ? b.clock : undefined;
      await clockNow(s);
      s.store.clear();
      s.journal.length = 0;
      s.applicant = {};
      s.outages = [];
      s.slowLeft = 8;
      res.writeHead(204).end();
      return;
    }
    case '/driver/processed': {
      if (!want('GET')) return;
      const counts = s.store.counts();
      return void sendJson(undefined, res, 200, { processed: counts, messages: counts.length, total: counts.reduce((n, c) => n + c.count, 0) });
    }
    case '/driver/journal':
      if (!want('GET')) return;
      return void sendJson(undefined, res, 200, { entries: s.journal });
    case '/driver/wake': {
      if (!want('GET')) return;
      const given = Date.parse(url.searchParams.get('now') ?? '');
      const now = Number.isFinite(given) ? given : await clockNow(s);
      if (Number.isFinite(given)) s.clock.note(new Date(given).toISOString());
      return void sendJson(undefined, res, 200, await wake(s, now));
    }
    default:
      req.resume();
      return void sendJson(undefined, res, 404, { type: 'about:blank', title: `nothing at ${method} ${path}`, status: 404, code: 'not-found', detail: HINT });
  }
}
