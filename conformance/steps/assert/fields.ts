// `fields`, the data oracle: a message the participant sent (`of`, e.g. "${steps.act.body}") says what the harness
// knows must be in it (`equal`: the driver's action, the seeded person). Only the named fields are judged, each by
// meaning (УНЗР with or without dash, an instant in any offset); every field that differs is its own failure.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { differences, judgedFields, knownPeople } from '../../oracle/equal.ts';
import { scopePeople } from '../expect.ts';
import { S } from '../messages.ts';
import { check } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const fieldsForm = defineAssertForm({
  name: 'fields',
  title: S.formFields,
  schema: z.strictObject({ of: z.unknown(), equal: z.record(z.string(), z.unknown()) }),
  judge(spec, ctx) {
    if (spec.of === null || typeof spec.of !== 'object' || Array.isArray(spec.of)) {
      return one(check(msg(S.fieldsAllLabel), false, ctx.covers, { expected: spec.equal, actual: spec.of, msg: msg(S.fieldsNoMessage, { of: JSON.stringify(spec.of ?? null).slice(0, 80) }) }));
    }
    const diffs = differences(spec.of, spec.equal, { people: knownPeople(scopePeople(ctx)) });
    if (diffs.length === 0) {
      return one(check(msg(S.fieldsAllLabel), true, ctx.covers, { msg: msg(S.fieldsOk, { n: judgedFields(spec.equal) }) }));
    }
    return {
      assertions: diffs.map((d) =>
        check(msg(S.fieldsLabel, { field: d.field }), false, ctx.covers, {
          ...(d.note === 'extra' ? { expectedMsg: msg(S.fieldNotListed) } : { expected: d.expected }),
          ...(d.note === 'missing' ? { actualMsg: msg(S.fieldNoItem) } : { actual: d.actual ?? null }),
          msg: msg(d.note === 'extra' ? S.fieldExtraItem : d.note === 'missing' ? S.fieldMissingItem : d.actual === undefined ? S.fieldAbsent : S.fieldIsNot, {
            field: d.field,
            expected: shortValue(d.expected),
            actual: shortValue(d.actual),
          }),
        }),
      ),
      journalRefs: [],
    };
  },
});

/** A value as a failure line quotes it: a string as it is, anything else as JSON, cut at 160 characters. */
function shortValue(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
