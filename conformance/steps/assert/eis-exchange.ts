// `eisExchange`: the exchange rules with ЄІС МВС — the participant's requests name purpose and legal ground, its
// answer carries no field beyond the agreed set (XCH-01; `answer: { of: "${steps.<ask>}", agreed }`), its outage
// notices came within 2 working days after the day the outage began (XCH-04). The judges are the simulator's.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { extraFields, MESSAGING_SERVICES, missingPurpose, outageNoticeInTime } from '../../../simulators/eis/public.ts';
import { check } from '../types.ts';

type AssertionResult = ReturnType<typeof check>;
import { defineAssertForm } from './form.ts';
import { E } from './messages.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const eisExchangeForm = defineAssertForm({
  name: 'eisExchange',
  title: E.formExchange,
  schema: z.strictObject({
    purposeNamed: z.literal(true).optional(),
    answer: z.strictObject({ of: z.unknown(), agreed: z.array(z.string()).min(1) }).optional(),
    outagesInTime: z.literal(true).optional(),
  }),
  async judge(spec, ctx) {
    if (ctx.settle) await ctx.settle();
    const out: AssertionResult[] = [];
    if (spec.purposeNamed) {
      const requests = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.service === MESSAGING_SERVICES.request && e.from === 'participant' });
      const bad = requests.filter((e) => {
        let body: unknown;
        try {
          body = JSON.parse(typeof e.body === 'string' ? e.body : '');
        } catch {
          body = undefined;
        }
        return missingPurpose(body).length > 0;
      });
      out.push(
        check(msg(E.purposeLabel), requests.length > 0 && bad.length === 0, ctx.covers, {
          expected: `≥ 1, 0 without`,
          actual: `${requests.length}, ${bad.length} without`,
          msg: msg(E.purposeAs, { n: requests.length, bad: bad.length }),
          journalRefs: (bad.length ? bad : requests).map((e) => e.seq),
        }),
      );
    }
    if (spec.answer) {
      const of = isObject(spec.answer.of) ? spec.answer.of : {};
      const delivery = isObject(of.delivery) ? of.delivery : {};
      const status = Number(delivery.status ?? 0);
      const extra = extraFields(delivery.body, spec.answer.agreed);
      out.push(
        check(msg(E.fieldsLabel), status === 200 && extra.length === 0, ctx.covers, {
          expected: spec.answer.agreed.join(', '),
          actual: isObject(delivery.body) ? Object.keys(delivery.body).join(', ') : String(delivery.body ?? '—'),
          msg: msg(E.fieldsAs, { status, extra: extra.join(', ') || '—' }),
        }),
      );
    }
    if (spec.outagesInTime) {
      const outages = ((await ctx.control('eis', 'GET', '/__polihon/messaging/outages')).body as { outages?: { began: string; noticedAt: string }[] }).outages ?? [];
      const judged = outages.map((o) => ({ o, ...outageNoticeInTime(Date.parse(o.began), Date.parse(o.noticedAt), ctx.calendar) }));
      const inTime = judged.filter((j) => j.inTime).length;
      const list = judged.map((j) => `${j.o.began} → ${j.o.noticedAt} (≤ ${new Date(j.deadline).toISOString()})`).join('; ') || '—';
      out.push(
        check(msg(E.outageLabel), judged.length > 0 && inTime === judged.length, ctx.covers, {
          expected: '≥ 1, all in time',
          actual: `${judged.length}, ${inTime} in time`,
          msg: msg(E.outageAs, { n: judged.length, inTime, list }),
        }),
      );
    }
    return { assertions: out, journalRefs: out.flatMap((a) => a.journalRefs ?? []) };
  },
});
