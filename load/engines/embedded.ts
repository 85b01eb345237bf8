// The embedded load engine: runs a resolved profile's plan against a target in this process. Arrival-rate
// executors follow the open model as k6 does — iterations start on schedule whether or not earlier ones have
// answered, a VU pool grows from preAllocatedVUs to maxVUs, and an iteration due when every VU is busy is dropped
// and counted. constant-vus loops each VU back to back. Every run ends by itself: at the plan's end plus
// gracefulStop, at maxRequests, or when the caller's signal aborts.
import { arrivals } from '../executors/index.ts';
import { createCollector, type Collector, type ErrorKind } from '../metrics.ts';
import type { ResolvedProfile } from '../profile.ts';

export const ENGINE_NAME = 'embedded';

/** What one iteration reports beside its latency, which the engine measures itself. */
export interface IterationOutcome {
  error?: { kind: ErrorKind; message: string };
  /** for simulator calls: the part of the latency spent waiting for the participant */
  participantMs?: number;
}

/** Something to send load to: one call per iteration. */
export interface LoadTarget {
  /** e.g. 'POST http://127.0.0.1:7301/x' */
  describe: string;
  /** whether simulator/participant time is measured apart */
  splitsTime: boolean;
  /** iteration `i` (0-based); must settle soon after `signal` aborts */
  iterate(i: number, signal: AbortSignal): Promise<IterationOutcome>;
  close(): Promise<void>;
}

export type StopReason = 'completed' | 'max-requests' | 'aborted';

export interface EngineRun {
  collector: Collector;
  startedAt: number;
  /** wall ms of the executor's window: the plan's duration, or until a stop (maxRequests, abort) */
  activeMs: number;
  /** wall ms in all, graceful stop included */
  totalMs: number;
  stoppedBy: StopReason;
  /** the most VUs that were busy or allocated at once */
  vusMax: number;
}

export interface EngineOptions {
  /** wall clock for timestamps (Date.now) */
  wallTime?: () => number;
  /** monotonic ms for measuring (performance.now) */
  now?: () => number;
  /** aborts the run early (SIGINT, a test); in-flight iterations get gracefulStop, then are cut */
  signal?: AbortSignal;
  /** called about once a second with the collector, for live progress */
  onTick?: (elapsedMs: number, collector: Collector) => void;
}

/**
 * Runs `resolved.plan` against `target`.
 * @example const run = await runEmbedded(resolveProfile(profile), createHttpTarget(profile.http!, 50))
 */
export async function runEmbedded(resolved: ResolvedProfile, target: LoadTarget, options: EngineOptions = {}): Promise<EngineRun> {
  const now = options.now ?? (() => performance.now());
  const wallTime = options.wallTime ?? (() => Date.now());
  const collector = createCollector();
  const plan = resolved.plan;
  const hardStop = new AbortController(); // cuts iterations still running after gracefulStop
  // Each iteration gets a signal of its own, aborted by hand at the hard stop. Handing every iteration the one
  // long-lived signal made fetch's Request add an abort listener to it that goes only when the Request is
  // garbage-collected; Node's addEventListener walks the whole list, so each start cost more than the last.
  const live = new Set<AbortController>();
  const stopStarting = new AbortController(); // the executor stops starting iterations
  let stoppedBy: StopReason = 'completed';
  const onOuterAbort = () => {
    if (stoppedBy === 'completed') stoppedBy = 'aborted';
    stopStarting.abort();
  };
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const startedAt = wallTime();
  const t0 = now();
  let inFlight = 0;
  let vusMax = 0;
  let started = 0;
  let activeMs = 0;
  let idleWaiter: (() => void) | undefined;

  const tick = options.onTick ? setInterval(() => options.onTick!(now() - t0, collector), 1000) : undefined;

  const cutAll = () => {
    hardStop.abort();
    for (const c of live) c.abort();
  };

  const launch = (): Promise<void> => {
    const i = started++;
    collector.started();
    inFlight++;
    const s0 = now();
    const own = new AbortController();
    live.add(own);
    return target
      .iterate(i, own.signal)
      .then(
        (out) => out,
        (err: unknown): IterationOutcome => ({ error: { kind: 'other', message: err instanceof Error ? err.message : String(err) } }),
      )
      .then((out) => {
        const end = now();
        if (hardStop.signal.aborted) collector.interrupted();
        else {
          const latencyMs = end - s0;
          collector.record({
            atMs: end - t0,
            latencyMs,
            ...(out.error ? { error: out.error } : {}),
            ...(target.splitsTime && out.participantMs !== undefined ? { participantMs: out.participantMs, simulatorMs: Math.max(0, latencyMs - out.participantMs) } : {}),
          });
        }
        live.delete(own);
        inFlight--;
        if (inFlight === 0) idleWaiter?.();
      });
  };
  const mayStart = () => {
    if (stopStarting.signal.aborted) return false;
    if (started >= resolved.maxRequests) {
      stoppedBy = 'max-requests';
      return false;
    }
    return true;
  };

  try {
    if (plan.segments.every((s) => s.kind === 'arrival-rate')) {
      await new Promise<void>((resolve) => {
        const schedule = arrivals(plan.segments);
        let next = schedule.next();
        let allocated = plan.preAllocatedVUs;
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          if (timer) clearTimeout(timer);
          stopStarting.signal.removeEventListener('abort', done);
          activeMs = Math.min(now() - t0, plan.durationMs);
          resolve();
        };
        stopStarting.signal.addEventListener('abort', done, { once: true });
        const pump = () => {
          const elapsed = now() - t0;
          // every start that is due now, as a batch: timers fire late under load, the schedule does not slip
          while (!next.done && next.value <= elapsed) {
            if (!mayStart()) return done();
            if (inFlight >= allocated) {
              if (allocated < plan.maxVUs) allocated++;
              else {
                collector.dropped();
                next = schedule.next();
                continue;
              }
            }
            vusMax = Math.max(vusMax, allocated);
            collector.startLag(elapsed - next.value);
            void launch();
            next = schedule.next();
          }
          if (elapsed >= plan.durationMs) return done();
          // the last start is not the end: the executor's window runs to the plan's duration, as in k6
          if (next.done) timer = setTimeout(done, Math.max(0, plan.durationMs - elapsed));
          else timer = setTimeout(pump, Math.max(0, next.value - (now() - t0)));
        };
        pump();
      });
    } else {
      const segment = plan.segments[0]!;
      const vus = segment.kind === 'vus' ? segment.vus : plan.maxVUs;
      vusMax = vus;
      const deadline = t0 + plan.durationMs;
      const loop = async () => {
        while (now() < deadline && mayStart()) await launch();
      };
      const loops = Array.from({ length: vus }, loop);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(loops), new Promise<void>((r) => (timer = setTimeout(r, plan.durationMs)))]);
      clearTimeout(timer);
      stopStarting.abort();
      activeMs = Math.min(now() - t0, plan.durationMs);
    }
    // graceful stop: iterations in flight get gracefulStop to finish, then they are cut and counted as interrupted
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, plan.gracefulStopMs);
        idleWaiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    cutAll();
    // give cut iterations a moment to settle so their counts are in
    const settleUntil = now() + 1000;
    while (inFlight > 0 && now() < settleUntil) await new Promise((r) => setTimeout(r, 5));
  } finally {
    if (tick) clearInterval(tick);
    options.signal?.removeEventListener('abort', onOuterAbort);
    cutAll();
  }
  return { collector, startedAt, activeMs, totalMs: now() - t0, stoppedBy, vusMax };
}
