// `fault`: inject a fault into a simulator (per service, per call), or clear them.
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { S } from './messages.ts';
import { defineStep, title } from './types.ts';

type FaultStep = {
  at: string;
  service?: string;
  kind?: 'latency' | 'timeout' | 'reset' | 'malformed' | 'error' | 'withhold' | 'duplicate' | 'outage';
  ms?: number;
  status?: number;
  count?: number;
  message?: string;
  clear?: boolean;
};

export const faultStep = defineStep<FaultStep>({
  type: 'fault',
  fields: {
    at: z.string().min(1),
    service: z.string().min(1).optional(),
    kind: z.enum(['latency', 'timeout', 'reset', 'malformed', 'error', 'withhold', 'duplicate', 'outage']).optional(),
    ms: z.number().int().nonnegative().optional(),
    status: z.number().int().min(100).max(599).optional(),
    count: z.number().int().positive().optional(),
    message: z.string().optional(),
    clear: z.boolean().optional(),
  },
  check: (s) =>
    s.clear ? (s.kind ? { field: 'kind', message: 'a fault step either clears faults or injects one, not both' } : undefined)
    : s.kind ? undefined : { field: 'kind', message: 'a fault step needs `kind`', hint: 'kinds: latency, timeout, reset, malformed, error, withhold, duplicate, outage; or `clear: true`' },
  describe: (s) => title(s.clear ? msg(S.titleFaultClear, { at: s.at }) : msg(S.titleFault, { at: s.at, kind: s.kind ?? '', service: s.service ?? '*' })),
  async run(step, ctx) {
    if (step.clear) {
      const res = await ctx.control(step.at, 'DELETE', '/__polihon/faults');
      if (res.status >= 300) throw new PolihonError('E_INTERNAL', msg(S.faultClearRefused, { at: step.at, status: res.status }));
      return { assertions: [] };
    }
    if (!step.kind) throw new PolihonError('E_SCENARIO_INVALID', msg(S.faultNeedsKind));
    const { at: _at, clear: _c, ...spec } = step;
    const res = await ctx.control(step.at, 'POST', '/__polihon/faults', { service: '*', ...spec });
    if (res.status >= 300) {
      throw new PolihonError('E_INTERNAL', msg(S.faultRefused, { at: step.at, status: res.status, body: String(JSON.stringify(res.body)).slice(0, 200) }));
    }
    return { assertions: [], outputs: (res.body ?? {}) as Record<string, unknown> };
  },
});
