// `copiesHeld` (role copy-recipient): whether the participant keeps the copy of one request, as its driver lists
// them (`GET {driver}/copies` → `{ copies: [{ requestId, receivedAt, keepUntil, purpose }] }`). `held: true` right
// after Дія delivered it (DIIA-13); `held: false` after a refused consent (DIIA-13) or once keepUntil has passed on
// the virtual clock (DIIA-15). Polled for one settle interval: a wished-for state passes as soon as it shows.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { expectDriverOk } from '../../driver.ts';
import { S } from '../messages.ts';
import { check, sleep } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const copiesHeldForm = defineAssertForm({
  name: 'copiesHeld',
  title: S.formCopiesHeld,
  schema: z.strictObject({ requestId: z.unknown(), held: z.boolean() }),
  async judge(spec, ctx) {
    const requestId = String(spec.requestId);
    const until = Date.now() + ctx.settleMs;
    let listed: Record<string, unknown> | undefined;
    for (;;) {
      const res = expectDriverOk(await ctx.driver.call('GET', '/copies'), 'GET /copies', { object: true, fields: { copies: 'array' } });
      const copies = (res.body as { copies: unknown[] }).copies;
      listed = copies.find((c): c is Record<string, unknown> => !!c && typeof c === 'object' && (c as { requestId?: unknown }).requestId === requestId);
      if ((listed !== undefined) === spec.held || Date.now() >= until || ctx.signal.aborted) break;
      await sleep(20, ctx.signal);
    }
    const ok = (listed !== undefined) === spec.held;
    const shown = listed ? msg(S.copyListed, { keepUntil: String(listed.keepUntil ?? '—') }) : msg(S.copyNotListed);
    return one(
      check(msg(spec.held ? S.copyHeldLabel : S.copyGoneLabel, { requestId }), ok, ctx.covers, {
        expected: spec.held,
        actual: listed !== undefined,
        msg: shown,
      }),
    );
  },
});
