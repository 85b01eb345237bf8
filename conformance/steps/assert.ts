// `assert`: judge one fact — about times, the journal, or the participant's visible state through its driver.
// Each form is a small strict object of its own file (conformance/steps/assert/); one `that` per step keeps
// `covers` precise.
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { ASSERT_FORMS } from './assert/index.ts';
import type { AssertForm } from './assert/form.ts';
import { S } from './messages.ts';
import { defineStep, title } from './types.ts';

/** `that`: exactly one form, `{ <name>: <its value> }`, each form's object strict. */
export function thatSchema(forms: Readonly<Record<string, AssertForm>>) {
  const one = Object.values(forms).map((f) => z.strictObject({ [f.name]: f.schema }));
  return z.union(one as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

type AssertStep = { that: Record<string, unknown> };

/** The form a validated `that` names (the schema lets exactly one key through). */
function formOf(that: Record<string, unknown>): AssertForm {
  const name = Object.keys(that)[0] ?? '';
  const form = ASSERT_FORMS[name];
  if (!form) throw new PolihonError('E_SCENARIO_INVALID', msg(S.unknownAssertForm, { form: name }), { hint: Object.keys(ASSERT_FORMS).join(', ') });
  return form;
}

export const assertStep = defineStep<AssertStep>({
  type: 'assert',
  fields: { that: thatSchema(ASSERT_FORMS) },
  describe: (s) => title(msg(S.titleAssert, { form: msg(formOf(s.that).title) })),
  check(s) {
    const form = formOf(s.that);
    const problem = form.check?.(s.that[form.name]);
    return problem ? { field: 'that', ...problem } : undefined;
  },
  async run(step, ctx) {
    const form = formOf(step.that);
    return form.judge(ctx.resolve(step.that[form.name]), ctx);
  },
});
