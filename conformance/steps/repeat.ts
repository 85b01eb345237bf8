// `repeat`: run a list of steps `times` times in a row — the first structural step. Its children are steps like any
// other (validated and located by the scenario loader), run through `ctx.runSteps` under the stop rules; the
// rounds stop at the first round that fails or errs, as later rounds would only repeat the news. The step's
// assertions are its children's, so their `covers` count as theirs.
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import type { AssertionResult, StepResult } from '../../core/results.ts';
import { S } from './messages.ts';
import { check, defineStep, title } from './types.ts';

/** Enough for a burst of acts or polls; more belongs to a `load` step. */
export const REPEAT_MAX = 50;

type RepeatStep = { times: number; steps: unknown[] };

export const repeatStep = defineStep<RepeatStep>({
  type: 'repeat',
  fields: {
    times: z.number().int().min(1).max(REPEAT_MAX),
    steps: z.array(z.unknown()).min(1),
  },
  childSteps: 'steps',
  describe: (s) => title(msg(S.titleRepeat, { times: s.times, n: s.steps.length })),
  async run(step, ctx) {
    if (!ctx.runSteps || !ctx.children) throw new PolihonError('E_INTERNAL', msg(S.repeatNoRunner));
    const children: StepResult[] = [];
    let rounds = 0;
    for (let i = 1; i <= step.times && !ctx.signal.aborted; i++) {
      const done = await ctx.runSteps(ctx.children, { idPrefix: `${ctx.stepId}.${i}` });
      children.push(...done);
      rounds = i;
      if (done.some((r) => r.outcome === 'fail' || r.outcome === 'error')) break;
    }
    const assertions: AssertionResult[] = children.flatMap((r) =>
      r.outcome === 'error'
        ? // a child that could not be judged leaves the whole step unjudged: an error, never a pass or a fail
          [...r.assertions, { ...check(msg(S.repeatChildLabel, { step: r.id }), false, r.covers, r.msg ? { msg: r.msg } : {}), outcome: 'error' as const }]
        : r.assertions,
    );
    return {
      assertions,
      journalRefs: children.flatMap((r) => r.journalRefs),
      msg: msg(S.repeatSummary, { rounds, times: step.times }),
      outputs: { rounds },
      artefacts: children.flatMap((r) => r.artefacts ?? []),
      children,
    };
  },
});
