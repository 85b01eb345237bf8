// constant-vus: `vus` virtual users each looping iterations back to back for `duration` (closed model: the
// rate follows the target's latency).
import { checkDuration, defineExecutor, durationMs, durationText, formatMs, positiveInt } from './types.ts';
import type { FieldProblem } from './types.ts';

export interface ConstantVus {
  executor: 'constant-vus';
  vus: number;
  duration: string;
}

/** More concurrent loops than this is a mistake on one machine; the embedded engine refuses it. */
export const MAX_VUS = 2000;

export const constantVus = defineExecutor<ConstantVus>({
  type: 'constant-vus',
  fields: { vus: positiveInt.max(MAX_VUS), duration: durationText },
  check(c) {
    const problems: FieldProblem[] = [];
    checkDuration(['duration'], c.duration, problems);
    return problems;
  },
  plan(c, gracefulStopMs) {
    const ms = durationMs(c.duration);
    return {
      executor: c.executor,
      durationMs: ms,
      gracefulStopMs,
      segments: [{ kind: 'vus', fromMs: 0, toMs: ms, vus: c.vus }],
      plannedIterations: undefined,
      preAllocatedVUs: c.vus,
      maxVUs: c.vus,
      summary: `constant-vus: ${c.vus} VUs looping for ${formatMs(ms)}`,
    };
  },
  k6: (c) => ({ executor: 'constant-vus', vus: c.vus, duration: formatMs(durationMs(c.duration)) }),
});
