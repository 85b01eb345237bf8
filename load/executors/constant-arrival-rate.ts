// constant-arrival-rate: `rate` iterations per `timeUnit`, started on schedule whatever the responses do (open model).
// A VU pool of preAllocatedVUs grows up to maxVUs; an iteration due when every VU is busy is dropped and counted.
import { z } from 'zod';
import { checkDuration, checkVus, defineExecutor, durationMs, durationText, formatMs, perSecond, positiveInt, round, timeUnitField, type FieldProblem } from './types.ts';

export interface ConstantArrivalRate {
  executor: 'constant-arrival-rate';
  rate: number;
  timeUnit?: string;
  duration: string;
  preAllocatedVUs: number;
  maxVUs?: number;
}

export const constantArrivalRate = defineExecutor<ConstantArrivalRate>({
  type: 'constant-arrival-rate',
  fields: {
    rate: z.number().positive(),
    timeUnit: timeUnitField,
    duration: durationText,
    preAllocatedVUs: positiveInt,
    maxVUs: positiveInt.optional(),
  },
  check(c) {
    const problems: FieldProblem[] = [];
    checkDuration(['duration'], c.duration, problems);
    if (c.timeUnit !== undefined && durationMs(c.timeUnit) <= 0) problems.push({ path: ['timeUnit'], message: 'timeUnit must be longer than 0' });
    checkVus(c.preAllocatedVUs, c.maxVUs, problems);
    return problems;
  },
  plan(c, gracefulStopMs) {
    const durationMsValue = durationMs(c.duration);
    const rate = perSecond(c.rate, c.timeUnit);
    const maxVUs = c.maxVUs ?? c.preAllocatedVUs;
    return {
      executor: c.executor,
      durationMs: durationMsValue,
      gracefulStopMs,
      segments: [{ kind: 'arrival-rate', fromMs: 0, toMs: durationMsValue, startRate: rate, endRate: rate }],
      plannedIterations: Math.ceil((rate * durationMsValue) / 1000),
      preAllocatedVUs: c.preAllocatedVUs,
      maxVUs,
      summary: `constant-arrival-rate: ${round(rate, 2)} iter/s for ${formatMs(durationMsValue)}, ${c.preAllocatedVUs}..${maxVUs} VUs`,
    };
  },
  k6: (c) => ({
    executor: 'constant-arrival-rate',
    rate: c.rate,
    timeUnit: formatMs(durationMs(c.timeUnit ?? '1s')),
    duration: formatMs(durationMs(c.duration)),
    preAllocatedVUs: c.preAllocatedVUs,
    maxVUs: c.maxVUs ?? c.preAllocatedVUs,
  }),
});
