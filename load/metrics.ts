// What a load run measures, in bounded memory whatever its length: latency in an HDR-like log-linear histogram
// (to the microsecond below 128 µs, under 1 % relative error above), error counts by kind with a few sample messages, and
// 1-second buckets of throughput.
import type { Countable, ThresholdMetrics } from './thresholds.ts';

export const ERROR_KINDS = ['timeout', 'refused', 'reset', 'http4xx', 'http5xx', 'protocol', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const SUB = 64; // sub-buckets per power of two above the exact range
const EXACT = 2 * SUB; // values below this (µs) have a bucket each
const MAX_SHIFT = 26; // up to ~2^33 µs ≈ 2.4 h: far past any run's cap
const SIZE = EXACT + MAX_SHIFT * SUB;

/** A latency histogram over microseconds with fixed memory (about 14 KB). */
export class Histogram {
  private readonly counts = new Float64Array(SIZE);
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  record(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    this.counts[indexOf(us)]! += 1;
    this.count += 1;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** The value below which `p` percent of the samples lie, in ms (0 when empty); never outside [min, max]. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const [lo, hi] = boundsOf(i);
        return Math.min(this.max, Math.max(this.min, (lo + hi) / 2 / 1000));
      }
    }
    return this.max;
  }

  /** Non-empty buckets merged onto 1-2-5 edges (0.01 ms … 1000 s), for a chart. */
  buckets(): { fromMs: number; toMs: number; count: number }[] {
    const edges: number[] = [0];
    for (let decade = 0.01; decade < 1e6; decade *= 10) for (const m of [1, 2, 5]) edges.push(Number((decade * m).toPrecision(3)));
    const out = edges.slice(0, -1).map((fromMs, i) => ({ fromMs, toMs: edges[i + 1]!, count: 0 }));
    for (let i = 0; i < SIZE; i++) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      const [lo, hi] = boundsOf(i);
      const mid = (lo + hi) / 2 / 1000;
      const b = out.find((x) => mid >= x.fromMs && mid < x.toMs) ?? out[out.length - 1]!;
      b.count += c;
    }
    return out.filter((b) => b.count > 0);
  }
}

function indexOf(us: number): number {
  if (us < EXACT) return us;
  const msb = 31 - Math.clz32(Math.min(us, 2 ** 31 - 1));
  const shift = Math.min(msb - 6, MAX_SHIFT);
  const sub = Math.min(us >> shift, EXACT - 1); // 64..127
  return EXACT + (shift - 1) * SUB + (sub - SUB);
}

function boundsOf(i: number): [number, number] {
  if (i < EXACT) return [i, i];
  const shift = Math.floor((i - EXACT) / SUB) + 1;
  const sub = ((i - EXACT) % SUB) + SUB;
  return [sub * 2 ** shift, (sub + 1) * 2 ** shift - 1];
}

export interface Sample {
  /** when the request completed, ms since the run started */
  atMs: number;
  latencyMs: number;
  error?: { kind: ErrorKind; message: string };
  /** for simulator calls: the simulator's own time and the participant's, which add up to latencyMs */
  simulatorMs?: number;
  participantMs?: number;
}

export interface SecondBucket {
  /** seconds since the start */
  t: number;
  requests: number;
  errors: number;
  meanMs: number;
  maxMs: number;
}

export interface Collector {
  record(s: Sample): void;
  started(): void;
  dropped(): void;
  interrupted(): void;
  /** how late an arrival-rate iteration started against its schedule, ms */
  startLag(ms: number): void;
  readonly latency: Histogram;
  readonly lag: Histogram;
  readonly simulator: Histogram;
  readonly participant: Histogram;
  readonly errors: Record<ErrorKind, number>;
  readonly errorSamples: { kind: ErrorKind; message: string; count: number }[];
  readonly counters: { started: number; completed: number; dropped: number; interrupted: number };
  series(): SecondBucket[];
  /** the view thresholds are judged on; `windowMs` is the time rps is averaged over */
  thresholdMetrics(windowMs: number): ThresholdMetrics;
}

const MAX_SAMPLE_MESSAGES = 20;

export function createCollector(): Collector {
  const latency = new Histogram();
  const simulator = new Histogram();
  const participant = new Histogram();
  const lag = new Histogram();
  const errors = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as Record<ErrorKind, number>;
  const errorSamples: { kind: ErrorKind; message: string; count: number }[] = [];
  const counters = { started: 0, completed: 0, dropped: 0, interrupted: 0 };
  const seconds: { requests: number; errors: number; sum: number; max: number }[] = [];
  return {
    latency,
    simulator,
    participant,
    lag,
    errors,
    errorSamples,
    counters,
    started: () => void counters.started++,
    dropped: () => void counters.dropped++,
    interrupted: () => void counters.interrupted++,
    startLag: (ms) => lag.record(ms),
    record(s) {
      counters.completed++;
      latency.record(s.latencyMs);
      if (s.simulatorMs !== undefined) simulator.record(s.simulatorMs);
      if (s.participantMs !== undefined) participant.record(s.participantMs);
      const t = Math.max(0, Math.floor(s.atMs / 1000));
      while (seconds.length <= t) seconds.push({ requests: 0, errors: 0, sum: 0, max: 0 });
      const b = seconds[t]!;
      b.requests++;
      b.sum += s.latencyMs;
      if (s.latencyMs > b.max) b.max = s.latencyMs;
      if (s.error) {
        b.errors++;
        errors[s.error.kind]++;
        const message = s.error.message.slice(0, 300);
        const same = errorSamples.find((e) => e.kind === s.error!.kind && e.message === message);
        if (same) same.count++;
        else if (errorSamples.length < MAX_SAMPLE_MESSAGES) errorSamples.push({ kind: s.error.kind, message, count: 1 });
      }
    },
    series: () => seconds.map((b, t) => ({ t, requests: b.requests, errors: b.errors, meanMs: b.requests ? round(b.sum / b.requests) : 0, maxMs: round(b.max) })),
    thresholdMetrics(windowMs) {
      const totalErrors = ERROR_KINDS.reduce((n, k) => n + errors[k], 0);
      const counts: Record<Countable, number> = { ...errors, errors: totalErrors, dropped: counters.dropped, requests: counters.completed };
      return {
        latency: { count: latency.count, min: latency.count ? latency.min : 0, max: latency.max, mean: latency.mean, percentile: (p) => latency.percentile(p) },
        counts,
        rps: windowMs > 0 ? counters.completed / (windowMs / 1000) : 0,
      };
    },
  };
}

/** `n` to `d` decimals (3 by default), as a number. */
export const round = (n: number, d = 3) => Number(n.toFixed(d));

/** Maps a Node network error to a kind: refused, reset, timeout, protocol (a malformed answer) or other. */
export function classifyNetworkError(err: unknown): { kind: ErrorKind; message: string } {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  const codes = chain.map((e) => String((e as { code?: unknown }).code ?? ''));
  const names = chain.map((e) => String((e as { name?: unknown }).name ?? ''));
  const message = chain.map((e) => (e instanceof Error ? e.message : String(e))).join(': ');
  const has = (re: RegExp) => codes.some((c) => re.test(c)) || re.test(message);
  let kind: ErrorKind = 'other';
  if (names.includes('TimeoutError') || has(/ETIMEDOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|UND_ERR_CONNECT_TIMEOUT|timed? ?out/i)) kind = 'timeout';
  else if (has(/ECONNREFUSED/)) kind = 'refused';
  else if (has(/ECONNRESET|EPIPE|UND_ERR_SOCKET|socket hang up|other side closed/i)) kind = 'reset';
  else if (has(/^HPE_|UND_ERR_INFO|UND_ERR_RES|Parse Error|invalid json|Unexpected token/i)) kind = 'protocol';
  return { kind, message: message || 'unknown error' };
}

/** The error of an HTTP status, if it is one: 4xx and 5xx count; everything else is an answer. */
export function statusError(status: number, body = ''): { kind: ErrorKind; message: string } | undefined {
  if (status >= 500) return { kind: 'http5xx', message: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };
  if (status >= 400) return { kind: 'http4xx', message: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };
  return undefined;
}
