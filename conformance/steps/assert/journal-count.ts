// `journalCount`: how many requests of a service the journal holds in this scenario (optionally sent `to` a party,
// with data matching `match`), or how many distinct values of one data field they carry.
import { z } from 'zod';
import { msg } from '../../../core/i18n.ts';
import { lookup } from '../../expressions.ts';
import { knownPeople, matches } from '../../oracle/equal.ts';
import { scopePeople } from '../expect.ts';
import { S } from '../messages.ts';
import { check } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const journalCountForm = defineAssertForm({
  name: 'journalCount',
  title: S.formJournalCount,
  schema: z.strictObject({
    service: z.string(),
    to: z.string().optional(),
    match: z.record(z.string(), z.unknown()).optional(),
    /** count distinct values of this data field instead of entries */
    distinct: z.string().optional(),
    equals: z.number().int().nonnegative(),
  }),
  judge(spec, ctx) {
    const people = knownPeople(scopePeople(ctx));
    const entries = ctx.journal.entries({
      predicate: (e) =>
        e.kind === 'request' &&
        e.service === spec.service &&
        (spec.to === undefined || e.to === spec.to) &&
        matches(e.data as Record<string, unknown> | undefined, spec.match ?? {}, { people }),
    });
    const n = spec.distinct
      ? new Set(entries.map((e) => JSON.stringify(lookup((e.data ?? {}) as Record<string, unknown>, spec.distinct!).value))).size
      : entries.length;
    return one(
      check(
        spec.distinct ? msg(S.countDistinctLabel, { field: spec.distinct, service: spec.service, n: spec.equals }) : msg(S.countLabel, { service: spec.service, n: spec.equals }),
        n === spec.equals,
        ctx.covers,
        {
          expected: spec.equals,
          actual: n,
          msg: msg(S.found, { n, refs: entries.map((e) => `#${e.seq}`).join(', ') || msg(S.none) }),
          journalRefs: entries.map((e) => e.seq),
        },
      ),
    );
  },
});
