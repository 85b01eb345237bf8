// The exchange journal (журнал обліку, XCH-03): an append-only, hash-chained record of every message the
// simulators send or receive. Storage is injected so core stays free of I/O and memory stays bounded.
//
// Each entry's hash covers its *sealed* form: the entry with personal data masked (core/mask.ts) and, per field, a
// salted commitment to the pieces masking hid, sha256(salt ‖ 0x00 ‖ pieces). The unmasked journal keeps the salt and
// re-seals to verify; the masked journal is the sealed form itself, so it verifies without the salt, and masking
// never changes what was hashed (docs/decisions/0006-masked-journal.md).
import { isUtf8 } from 'node:buffer';
import { createHash, hash as oneShotHash, randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import { maskText, maskValue, type MaskCollector } from './mask.ts';
import { startSealingThread, type SealingThread, type SealResult } from './journal-sealer.ts';

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
  /** text, or the bytes as received (a request body that may not be UTF-8): hashed and kept exactly */
  body?: string | Uint8Array;
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
  /**
   * 'base64': the body's bytes were not UTF-8, so `body` holds them in base64, exactly as received.
   * 'utf8-lossy' (masked journal only): such a body shown as text, U+FFFD for what does not decode, masked.
   */
  bodyEncoding?: 'base64' | 'utf8-lossy';
  prevHash: string;
  /** the salt of this entry's commitments (hex); only in the unmasked journal, which it lets re-seal */
  salt?: string;
  hash: string;
}

/**
 * What masking hid, by field: sha256(salt ‖ 0x00 ‖ piece ‖ 0x00 ‖ piece …) over the field's hidden pieces in
 * masking order — one hash a field, so sealing an entry costs at most three.
 */
export interface Commitments {
  body?: string;
  path?: string;
  data?: string;
}

/** An entry as the masked journal holds it: the sealed form its `hash` covers. No salt, so no way back. */
export interface MaskedJournalEntry extends Omit<JournalEntry, 'salt'> {
  commitments: Commitments;
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
  /** a fresh salt for each entry's commitments; random by default (a known salt lets anyone test guesses) */
  salt?: () => string;
  /** the journal's id (Journal.id); random by default */
  id?: string;
  /**
   * Sealing moves to a worker thread once this many entries have been appended (1 000 by default: a scenario run
   * stays on its own thread, a served simulator under load does not); `Infinity` never, 0 from the first entry.
   * Entries and hashes are the same either way.
   */
  sealInWorkerAfter?: number;
}

export type JournalFilter = Partial<Pick<JournalEntry, 'kind' | 'from' | 'to' | 'service' | 'messageId' | 'channel'>> & {
  sinceSeq?: number;
  predicate?: (e: JournalEntry) => boolean;
};

export interface Journal {
  /**
   * This journal's own random id (hex), fixed at creation: a simulator names an entry to another by `seq` and this id
   * (X-Polihon-Journal-Entry), so the name needs no hash and the entry can be sealed after the answer has gone.
   */
  readonly id: string;
  /**
   * Records the entry and queues it for sealing: everything but `prevHash`, `salt` and `hash` is there at once; those
   * are filled in order by `flush()`, which runs after the current turn and before every read of sealed data.
   */
  append(input: JournalInput): JournalEntry;
  /** seals every queued entry, in order, and hands it to storage */
  flush(): void;
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
  /** seals what is queued and stops the sealing thread, if one was started; the journal can still be read */
  close(): void;
  /** how many entries the sealing thread has sealed (0 while sealing stays on the journal's own thread) */
  sealedOffThread(): number;
}

export const GENESIS_HASH = '0'.repeat(64);

// crypto.hash (Node ≥ 20.12) hashes in one native call, without a Hash object per entry; older Nodes stream
const hashOnce: ((text: string | Uint8Array) => string) | undefined =
  typeof oneShotHash === 'function' ? (text) => oneShotHash('sha256', text, 'hex') : undefined;

export function sha256(text: string | Uint8Array): string {
  return hashOnce ? hashOnce(text) : createHash('sha256').update(text).digest('hex');
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

type Unsealed = Omit<JournalEntry, 'hash' | 'salt'>;

/** Entries handed to the sealing thread together, each with its salt; `done` of them have come back sealed. */
interface Batch {
  entries: JournalEntry[];
  salts: string[];
  done: number;
}

/** How long a read waits for the sealing thread to make progress before it seals the rest itself. */
const STALL_MS = 10_000;
/** A sealing thread given nothing for between one and two of these is stopped. */
const IDLE_STOP_MS = 15_000;

const utf8Lossy = new TextDecoder('utf-8', { fatal: false });

// One exchange often journals the same text twice (ДМС's confirmation event carries the answer's body): the last few
// bodies' masked forms are kept, so each is masked once. Masking is a pure function of the text, so this changes
// nothing that is sealed.
const MASK_MEMO_SIZE = 8;
const MASK_MEMO_MAX_CHARS = 64 * 1024;
const maskMemo = new Map<string, { text: string; pieces: string[] }>();

function maskedBody(text: string): { text: string; pieces: string[] } {
  const known = maskMemo.get(text);
  if (known) return known;
  const pieces: string[] = [];
  const masked = { text: maskText(text, (piece) => void pieces.push(piece)), pieces };
  if (text.length <= MASK_MEMO_MAX_CHARS) {
    if (maskMemo.size >= MASK_MEMO_SIZE) maskMemo.delete(maskMemo.keys().next().value as string);
    maskMemo.set(text, masked);
  }
  return masked;
}
type Sealed = Omit<MaskedJournalEntry, 'hash'>;

/**
 * The sealed form of an entry: body, path and data masked, the original of each masked piece committed to with
 * `salt`. A body kept in base64 (not UTF-8) is shown as masked lossy text and committed to whole.
 */
export function sealEntry(e: Unsealed, salt: string, fresh = false): Sealed {
  const body: string[] = [];
  const path: string[] = [];
  const data: string[] = [];
  const into = (list: string[]): MaskCollector => (piece) => void list.push(piece);
  // `fresh`: `e` is the caller's own copy, masked in place (its fields are read before each is replaced)
  const out = (fresh ? e : copyExcept(e, '')) as Unsealed & { commitments?: Commitments };
  if (e.body !== undefined) {
    if (e.bodyEncoding === 'base64') {
      body.push(e.body);
      out.body = maskText(utf8Lossy.decode(Buffer.from(e.body, 'base64')));
      out.bodyEncoding = 'utf8-lossy';
    } else {
      const masked = maskedBody(e.body);
      out.body = masked.text;
      body.push(...masked.pieces);
    }
  }
  if (e.path !== undefined) out.path = maskText(e.path, into(path));
  if (e.data !== undefined) out.data = maskValue(e.data, undefined, into(data)) as Record<string, unknown>;
  const commit = (pieces: string[]) => sha256(`${salt}\u0000${pieces.join('\u0000')}`);
  const commitments: Commitments = {};
  if (body.length > 0) commitments.body = commit(body);
  if (path.length > 0) commitments.path = commit(path);
  if (data.length > 0) commitments.data = commit(data);
  // last, so the sealed form's key order is the entry's with `commitments` after it, whichever side builds it
  out.commitments = commitments;
  return out as Sealed;
}

function sealedHash(sealed: Sealed): string {
  // Key order is the order the entry was built in, which JSON round trips keep, so no canonical sort is needed on
  // this hot path. The masked body is inside; the exact bytes are covered by bodySha256.
  return sha256(JSON.stringify(sealed));
}

/**
 * Chains a recorded entry to `prevHash` (set on it) and returns its hash with `salt`: what sealing an entry is, on the
 * journal's own thread or its sealing thread (core/journal-worker.ts) alike.
 */
export function sealOne(entry: JournalEntry, prevHash: string, salt: string): string {
  entry.prevHash = prevHash;
  return sealedHash(sealEntry(copyExcept(entry, 'salt', 'hash') as unknown as Unsealed, salt, true));
}

/** The hash of an entry from before commitments (no salt, no commitments): everything but hash and body. */
function legacyHash(e: Omit<JournalEntry, 'hash'>): string {
  const { body: _body, ...rest } = e;
  return sha256(JSON.stringify(rest));
}

/** The masked form of an entry: sealed with its own salt. An entry already masked comes back as it is. */
export function maskedEntry(e: JournalEntry | MaskedJournalEntry): MaskedJournalEntry {
  if ('commitments' in e) return e;
  const { hash, salt, ...rest } = e;
  if (salt !== undefined) return { ...sealEntry(rest, salt), hash };
  // an entry from before commitments: masked for show, and it will not verify (the guide says why)
  const { commitments: _none, ...masked } = sealEntry(rest, '');
  return { ...masked, hash } as MaskedJournalEntry;
}

/** The bytes `bodySha256` was computed over, when the stored body is all of them and unmasked. */
function exactBody(e: JournalEntry | MaskedJournalEntry): string | Buffer | undefined {
  if (e.body === undefined || e.bodyTruncated) return undefined;
  if ('commitments' in e && e.commitments.body !== undefined) return undefined;
  if (e.bodyEncoding === 'base64') return Buffer.from(e.body, 'base64');
  return e.bodyEncoding === undefined ? e.body : undefined;
}

export interface JournalCheck {
  /** entries read */
  entries: number;
  /** entries whose hash was recomputed and matched */
  hashesVerified: number;
  /** bodies whose bytes are there to re-hash (whole and unmasked) and matched bodySha256 */
  bodiesVerified: number;
  /** the first entry that does not verify: its position (0-based), seq and why */
  broken?: { index: number; seq: number; reason: 'hash' | 'chain' | 'body' | 'no-seal' };
}

/**
 * Re-computes an exported journal, masked or not: every entry's hash from its sealed form (re-sealed with its salt
 * when unmasked), the chain of prevHash → hash, and the body hash wherever the exact body is there. Stops at the
 * first entry that does not verify. Entries from before commitments verify only unmasked ('no-seal' otherwise).
 */
export function checkJournal(entries: Iterable<JournalEntry | MaskedJournalEntry>): JournalCheck {
  const out: JournalCheck = { entries: 0, hashesVerified: 0, bodiesVerified: 0 };
  let prev: string | undefined;
  for (const e of entries) {
    const index = out.entries++;
    if (out.broken) continue;
    const fail = (reason: NonNullable<JournalCheck['broken']>['reason']) => void (out.broken = { index, seq: e.seq, reason });
    if (prev !== undefined && e.prevHash !== prev) {
      fail('chain');
      continue;
    }
    let expected: string;
    if ('commitments' in e) {
      const { hash: _hash, ...sealed } = e;
      expected = sealedHash(sealed);
    } else if (e.salt !== undefined) {
      const { hash: _hash, salt, ...rest } = e;
      expected = sealedHash(sealEntry(rest, salt));
    } else if (e.bodyEncoding === undefined && !('bodyMasked' in e)) {
      expected = legacyHash(e);
    } else {
      fail('no-seal');
      continue;
    }
    if (expected !== e.hash) {
      fail('hash');
      continue;
    }
    out.hashesVerified++;
    const exact = exactBody(e);
    if (exact !== undefined) {
      if (sha256(exact) !== e.bodySha256) {
        fail('body');
        continue;
      }
      out.bodiesVerified++;
    }
    prev = e.hash;
  }
  return out;
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
  const spillChunk = Math.max(1, Math.min(256, Math.floor(keepInMemory / 10)));
  return {
    append(e) {
      recent.push(e);
      if (recent.length > keepInMemory) {
        // spill at most 256 entries at a time: the same total work as spilling a tenth of a 20 000-entry journal,
        // but each pause is about 2 ms instead of tens, so a spill does not show in the p99 of requests in flight
        const out = recent.splice(0, recent.length - keepInMemory + spillChunk);
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

/**
 * A copy of `from`'s own enumerable properties but `except`, in order: what `const { x, ...rest } = from` then
 * `{ ...rest, more }` gives, without the hidden class per object that pattern costs V8.
 */
function copyExcept(from: object, except: string, except2?: string): Record<string, unknown> {
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    if (key === except || key === except2) continue;
    // a key named __proto__ is a plain property in a spread, not the prototype
    if (key === '__proto__') Object.defineProperty(to, key, { value: (from as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    else to[key] = (from as Record<string, unknown>)[key];
  }
  return to;
}

/** `new Date(ms).toISOString()`, the last one kept. */
function isoOfLast(): (ms: number) => string {
  let lastMs = NaN;
  let last = '';
  return (ms) => {
    if (ms !== lastMs) {
      last = new Date(ms).toISOString();
      lastMs = ms;
    }
    return last;
  };
}

/** Fresh 16-byte salts, hex, cut from a pool: one randomBytes call per 256 entries instead of one each. */
function saltPool(): () => string {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 16 > pool.length) {
      pool = randomBytes(16 * 256);
      at = 0;
    }
    at += 16;
    return pool.toString('hex', at - 16, at);
  };
}

// ignoreBOM keeps a leading BOM as a character, so the text re-encodes to exactly the bytes received
const utf8Exact = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function createJournal(options: JournalOptions): Journal {
  const storage = options.storage ?? createMemoryStorage();
  const maxBody = options.maxBodyChars ?? 64 * 1024;
  const newSalt = options.salt ?? saltPool();
  const listeners = new Set<(e: JournalEntry) => void>();
  // appends come many to a millisecond: each clock's last ISO string is kept
  const virtualIso = isoOfLast();
  const wallIso = isoOfLast();
  const bySeq = new Map<number, JournalEntry>();
  let seq = 0;
  let head = GENESIS_HASH;
  // Entries recorded but not yet sealed, oldest first. Sealing (masking, commitments, the chained hash) is most of an
  // append's cost and nothing on a message's path needs it, so it runs after the answer has gone: on the next
  // setImmediate, or at once when something reads sealed data. Storage only ever sees sealed entries.
  // Each entry's salt is drawn as it is appended, in seq order: the same draws, in the same order, as sealing one by one.
  let queue: JournalEntry[] = [];
  let salts: string[] = [];
  let scheduled = false;
  const MAX_QUEUED = 64;
  // A busy journal seals on a worker thread (core/journal-sealer.ts): batches handed over and not yet back, oldest
  // first, with how many of each have come back. The thread is tried once; if it fails or stalls, what it holds is
  // taken back and sealed here, so no entry is lost and an error in sealing surfaces here, as a harness error.
  const out: Batch[] = [];
  let sent = 0;
  let offThread = 0;
  let thread: SealingThread | undefined;
  let threadTried = false;
  const workerAfter = options.sealInWorkerAfter ?? 1_000;

  const sealHere = (b: Batch): void => {
    while (b.done < b.entries.length) {
      const entry = b.entries[b.done]!;
      const salt = b.salts[b.done]!;
      const hash = sealOne(entry, head, salt);
      entry.salt = salt;
      entry.hash = hash;
      head = hash;
      b.done++;
      storage.append(entry);
    }
  };

  const dropThread = (): void => {
    thread?.close();
    thread = undefined;
    threadTried = true;
    if (idleCheck) clearInterval(idleCheck);
    idleCheck = undefined;
  };

  // A thread left idle is stopped, and started again when the journal gets busy again: a process that runs many
  // scenarios, each with its own journal, is not left holding a thread for every journal nobody closed.
  let idleCheck: ReturnType<typeof setInterval> | undefined;
  let sentAtCheck = -1;
  const stopIfIdle = (): void => {
    if (out.length > 0 || sent !== sentAtCheck) {
      sentAtCheck = sent;
      return;
    }
    dropThread();
    threadTried = false;
  };

  const scheduleFlush = (): void => {
    if (scheduled) return;
    scheduled = true;
    // not unref'd: a process that ends normally runs it, so no entry is lost
    setImmediate(post);
  };

  // the thread's hashes for the oldest batch's next entries; after an error, nothing more from it is taken
  const take = (r: SealResult): void => {
    const b = out[0];
    if (!b || !thread) return;
    for (const hash of r.hashes) {
      const entry = b.entries[b.done]!;
      entry.prevHash = head;
      entry.salt = b.salts[b.done]!;
      entry.hash = hash;
      head = hash;
      b.done++;
      storage.append(entry);
    }
    offThread += r.hashes.length;
    if (b.done === b.entries.length) out.shift();
    if (r.error !== undefined) {
      dropThread();
      scheduleFlush();
    } else thread.hold(out.length > 0);
  };

  /** takes every result already back, without waiting */
  const pump = (): void => {
    for (let r = thread?.receive(); r; r = thread?.receive()) take(r);
  };

  /** hands the queue to the thread when one is up; false when it stays here to be sealed on this thread */
  const handOff = (): boolean => {
    if (!thread && !threadTried && seq > workerAfter) {
      threadTried = true;
      thread = startSealingThread();
      if (thread) {
        sent = 0;
        sentAtCheck = -1;
        thread.onResult(take);
        thread.onExit(scheduleFlush);
        idleCheck = setInterval(stopIfIdle, IDLE_STOP_MS);
        idleCheck.unref();
      }
    }
    if (!thread || queue.length === 0 || !thread.ready()) return false;
    try {
      // with nothing out, this thread knows the head: the batch says where the chain is, whoever sealed last
      thread.send(out.length === 0 ? { entries: queue, salts, head } : { entries: queue, salts });
    } catch {
      // an entry that cannot be copied to another thread (a function in its data) is sealed here, in order
      return false;
    }
    out.push({ entries: queue, salts, done: 0 });
    sent += queue.length;
    queue = [];
    salts = [];
    thread.hold(true);
    return true;
  };

  /** after the turn, or when the queue is full: hand over, or seal here; never waits for the thread */
  function post(): void {
    scheduled = false;
    pump();
    // a thread that failed or went away: what it held is taken back and sealed here
    if (out.length > 0 && (!thread || thread.failed())) journal.flush();
    else if (queue.length > 0 && !handOff()) journal.flush();
  }

  const seal = (): void => {
    scheduled = false;
    pump();
    if (queue.length > 0) handOff();
    if (out.length > 0 && thread && !thread.failed() && thread.waitFor(sent, STALL_MS)) {
      // the thread posts a batch's result before counting it, so every result counted is there to take
      pump();
    }
    if (out.length > 0) {
      // failed, gone or stalled: what it still holds is sealed here, from where it stopped
      dropThread();
      while (out.length > 0) {
        sealHere(out[0]!);
        out.shift();
      }
    }
    if (queue.length > 0) {
      const b = { entries: queue, salts, done: 0 };
      queue = [];
      salts = [];
      sealHere(b);
    }
  };

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
    id: options.id ?? randomBytes(16).toString('hex'),
    append(input) {
      const virtualMs = options.clock.now();
      const body = input.body;
      // bytes that are UTF-8 are kept as text; others in base64, so the journal holds exactly what came
      const bytes = typeof body === 'string' || body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const binary = bytes !== undefined && !isUtf8(bytes);
      const full = bytes === undefined ? (body as string | undefined) ?? '' : binary ? bytes.toString('base64') : utf8Exact.decode(bytes);
      // prevHash, salt and hash are created here, empty, so the sealed entry keeps the key order it always had
      // (the files and the hashes over them have the same shape); flush() fills them
      // Built key by key: an object spread followed by more keys makes V8 give each entry a hidden class of its own
      // (about 18 µs an entry, and slower to copy and hash after), plain assignments in a fixed order share one.
      const entry = copyExcept(input, 'body') as unknown as JournalEntry;
      entry.seq = ++seq;
      entry.virtualTime = virtualIso(virtualMs);
      entry.virtualMs = virtualMs;
      entry.wallTime = wallIso(options.wallTime());
      entry.bodySha256 = sha256(bytes ?? full);
      entry.bodyBytes = bytes?.byteLength ?? Buffer.byteLength(full);
      entry.prevHash = '';
      if (body !== undefined) entry.body = full.length > maxBody ? full.slice(0, maxBody) : full;
      if (full.length > maxBody) entry.bodyTruncated = true;
      if (binary) entry.bodyEncoding = 'base64';
      entry.salt = '';
      entry.hash = '';
      queue.push(entry);
      salts.push(newSalt());
      // a burst within one turn (a loop of appends) is handed over or sealed as it goes, so the queue, and the pause
      // its sealing costs, stay small; sealing here goes through the property, so a wrapper (the bench's timed
      // journal) sees every sealing
      if (queue.length >= MAX_QUEUED) post();
      else scheduleFlush();
      // the index keeps only recent entries when storage spills, so memory stays bounded too
      bySeq.set(entry.seq, entry);
      if (bySeq.size > 20_000) bySeq.delete(entry.seq - 20_000);
      for (const l of listeners) l(entry);
      return entry;
    },
    flush: seal,
    entries(filter = {}) {
      journal.flush();
      const out: JournalEntry[] = [];
      for (const e of storage.all()) if (matches(e, filter)) out.push(e);
      return out;
    },
    get(n) {
      journal.flush();
      return bySeq.get(n) ?? [...storage.all()].find((e) => e.seq === n);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    head() {
      journal.flush();
      return head;
    },
    count() {
      journal.flush();
      return storage.count();
    },
    lastSeq: () => seq,
    verify() {
      journal.flush();
      const check = checkJournal(storage.all());
      return check.broken ? check.broken.seq : null;
    },
    toJSONL() {
      journal.flush();
      let out = '';
      for (const e of storage.all()) out += JSON.stringify(e) + '\n';
      return out;
    },
    clear() {
      journal.flush();
      storage.clear();
      bySeq.clear();
      // the chain continues across clear(): the next entry links to the last head, so a report can prove order
    },
    close() {
      journal.flush();
      dropThread();
    },
    sealedOffThread: () => offThread,
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
