// `eisDelivery`: ЄІС МВС's notification modes as the journal and the participant's driver show them (EIS-MODE-01):
// every message acknowledged exactly once (`acked`), none given up (`undelivered`), none processed twice
// (`processedOnce`, from GET {driver}/processed), every acknowledged one kept (`keptAcked`), how many the participant
// processed (`processed`), a duplicate answered with the identical ack (`identicalDuplicates`), and the participant's
// own messages processed by ЄІС МВС exactly once (`ownOnce`, their ids). The judges are the simulator's.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { ackedNotProcessed, deliveryFigures, deliveryFindings, MESSAGING_SERVICES, processedTwice, refusedAcks } from '../../../simulators/eis/public.ts';
import { expectDriverOk } from '../../driver.ts';
import { check } from '../types.ts';

type AssertionResult = ReturnType<typeof check>;
import { defineAssertForm } from './form.ts';
import { E } from './messages.ts';

const few = (ids: readonly string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');

export const eisDeliveryForm = defineAssertForm({
  name: 'eisDelivery',
  title: E.formDelivery,
  schema: z.strictObject({
    acked: z.number().int().nonnegative().optional(),
    undelivered: z.number().int().nonnegative().optional(),
    processedOnce: z.literal(true).optional(),
    keptAcked: z.literal(true).optional(),
    processed: z.number().int().nonnegative().optional(),
    identicalDuplicates: z.literal(true).optional(),
    ownOnce: z.unknown().optional(),
  }),
  async judge(spec, ctx) {
    if (ctx.settle) await ctx.settle();
    const out: AssertionResult[] = [];
    const entries = ctx.journal.entries();
    if (spec.acked !== undefined || spec.undelivered !== undefined) {
      const findings = deliveryFindings(entries);
      const f = deliveryFigures(entries);
      const ok = findings.length === 0 && (spec.acked === undefined || f.acked === spec.acked) && (spec.undelivered === undefined || f.undelivered === spec.undelivered);
      out.push(
        check(msg(E.ackedLabel, { n: spec.acked ?? f.messages }), ok, ctx.covers, {
          expected: `acked ${spec.acked ?? '—'}, undelivered ${spec.undelivered ?? '—'}`,
          actual: `acked ${f.acked}, undelivered ${f.undelivered}`,
          msg: msg(E.ackedAs, { messages: f.messages, tries: f.tries, acked: f.acked, undelivered: f.undelivered, findings: findings.length }),
        }),
      );
    }
    if (spec.processedOnce || spec.keptAcked || spec.processed !== undefined) {
      const body = expectDriverOk(await ctx.driver.call('GET', '/processed'), 'GET /processed', { object: true, fields: { processed: 'array' } }).body as { processed: { messageId: string; count: number }[] };
      const ids = body.processed.flatMap((p) => Array.from({ length: Math.max(1, Number(p.count) || 1) }, () => String(p.messageId)));
      if (spec.processedOnce) {
        const twice = processedTwice(ids);
        out.push(check(msg(E.twiceLabel), twice.length === 0, ctx.covers, { expected: 0, actual: twice.length, msg: msg(E.twiceAs, { n: twice.length, ids: few(twice) }) }));
      }
      if (spec.keptAcked) {
        const lost = ackedNotProcessed(entries, ids);
        out.push(check(msg(E.lostLabel), lost.length === 0, ctx.covers, { expected: 0, actual: lost.length, msg: msg(E.lostAs, { n: lost.length, ids: few(lost) }) }));
      }
      if (spec.processed !== undefined) {
        const n = new Set(ids).size;
        out.push(check(msg(E.processedLabel, { n: spec.processed }), n === spec.processed, ctx.covers, { expected: spec.processed, actual: n, msg: msg(E.processedAs, { n }) }));
      }
    }
    if (spec.identicalDuplicates) {
      const repeated = refusedAcks(entries);
      const other = repeated.filter((r) => !r.identical).length;
      out.push(
        check(msg(E.identicalLabel), repeated.length > 0 && other === 0, ctx.covers, {
          expected: '≥ 1, all identical',
          actual: `${repeated.length}, ${other} different`,
          msg: msg(E.identicalAs, { n: repeated.length, other }),
          journalRefs: repeated.map((r) => r.seq),
        }),
      );
    }
    if (spec.ownOnce !== undefined) {
      const wanted = Array.isArray(spec.ownOnce) ? spec.ownOnce.map(String) : [];
      const processed = new Map<string, number>();
      for (const e of entries) {
        if (e.kind === 'response' && e.service === MESSAGING_SERVICES.message && e.outcome === 'processed' && e.messageId) processed.set(e.messageId, (processed.get(e.messageId) ?? 0) + 1);
      }
      const once = wanted.filter((id) => processed.get(id) === 1).length;
      const twice = wanted.filter((id) => (processed.get(id) ?? 0) > 1).length;
      out.push(
        check(msg(E.ownLabel), wanted.length > 0 && once === wanted.length, ctx.covers, {
          expected: wanted.length,
          actual: once,
          msg: msg(E.ownAs, { n: wanted.length, processed: once, twice }),
        }),
      );
    }
    return { assertions: out, journalRefs: out.flatMap((a) => a.journalRefs ?? []) };
  },
});
