// The executor contract (k6's lib/executors.go idea): each executor type is one file with its own strict fields,
// cross-field checks that return every problem, a plan of its timeline, and its k6 scenario options.
import { z } from 'zod';
import { formatTimeSpec, parseTimeSpec } from '../../core/duration.ts';

/** A hard bound on any run, whatever a profile or flag asks (the workplace forbids unbounded load). */
export const HARD_MAX_DURATION_MS = 15 * 60_000;

/** A duration phrase from core/duration.ts ('10s', '2m', '500ms'), read as milliseconds. */
export const durationText = z.string().refine(
  (s) => {
    try {
      return parseTimeSpec(s).kind === 'duration';
    } catch {
      return false;
    }
  },
  { message: "not a duration; use e.g. '500ms', '30s', '2m'" },
);

export function durationMs(s: string): number {
  const spec = parseTimeSpec(s);
  if (spec.kind !== 'duration') throw new RangeError(`${s} is not a duration`);
  return spec.ms;
}

/** '1m10s' rather than '70000ms', for plans and k6 options (k6 reads the same compound forms). */
export function formatMs(ms: number): string {
  if (ms <= 0 || ms % 1000 !== 0) return formatTimeSpec({ kind: 'duration', ms: Math.max(0, Math.round(ms)) });
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

export interface FieldProblem {
  /** path below the profile root, e.g. ['maxVUs'] or ['stages', 2, 'duration'] */
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** One piece of the planned timeline; rates in iterations per second. */
export type PlanSegment =
  | { kind: 'arrival-rate'; fromMs: number; toMs: number; startRate: number; endRate: number }
  | { kind: 'vus'; fromMs: number; toMs: number; vus: number };

export interface Plan {
  executor: string;
  /** how long iterations are started for */
  durationMs: number;
  /** extra time in-flight iterations get after that before they are cut */
  gracefulStopMs: number;
  segments: PlanSegment[];
  /** iterations the executor will try to start (arrival-rate); undefined for closed-model executors */
  plannedIterations: number | undefined;
  preAllocatedVUs: number;
  maxVUs: number;
  /** one line a person reads: 'constant-arrival-rate: 50 iter/s for 10s, 10..50 VUs' */
  summary: string;
}

export interface ExecutorDefinition<C extends { executor: string }> {
  type: C['executor'];
  /** the executor's own fields (beside `executor` and the fields every profile has) */
  fields: z.ZodRawShape;
  check(config: C): FieldProblem[];
  plan(config: C, gracefulStopMs: number): Plan;
  /** the k6 scenario object (without `exec`, `tags`, `gracefulStop`, which the script generator adds) */
  k6(config: C): Record<string, unknown>;
}

export function defineExecutor<C extends { executor: string }>(def: ExecutorDefinition<C>): ExecutorDefinition<C> {
  return def;
}

export const positiveInt = z.number().int().positive();
export const timeUnitField = durationText.optional();

/** Iterations per second for `rate` per `timeUnit` (default 1s). */
export function perSecond(rate: number, timeUnit: string | undefined): number {
  return (rate * 1000) / durationMs(timeUnit ?? '1s');
}

export function checkDuration(path: (string | number)[], text: string, problems: FieldProblem[], min = 1): number {
  const ms = durationMs(text);
  if (ms < min) problems.push({ path, message: `duration must be at least ${formatMs(min)}` });
  if (ms > HARD_MAX_DURATION_MS) {
    problems.push({ path, message: `${text} is longer than the hard cap of ${formatMs(HARD_MAX_DURATION_MS)}`, hint: 'load runs are bounded; split a longer test, or use --soak (at most 10m)' });
  }
  return ms;
}

export function checkVus(pre: number | undefined, max: number | undefined, problems: FieldProblem[]): void {
  if (pre !== undefined && max !== undefined && max < pre) {
    problems.push({ path: ['maxVUs'], message: `maxVUs (${max}) is less than preAllocatedVUs (${pre})`, hint: 'maxVUs is the ceiling the pool may grow to; make it at least preAllocatedVUs' });
  }
}

export { round } from '../metrics.ts';
