// `eisRegistration`: what ЄІС МВС holds of the participant's registration (EIS-REG-01…04): the latest application's
// status, every decision within 5 working days of its receipt, rework reasons naming the fields, the letter read,
// no filing refused, the activation parts still missing. The judges are the simulator's (simulators/eis/public.ts).
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { decisionWithinDeadline, missingParts, reasonsPerField, type ActivationPart, type DecisionView, type FieldReason } from '../../../simulators/eis/public.ts';
import { check } from '../types.ts';

type AssertionResult = ReturnType<typeof check>;
import { defineAssertForm } from './form.ts';
import { E } from './messages.ts';

type AppView = { id: string; edrpou: string; status: string; decisions: DecisionView[]; decision?: DecisionView; reasons: FieldReason[] };

export const eisRegistrationForm = defineAssertForm({
  name: 'eisRegistration',
  title: E.formRegistration,
  schema: z.strictObject({
    participant: z.string().regex(/^\d{8}$/),
    status: z.enum(['received', 'registered', 'refused', 'rework']).optional(),
    withinDeadline: z.literal(true).optional(),
    reasons: z.array(z.string()).optional(),
    letterRead: z.literal(true).optional(),
    refusedFilings: z.number().int().nonnegative().optional(),
    missingParts: z.array(z.enum(['joint-decision', 'registration', 'otd'])).optional(),
  }),
  async judge(spec, ctx) {
    if (ctx.settle) await ctx.settle();
    const out: AssertionResult[] = [];
    const apps = ((await ctx.control('eis', 'GET', '/__polihon/applications')).body as { applications?: AppView[] }).applications ?? [];
    const app = apps.filter((a) => a.edrpou === spec.participant).at(-1);
    const needsApp = spec.status !== undefined || spec.withinDeadline !== undefined || spec.reasons !== undefined;
    if (needsApp && !app) return { assertions: [check(msg(E.statusLabel, { status: spec.status ?? '—' }), false, ctx.covers, { msg: msg(E.noApplication, { edrpou: spec.participant }) })], journalRefs: [] };
    if (app && spec.status !== undefined) {
      out.push(check(msg(E.statusLabel, { status: spec.status }), app.status === spec.status, ctx.covers, { expected: spec.status, actual: app.status, msg: msg(E.statusIs, { id: app.id, status: app.status }) }));
    }
    if (app && spec.withinDeadline) {
      const judged = app.decisions.length
        ? app.decisions.map((d) => decisionWithinDeadline(Date.parse(d.receivedAt), Date.parse(d.decidedAt), ctx.calendar))
        : [decisionWithinDeadline(Date.now(), undefined, ctx.calendar, ctx.clock.now())];
      const late = judged.find((j) => !j.ok) ?? judged.at(-1)!;
      out.push(
        check(msg(E.deadlineLabel), judged.every((j) => j.ok), ctx.covers, {
          expected: `≤ ${late.deadline}`,
          actual: late.decidedAt ?? '—',
          msg: msg(E.deadlineAs, { receivedAt: late.receivedAt, decidedAt: late.decidedAt ?? '—', deadline: late.deadline }),
        }),
      );
    }
    if (app && spec.reasons !== undefined) {
      const d = app.decision ?? app.decisions.at(-1);
      const judged = reasonsPerField({ decision: d?.decision ?? 'rework', reasons: d?.reasons ?? [] }, spec.reasons);
      out.push(check(msg(E.reasonsLabel), judged.ok, ctx.covers, { expected: spec.reasons.join(', '), actual: (d?.reasons ?? []).map((r) => r.field).join(', '), msg: msg(E.reasonsAs, { fields: (d?.reasons ?? []).map((r) => r.field).join(', ') || '—' }) }));
    }
    const responses = ctx.journal.entries({ predicate: (e) => e.kind === 'response' && e.service.startsWith('eis.') });
    if (spec.letterRead) {
      const read = responses.filter((e) => e.service === 'eis.letter.read' && e.outcome === 'letter');
      out.push(check(msg(E.letterLabel), read.length > 0, ctx.covers, { expected: '≥ 1', actual: read.length, msg: msg(E.letterAs, { n: read.length }), journalRefs: read.map((e) => e.seq) }));
    }
    if (spec.refusedFilings !== undefined) {
      const refused = responses.filter((e) => (e.service === 'eis.application.file' || e.service === 'eis.application.rework') && e.outcome === 'rejected');
      const codes = refused.map((e) => String(e.data?.problem ?? e.status)).join(', ');
      out.push(
        check(msg(E.refusedFilingsLabel, { n: spec.refusedFilings }), refused.length === spec.refusedFilings, ctx.covers, {
          expected: spec.refusedFilings,
          actual: refused.length,
          msg: msg(E.refusedFilingsAs, { n: refused.length, codes }),
          journalRefs: refused.map((e) => e.seq),
        }),
      );
    }
    if (spec.missingParts !== undefined) {
      const ps = ((await ctx.control('eis', 'GET', '/__polihon/participants')).body as { participants?: { edrpou: string; parts: Record<ActivationPart, boolean> }[] }).participants ?? [];
      const parts = ps.find((p) => p.edrpou === spec.participant)?.parts ?? { 'joint-decision': false, registration: false, otd: false };
      const missing = missingParts(parts);
      const want = [...spec.missingParts].sort();
      const ok = JSON.stringify([...missing].sort()) === JSON.stringify(want);
      out.push(check(msg(E.partsLabel, { parts: want.join(', ') || '—' }), ok, ctx.covers, { expected: want.join(', '), actual: missing.join(', '), msg: msg(E.partsAs, { parts: missing.join(', ') || '—' }) }));
    }
    return { assertions: out, journalRefs: out.flatMap((a) => a.journalRefs ?? []) };
  },
});
