// `eisExchange`: the exchange rules with ЄІС МВС — the participant's requests name purpose and legal ground, its
// answer carries no field beyond the agreed set (XCH-01; `answer: { of: "${steps.<ask>}", agreed }`), its outage
// notices came within 2 working days after the day the outage began (XCH-04), the signature of each document it filed
// verifies over what it filed (XCH-02), its calls were admitted on a certificate of the test CA — no admission
// refused for the chain (XCH-06) — and its system-to-system calls on the certificate its ОТД binds (EIS-ACC-01). The
// judges are the simulator's and the transport's. The last two need a client certificate on the channel: in a run
// without one (no mTLS) they end `skip`, saying so, instead of passing with nothing to judge.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { extraFields, filedSignatureVerifies, MESSAGING_SERVICES, missingPurpose, OTD_REQUIREMENT, outageNoticeInTime, SIGNED_FILINGS } from '../../../simulators/eis/public.ts';
import { CHAIN_REQUIREMENT } from '../../../simulators/kit/index.ts';
import { ADMISSION_SERVICE } from '../../../simulators/transport/admission.ts';
import { check, needsCertificate } from '../types.ts';

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
    signaturesVerify: z.literal(true).optional(),
    testCaOnly: z.literal(true).optional(),
    otdAdmitted: z.literal(true).optional(),
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
    if (spec.signaturesVerify) {
      const filings = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.from === 'participant' && e.to === 'eis' && SIGNED_FILINGS[e.service] !== undefined });
      const judged = await Promise.all(filings.map(async (e) => ({ e, ...(e.bodyTruncated ? { verdict: 'does-not-verify' as const, detail: 'the journal kept only part of the body' } : await filedSignatureVerifies(e.service, e.body)) })));
      const signed = judged.filter((j) => j.verdict !== 'unsigned');
      const bad = signed.filter((j) => j.verdict !== 'verifies');
      const unsigned = judged.length - signed.length;
      const detail = bad.length ? `; #${bad[0]!.e.seq} ${bad[0]!.e.service}: ${bad[0]!.detail ?? bad[0]!.verdict}` : '';
      out.push(
        check(msg(E.signedLabel), signed.length > 0 && bad.length === 0, ctx.covers, {
          expected: '≥ 1, all verify',
          actual: `${signed.length}, ${bad.length} do not verify`,
          msg: msg(E.signedAs, { n: signed.length, bad: bad.length, unsigned, detail }),
          journalRefs: (bad.length ? bad : signed).map((j) => j.e.seq),
        }),
      );
    }
    if (spec.testCaOnly && !ctx.mtls) out.push(needsCertificate(msg(E.testCaLabel), ctx.covers));
    else if (spec.testCaOnly) {
      const admitted = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.from === 'participant' && e.to === 'eis' });
      const refused = ctx.journal.entries({
        predicate: (e) => e.service === ADMISSION_SERVICE && e.to === 'eis' && (e.data as { requirement?: unknown } | undefined)?.requirement === CHAIN_REQUIREMENT,
      });
      const first = refused[0]?.data as { code?: unknown; reason?: unknown } | undefined;
      out.push(
        check(msg(E.testCaLabel), admitted.length > 0 && refused.length === 0, ctx.covers, {
          expected: '≥ 1 admitted, 0 refused',
          actual: `${admitted.length} admitted, ${refused.length} refused`,
          msg: msg(E.testCaAs, { admitted: admitted.length, refused: refused.length, reason: first ? ` (${String(first.code)}: ${String(first.reason)})` : '' }),
          journalRefs: (refused.length ? refused : admitted.slice(0, 20)).map((e) => e.seq),
        }),
      );
    }
    if (spec.otdAdmitted && !ctx.mtls) out.push(needsCertificate(msg(E.otdLabel), ctx.covers));
    else if (spec.otdAdmitted) {
      const system = new Set<string>(Object.values(MESSAGING_SERVICES));
      const admitted = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.from === 'participant' && e.to === 'eis' && system.has(e.service ?? '') });
      const refused = ctx.journal.entries({
        predicate: (e) => e.service === ADMISSION_SERVICE && e.to === 'eis' && (e.data as { requirement?: unknown } | undefined)?.requirement === OTD_REQUIREMENT,
      });
      const first = refused[0]?.data as { reason?: unknown } | undefined;
      out.push(
        check(msg(E.otdLabel), admitted.length > 0 && refused.length === 0, ctx.covers, {
          expected: '≥ 1 admitted, 0 refused',
          actual: `${admitted.length} admitted, ${refused.length} refused`,
          msg: msg(E.otdAs, { admitted: admitted.length, refused: refused.length, reason: first ? ` (${String(first.reason)})` : '' }),
          journalRefs: (refused.length ? refused : admitted.slice(0, 20)).map((e) => e.seq),
        }),
      );
    }
    return { assertions: out, journalRefs: out.flatMap((a) => a.journalRefs ?? []) };
  },
});
