import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../core/calendar.ts';
import type { JournalEntry } from '../../../core/journal.ts';
import { ackedNotProcessed, deliveryFigures, deliveryFindings, missingPurpose, outageNoticeInTime, processedTwice } from './judge.ts';

type E = Pick<JournalEntry, 'kind' | 'service' | 'messageId' | 'outcome' | 'mode' | 'data' | 'seq'>;
let seq = 0;
const sent = (id: string, env = `${id}-e1`): E => ({ seq: ++seq, kind: 'request', service: 'eis.notify', mode: 'notification-ack', messageId: id, data: { envelopeId: env } });
const event = (id: string, outcome: string, data: Record<string, unknown> = { code: 100 }): E => ({ seq: ++seq, kind: 'event', service: 'eis.notify', mode: 'notification-ack', messageId: id, outcome, data });

describe('delivery judges', () => {
  it('find a message acked twice, one never settled, one both acked and undelivered — and pass the rest', () => {
    const entries = [
      sent('ok'), event('ok', 'acked'),
      sent('given-up'), sent('given-up', 'given-up-e2'), event('given-up', 'undelivered'),
      sent('twice'), event('twice', 'acked'), event('twice', 'acked'),
      sent('open'),
      sent('both'), event('both', 'acked'), event('both', 'undelivered'),
      // a refused ack does not count as one
      sent('refused'), event('refused', 'ack-refused', { receipt: 210 }), event('refused', 'acked'),
    ];
    expect(deliveryFindings(entries)).toEqual([
      { messageId: 'twice', problem: 'acked-twice', acks: 2, undelivered: 0 },
      { messageId: 'open', problem: 'never-settled', acks: 0, undelivered: 0 },
      { messageId: 'both', problem: 'acked-and-undelivered', acks: 1, undelivered: 1 },
    ]);
    expect(deliveryFigures(entries)).toMatchObject({ messages: 6, tries: 7, resent: 1, undelivered: 2, acksRefused: 1 });
  });

  it('compare with what the participant says it processed', () => {
    expect(processedTwice(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b']);
    expect(processedTwice(['a', 'b'])).toEqual([]);
    const entries = [sent('a'), event('a', 'acked'), sent('b'), event('b', 'acked'), sent('c'), event('c', 'acked', { code: 202 })];
    // b acked as processed but never processed; c refused negatively, so nothing was promised
    expect(ackedNotProcessed(entries, ['a'])).toEqual(['b']);
  });
});

describe('exchange-rule judges', () => {
  it('want purpose and legal ground in a request', () => {
    expect(missingPurpose({ purpose: 'перевірка', legalGround: 'ст. 12' })).toEqual([]);
    expect(missingPurpose({ purpose: '  ' })).toEqual(['purpose', 'legalGround']);
    expect(missingPurpose(null)).toEqual(['purpose', 'legalGround']);
  });

  it('count 2 working days after the day an outage began, across a weekend', () => {
    // Friday 2026-03-06 → due by the end of Tuesday 03-10 (Kyiv)
    const began = Date.parse('2026-03-06T20:00:00+02:00');
    const { deadline, inTime } = outageNoticeInTime(began, Date.parse('2026-03-10T23:59:00+02:00'), DEFAULT_CALENDAR);
    expect(new Date(deadline).toISOString()).toBe('2026-03-10T21:59:59.999Z');
    expect(inTime).toBe(true);
    expect(outageNoticeInTime(began, Date.parse('2026-03-11T00:00:00+02:00'), DEFAULT_CALENDAR).inTime).toBe(false);
  });
});
