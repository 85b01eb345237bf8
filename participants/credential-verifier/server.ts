// HTTP faces of the reference credential verifier: the officer's web page (/, its script and POST /api/verifications)
// and the test driver (/driver/*), on one port. Both verify through verify.ts, so the page and the driver judge
// alike. startVerifier is shared by main.ts and the tests.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { parseFaults, type FaultName } from './config.ts';
import { createCopies, handleCopies, resetCopies, type Copies } from './copies.ts';
import { pageHtml } from './ui.ts';
import { verifyPresentation, type JournalRecord, type Presentation, type Shown, type VerifierState } from './verify.ts';
import { DEFAULT_IDENTITY, FAILED, guardedServer, isHttpUrl, methodGuard, readJson as readKitJson, requestPath, sendJson, type Identity, type CommonStartOptions, type RunningParticipant } from '../kit/http.ts';
import { participantFetch } from '../kit/https.ts';
import { listen } from '../kit/server.ts';
import { SimClock } from '../kit/sim-clock.ts';

// its identity defaults to the registry's participant slot (the kit's DEFAULT_IDENTITY); main.ts and the tests take it from here
export { DEFAULT_IDENTITY, type Identity };
/** The officer who checks credentials, when nobody else is configured: a synthetic, checksum-valid РНОКПП. */
export const DEFAULT_OFFICER = '2245134075';

export interface StartOptions extends CommonStartOptions {
  /** the officer's РНОКПП (X-Road-UserId is 'UA' + it) */
  officer?: string;
  trembita?: string;
  diia?: string;
  /**
   * how long to wait for Дія's answer; 2 s by default: the officer's answer (and the driver's, which polihon gives
   * 5 s) must come even when Дія is slow — with slow-ui's 2 s on top it still does
   */
  timeoutMs?: number;
  /** the delay of slow-ui; 2 s by default */
  slowMs?: number;
}

export type RunningVerifier = RunningParticipant<FaultName, JournalRecord>;

interface State extends VerifierState {
  slowMs: number;
  /** recent verifications by ref, for GET /driver/verifications/{ref} (no personal data kept beyond the answer) */
  verdicts: Map<string, { verdict: string }>;
  /** copy-recipient: the copies it keeps and the ones it asked for */
  copies: Copies;
}

const JSQR_PATH = createRequire(import.meta.url).resolve('jsqr');
let jsqrSource: Buffer | undefined;

/** Starts the verifier. Example: const v = await startVerifier({ port: 0, trembita: 'http://127.0.0.1:7400' }). */
export async function startVerifier(options: StartOptions = {}): Promise<RunningVerifier> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const id = { ...DEFAULT_IDENTITY, ...options.identity };
  const officer = (options.officer ?? DEFAULT_OFFICER).replace(/^UA/i, '');
  if (!/^\d{10}$/.test(officer)) throw new Error(`the officer's РНОКПП must be 10 digits, got '${officer}'`);
  const log = options.log ?? ((line: string) => process.stderr.write(`credential-verifier: ${line}\n`));
  const outbound = options.fetch ?? participantFetch();
  const state: State = {
    faults: parsed.faults,
    client: [id.instance, id.memberClass, id.memberCode, id.subsystem].map(encodeURIComponent).join('/'),
    userId: `UA${officer}`,
    trembita: options.trembita,
    diia: options.diia,
    timeoutMs: options.timeoutMs ?? 2_000,
    clock: new SimClock(outbound),
    fetch: outbound,
    journal: [],
    remembered: { byDocument: new Map(), byCode: new Map() },
    slowMs: options.slowMs ?? 2000,
    verdicts: new Map(),
    copies: createCopies(),
  };
  const server: Server = guardedServer((req, res) => handle(state, req, res), log);
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 7331);
  return { port: listening.port, host: listening.host, url: listening.url, faults: parsed.faults, journal: state.journal, close: listening.close };
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = requestPath(req);
  const want = methodGuard(req, res, method, path, true);
  if (await handleCopies(state, method, path, req, res)) return;
  switch (path) {
    case '/':
    case '/index.html': {
      if (!want('GET')) return;
      const html = pageHtml({ scan: !state.faults.has('typed-only') });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    case '/jsQR.js': {
      if (!want('GET')) return;
      jsqrSource ??= readFileSync(JSQR_PATH);
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': jsqrSource.length, 'cache-control': 'max-age=3600' });
      res.end(method === 'HEAD' ? undefined : jsqrSource);
      return;
    }
    case '/api/verifications':
    case '/driver/verifications': {
      if (!want('POST')) return;
      const body = await readJson(req, res, false);
      if (body === FAILED) return;
      const p = presentationOf(body);
      if (typeof p === 'string') return sendJson(res, 422, { error: 'invalid-verification', message: p });
      if (!state.trembita && !(state.faults.has('skip-trembita') && state.diia)) {
        return sendJson(res, 409, { error: 'not-configured', message: 'Трембіту не налаштовано: POST /driver/reset із simulators.trembita або TREMBITA_URL' });
      }
      const shown = await verifyPresentation(state, p);
      if (state.faults.has('slow-ui')) await new Promise((r) => setTimeout(r, state.slowMs));
      const ref = randomUUID();
      remember(state, ref, shown);
      return sendJson(res, 200, { ref, shown });
    }
    case '/driver/health':
      if (!want('GET')) return;
      return sendJson(res, 200, { ok: true, role: 'credential-verifier', client: state.client, userId: state.userId, trembita: state.trembita ?? null, faults: [...state.faults] });
    case '/driver/reset': {
      if (!want('POST')) return;
      const body = await readJson(req, res, true);
      if (body === FAILED) return;
      const o = (body ?? {}) as { simulators?: unknown; clock?: unknown };
      const sims = o.simulators;
      if (sims !== undefined && (typeof sims !== 'object' || sims === null || Array.isArray(sims))) {
        return sendJson(res, 422, { error: 'invalid-reset', message: 'simulators must be an object of base URLs' });
      }
      const s = (sims ?? {}) as Record<string, unknown>;
      for (const k of ['trembita', 'diia'] as const) {
        if (s[k] !== undefined && !isHttpUrl(s[k])) return sendJson(res, 422, { error: 'invalid-reset', message: `simulators.${k} must be an http(s) URL` });
      }
      if (o.clock !== undefined && !isHttpUrl(o.clock)) return sendJson(res, 422, { error: 'invalid-reset', message: 'clock must be an http(s) URL' });
      if (typeof s.trembita === 'string') state.trembita = s.trembita;
      if (typeof s.diia === 'string') state.diia = s.diia;
      await state.clock.reset(o.clock as string | undefined);
      if (state.faults.has('own-clock-expiry')) state.ownClock = { at: state.clock.known(), wall: Date.now() };
      state.journal.length = 0;
      state.remembered.byDocument.clear();
      state.remembered.byCode.clear();
      state.verdicts.clear();
      resetCopies(state.copies);
      res.writeHead(204).end();
      return;
    }
    case '/driver/journal':
      if (!want('GET')) return;
      return sendJson(res, 200, { entries: state.journal });
    default: {
      const ref = /^\/driver\/verifications\/([^/]+)$/.exec(path)?.[1];
      if (ref) {
        if (!want('GET')) return;
        const seen = state.verdicts.get(decodeURIComponent(ref));
        return seen ? sendJson(res, 200, { ref, ...seen }) : sendJson(res, 404, { error: 'unknown-ref', message: `no verification '${ref}' since the last reset` });
      }
      req.resume();
      return sendJson(res, 404, {
        error: 'not-found',
        message: `${method} ${path} is not served; page: /, driver: /driver/health, /driver/reset, /driver/verifications, /driver/journal`,
      });
    }
  }
}

/** `{code}` (typed digits) or `{qrCode}` (a scanned link), exactly one; a short located message otherwise. */
function presentationOf(body: unknown): Presentation | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object with code or qrCode';
  const o = body as Record<string, unknown>;
  const has = (k: string) => o[k] !== undefined;
  if (has('code') === has('qrCode')) return 'give exactly one of code (the typed digits) and qrCode (the scanned link)';
  if (has('code')) return typeof o.code === 'string' && o.code.length <= 200 ? { typed: o.code } : 'code must be a string of at most 200 characters';
  return typeof o.qrCode === 'string' && o.qrCode.length <= 2000 ? { scanned: o.qrCode } : 'qrCode must be a string of at most 2000 characters';
}

/** Keeps the verdict of recent verifications only (not the credential: no copy beyond the purpose, DIIA-15). */
function remember(state: State, ref: string, shown: Shown): void {
  state.verdicts.set(ref, { verdict: shown.verdict });
  if (state.verdicts.size > 1000) state.verdicts.delete(state.verdicts.keys().next().value as string);
}

// ---------------------------------------------------------------- plumbing

const readJson = (req: IncomingMessage, res: ServerResponse, emptyOk: boolean) => readKitJson(req, res, { limit: 64 * 1024, emptyOk, tooLarge: 'bodies are limited to 64 KiB' });
