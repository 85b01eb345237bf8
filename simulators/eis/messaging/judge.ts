// Pure judges of the system-to-system modes, for scenario assert forms and reports: each takes journal entries (or
// what a participant's driver says it processed) and returns what is wrong, empty when nothing is. No I/O, no clock.
import { workingDayDeadline, type CalendarOptions } from '../../../core/calendar.ts';
import type { JournalEntry } from '../../../core/journal.ts';
import { SERVICES } from './contract.ts';

type Entry = Pick<JournalEntry, 'kind' | 'service' | 'messageId' | 'outcome' | 'mode' | 'data' | 'seq'>;

export interface DeliveryFinding {
  messageId: string;
  /** what is wrong: never-settled (neither acked nor undelivered), acked-twice, acked-and-undelivered */
  problem: 'never-settled' | 'acked-twice' | 'acked-and-undelivered';
  acks: number;
  undelivered: number;
}

/**
 * EIS-MODE-01's promise for notification–acknowledgement: every message the central subsystem sent is acknowledged
 * exactly once or reported undelivered, never both. Judge after the harness has let every resend fall due.
 */
export function deliveryFindings(entries: readonly Entry[]): DeliveryFinding[] {
  const sent = new Set<string>();
  const acks = new Map<string, number>();
  const undelivered = new Map<string, number>();
  for (const e of entries) {
    if (e.service !== SERVICES.notify || !e.messageId) continue;
    if (e.kind === 'request' && e.mode === 'notification-ack') sent.add(e.messageId);
    if (e.kind === 'event' && e.outcome === 'acked') acks.set(e.messageId, (acks.get(e.messageId) ?? 0) + 1);
    if (e.kind === 'event' && e.outcome === 'undelivered' && e.mode === 'notification-ack') undelivered.set(e.messageId, (undelivered.get(e.messageId) ?? 0) + 1);
  }
  const out: DeliveryFinding[] = [];
  for (const id of sent) {
    const a = acks.get(id) ?? 0;
    const u = undelivered.get(id) ?? 0;
    const problem = a > 1 ? 'acked-twice' : a === 1 && u > 0 ? 'acked-and-undelivered' : a === 0 && u === 0 ? 'never-settled' : undefined;
    if (problem) out.push({ messageId: id, problem, acks: a, undelivered: u });
  }
  return out;
}

/** Message ids a participant's driver journal says it processed more than once (the duplicate table failed). */
export function processedTwice(processed: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of processed) {
    if (seen.has(id)) twice.add(id);
    seen.add(id);
  }
  return [...twice];
}

/**
 * Messages the participant acknowledged as processed (receipt 100) but says it never processed — an ack sent
 * before the work was kept: lost on a crash.
 */
export function ackedNotProcessed(entries: readonly Entry[], processed: readonly string[]): string[] {
  const done = new Set(processed);
  const out: string[] = [];
  for (const e of entries) {
    if (e.service === SERVICES.notify && e.kind === 'event' && e.outcome === 'acked' && e.messageId && e.data?.code === 100 && !done.has(e.messageId)) out.push(e.messageId);
  }
  return out;
}

/** Answers to a delivery whose ack named another message than the one delivered (never applied; the participant's error). */
export function acksNamingWrongMessage(entries: readonly Entry[]): { messageId: string; ackMessageId: string; seq: number }[] {
  return entries
    .filter((e) => e.service === SERVICES.notify && e.kind === 'response' && e.outcome === 'ack-wrong-message')
    .map((e) => ({ messageId: e.messageId ?? '', ackMessageId: String(e.data?.ackMessageId ?? ''), seq: e.seq }));
}

/**
 * Acks the central subsystem refused (unknown message, another participant's, a second ack, too late), with why.
 * `identical`: a repeat of the accepted ack (what a network duplicating an envelope causes; no fault of the sender's).
 */
export function refusedAcks(entries: readonly Entry[]): { messageId: string; receipt: unknown; reason: unknown; identical: boolean; seq: number }[] {
  return entries
    .filter((e) => e.service === SERVICES.notify && e.kind === 'event' && (e.outcome === 'ack-refused' || e.outcome === 'ack-duplicate'))
    .map((e) => ({ messageId: e.messageId ?? '', receipt: e.data?.receipt, reason: e.data?.reason, identical: e.outcome === 'ack-duplicate', seq: e.seq }));
}

/** XCH-01: the fields of an answer beyond the agreed set (the participant's own answers as a provider). */
export function extraFields(answer: unknown, agreed: readonly string[]): string[] {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return [];
  const allowed = new Set(agreed);
  return Object.keys(answer).filter((k) => !allowed.has(k));
}

/** XCH-01: what a request lacks of purpose and legal ground (empty when it names both). */
export function missingPurpose(request: unknown): ('purpose' | 'legalGround')[] {
  const r = request && typeof request === 'object' ? (request as Record<string, unknown>) : {};
  return (['purpose', 'legalGround'] as const).filter((k) => typeof r[k] !== 'string' || (r[k] as string).trim().length < 3);
}

/**
 * XCH-04: an outage notice is in time when given by the end of the 2nd working day after the (Kyiv) day the outage
 * began. Returns the deadline too, for the report.
 */
export function outageNoticeInTime(began: number, noticedAt: number, calendar: CalendarOptions): { inTime: boolean; deadline: number } {
  const deadline = workingDayDeadline(began, 2, calendar);
  return { inTime: noticedAt <= deadline, deadline };
}

/** The figures a report shows for a run's notification–acknowledgement traffic, from the journal alone. */
export function deliveryFigures(entries: readonly Entry[]): { messages: number; tries: number; resent: number; acked: number; undelivered: number; acksRefused: number; duplicatesAnswered: number } {
  const messages = new Set<string>();
  let tries = 0;
  let acked = 0;
  let undelivered = 0;
  let acksRefused = 0;
  let duplicatesAnswered = 0;
  const triesSeen = new Set<string>();
  for (const e of entries) {
    if (e.service === SERVICES.message && e.kind === 'response' && e.outcome === 'duplicate-answered') duplicatesAnswered += 1;
    if (e.service !== SERVICES.notify || !e.messageId) continue;
    if (e.kind === 'request' && e.mode === 'notification-ack') {
      messages.add(e.messageId);
      const env = `${e.messageId}/${String(e.data?.envelopeId ?? '')}`;
      if (!triesSeen.has(env)) tries += 1;
      triesSeen.add(env);
    }
    if (e.kind === 'event' && e.outcome === 'acked') acked += 1;
    if (e.kind === 'event' && e.outcome === 'undelivered') undelivered += 1;
    if (e.kind === 'event' && e.outcome === 'ack-refused') acksRefused += 1;
  }
  return { messages: messages.size, tries, resent: tries - messages.size, acked, undelivered, acksRefused, duplicatesAnswered };
}
