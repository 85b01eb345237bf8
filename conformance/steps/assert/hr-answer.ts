// `hrAnswer` (role hr-system): the participant's answer to Дія's HR fetch of one official, from Дія's journal. One
// judgement a step, so each covers its own rule: `answered` (DIIA-03), `complete` (DIIA-04), `record: {…}` — the
// seeded record, field by field (DIIA-08; DIIA-01 for the credential's term). The judge is Дія's
// (simulators/diia/judge-hr.ts); a judgement with nothing to judge (no record came) is skipped, saying why.
import { z } from 'zod';
import { DIIA_HR, judgeHrAnswer } from '../../../simulators/diia/public.ts';
import { check } from '../types.ts';
import { defineAssertForm } from './form.ts';

export const hrAnswerForm = defineAssertForm({
  name: 'hrAnswer',
  title: DIIA_HR.formTitle,
  schema: z.strictObject({
    rnokpp: z.string().min(1),
    answered: z.literal(true).optional(),
    complete: z.literal(true).optional(),
    record: z.record(z.string(), z.unknown()).optional(),
  }),
  check: (spec) =>
    [spec.answered, spec.complete, spec.record].filter((v) => v !== undefined).length === 1
      ? undefined
      : { message: 'an hrAnswer assertion judges one thing: `answered: true`, `complete: true` or `record: {…}`', hint: 'one judgement a step, so each covers its own rule' },
  judge(spec, ctx) {
    const findings = judgeHrAnswer(ctx.journal.entries(), spec);
    const assertions = findings.map((f) => ({
      ...check(f.label, f.outcome !== 'fail', ctx.covers, {
        msg: f.message,
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
        ...(f.actual !== undefined ? { actual: f.actual } : {}),
        journalRefs: f.journalRefs,
      }),
      ...(f.outcome === 'skip' ? { outcome: 'skip' as const } : {}),
    }));
    return { assertions, journalRefs: [...new Set(findings.flatMap((f) => f.journalRefs))] };
  },
});
