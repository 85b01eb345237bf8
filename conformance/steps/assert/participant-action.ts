// `participantAction`: what the participant's driver shows of one action (`GET {driver}/actions/{ref}`).
import { z } from 'zod';
import { msg, type Msg } from '../../../core/i18n.ts';
import { expectDriverOk } from '../../driver.ts';
import { joinMsgs, S } from '../messages.ts';
import { check, sleep } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

/**
 * Polls the participant's view of an action for one settle interval: a wished-for status passes as soon as it
 * shows; a forbidden status fails as soon as it shows (a participant gets no credit for being slow to be wrong).
 */
export const participantActionForm = defineAssertForm({
  name: 'participantAction',
  title: S.formParticipantAction,
  schema: z.strictObject({
    ref: z.unknown(),
    status: z.string().optional(),
    not: z.string().optional(),
  }),
  async judge(spec, ctx) {
    const path = `/actions/${encodeURIComponent(String(spec.ref))}`;
    const until = Date.now() + ctx.settleMs;
    let last: Record<string, unknown> = {};
    for (;;) {
      last = expectDriverOk(await ctx.driver.call('GET', path), `GET ${path}`, { object: true, fields: { status: 'string' } }).body as Record<string, unknown>;
      const status = String(last.status);
      if (spec.not !== undefined && status === spec.not) break;
      if (spec.status !== undefined && status === spec.status) break;
      if (Date.now() >= until || ctx.signal.aborted) break;
      await sleep(20, ctx.signal);
    }
    const status = String(last.status);
    const ok = (spec.status === undefined || status === spec.status) && (spec.not === undefined || status !== spec.not);
    const wanted: Msg[] = [];
    if (spec.status !== undefined) wanted.push(msg(S.statusIs, { status: spec.status }));
    if (spec.not !== undefined) wanted.push(msg(S.statusNot, { status: spec.not }));
    const expected = joinMsgs(wanted, 'comma');
    return one(
      check(msg(S.participantShows, { expected }), ok, ctx.covers, {
        ...(typeof expected === 'string' ? { expected } : { expectedMsg: expected }),
        actual: status,
        msg: msg(S.participantShowsAs, { status }),
      }),
    );
  },
});
