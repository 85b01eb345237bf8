// The X-Road header rules judged over one scenario's journal, wherever the participant talks through Трембіта (not
// only in the Трембіта roles): every call carries X-Road-UserId, a fresh X-Road-Id (a retry of the same act too), and
// no message to the counterpart goes past Трембіта — acts of every kind, status polls and answers alike.
import type { JournalEntry } from '../../core/journal.ts';
import { msg, type MessageRef } from '../../core/i18n.ts';
import { check, sleep, type StepContext, type StepOutput } from '../steps/types.ts';
import { P } from './messages.ts';

export type XRoadSpec = { to: string };

/** At most this many offenders are named in a failure; the journal refs list them all. */
const NAMED = 5;

export async function judgeXRoad(ctx: StepContext, spec: XRoadSpec): Promise<StepOutput> {
  // the last message of the step before may still be on its way back through Трембіта (journalled on its answer)
  if (ctx.settle) await ctx.settle();
  else await sleep(ctx.settleMs, ctx.signal);
  const requests = ctx.journal.entries({ kind: 'request', from: 'participant' });
  const toPeer = requests.filter((e) => e.to === spec.to);
  // the security server's own record of each call the participant made as an X-Road client
  const calls = requests.filter((e) => e.channel === 'trembita' && e.data?.side === 'consumer');

  const past = toPeer.filter((e) => e.channel !== 'trembita');
  const noUser = calls.filter((e) => typeof e.data?.userId !== 'string' || e.data.userId.trim() === '');
  const seen = new Set<string>();
  const reused = calls.filter((e) => {
    const id = typeof e.data?.messageId === 'string' ? e.data.messageId : e.messageId;
    if (e.data?.duplicate === true) return true;
    if (id === undefined) return false;
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });

  const assertions = [
    check(msg(P.channelLabel, { to: spec.to }), toPeer.length > 0 && past.length === 0, ctx.covers, {
      msg:
        toPeer.length === 0
          ? msg(P.channelNone, { to: spec.to })
          : past.length
            ? msg(P.channelBad, { to: spec.to, list: list(past, (e) => `${e.service} ${String(e.data?.kind ?? e.messageId ?? '')}`.trim()) })
            : msg(P.channelOk, { n: toPeer.length, to: spec.to }),
      expected: 'trembita',
      actualMsg: past.length ? msg(P.actualBad, { n: past.length }) : msg(P.expectedAll),
      journalRefs: (past.length ? past : toPeer).map((e) => e.seq),
    }),
    rule(ctx, P.userIdLabel, calls, noUser, P.userIdOk, P.userIdBad, (e) => `${e.to} ${String(e.data?.messageId ?? '')}`),
    rule(ctx, P.freshIdLabel, calls, reused, P.freshIdOk, P.freshIdBad, (e) => String(e.data?.messageId ?? e.messageId ?? '')),
  ];
  return { assertions, journalRefs: [...new Set(assertions.flatMap((a) => a.journalRefs ?? []))].sort((a, b) => a - b) };
}

function rule(
  ctx: StepContext,
  label: MessageRef,
  all: JournalEntry[],
  bad: JournalEntry[],
  ok: MessageRef,
  fail: MessageRef,
  name: (e: JournalEntry) => string,
) {
  // no call through Трембіта at all is the channel rule's failure, not this one's
  return check(msg(label), bad.length === 0, ctx.covers, {
    msg: bad.length ? msg(fail, { list: list(bad, name) }) : all.length ? msg(ok, { n: all.length }) : msg(P.nothingToJudge),
    expectedMsg: msg(P.expectedAll),
    actualMsg: bad.length ? msg(P.actualBad, { n: bad.length }) : msg(P.expectedAll),
    journalRefs: (bad.length ? bad : all).map((e) => e.seq),
  });
}

function list(entries: JournalEntry[], name: (e: JournalEntry) => string): string {
  const named = entries.slice(0, NAMED).map((e) => `#${e.seq} ${name(e)}`);
  return entries.length > NAMED ? `${named.join(', ')}, … (+${entries.length - NAMED})` : named.join(', ');
}
