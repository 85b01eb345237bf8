// `participantRequest` (TRB-01 / TRB-03): a request the participant sent in this scenario (journal `from:
// participant`) of `service` whose data has every `match` field — as the security server read them. On failure the
// message says what the participant did send instead (the fields that differ, or the security server's fault), so
// "it did not arrive" is never the answer for a request that arrived broken.
import { z } from 'zod';
import { msg, type Msg } from '../../../core/i18n.ts';
import type { JournalEntry } from '../../../core/journal.ts';
import { lookup } from '../../expressions.ts';
import { fieldMatches, knownPeople } from '../../oracle/equal.ts';
import { scopePeople } from '../expect.ts';
import { joinMsgs, S } from '../messages.ts';
import { check } from '../types.ts';
import { defineAssertForm, one } from './form.ts';

export const participantRequestForm = defineAssertForm({
  name: 'participantRequest',
  title: S.formParticipantRequest,
  schema: z.strictObject({
    service: z.string().min(1),
    match: z.record(z.string(), z.unknown()),
  }),
  judge(spec, ctx) {
    const sent = ctx.journal.entries({ predicate: (e) => e.kind === 'request' && e.from === 'participant' && e.service === spec.service });
    const value = (e: JournalEntry, k: string) => lookup((e.data ?? {}) as Record<string, unknown>, k).value;
    const people = knownPeople(scopePeople(ctx));
    const holds = (e: JournalEntry, k: string, v: unknown) => fieldMatches((e.data ?? {}) as Record<string, unknown>, k, v, { people });
    const wanted = Object.entries(spec.match);
    const hit = sent.find((e) => wanted.every(([k, v]) => holds(e, k, v)));
    const expected = wanted.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
    const label = msg(S.sentLabel, { service: spec.service, fields: wanted.map(([k]) => k).join(', ') });
    if (hit) {
      return one(check(label, true, ctx.covers, { expected, actual: `#${hit.seq}`, msg: msg(S.sentCarries, { seq: hit.seq, expected }), journalRefs: [hit.seq] }));
    }
    const describe = (e: JournalEntry): Msg => {
      const d = (e.data ?? {}) as Record<string, unknown>;
      if (typeof d.faultCode === 'string') {
        const fault = typeof d.faultString === 'string' ? msg(S.sentFaultText, { code: d.faultCode, text: d.faultString }) : msg(S.sentFault, { code: d.faultCode });
        return msg(S.sentEntry, { seq: e.seq, why: fault });
      }
      const diffs = wanted
        .filter(([k, v]) => !holds(e, k, v))
        .map(([k, v]) => {
          const got = value(e, k);
          return got === undefined
            ? msg(S.fieldMissing, { field: k })
            : msg(S.fieldInstead, { field: k, got: typeof got === 'string' ? got : JSON.stringify(got), want: typeof v === 'string' ? v : JSON.stringify(v) });
        });
      return msg(S.sentEntry, { seq: e.seq, why: joinMsgs(diffs) });
    };
    // the closest ones first: requests that name the same service, then the ones the security server refused
    const sid = spec.match.serviceId;
    const related = sent.filter((e) => sid === undefined || value(e, 'serviceId') === sid || value(e, 'serviceId') === undefined);
    const faulted = (e: JournalEntry) => (typeof (e.data ?? {}).faultCode === 'string' ? 0 : 1);
    const shown = [...(related.length ? related : sent)].sort((a, b) => faulted(a) - faulted(b) || a.seq - b.seq).slice(0, 5);
    return one(
      check(label, false, ctx.covers, {
        expected,
        actualMsg: shown.length ? (joinMsgs(shown.map(describe)) as Msg) : msg(S.nothing),
        msg: sent.length === 0 ? msg(S.sentNone, { service: spec.service }) : msg(S.sentOther, { service: spec.service, expected, list: joinMsgs(shown.map(describe)) }),
        journalRefs: shown.map((e) => e.seq),
      }),
    );
  },
});
