// `call: dms.verification-request`: each iteration makes the ДМС simulator (in this process) send one verification
// request to the participant's provider endpoint over HTTP, for the next seeded synthetic person. The simulator's
// outbound fetch is timed per iteration (AsyncLocalStorage follows the iteration through the simulator), so the
// participant's share of the latency — request out, answer read — is reported apart from the simulator's own.
// The participant is given the simulator's port, which answers only what a participant may call of the control API
// (GET clock and health); the rest is refused and journalled, as in a run. The harness drives ДМС in-process, and
// `polihon load --serve` serves the whole control API on a port of its own behind a token (control-port.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent, request as httpRequest } from 'node:http';
import { kyivDate } from '../../core/calendar.ts';
import type { Clock } from '../../core/clock.ts';
import type { Journal } from '../../core/journal.ts';
import { createPeople } from '../../core/people.ts';
import type { Simulator } from '../../core/simulator.ts';
import { createSimulatorHost, type SimulatorHost } from '../../simulators/host.ts';
import type { ControlAttempt } from '../../simulators/transport/control-port.ts';
import { serveSimulators } from '../../simulators/transport/http-server.ts';
import type { IterationOutcome, LoadTarget } from '../engines/embedded.ts';
import { classifyNetworkError, statusError } from '../metrics.ts';
import { assertLoopback } from '../profile.ts';

export interface DmsVerificationOptions {
  /** the participant's provider base URL (`endpoints.provider` of its profile); must be loopback */
  providerUrl: string;
  clock: Clock;
  journal: Journal;
  /** persons fed to the iterations in turn */
  people?: { seed?: number; count?: number };
  timeoutMs: number;
  /**
   * Called once the simulators listen, before any load (e.g. POST /driver/reset with their URLs); `host` is theirs,
   * for a control port (`polihon load --serve`) that must listen before the participant hears of them.
   */
  prepare?: (urls: Record<string, string>, host: SimulatorHost) => Promise<void>;
  /**
   * Soak: forget the simulator's state this often. ДМС keeps every verification request it sent (about 2 KB
   * each) to judge its answer; over a long run that is growth by design, not a leak, and would hide one. An
   * answer arriving just after a reset is refused (404) — the participant's concern, not an iteration's.
   */
  resetStateEveryMs?: number;
  /** told of each control call refused on the simulator's port, after it is journalled */
  onControlRefused?: (attempt: ControlAttempt) => void;
  /** the refusal's hint: where the control API is instead, if anywhere */
  controlRefusedHint?: string;
}

interface IterationTiming {
  participantMs: number;
  error?: unknown;
}

/** The person fields a verification order carries (simulators/dms/schemas.ts VerificationOrderSchema). */
function orderPerson(p: ReturnType<ReturnType<typeof createPeople>['person']>) {
  return { lastName: p.lastName, firstName: p.firstName, patronymic: p.patronymic, birthDate: p.birthDate, rnokpp: p.rnokpp, unzr: p.unzr };
}

export interface DmsVerificationTarget extends LoadTarget {
  host: SimulatorHost;
  urls: Record<string, string>;
}

export async function createDmsVerificationTarget(options: DmsVerificationOptions): Promise<DmsVerificationTarget> {
  assertLoopback(options.providerUrl, "the participant's provider endpoint");
  const timing = new AsyncLocalStorage<IterationTiming>();
  // idle sockets go before a server's usual 5 s keep-alive timeout closes them under a request
  const agent = new Agent({ keepAlive: true, timeout: 4000 });
  // the simulator's outbound calls, timed for the iteration they belong to
  const timedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const slot = timing.getStore();
    const t0 = performance.now();
    try {
      // the whole answer is read here, so its transfer counts as the participant's time
      const res = await loopbackRequest(agent, input, init, options.timeoutMs);
      if (slot) slot.participantMs += performance.now() - t0;
      return res;
    } catch (err) {
      if (slot) {
        slot.participantMs += performance.now() - t0;
        slot.error = err;
      }
      throw err;
    }
  };
  const endpoints: Record<string, string | undefined> = { 'participant.provider': options.providerUrl };
  // a host of its own, ДМС only, served on 127.0.0.1 so the participant can answer at replyTo
  const host = createSimulatorHost({ clock: options.clock, journal: options.journal, fetch: timedFetch, endpoints, simulators: ['dms'] });
  const served = await serveSimulators(host, {
    host: '127.0.0.1',
    basePort: 0,
    closeGraceMs: 500,
    controlApi: 'participant',
    ...(options.onControlRefused ? { onControlRefused: options.onControlRefused } : {}),
    ...(options.controlRefusedHint ? { controlRefusedHint: options.controlRefusedHint } : {}),
  });
  Object.assign(endpoints, served.urls);
  const urls = served.urls;
  try {
    await options.prepare?.(urls, host);
  } catch (err) {
    await served.close();
    throw err;
  }

  const count = options.people?.count ?? 1000;
  const factory = createPeople({ seed: options.people?.seed ?? 1, referenceDate: kyivDate(options.clock.now()) });
  const bodies = Array.from({ length: count }, () => JSON.stringify({ person: orderPerson(factory.person()) }));
  const dms: Simulator = host.get('dms');
  const pruner = options.resetStateEveryMs ? setInterval(() => host.reset(), options.resetStateEveryMs) : undefined;
  pruner?.unref();

  return {
    describe: `ДМС simulator → POST ${options.providerUrl.replace(/\/+$/, '')}/verification-requests`,
    splitsTime: true,
    host,
    urls,
    async iterate(i, signal): Promise<IterationOutcome> {
      const slot: IterationTiming = { participantMs: 0 };
      return timing.run(slot, async () => {
        const res = await dms.handle(
          new Request('http://dms.polihon.test/__polihon/verification-requests', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: bodies[i % bodies.length]!,
            signal,
          }),
        );
        const text = await res.text();
        const out: IterationOutcome = { participantMs: slot.participantMs };
        if (res.status !== 201) return { ...out, error: { kind: 'protocol', message: `ДМС refused the order: HTTP ${res.status} ${text.slice(0, 200)}` } };
        let delivery: { status?: number; error?: string; body?: unknown } | undefined;
        try {
          delivery = (JSON.parse(text) as { delivery?: typeof delivery }).delivery;
        } catch {
          delivery = undefined;
        }
        const status = delivery?.status ?? 0;
        if (status === 0) {
          const err = slot.error ? classifyNetworkError(slot.error) : { kind: 'other' as const, message: delivery?.error ?? 'not delivered' };
          return { ...out, error: err };
        }
        const err = statusError(status, typeof delivery?.body === 'string' ? delivery.body : JSON.stringify(delivery?.body ?? ''));
        return err ? { ...out, error: err } : out;
      });
    },
    async close() {
      clearInterval(pruner);
      await host.idle().catch(() => undefined);
      await served.close();
      agent.destroy();
    },
  };
}

/**
 * One outbound call of the simulator over node:http with a keep-alive pool, answered as a fetch Response with the
 * body already read. The global fetch (undici) cost the simulator about as much CPU per call as everything else
 * it does for an iteration, which on a busy 2-core machine showed as the simulator's own latency; the target is a
 * loopback address (assertLoopback), plain http, with no redirects to follow. Errors reject as fetch's do
 * closely enough for classifyNetworkError: the Node error (ECONNREFUSED, ECONNRESET) as the cause, a timeout
 * as a TimeoutError.
 */
export function loopbackRequest(agent: Agent, input: string | URL | Request, init: RequestInit | undefined, timeoutMs: number): Promise<Response> {
  if (input instanceof Request) return fetch(input, init);
  const url = typeof input === 'string' ? new URL(input) : input;
  if (url.protocol !== 'http:') return fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
  const body = typeof init?.body === 'string' ? init.body : init?.body == null ? undefined : null;
  if (body === null) return fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return send(agent, url, init, headers, body, timeoutMs, true);
}

function send(agent: Agent, url: URL, init: RequestInit | undefined, headers: Record<string, string>, body: string | undefined, timeoutMs: number, mayRetry: boolean): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let answered = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      init?.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      // A kept-alive socket the server closed while idle fails before the request reached it: send once more
      // on a fresh one (Node's documented pattern), as fetch does. Nothing was answered, so nothing repeats.
      const code = (err as NodeJS.ErrnoException).code;
      if (mayRetry && req.reusedSocket && !answered && (code === 'ECONNRESET' || code === 'EPIPE' || err.message === 'socket hang up')) {
        resolve(send(agent, url, init, headers, body, timeoutMs, false));
        return;
      }
      reject(new TypeError('fetch failed', { cause: err }));
    };
    const req = httpRequest(url, { method: init?.method ?? 'GET', headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        init?.signal?.removeEventListener('abort', onAbort);
        const out = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 500;
        const empty = status === 204 || status === 205 || status === 304;
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }));
      });
    });
    const timer = setTimeout(() => fail(Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => fail(Object.assign(new Error('the call was aborted'), { name: 'AbortError' }));
    if (init?.signal?.aborted) return onAbort();
    init?.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(body);
  });
}
