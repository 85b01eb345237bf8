// ramping-arrival-rate: the arrival rate moves linearly from startRate through each stage's target over the
// stage's duration (open model, VU pool as in constant-arrival-rate).
import { z } from 'zod';
import type { FieldProblem, PlanSegment } from './types.ts';
import { checkDuration, checkVus, defineExecutor, durationMs, durationText, formatMs, HARD_MAX_DURATION_MS, perSecond, positiveInt, round, timeUnitField } from './types.ts';

export interface RampingArrivalRate {
  executor: 'ramping-arrival-rate';
  startRate?: number;
  timeUnit?: string;
  stages: { target: number; duration: string }[];
  preAllocatedVUs: number;
  maxVUs?: number;
}

export const rampingArrivalRate = defineExecutor<RampingArrivalRate>({
  type: 'ramping-arrival-rate',
  fields: {
    startRate: z.number().nonnegative().optional(),
    timeUnit: timeUnitField,
    stages: z.array(z.strictObject({ target: z.number().nonnegative(), duration: durationText })).min(1),
    preAllocatedVUs: positiveInt,
    maxVUs: positiveInt.optional(),
  },
  check(c) {
    const problems: FieldProblem[] = [];
    let total = 0;
    c.stages.forEach((s, i) => {
      total += checkDuration(['stages', i, 'duration'], s.duration, problems, 0);
    });
    if (total > HARD_MAX_DURATION_MS) problems.push({ path: ['stages'], message: `the stages add up to ${formatMs(total)}, over the hard cap of ${formatMs(HARD_MAX_DURATION_MS)}` });
    if (total === 0) problems.push({ path: ['stages'], message: 'the stages add up to no time at all' });
    if ((c.startRate ?? 0) === 0 && c.stages.every((s) => s.target === 0)) problems.push({ path: ['stages'], message: 'every rate is 0: nothing would run' });
    checkVus(c.preAllocatedVUs, c.maxVUs, problems);
    return problems;
  },
  plan(c, gracefulStopMs) {
    const segments: PlanSegment[] = [];
    let at = 0;
    let rate = perSecond(c.startRate ?? 0, c.timeUnit);
    let planned = 0;
    for (const s of c.stages) {
      const ms = durationMs(s.duration);
      const target = perSecond(s.target, c.timeUnit);
      // a zero-length stage jumps the rate (k6 does the same)
      if (ms > 0) segments.push({ kind: 'arrival-rate', fromMs: at, toMs: at + ms, startRate: rate, endRate: target });
      planned += ((rate + target) / 2) * (ms / 1000);
      at += ms;
      rate = target;
    }
    const maxVUs = c.maxVUs ?? c.preAllocatedVUs;
    const peak = Math.max(...segments.flatMap((s) => (s.kind === 'arrival-rate' ? [s.startRate, s.endRate] : [0])));
    return {
      executor: c.executor,
      durationMs: at,
      gracefulStopMs,
      segments,
      plannedIterations: Math.floor(planned),
      preAllocatedVUs: c.preAllocatedVUs,
      maxVUs,
      summary: `ramping-arrival-rate: ${segments.length} stage(s) over ${formatMs(at)}, peak ${round(peak, 2)} iter/s, ${c.preAllocatedVUs}..${maxVUs} VUs`,
    };
  },
  k6: (c) => ({
    executor: 'ramping-arrival-rate',
    startRate: c.startRate ?? 0,
    timeUnit: formatMs(durationMs(c.timeUnit ?? '1s')),
    stages: c.stages.map((s) => ({ target: s.target, duration: formatMs(durationMs(s.duration)) })),
    preAllocatedVUs: c.preAllocatedVUs,
    maxVUs: c.maxVUs ?? c.preAllocatedVUs,
  }),
});
