// The exchange journal (журнал обліку, XCH-03): an append-only, hash-chained record of every message the
// simulators send or receive. Storage is injected so core stays free of I/O and memory stays bounded.
import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';

export type Channel = 'direct' | 'trembita' | 'eis' | 'web' | 'control';
export type ExchangeMode = 'request-response' | 'notification-ack' | 'notification';

export interface JournalInput {
  /** 'request' | 'response' for messages; 'event' for state changes that are not messages (a confirmation formed) */
  kind: 'request' | 'response' | 'event';
  channel: Channel;
  mode?: ExchangeMode;
  /** who sent it: 'participant', 'dms', 'hromada', 'eddr', 'harness' */
  from: string;
  to: string;
  /** what it is, e.g. 'dms.act.submit', 'dms.verification.request' */
  service: string;
  method?: string;
  path?: string;
  status?: number;
  messageId?: string;
  /** seq numbers of related entries (request<->response, act<->confirmation) */
  links?: number[];
  body?: string;
  outcome?: string;
  /** structured facts the simulator extracted (act kind, person ids), so assertions need not re-parse bodies */
  data?: Record<string, unknown>;
}

export interface JournalEntry extends Omit<JournalInput, 'body'> {
  seq: number;
  virtualTime: string;
  virtualMs: number;
  wallTime: string;
  bodySha256: string;
  bodyBytes: number;
  /** the body, cut to `maxBodyChars`; the hash is always of the full body */
  body?: string;
  bodyTruncated?: boolean;
  prevHash: string;
  hash: string;
}

/** Where entries live. The memory one is the default; the CLI gives a spilling one backed by a file. */
export interface JournalStorage {
  append(entry: JournalEntry): void;
  all(): Iterable<JournalEntry>;
  count(): number;
  clear(): void;
}

export interface JournalOptions {
  clock: Clock;
  /** wall time source; injected so core never reads the global clock */
  wallTime: () => number;
  storage?: JournalStorage;
  maxBodyChars?: number;
}

export type JournalFilter = Partial<Pick<JournalEntry, 'kind' | 'from' | 'to' | 'service' | 'messageId' | 'channel'>> & {
  sinceSeq?: number;
  predicate?: (e: JournalEntry) => boolean;
};

export interface Journal {
  append(input: JournalInput): JournalEntry;
  entries(filter?: JournalFilter): JournalEntry[];
  get(seq: number): JournalEntry | undefined;
  /** called synchronously after each append, so waiting steps need no polling */
  subscribe(listener: (entry: JournalEntry) => void): () => void;
  head(): string;
  count(): number;
  /** seq of the newest entry (0 when empty) */
  lastSeq(): number;
  /** re-computes the chain; returns the first seq whose hash does not match, or null when intact */
  verify(): number | null;
  toJSONL(): string;
  /** starts a new chain segment (between scenarios); the old entries are dropped from storage */
  clear(): void;
}

export const GENESIS_HASH = '0'.repeat(64);

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function entryHash(e: Omit<JournalEntry, 'hash'>): string {
  // Everything but the hash and the stored body (the body is covered by bodySha256, checked in verify), and the
  // previous hash: editing any field of any entry breaks every hash after it. Key order is the order the entry
  // was built in, which JSON round trips keep, so no canonical sort is needed on this hot path.
  const { body: _body, ...rest } = e;
  return sha256(JSON.stringify(rest));
}

export function createMemoryStorage(): JournalStorage {
  let items: JournalEntry[] = [];
  return {
    append: (e) => void items.push(e),
    all: () => items,
    count: () => items.length,
    clear: () => void (items = []),
  };
}

export interface SpillSink {
  write(lines: string[]): void;
  read(): Iterable<string>;
  clear(): void;
}

/**
 * Keeps at most `keepInMemory` entries in memory and writes older ones to `sink` as JSONL lines,
 * so a long soak run does not grow the heap.
 */
export function createSpillingStorage(sink: SpillSink, keepInMemory = 10_000): JournalStorage {
  let recent: JournalEntry[] = [];
  let spilled = 0;
  return {
    append(e) {
      recent.push(e);
      if (recent.length > keepInMemory) {
        // spill a tenth at a time: the same total work as spilling half, but each pause is a fifth as long, so a
        // spill does not show as a latency spike in every request in flight
        const out = recent.splice(0, Math.max(1, recent.length - keepInMemory + Math.floor(keepInMemory / 10)));
        sink.write(out.map((x) => JSON.stringify(x)));
        spilled += out.length;
      }
    },
    *all() {
      for (const line of sink.read()) if (line.trim()) yield JSON.parse(line) as JournalEntry;
      yield* recent;
    },
    count: () => spilled + recent.length,
    clear() {
      recent = [];
      spilled = 0;
      sink.clear();
    },
  };
}

export function createJournal(options: JournalOptions): Journal {
  const storage = options.storage ?? createMemoryStorage();
  const maxBody = options.maxBodyChars ?? 64 * 1024;
  const listeners = new Set<(e: JournalEntry) => void>();
  const bySeq = new Map<number, JournalEntry>();
  let seq = 0;
  let head = GENESIS_HASH;

  const matches = (e: JournalEntry, f: JournalFilter): boolean =>
    (f.kind === undefined || e.kind === f.kind) &&
    (f.from === undefined || e.from === f.from) &&
    (f.to === undefined || e.to === f.to) &&
    (f.service === undefined || e.service === f.service) &&
    (f.messageId === undefined || e.messageId === f.messageId) &&
    (f.channel === undefined || e.channel === f.channel) &&
    (f.sinceSeq === undefined || e.seq > f.sinceSeq) &&
    (f.predicate === undefined || f.predicate(e));

  const journal: Journal = {
    append(input) {
      const virtualMs = options.clock.now();
      const { body, ...rest } = input;
      const full = body ?? '';
      const partial: Omit<JournalEntry, 'hash'> = {
        ...rest,
        seq: ++seq,
        virtualTime: new Date(virtualMs).toISOString(),
        virtualMs,
        wallTime: new Date(options.wallTime()).toISOString(),
        bodySha256: sha256(full),
        bodyBytes: Buffer.byteLength(full),
        prevHash: head,
        ...(body === undefined ? {} : { body: full.length > maxBody ? full.slice(0, maxBody) : full }),
        ...(full.length > maxBody ? { bodyTruncated: true } : {}),
      };
      const entry: JournalEntry = { ...partial, hash: entryHash(partial) };
      head = entry.hash;
      storage.append(entry);
      // the index keeps only recent entries when storage spills, so memory stays bounded too
      bySeq.set(entry.seq, entry);
      if (bySeq.size > 20_000) bySeq.delete(entry.seq - 20_000);
      for (const l of listeners) l(entry);
      return entry;
    },
    entries(filter = {}) {
      const out: JournalEntry[] = [];
      for (const e of storage.all()) if (matches(e, filter)) out.push(e);
      return out;
    },
    get: (n) => bySeq.get(n) ?? [...storage.all()].find((e) => e.seq === n),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    head: () => head,
    count: () => storage.count(),
    lastSeq: () => seq,
    verify() {
      let prev: string | undefined;
      for (const e of storage.all()) {
        const { hash, ...rest } = e;
        if (prev !== undefined && e.prevHash !== prev) return e.seq;
        if (entryHash(rest) !== hash) return e.seq;
        if (e.body !== undefined && !e.bodyTruncated && sha256(e.body) !== e.bodySha256) return e.seq;
        prev = hash;
      }
      return null;
    },
    toJSONL() {
      let out = '';
      for (const e of storage.all()) out += JSON.stringify(e) + '\n';
      return out;
    },
    clear() {
      storage.clear();
      bySeq.clear();
      // the chain continues across clear(): the next entry links to the last head, so a report can prove order
    },
  };
  return journal;
}

/**
 * A view of the journal that sees only entries after `sinceSeq` (one scenario's exchanges inside a run's
 * journal); appends still go to the whole chain.
 */
export function scopeJournal(journal: Journal, sinceSeq: number): Journal {
  const floor = (f: JournalFilter = {}): JournalFilter => ({ ...f, sinceSeq: Math.max(f.sinceSeq ?? 0, sinceSeq) });
  return {
    ...journal,
    entries: (f) => journal.entries(floor(f)),
    get: (n) => (n > sinceSeq ? journal.get(n) : undefined),
    subscribe: (listener) => journal.subscribe((e) => e.seq > sinceSeq && listener(e)),
    count: () => journal.lastSeq() - sinceSeq,
  };
}
