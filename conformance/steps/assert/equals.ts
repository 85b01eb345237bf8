// `equals: [a, b]`: the two values mean the same (conformance/oracle/equal.ts).
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { sameMeaning } from '../../oracle/equal.ts';
import { S } from '../messages.ts';
import { check } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const equalsForm = defineAssertForm({
  name: 'equals',
  title: S.formEquals,
  schema: z.tuple([z.unknown(), z.unknown()]),
  judge([a, b], ctx) {
    return one(check(msg(S.equalsLabel), sameMeaning(a, b), ctx.covers, { expected: b, actual: a }));
  },
});
