// The X-Road header rules judged over one scenario's journal, wherever the participant talks through Трембіта (not
// only in the Трембіта roles): every call carries X-Road-UserId, a fresh X-Road-Id (a retry of the same act too), and
// no message to the counterpart goes past Трембіта — acts of every kind, status polls and answers alike. The channel
// rule is also judged alone (judgeChannel), where the header rules belong to other requirements.
import type { JournalEntry } from '../../core/journal.ts';
import { msg, type MessageRef } from '../../core/i18n.ts';
import { check, sleep, type StepContext, type StepOutput } from '../steps/types.ts';
import { P } from './messages.ts';

export type XRoadSpec = { to: string };
/** `participantChannel`: the channel rule alone, over the messages to `to` (of these services, when given). */
export type ChannelSpec = { to: string; services?: string[] };

/** At most this many offenders are named in a failure; the journal refs list them all. */
const NAMED = 5;

/** The last message of the step before may still be on its way back through Трембіта (journalled on its answer). */
async function settled(ctx: StepContext): Promise<void> {
  if (ctx.settle) await ctx.settle();
  else await sleep(ctx.settleMs, ctx.signal);
}

export async function judgeXRoad(ctx: StepContext, spec: XRoadSpec): Promise<StepOutput> {
  await settled(ctx);
  const requests = ctx.journal.entries({ kind: 'request', from: 'participant' });
  const toPeer = requests.filter((e) => e.to === spec.to);
  // the security server's own record of each call the participant made as an X-Road client
  const calls = requests.filter((e) => e.channel === 'trembita' && e.data?.side === 'consumer');
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
    channelRule(ctx, spec.to, toPeer, (e) => `${e.service} ${String(e.data?.kind ?? e.messageId ?? '')}`.trim()),
    rule(ctx, P.userIdLabel, calls, noUser, P.userIdOk, P.userIdBad, (e) => `${e.to} ${String(e.data?.messageId ?? '')}`),
    rule(ctx, P.freshIdLabel, calls, reused, P.freshIdOk, P.freshIdBad, (e) => String(e.data?.messageId ?? e.messageId ?? '')),
  ];
  return { assertions, journalRefs: [...new Set(assertions.flatMap((a) => a.journalRefs ?? []))].sort((a, b) => a - b) };
}

/**
 * The channel rule alone (XCH-05 for a Трембіта consumer): every call the participant made to `to` — of the given
 * services only, when named, so its metadata queries of the provider do not count — came through Трембіта, and there
 * was at least one. A call to the provider's own address is journalled there with channel 'direct'.
 */
export async function judgeChannel(ctx: StepContext, spec: ChannelSpec): Promise<StepOutput> {
  await settled(ctx);
  const wanted = spec.services?.map(bare);
  const toPeer = ctx.journal
    .entries({ kind: 'request', from: 'participant' })
    .filter((e) => e.to === spec.to && (wanted === undefined || wanted.includes(bare(String(e.data?.serviceId ?? '')))));
  const assertion = channelRule(ctx, spec.to, toPeer, (e) => `${e.channel} ${String(e.data?.serviceId ?? e.service)} ${String(e.data?.messageId ?? e.messageId ?? '')}`.trim());
  return { assertions: [assertion], journalRefs: assertion.journalRefs ?? [] };
}

const bare = (id: string) => id.replace(/^(SERVICE|SUBSYSTEM|MEMBER):/, '');

function channelRule(ctx: StepContext, to: string, toPeer: JournalEntry[], name: (e: JournalEntry) => string) {
  const past = toPeer.filter((e) => e.channel !== 'trembita');
  return check(msg(P.channelLabel, { to }), toPeer.length > 0 && past.length === 0, ctx.covers, {
    msg: toPeer.length === 0 ? msg(P.channelNone, { to }) : past.length ? msg(P.channelBad, { to, list: list(past, name) }) : msg(P.channelOk, { n: toPeer.length, to }),
    expected: 'trembita',
    actualMsg: past.length ? msg(P.actualBad, { n: past.length }) : msg(P.expectedAll),
    journalRefs: (past.length ? past : toPeer).map((e) => e.seq),
  });
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
