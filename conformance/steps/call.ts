// `call`: a simulator calls the participant (e.g. ДМС sends a verification request to the hromada registry),
// or the harness makes a simulator act (give a withheld confirmation). Goes through the simulator's control API.
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { simulatorActions } from '../../simulators/registry.ts';
import { S } from './messages.ts';
import { check, defineStep, title } from './types.ts';

/**
 * Named simulator actions and the control call behind each (`delivers` = it sends something to the participant). They
 * come from each simulator's registry line (simulators/<name>/entry.ts), so a new simulator brings its own.
 */
export const CALL_ACTIONS = simulatorActions();
type CallAction = string;

type CallStep = { action: CallAction; with?: Record<string, unknown>; expectStatus?: '2xx' | '4xx' };

export const callStep = defineStep<CallStep>({
  type: 'call',
  fields: {
    action: z.enum(Object.keys(CALL_ACTIONS) as [CallAction, ...CallAction[]]),
    with: z.record(z.string(), z.unknown()).optional(),
    expectStatus: z.enum(['2xx', '4xx']).optional(),
  },
  describe: (s) => title(msg(S.titleCall, { action: msg(CALL_ACTIONS[s.action]!.title) })),
  async run(step, ctx) {
    const spec = CALL_ACTIONS[step.action]!;
    const body = (ctx.resolve(step.with ?? {}) ?? {}) as Record<string, unknown>;
    const atMs = ctx.clock.now();
    // a GET action (eis.messages) reads: its `with` names the path's parts, never a body (fetch refuses one)
    const res = await ctx.control(spec.simulator, spec.method, spec.path(body), spec.method === 'GET' ? undefined : body);
    // an action that sends nothing (Дія's `present`) may refuse for the participant's sake (its HR record): with
    // expectStatus the refusal is judged, not a harness error
    const judged = step.expectStatus !== undefined && !spec.delivers && res.status >= 200 && res.status < 500;
    if ((res.status < 200 || res.status >= 300) && !judged) {
      throw new PolihonError(res.status >= 500 ? 'E_INTERNAL' : 'E_SCENARIO_INVALID', msg(S.callRefused, { simulator: spec.simulator, action: step.action, status: res.status }), {
        hint: msg(S.callRefusedHint, { answer: String(JSON.stringify(res.body)).slice(0, 300) }),
      });
    }
    const out = (res.body ?? {}) as Record<string, unknown>;
    const delivery = ('flat' in spec && spec.flat ? out : out.delivery) as { status?: number; body?: unknown; error?: string; withheld?: boolean } | undefined;
    const assertions = [];
    const withheld = delivery?.withheld === true || /^not sent/.test(delivery?.error ?? '');
    if (spec.delivers && delivery && (delivery.status ?? 0) === 0 && !withheld) {
      throw new PolihonError('E_SUT_UNREACHABLE', msg(S.callUndelivered, { simulator: spec.simulator, action: step.action, error: delivery.error ?? msg(S.noAnswer) }), {
        hint: msg(S.callUndeliveredHint),
      });
    }
    if (judged) {
      // the simulator's own answer, not the participant's: the report says whose it is
      const ok = step.expectStatus === '2xx' ? res.status < 300 : res.status >= 400;
      assertions.push(
        check(msg(S.callActionAnswersLabel, { simulator: spec.simulator, action: step.action, status: step.expectStatus! }), ok, ctx.covers, {
          expected: step.expectStatus,
          actual: res.status,
          msg: msg(S.callActionAnswered, { simulator: spec.simulator, status: res.status, body: String(JSON.stringify(res.body)).slice(0, 300) }),
        }),
      );
    }
    if (step.expectStatus && delivery) {
      const s = delivery.status ?? 0;
      const ok = step.expectStatus === '2xx' ? s >= 200 && s < 300 : s >= 400 && s < 500;
      assertions.push(
        check(msg(S.callAnswersLabel, { status: step.expectStatus }), ok, ctx.covers, {
          expected: step.expectStatus,
          actual: s,
          msg: ok ? msg(S.callAnswered, { status: s }) : msg(S.callAnsweredBody, { status: s, body: String(JSON.stringify(delivery.body)).slice(0, 300) }),
        }),
      );
    }
    return { assertions, outputs: { ...out, ...(judged ? { status: res.status } : {}), at: new Date(atMs).toISOString(), atMs } };
  },
});
