// Soak: memory of the process that hosts the simulators, sampled every few seconds during a long run, and the
// slope of a least-squares line through it (MB/min). Each sample follows a full garbage collection, so the line
// follows live memory rather than the collector's sawtooth. The first quarter of the run is left out of the slope:
// JIT, socket pools and the journal's in-memory window fill up then, and would read as a leak.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The longest soak `--soak` allows. */
export const MAX_SOAK_MS = 10 * 60_000;

export interface MemorySample {
  /** seconds since the start */
  t: number;
  heapUsedMb: number;
  rssMb: number;
}

export interface MemoryReport {
  intervalMs: number;
  samples: MemorySample[];
  /** slope after the warm-up quarter; flat memory reads near 0 */
  slopeMbPerMin: { heapUsed: number; rss: number };
  warmupS: number;
}

export interface MemorySampler {
  stop(): MemoryReport;
}

const MB = 1024 * 1024;

/** V8's gc(), without starting node with --expose-gc: the flag set at run time shows it to a new context. */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Starts sampling `read` (process.memoryUsage by default) every `intervalMs`.
 * @example const sampler = startMemorySampler(5000); …; report.memory = sampler.stop()
 */
export function startMemorySampler(
  intervalMs: number,
  read: () => { heapUsed: number; rss: number } = () => process.memoryUsage(),
  now: () => number = () => performance.now(),
  collect: (() => void) | undefined = exposeGc(),
): MemorySampler {
  const t0 = now();
  const samples: MemorySample[] = [];
  const take = () => {
    collect?.();
    const m = read();
    samples.push({ t: Number(((now() - t0) / 1000).toFixed(2)), heapUsedMb: Number((m.heapUsed / MB).toFixed(2)), rssMb: Number((m.rss / MB).toFixed(2)) });
  };
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      const end = samples[samples.length - 1]!.t;
      const warmupS = end / 4;
      const steady = samples.filter((s) => s.t >= warmupS);
      return {
        intervalMs,
        samples,
        warmupS: Number(warmupS.toFixed(2)),
        slopeMbPerMin: { heapUsed: slope(steady, (s) => s.heapUsedMb), rss: slope(steady, (s) => s.rssMb) },
      };
    },
  };
}

/** Least-squares slope of y over t, per minute; 0 with fewer than two points. */
export function slope(samples: readonly MemorySample[], y: (s: MemorySample) => number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const my = samples.reduce((a, s) => a + y(s), 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (y(s) - my);
    den += (s.t - mt) ** 2;
  }
  return den === 0 ? 0 : Number(((num / den) * 60).toFixed(3));
}
