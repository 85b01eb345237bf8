// `assert`: judge one fact — about times, the journal, or the participant's visible state through its driver.
// Each form is a small strict object; one `that` per step keeps `covers` precise.
import { z } from 'zod';
import { kyivDate } from '../../core/calendar.ts';
import { PolihonError } from '../../core/errors.ts';
import type { JournalEntry } from '../../core/journal.ts';
import { expectDriverOk } from '../driver.ts';
import { lookup } from '../expressions.ts';
import { check, defineStep, sleep, type StepContext, type StepOutput } from './types.ts';

const pair = z.tuple([z.unknown(), z.unknown()]);
const thatSchema = z.union([
  z.strictObject({ sameKyivDay: pair }),
  z.strictObject({ equals: pair }),
  z.strictObject({
    journalCount: z.strictObject({
      service: z.string(),
      to: z.string().optional(),
      match: z.record(z.string(), z.unknown()).optional(),
      /** count distinct values of this data field instead of entries */
      distinct: z.string().optional(),
      equals: z.number().int().nonnegative(),
    }),
  }),
  z.strictObject({
    participantAction: z.strictObject({
      ref: z.unknown(),
      status: z.string().optional(),
      not: z.string().optional(),
    }),
  }),
  z.strictObject({
    participantJournal: z.strictObject({ services: z.array(z.string()).min(1) }),
  }),
]);
type That = z.infer<typeof thatSchema>;
type AssertStep = { that: That };

export const assertStep = defineStep<AssertStep>({
  type: 'assert',
  fields: { that: thatSchema },
  describe: (s) => `assert ${Object.keys(s.that)[0]}`,
  async run(step, ctx) {
    const that = step.that;
    if ('sameKyivDay' in that) {
      const [a, b] = (ctx.resolve(that.sameKyivDay) as unknown[]).map(toMs);
      const da = kyivDate(a!);
      const db = kyivDate(b!);
      return one(check('same Kyiv day', da === db, ctx.covers, { expected: db, actual: da, message: `${da}, expected the same Kyiv day as ${db}` }));
    }
    if ('equals' in that) {
      const [a, b] = ctx.resolve(that.equals) as unknown[];
      return one(check('equals', JSON.stringify(a) === JSON.stringify(b), ctx.covers, { expected: b, actual: a }));
    }
    if ('journalCount' in that) return journalCount(ctx, ctx.resolve(that.journalCount) as JournalCountSpec);
    if ('participantAction' in that) return participantAction(ctx, ctx.resolve(that.participantAction) as ActionSpec);
    return participantJournal(ctx, that.participantJournal.services);
  },
});

const one = (a: ReturnType<typeof check>): StepOutput => ({ assertions: [a], journalRefs: a.journalRefs ?? [] });

function toMs(v: unknown): number {
  const ms = typeof v === 'number' ? v : Date.parse(String(v));
  if (!Number.isFinite(ms)) throw new PolihonError('E_SCENARIO_REFERENCE', `'${String(v)}' is not a time`, { hint: 'refer to a step output such as ${steps.act.virtualTime}' });
  return ms;
}

type JournalCountSpec = { service: string; to?: string; match?: Record<string, unknown>; distinct?: string; equals: number };
function journalCount(ctx: StepContext, spec: JournalCountSpec): StepOutput {
  const entries = ctx.journal.entries({
    predicate: (e) =>
      e.kind === 'request' &&
      e.service === spec.service &&
      (spec.to === undefined || e.to === spec.to) &&
      Object.entries(spec.match ?? {}).every(([k, v]) => String(lookup((e.data ?? {}) as Record<string, unknown>, k).value) === String(v)),
  });
  const n = spec.distinct
    ? new Set(entries.map((e) => JSON.stringify(lookup((e.data ?? {}) as Record<string, unknown>, spec.distinct!).value))).size
    : entries.length;
  return one(
    check(`${spec.distinct ? `distinct ${spec.distinct} of ` : ''}${spec.service} = ${spec.equals}`, n === spec.equals, ctx.covers, {
      expected: spec.equals,
      actual: n,
      message: `found ${n} (${entries.map((e) => `#${e.seq}`).join(', ') || 'none'})`,
      journalRefs: entries.map((e) => e.seq),
    }),
  );
}

type ActionSpec = { ref: unknown; status?: string; not?: string };
/**
 * Polls the participant's view of an action for one settle interval: a wished-for status passes as soon as it
 * shows; a forbidden status fails as soon as it shows (a participant gets no credit for being slow to be wrong).
 */
async function participantAction(ctx: StepContext, spec: ActionSpec): Promise<StepOutput> {
  const path = `/actions/${encodeURIComponent(String(spec.ref))}`;
  const until = Date.now() + ctx.settleMs;
  let last: Record<string, unknown> = {};
  for (;;) {
    last = (expectDriverOk(await ctx.driver.call('GET', path), `GET ${path}`).body ?? {}) as Record<string, unknown>;
    const status = String(last.status);
    if (spec.not !== undefined && status === spec.not) break;
    if (spec.status !== undefined && status === spec.status) break;
    if (Date.now() >= until || ctx.signal.aborted) break;
    await sleep(20, ctx.signal);
  }
  const status = String(last.status);
  const ok = (spec.status === undefined || status === spec.status) && (spec.not === undefined || status !== spec.not);
  const expected = [spec.status && `status ${spec.status}`, spec.not && `not ${spec.not}`].filter(Boolean).join(', ');
  return one(check(`participant shows ${expected}`, ok, ctx.covers, { expected, actual: status, message: `the participant shows the action as '${status}'` }));
}

/** XCH-03: every message exchanged with the participant in the listed services is in the participant's journal, with the same body hash. */
async function participantJournal(ctx: StepContext, services: string[]): Promise<StepOutput> {
  const ours = ctx.journal.entries({
    predicate: (e) => e.kind === 'request' && services.includes(e.service) && (e.from === 'participant' || e.to === 'participant'),
  });
  const res = expectDriverOk(await ctx.driver.call('GET', '/journal'), 'GET /journal');
  const theirs = ((res.body as { entries?: { sha256?: string; messageId?: string }[] })?.entries ?? []).filter((e) => e && typeof e === 'object');
  const hashes = new Set(theirs.map((e) => String(e.sha256 ?? '').toLowerCase()));
  const missing: JournalEntry[] = ours.filter((e) => !hashes.has(e.bodySha256));
  return one(
    check('participant journals every exchanged message', ours.length > 0 && missing.length === 0, ctx.covers, {
      expected: `${ours.length} messages with matching SHA-256`,
      actual: `${ours.length - missing.length} found`,
      message:
        ours.length === 0
          ? 'no exchanged messages to check — the scenario must exchange something before this step'
          : missing.length
            ? `missing from the participant's journal: ${missing.map((e) => `${e.service} #${e.seq} (${String(e.data?.actId ?? e.data?.requestId ?? e.messageId ?? '')})`).join(', ')}`
            : `all ${ours.length} messages present`,
      journalRefs: missing.map((e) => e.seq),
    }),
  );
}
