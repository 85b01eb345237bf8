import { describe, expect, it } from 'vitest';
import { createVirtualClock } from './clock.ts';
import {
  canonicalJson,
  checkJournal,
  createJournal,
  createSpillingStorage,
  GENESIS_HASH,
  type JournalEntry,
  type JournalInput,
  type JournalStorage,
  type SpillSink,
} from './journal.ts';

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

  describe('deferred sealing', () => {
    // a fixed salt and clocks, so two journals fed the same inputs must seal to the same bytes
    const fixed = (storage?: JournalStorage, sealInWorkerAfter?: number) => {
      const clock = createVirtualClock(base);
      let wall = 1_000;
      let salt = 0;
      return createJournal({
        clock,
        wallTime: () => wall++,
        salt: () => (++salt).toString(16).padStart(32, '0'),
        ...(storage ? { storage } : {}),
        ...(sealInWorkerAfter === undefined ? {} : { sealInWorkerAfter }),
      });
    };
    const inputs: JournalInput[] = [
      { ...msg('dms.act.submit', '{"person":{"rnokpp":"1234567899","lastName":"Шевченко"}}'), path: '/acts?rnokpp=1234567899', data: { person: { unzr: '19900101-00018' } } },
      { kind: 'response', channel: 'direct', from: 'dms', to: 'participant', service: 'dms.act.submit', status: 201, links: [1], body: new Uint8Array([0xff, 0xfe, 0x41]) },
      { kind: 'event', channel: 'trembita', from: 'dms', to: 'participant', service: 'dms.confirm', data: { person: { rnokpp: '1234567899' } } },
      msg('dms.act.submit', 'x'.repeat(70_000)),
    ];

    it('gives the same entries and hashes as sealing each entry at once', () => {
      const immediate = fixed();
      for (const i of inputs) {
        immediate.append(i);
        immediate.flush();
      }
      const deferred = fixed();
      const returned = inputs.map((i) => deferred.append(i));
      // recorded, not yet sealed: what listeners and cheap readers use is there, the chain is not
      expect(returned[0]).toMatchObject({ seq: 1, bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: '', hash: '' });
      expect(deferred.toJSONL()).toBe(immediate.toJSONL());
      expect(deferred.head()).toBe(immediate.head());
      // the object append returned is the one sealed
      expect(returned[0]!.prevHash).toBe(GENESIS_HASH);
      expect(returned.at(-1)!.hash).toBe(deferred.head());
      expect(deferred.verify()).toBeNull();
      expect(checkJournal(deferred.entries()).hashesVerified).toBe(inputs.length);
    });

    it('keeps the key order of an entry sealed at once', () => {
      const j = fixed();
      j.append(inputs[0]!);
      expect(Object.keys(j.entries()[0]!)).toEqual([
        'kind', 'channel', 'from', 'to', 'service', 'path', 'data', 'seq', 'virtualTime', 'virtualMs', 'wallTime',
        'bodySha256', 'bodyBytes', 'prevHash', 'body', 'salt', 'hash',
      ]);
    });

    it('seals on a read between appends, and by itself after the current turn', async () => {
      const j = fixed();
      const a = j.append(msg('a', 'one'));
      expect(a.hash).toBe('');
      expect(j.count()).toBe(1);
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
      const b = j.append(msg('b', 'two'));
      expect(j.get(2)).toBe(b);
      expect(b.prevHash).toBe(a.hash);
      const c = j.append(msg('c', 'three'));
      expect(j.lastSeq()).toBe(3);
      expect(c.hash).toBe('');
      await new Promise((resolve) => setImmediate(resolve));
      expect(c.prevHash).toBe(b.hash);
      expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(j.verify()).toBeNull();
    });

    describe('on a sealing thread', () => {
      // appends in turns until the thread has sealed something: it starts in the background, and until it is up the
      // journal seals on its own thread (bounded by turns, not by time)
      const untilOffThread = async (j: ReturnType<typeof fixed>, feed: () => void) => {
        for (let turn = 0; turn < 2_000 && j.sealedOffThread() === 0; turn++) {
          feed();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(j.sealedOffThread()).toBeGreaterThan(0);
      };

      it('gives the same entries, key order and hashes as sealing on the journal\'s own thread', async () => {
        const here = fixed(undefined, Infinity);
        const there = fixed(undefined, 0);
        let n = 0;
        const feed = () => {
          for (let k = 0; k < 3; k++) {
            const input = inputs[n++ % inputs.length]!;
            here.append(input);
            there.append(input);
          }
        };
        await untilOffThread(there, feed);
        // a burst in one turn, then a read at once: handed over, waited for
        for (let k = 0; k < 200; k++) feed();
        expect(there.toJSONL()).toBe(here.toJSONL());
        expect(there.head()).toBe(here.head());
        expect(there.verify()).toBeNull();
        expect(here.sealedOffThread()).toBe(0);
        // after the thread stops, sealing goes on here, on the same chain
        there.close();
        const sealedThere = there.sealedOffThread();
        feed();
        expect(there.toJSONL()).toBe(here.toJSONL());
        expect(there.sealedOffThread()).toBe(sealedThere);
        here.close();
      });

      it('seals here an entry it cannot hand over, in order', async () => {
        const here = fixed(undefined, Infinity);
        const there = fixed(undefined, 0);
        const feed = () => {
          here.append(inputs[0]!);
          there.append(inputs[0]!);
        };
        await untilOffThread(there, feed);
        // a function does not cross threads; JSON leaves it out of the sealed form either way
        const odd: JournalInput = { ...inputs[2]!, data: { person: { rnokpp: '1234567899' }, note: () => 'x' } };
        feed();
        here.append(odd);
        there.append(odd);
        feed();
        expect(there.toJSONL()).toBe(here.toJSONL());
        there.close();
        here.close();
      });
    });

    it('hands storage only sealed entries', () => {
      const lines: string[] = [];
      const sink: SpillSink = { write: (l) => void lines.push(...l), read: () => lines, clear: () => void (lines.length = 0) };
      const spill = createSpillingStorage(sink, 10);
      const seen: JournalEntry[] = [];
      const storage: JournalStorage = {
        ...spill,
        append(e) {
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(e.salt).toMatch(/^[0-9a-f]{32}$/);
          seen.push(e);
          spill.append(e);
        },
      };
      const j = fixed(storage);
      for (let i = 0; i < 25; i++) j.append(msg(`s${i}`, `body ${i}`));
      expect(seen).toHaveLength(0);
      expect(j.entries({ service: 's3' })).toHaveLength(1);
      for (let i = 25; i < 60; i++) j.append(msg(`s${i}`, `body ${i}`));
      j.clear();
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      for (const line of lines) expect((JSON.parse(line) as JournalEntry).hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
