// `advance`: move the shared virtual clock, through every checkpoint on the way (docs/en/guide.md "How virtual time
// passes"), letting the participant settle at each.
import { addWorkingDays, kyivDate, kyivInstant, kyivTime } from '../../core/calendar.ts';
import { CLOCK_RANGE_HINT, resolveWithinRange } from '../../core/clock-range.ts';
import { parseTimeSpec, resolveTimeSpec } from '../../core/duration.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { dayCheckpoints, nextCheckpoint } from '../deadline.ts';
import { S, timeSpecMsg } from './messages.ts';
import { defineStep, sleep, timeSpecText, title } from './types.ts';

type AdvanceStep = { by: string };

export const advanceStep = defineStep<AdvanceStep>({
  type: 'advance',
  fields: { by: timeSpecText },
  describe: (s) => title(msg(S.titleAdvance, { by: timeSpecMsg(parseTimeSpec(s.by)) })),
  async run(step, ctx) {
    let spec;
    try {
      spec = parseTimeSpec(step.by);
    } catch (err) {
      throw new PolihonError('E_SCENARIO_INVALID', (err as Error).message, { hint: (err as { hint?: string }).hint });
    }
    const now = ctx.clock.now();
    const reach = resolveWithinRange(spec, now, ctx.calendar);
    if (!reach.ok) throw new PolihonError('E_SCENARIO_INVALID', reach.problem, { hint: CLOCK_RANGE_HINT });
    // "advance 2 working days" keeps the time of day; a deadline of "2 working days" would be the day's end
    const target =
      spec.kind === 'working-days' ? kyivInstant(addWorkingDays(kyivDate(now), spec.n, ctx.calendar), kyivTime(now)) : resolveTimeSpec(spec, now, ctx.calendar);
    if (!ctx.settle) {
      if (target > now) ctx.clock.set(target);
      await sleep(ctx.settleMs, ctx.signal);
    } else {
      // every hour (or every announced wake-up) and every day's end on the way happens, not only the target
      const fixed = dayCheckpoints(now, target, ctx.calendar);
      let settled = await ctx.settle();
      for (;;) {
        if (ctx.signal.aborted) break;
        const next = nextCheckpoint(ctx.clock.now(), fixed, target, { hourly: !settled.hinted, wake: settled.nextWake });
        if (next === undefined) break;
        ctx.clock.set(next);
        settled = await ctx.settle();
      }
    }
    return { assertions: [], outputs: { from: new Date(now).toISOString(), to: new Date(ctx.clock.now()).toISOString() } };
  },
});
