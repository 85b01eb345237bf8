// The headers simulators speak among themselves and to the harness, and who a call came from. Every kit module
// and the transports read these; nothing here touches the journal or the clock.
import type { Channel, Journal, JournalEntry } from '../../core/journal.ts';

/** Largest request body any simulator reads; bigger ones get 413 (contracts §1). */
export const BODY_LIMIT = 64 * 1024;
/** The simulator clock's instant, on every answer and every request a simulator sends. */
export const TIME_HEADER = 'X-Polihon-Time';
/** Which simulator sent an answer or an outbound request; a receiving simulator journals it as `from`. */
export const SIMULATOR_HEADER = 'X-Polihon-Simulator';
/**
 * The channel a call came through when a simulator relays it (Трембіта sends `trembita` to the simulators behind it):
 * the receiving simulator journals its 'direct' exchanges under that channel. `from` stays who made the call.
 */
export const CHANNEL_HEADER = 'X-Polihon-Channel';
/**
 * `<seq>:<journal id>` of the journal entry in which the answering simulator recorded a request. A simulator that
 * sent the request and whose own journal has that id knows the exchange is already recorded (both simulators share
 * one journal in a host) and does not record it twice. The id, not the entry's hash, names it, so the entry can be
 * sealed after the answer has gone (core/journal.ts).
 */
export const JOURNAL_ENTRY_HEADER = 'X-Polihon-Journal-Entry';

const NAME_RE = /^[a-z][a-z0-9.-]{0,31}$/;


/** Who sent an inbound request: a simulator that names itself, else the participant. */
export function callerOf(request: Request): string {
  const name = request.headers.get(SIMULATOR_HEADER)?.trim().toLowerCase();
  return name && NAME_RE.test(name) ? name : 'participant';
}

const RELAY_CHANNELS: readonly Channel[] = ['trembita', 'eis'];

/** The channel of an inbound call: the relaying simulator's (X-Polihon-Channel) for a 'direct' call, else `channel`. */
export function channelOf(request: Request, channel: Channel): Channel {
  if (channel !== 'direct') return channel;
  const named = request.headers.get(CHANNEL_HEADER)?.trim().toLowerCase() as Channel | undefined;
  return named && RELAY_CHANNELS.includes(named) ? named : channel;
}


/** The header value naming a journal entry, for JOURNAL_ENTRY_HEADER. */
export function journalRef(journal: Pick<Journal, 'id'>, entry: Pick<JournalEntry, 'seq'>): string {
  return `${entry.seq}:${journal.id}`;
}
