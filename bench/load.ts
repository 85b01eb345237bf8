// One measurement: autocannon against a target for a fixed time, at full speed or at a fixed overall rate, with
// the settings every target gets alike. Also samples the CPU the generator (this process) and the target used.
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { cpuBetween, cpuByProcess, type Target } from './process.ts';
import { createLatencyHistogram } from './stats.ts';

/** The load settings every measurement of a run shares, printed at the top of the output. */
export interface LoadSettings {
  connections: number;
  pipelining: number;
  /** seconds before autocannon counts a request as timed out */
  timeoutS: number;
}

export const LOAD_SETTINGS: LoadSettings = Object.freeze({ connections: 50, pipelining: 1, timeoutS: 10 });

export interface MeasureOptions {
  target: Target;
  /** e.g. 'POST /dms/v1/acts' */
  method: string;
  path: string;
  /** a fresh body per request (setupRequest), or one fixed body built once */
  body: { next: () => string } | { fixed: string };
  durationS: number;
  /** requests per second over all connections, paced evenly (see createPacer); full speed when undefined */
  rate?: number;
  settings?: LoadSettings;
  /** request headers; default `content-type: application/json; charset=utf-8` */
  headers?: Record<string, string>;
  /**
   * Judges each answer's body against the request it answers (pipelining 1: the last one its connection sent);
   * returns what is wrong with it, counted by kind in `answerProblems`, or undefined when it is right
   */
  check?: (answer: string, request: string) => string | undefined;
  /** other processes the measurement depends on (a provider behind the target): their CPU is reported apart */
  companions?: Target[];
}

export interface Measurement {
  target: string;
  rate?: number;
  durationS: number;
  /** responses received (any status) */
  responses: number;
  /** responses per second over the run */
  rps: number;
  /**
   * ms, as autocannon's client times each response (from writing the request to the end of the answer), kept in
   * a histogram of 0.01 ms buckets below 10 ms; autocannon's own keeps whole ms
   */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** autocannon's own p99 (whole ms), as a cross-check; absent for the embedded engine */
  autocannonP99?: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerResponse: number;
  /**
   * CPU used over the run as a share of one core (1 = one core busy all the time): the load generator (this
   * process), the target, and every other process on the machine (idle targets included)
   */
  cpu: CpuShares;
  /** the target's resident memory after the run, bytes */
  targetRss: number | undefined;
  /** paced runs: requests due but never sent because every connection was busy */
  backlog?: number;
  /** with a `check`: answers that were wrong, by kind (all kinds 0 when every answer was right) */
  answerProblems?: Record<string, number>;
  /** the embedded engine: iterations due while every VU was busy, never sent */
  dropped?: number;
}

export interface CpuShares {
  generator: number;
  target: number | undefined;
  others: number | undefined;
  /** by companion name (MeasureOptions.companions) */
  companions?: Record<string, number | undefined>;
}

/**
 * Starts sampling CPU: the generator (this process), the target, the companions and every other process; the
 * function returned reads the shares of one core since the start, and the wall seconds.
 */
export function startCpuSample(target: Target, companions: readonly Target[] = []): () => { cpu: CpuShares; wallS: number } {
  const cpuBefore = process.cpuUsage();
  const targetCpuBefore = target.cpuSeconds();
  const companionsBefore = companions.map((c) => c.cpuSeconds());
  const exclude = new Set([process.pid, target.pid, ...companions.map((c) => c.pid)]);
  const othersBefore = cpuByProcess(exclude);
  const wallBefore = performance.now();
  return () => {
    const wallS = (performance.now() - wallBefore) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const targetCpuAfter = target.cpuSeconds();
    const othersAfter = cpuByProcess(exclude);
    const share = (before: number | undefined, after: number | undefined) => (before === undefined || after === undefined ? undefined : (after - before) / wallS);
    return {
      wallS,
      cpu: {
        generator: (cpu.user + cpu.system) / 1e6 / wallS,
        target: share(targetCpuBefore, targetCpuAfter),
        others: othersAfter.size === 0 ? undefined : cpuBetween(othersBefore, othersAfter) / wallS,
        ...(companions.length > 0 ? { companions: Object.fromEntries(companions.map((c, i) => [c.name, share(companionsBefore[i], c.cpuSeconds())])) } : {}),
      },
    };
  };
}

export async function measure(options: MeasureOptions): Promise<Measurement> {
  const settings = options.settings ?? LOAD_SETTINGS;
  const headers = options.headers ?? { 'content-type': 'application/json; charset=utf-8' };
  const body = options.body;
  const check = options.check;
  const answerProblems: Record<string, number> = {};
  // autocannon hands onResponse the context of the request answered; setupRequest left the body sent in it
  const onResponse = check
    ? (_status: number, answer: string, context: Record<string, unknown>) => {
        const problem = check(answer, typeof context.sent === 'string' ? context.sent : 'fixed' in body ? body.fixed : '');
        if (problem !== undefined) answerProblems[problem] = (answerProblems[problem] ?? 0) + 1;
      }
    : undefined;
  const requests: RequestSpec[] =
    'fixed' in body
      ? [{ method: options.method, path: options.path, headers, body: body.fixed, ...(onResponse ? { onResponse } : {}) }]
      : [
          {
            method: options.method,
            path: options.path,
            headers,
            setupRequest: (req, context) => {
              const next = body.next();
              if (check) context.sent = next;
              return { ...req, body: next };
            },
            ...(onResponse ? { onResponse } : {}),
          },
        ];
  const pacer = options.rate === undefined ? undefined : createPacer(options.rate);
  const sample = startCpuSample(options.target, options.companions);
  const histogram = createLatencyHistogram();
  const instance = autocannon({
    url: options.target.url,
    connections: settings.connections,
    pipelining: settings.pipelining,
    timeout: settings.timeoutS,
    duration: options.durationS,
    requests,
    ...(pacer ? { setupClient: pacer.setupClient } : {}),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => histogram.record(ms));
  const result: Result = await Promise.resolve(instance).then(
    (r) => (pacer?.stop(), r),
    (err: unknown) => {
      pacer?.stop();
      throw err;
    },
  );
  const { cpu } = sample();
  const responses = Object.values(result.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    target: options.target.name,
    ...(options.rate === undefined ? {} : { rate: Math.round(options.rate) }),
    durationS: result.duration,
    responses,
    rps: responses / result.duration,
    latency: {
      p50: histogram.percentile(50),
      p90: histogram.percentile(90),
      p99: histogram.percentile(99),
      max: histogram.max,
      mean: histogram.mean,
    },
    autocannonP99: result.latency.p99,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: responses > 0 ? result.throughput.total! / responses : 0,
    cpu,
    targetRss: options.target.rssBytes(),
    ...(pacer ? { backlog: pacer.backlog() } : {}),
    ...(check ? { answerProblems } : {}),
  };
}

/**
 * The part of autocannon 8's per-connection client the pacer drives (lib/httpClient.js). `_doRequest` sends the
 * connection's next request; the client calls it once when it connects and again after every response.
 */
interface PacedClient {
  destroyed: boolean;
  _doRequest(): void;
}

export interface Pacer {
  /** autocannon's setupClient hook: gates each connection's requests on the pacer's tokens */
  setupClient(client: unknown): void;
  /** requests that were due but not yet sent (every connection busy); 0 when the target kept up */
  backlog(): number;
  /** adds the tokens due by now and hands them to waiting connections (the pacer's timer calls it every tick) */
  tick(): void;
  stop(): void;
}

/**
 * Even pacing at `rate` requests per second over all connections: one token every 1000/rate ms, each spent by a
 * free connection. autocannon's own overallRate gives every connection a quota per second that it spends at the
 * start of each second, so the target sees a burst of up to `connections` requests at once every second; the
 * latency then measures the burst, not the rate. Tokens due while every connection is busy wait for the next free
 * one (the backlog), so a target that cannot keep up shows a lower achieved rate and a growing latency.
 */
export function createPacer(rate: number, options: { tickMs?: number; now?: () => number } = {}): Pacer {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of requests per second, got ${rate}`);
  const now = options.now ?? (() => performance.now());
  const tickMs = options.tickMs ?? 1;
  const waiting: { client: PacedClient; send: () => void }[] = [];
  let tokens = 0;
  let last: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const refill = () => {
    const t = now();
    if (last !== undefined) tokens += ((t - last) * rate) / 1000;
    last = t;
    while (tokens >= 1 && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.client.destroyed) continue;
      tokens -= 1;
      next.send();
    }
  };

  return {
    setupClient(raw) {
      const client = raw as PacedClient;
      if (typeof client._doRequest !== 'function' || typeof client.destroyed !== 'boolean') {
        throw new Error('autocannon client has no _doRequest/destroyed: the pacer was written for autocannon 8.0 (lib/httpClient.js)');
      }
      if (stopped) return;
      if (timer === undefined) {
        last = now();
        timer = setInterval(refill, tickMs);
      }
      const send = client._doRequest.bind(client);
      client._doRequest = () => {
        if (client.destroyed) return;
        if (stopped) return send();
        refill();
        if (tokens >= 1 && waiting.length === 0) {
          tokens -= 1;
          send();
        } else {
          waiting.push({ client, send });
        }
      };
    },
    backlog: () => Math.floor(tokens),
    tick: refill,
    stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      waiting.length = 0;
    },
  };
}
