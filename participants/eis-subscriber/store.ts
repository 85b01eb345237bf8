// The participant's durable record of the messages it took from ЄІС МВС: one JSON line per processing, appended and
// fsynced before the ack goes out (several deliveries in flight share one write and one fsync). Read back at start,
// it is the duplicate table — a message id seen before is answered with its stored ack and not processed again —
// and it survives a kill: what was acked was stored. A torn last line (a kill mid-write) is skipped. Imports nothing
// of polihon.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Ack {
  messageId: string;
  envelopeId: string;
  code: number;
  from: string;
}

export interface ProcessedRecord {
  messageId: string;
  envelopeId: string;
  mode: string;
  type: string;
  /** when it was processed (the simulators' clock) */
  at: string;
  /** the ack it answered (notification–acknowledgement); the same ack answers every duplicate */
  ack?: Ack;
}

export interface MessageStore {
  /** the first record of a message id */
  get(messageId: string): ProcessedRecord | undefined;
  /** whether some message came in this envelope */
  envelopeSeen(envelopeId: string): boolean;
  /** appends a processing and resolves once it is on disk */
  add(r: ProcessedRecord): Promise<void>;
  /** resolves once the message's first record is on disk (a duplicate's ack waits for the original's) */
  stored(messageId: string): Promise<void>;
  /** appends without waiting for the disk (the `ack-before-store` fault): written 5 s later, lost on a crash before */
  addLater(r: ProcessedRecord): void;
  /** message ids with how often each was processed, in first-seen order */
  counts(): { messageId: string; count: number }[];
  /** forgets everything, on disk too (the driver's reset) */
  clear(): void;
  /** stands for a crash: what is not on disk is gone; reads the file again */
  reload(): void;
  close(): void;
}

const FILE = 'processed.jsonl';
const LATER_MS = 5000;

export function openStore(dir: string): MessageStore {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FILE);
  const first = new Map<string, ProcessedRecord>();
  const count = new Map<string, number>();
  const envelopes = new Set<string>();
  let fd = openSync(path, 'a');
  let queue: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing = false;
  const later = new Set<NodeJS.Timeout>();
  const writing = new Map<string, Promise<void>>();

  const remember = (r: ProcessedRecord) => {
    if (!first.has(r.messageId)) first.set(r.messageId, r);
    count.set(r.messageId, (count.get(r.messageId) ?? 0) + 1);
    envelopes.add(r.envelopeId);
  };
  const load = () => {
    first.clear();
    count.clear();
    envelopes.clear();
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as ProcessedRecord;
        if (typeof r.messageId === 'string' && typeof r.envelopeId === 'string') remember(r);
      } catch {
        // a line torn by a kill mid-write: its ack never went out, so the sender resends it
      }
    }
  };
  load();

  // one write and one fsync for everything queued since the last one: a burst in flight costs a few syncs, not one each
  const flush = () => {
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      const batch = queue;
      queue = [];
      try {
        writeSync(fd, batch.map((b) => b.line).join(''));
        fsyncSync(fd);
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.fail(err);
      }
      flushing = false;
      if (queue.length) flush();
    });
  };

  return {
    get: (id) => first.get(id),
    envelopeSeen: (id) => envelopes.has(id),
    add(r) {
      remember(r);
      const p = new Promise<void>((done, fail) => {
        queue.push({ line: `${JSON.stringify(r)}\n`, done, fail });
        flush();
      });
      if (!writing.has(r.messageId)) {
        writing.set(r.messageId, p);
        void p.then(
          () => writing.delete(r.messageId),
          () => writing.delete(r.messageId),
        );
      }
      return p;
    },
    stored: (id) => writing.get(id) ?? Promise.resolve(),
    addLater(r) {
      remember(r);
      const t = setTimeout(() => {
        later.delete(t);
        writeSync(fd, `${JSON.stringify(r)}\n`);
      }, LATER_MS);
      later.add(t);
    },
    counts: () => [...count].map(([messageId, n]) => ({ messageId, count: n })),
    clear() {
      for (const t of later) clearTimeout(t);
      later.clear();
      closeSync(fd);
      closeSync(openSync(path, 'w'));
      fd = openSync(path, 'a');
      fsyncSync(fd);
      load();
    },
    reload() {
      for (const t of later) clearTimeout(t);
      later.clear();
      load();
    },
    close() {
      for (const t of later) clearTimeout(t);
      closeSync(fd);
    },
  };
}
