// Outbound calls: a simulator calling the participant or another simulator, stamped and journalled once — by the
// receiver when it is a simulator sharing this journal (it names its entry in X-Polihon-Journal-Entry), else here.
import type { Channel, JournalInput } from '../../core/journal.ts';
import type { SimulatorContext } from '../../core/simulator.ts';
import { JOURNAL_ENTRY_HEADER, SIMULATOR_HEADER, TIME_HEADER } from './headers.ts';

export interface OutboundCall {
  from: string;
  /** the party as the journal names it: 'participant', 'dms', 'hromada' */
  to: string;
  url: string;
  service: string;
  body: unknown;
  /** the exact text to send instead of `body` as JSON (a body broken on purpose) */
  rawBody?: string;
  channel?: Channel;
  messageId?: string;
  data?: Record<string, unknown>;
  /** headers besides content type, time and sender */
  headers?: Record<string, string>;
}

export interface OutboundResult {
  /** 0 when no answer came (network error) */
  status: number;
  text: string;
  /** the parsed answer, when it was JSON */
  json?: unknown;
  error?: string;
  /** seq of the request entry, ours or the receiving simulator's */
  requestSeq?: number;
}

/**
 * Sends `body` as JSON with ctx.fetch, stamped with X-Polihon-Time and X-Polihon-Simulator, and journals the
 * exchange unless the receiver is a simulator that already journalled it in this same journal.
 */
export async function sendJson(ctx: SimulatorContext, call: OutboundCall): Promise<OutboundResult> {
  const text = call.rawBody ?? JSON.stringify(call.body);
  const path = safePath(call.url);
  const base: Omit<JournalInput, 'kind'> = {
    channel: call.channel ?? 'direct',
    mode: 'request-response',
    from: call.from,
    to: call.to,
    service: call.service,
    ...(call.messageId === undefined ? {} : { messageId: call.messageId }),
  };
  // the request as sent, whether or not an answer came
  const journalRequest = (extra: Pick<JournalInput, 'data'> & { outcome?: string }) =>
    ctx.journal.append(merged<JournalInput>(base, { kind: 'request', method: 'POST', path, body: text }, extra));
  // the receiver records the request after it is sent, so an entry it names can only be newer than this
  const sentAfter = ctx.journal.lastSeq();
  let res: Response;
  try {
    res = await ctx.fetch(call.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [TIME_HEADER]: new Date(ctx.clock.now()).toISOString(),
        [SIMULATOR_HEADER]: call.from,
        ...call.headers,
      },
      body: text,
    });
  } catch (err) {
    const error = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
    const entry = journalRequest({ outcome: 'delivery-failed', data: merged(call.data ?? {}, { url: call.url, error }) });
    return { status: 0, text: '', error, requestSeq: entry.seq };
  }
  const answer = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    parsed = undefined;
  }
  const theirs = res.headers.get(JOURNAL_ENTRY_HEADER);
  const seq = theirs ? sharedEntrySeq(ctx, theirs, sentAfter) : undefined;
  if (seq !== undefined) return { status: res.status, text: answer, json: parsed, requestSeq: seq };
  const entry = journalRequest({ data: merged(call.data ?? {}, { url: call.url }) });
  ctx.journal.append(
    merged<JournalInput>(
      base,
      { kind: 'response', from: call.to, to: call.from, status: res.status, links: [entry.seq], body: answer, outcome: res.ok ? 'delivered' : 'refused' },
      call.data === undefined ? {} : { data: call.data },
    ),
  );
  return { status: res.status, text: answer, json: parsed, requestSeq: entry.seq };
}

/**
 * `{ ...a, ...b, … }` built by assignment, in the same key order (the journal's hashes cover it): V8 gives an object
 * made by a spread followed by more keys a hidden class of its own, about 5 µs here, twice per call; assignments
 * share one.
 */
function merged<T = Record<string, unknown>>(...parts: object[]): T {
  const out: Record<string, unknown> = {};
  for (const part of parts) for (const key of Object.keys(part)) out[key] = (part as Record<string, unknown>)[key];
  return out as T;
}

/**
 * The seq the receiver named, when it is an entry of this very journal (same id) recorded while the call was out —
 * an older one (a header seen earlier, replayed by a participant) does not count.
 */
function sharedEntrySeq(ctx: SimulatorContext, ref: string, sentAfter: number): number | undefined {
  const m = /^(\d+):([0-9a-f]{1,64})$/.exec(ref.trim());
  if (!m || m[2] !== ctx.journal.id) return undefined;
  const seq = Number(m[1]);
  return seq > sentAfter && seq <= ctx.journal.lastSeq() ? seq : undefined;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
