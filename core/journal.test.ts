import { describe, expect, it } from 'vitest';
import { createVirtualClock } from './clock.ts';
import { canonicalJson, createJournal, createSpillingStorage, type JournalEntry, type SpillSink } from './journal.ts';

const base = Date.UTC(2026, 2, 10, 8, 0, 0);
const make = () => {
  const clock = createVirtualClock(base);
  let wall = 1_000;
  const journal = createJournal({ clock, wallTime: () => wall++ });
  return { clock, journal };
};
const msg = (service: string, body?: string) =>
  ({ kind: 'request', channel: 'direct', from: 'participant', to: 'dms', service, ...(body ? { body } : {}) }) as const;

describe('journal', () => {
  it('stamps entries with virtual time and hashes the body', () => {
    const { clock, journal } = make();
    clock.advance(61_000);
    const e = journal.append(msg('dms.act.submit', '{"a":1}'));
    expect(e.seq).toBe(1);
    expect(e.virtualTime).toBe('2026-03-10T08:01:01.000Z');
    expect(e.bodySha256).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('chains entries so an edit is detected', () => {
    const { journal } = make();
    for (let i = 0; i < 5; i++) journal.append(msg(`s${i}`, `body ${i}`));
    expect(journal.verify()).toBeNull();
    const third = journal.entries()[2] as JournalEntry;
    (third as { service: string }).service = 'tampered';
    expect(journal.verify()).toBe(3);
  });

  it('detects an edit deep inside structured data', () => {
    const { journal } = make();
    journal.append({ ...msg('a'), data: { person: { unzr: '19900101-00018' } } });
    journal.append(msg('b'));
    expect(journal.verify()).toBeNull();
    ((journal.entries()[0]!.data as { person: { unzr: string } }).person).unzr = '20001231-01239';
    expect(journal.verify()).toBe(1);
  });

  it('hashes canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":0}]},"b":1}');
  });

  it('filters and notifies subscribers synchronously', () => {
    const { journal } = make();
    const seen: number[] = [];
    const off = journal.subscribe((e) => seen.push(e.seq));
    journal.append(msg('a'));
    journal.append({ ...msg('b'), to: 'hromada' });
    off();
    journal.append(msg('a'));
    expect(seen).toEqual([1, 2]);
    expect(journal.entries({ service: 'a' }).map((e) => e.seq)).toEqual([1, 3]);
    expect(journal.entries({ to: 'hromada' })).toHaveLength(1);
    expect(journal.entries({ sinceSeq: 1, service: 'a' }).map((e) => e.seq)).toEqual([3]);
  });

  it('truncates stored bodies but hashes the whole body', () => {
    const clock = createVirtualClock(base);
    const journal = createJournal({ clock, wallTime: () => 0, maxBodyChars: 10 });
    const e = journal.append(msg('big', 'x'.repeat(100)));
    expect(e.body).toHaveLength(10);
    expect(e.bodyTruncated).toBe(true);
    expect(e.bodyBytes).toBe(100);
  });

  it('spills old entries to the sink and still exports all of them in order', () => {
    const lines: string[] = [];
    const sink: SpillSink = { write: (l) => void lines.push(...l), read: () => lines, clear: () => void (lines.length = 0) };
    const clock = createVirtualClock(base);
    const journal = createJournal({ clock, wallTime: () => 0, storage: createSpillingStorage(sink, 100) });
    for (let i = 0; i < 1_000; i++) journal.append(msg(`s${i}`));
    expect(lines.length).toBeGreaterThan(800);
    expect(journal.count()).toBe(1_000);
    const all = journal.toJSONL().trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(journal.verify()).toBeNull();
  });
});
