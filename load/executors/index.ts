// The executor registry, keyed by the `executor` string of a profile (as k6 keys its scenarios).
import { constantArrivalRate, type ConstantArrivalRate } from './constant-arrival-rate.ts';
import { constantVus, type ConstantVus } from './constant-vus.ts';
import { rampingArrivalRate, type RampingArrivalRate } from './ramping-arrival-rate.ts';
import type { ExecutorDefinition, PlanSegment } from './types.ts';

export type ExecutorConfig = ConstantArrivalRate | RampingArrivalRate | ConstantVus;

export const EXECUTORS = {
  'constant-arrival-rate': constantArrivalRate,
  'ramping-arrival-rate': rampingArrivalRate,
  'constant-vus': constantVus,
} as const satisfies { [K in ExecutorConfig['executor']]: ExecutorDefinition<Extract<ExecutorConfig, { executor: K }>> };

export function executorOf<C extends ExecutorConfig>(config: C): ExecutorDefinition<C> {
  return EXECUTORS[config.executor] as unknown as ExecutorDefinition<C>;
}

/**
 * Start offsets (ms from the start) of the iterations an arrival-rate plan schedules, in order: the k-th
 * iteration starts where the integral of the rate reaches k (k = 0, 1, …), as k6 schedules them.
 * Pure and lazy, so tests check a schedule without waiting for it.
 */
export function* arrivals(segments: readonly PlanSegment[]): Generator<number> {
  let done = 0; // iterations whose start lies in earlier segments, plus the fraction carried over
  for (const s of segments) {
    if (s.kind !== 'arrival-rate') continue;
    const T = (s.toMs - s.fromMs) / 1000;
    const r0 = s.startRate;
    const slope = (s.endRate - r0) / T;
    const area = ((r0 + s.endRate) / 2) * T;
    let k = Math.ceil(done - 1e-9);
    // N(t) = r0·t + slope·t²/2 counts arrivals since the segment's start; solve N(t) = k − done
    while (k - done < area - 1e-9) {
      const n = k - done;
      const t = Math.abs(slope) < 1e-12 ? n / r0 : (-r0 + Math.sqrt(r0 * r0 + 2 * slope * n)) / slope;
      yield s.fromMs + t * 1000;
      k++;
    }
    done += area;
  }
}
