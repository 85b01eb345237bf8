// `sameKyivDay: [a, b]`: two times (ISO strings or epoch ms) fall on the same Kyiv date.
import { z } from 'zod';
import { kyivDate } from '../../../core/calendar.ts';
import { PolihonError } from '../../../core/errors.ts';
import { msg } from '../../../core/i18n.ts';
import { S } from '../messages.ts';
import { check } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const sameKyivDayForm = defineAssertForm({
  name: 'sameKyivDay',
  title: S.formSameKyivDay,
  schema: z.tuple([z.unknown(), z.unknown()]),
  judge(pair, ctx) {
    const [a, b] = (pair as unknown[]).map(toMs);
    const da = kyivDate(a!);
    const db = kyivDate(b!);
    return one(check(msg(S.sameKyivDayLabel), da === db, ctx.covers, { expected: db, actual: da, msg: msg(S.sameKyivDayMsg, { a: da, b: db }) }));
  },
});

function toMs(v: unknown): number {
  const ms = typeof v === 'number' ? v : Date.parse(String(v));
  if (!Number.isFinite(ms)) throw new PolihonError('E_SCENARIO_REFERENCE', msg(S.notATime, { value: String(v) }), { hint: msg(S.notATimeHint) });
  return ms;
}
