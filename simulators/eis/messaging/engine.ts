// The reliable-delivery engine of ЄІС МВС's system-to-system modes: what was sent, tried, acknowledged or given up
// (outbound), and the duplicate table (inbound). Pure: no I/O, no clock of its own — every call is given `now` — and
// every change is one record handed to a store, so a new engine over the same records resumes where the old one
// stopped (a restarted simulator neither forgets a message nor processes one twice). polihon's own contract, modelled
// on MedCom's resend rules and AS4/sedex receipts: see README.md beside this file.

/** How a message is delivered: with an ack required and resends (EIS-MODE-01's second mode), or once without. */
export type Mode = 'notification-ack' | 'notification';

/**
 * Receipt codes, numbered as Swiss sedex numbers them where sedex has the case (100, 200–203, 300, 301, 303, 310);
 * 210 is polihon's own.
 */
export const RECEIPT = {
  ok: 100,
  invalidEnvelope: 200,
  duplicate: 201,
  noPayload: 202,
  tooOld: 203,
  unknownMessage: 210,
  unknownSender: 300,
  unknownRecipient: 301,
  invalidType: 303,
  notAllowed: 310,
} as const;
export type ReceiptCode = (typeof RECEIPT)[keyof typeof RECEIPT];
export const RECEIPT_CODES: readonly ReceiptCode[] = Object.values(RECEIPT);

export function isReceiptCode(n: unknown): n is ReceiptCode {
  return typeof n === 'number' && (RECEIPT_CODES as readonly number[]).includes(n);
}

export interface MessagingSettings {
  /** how long the sender waits for an ack before it resends (virtual clock) */
  ackTimeoutMs: number;
  /** tries in all, the first send included */
  maxTries: number;
  /** how long a received message id and envelope id are remembered */
  cacheMs: number;
}

/** The whole resend window of a sender with these settings plus a minute: what the duplicate cache must outlive. */
export function cacheLifetime(ackTimeoutMs: number, maxTries: number): number {
  return maxTries * ackTimeoutMs + 60_000;
}

export const DEFAULT_ACK_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MAX_TRIES = 3;

export function settingsOf(partial: Partial<MessagingSettings> = {}): MessagingSettings {
  const ackTimeoutMs = partial.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const maxTries = partial.maxTries ?? DEFAULT_MAX_TRIES;
  if (!(Number.isSafeInteger(ackTimeoutMs) && ackTimeoutMs > 0)) throw new RangeError(`ackTimeoutMs must be a positive integer, got ${ackTimeoutMs}`);
  if (!(Number.isSafeInteger(maxTries) && maxTries >= 1)) throw new RangeError(`maxTries must be an integer ≥ 1, got ${maxTries}`);
  // a shorter cache would let a late resend through as new: never below the sender's window
  const floor = cacheLifetime(ackTimeoutMs, maxTries);
  const cacheMs = Math.max(partial.cacheMs ?? floor, floor);
  return { ackTimeoutMs, maxTries, cacheMs };
}

// ---------------------------------------------------------------------------------------------------------
// Records: the store's content, one per change, in the order they happened

export type MessagingRecord =
  | { t: 'out'; id: string; mode: Mode; to: string; type: string; payload?: unknown; at: number }
  | { t: 'try'; id: string; env: string; n: number; at: number; ackBy: number }
  | { t: 'sent'; id: string; at: number }
  | { t: 'failed'; id: string; at: number; error: string }
  | { t: 'acked'; id: string; env: string; code: ReceiptCode; at: number }
  | { t: 'undelivered'; id: string; at: number; reason: string }
  | { t: 'ack-refused'; id: string; code: ReceiptCode; at: number }
  | { t: 'ack-ignored'; id: string; at: number }
  | { t: 'in'; id: string; env: string; from: string; code: ReceiptCode; status: number; ack: string; at: number }
  | { t: 'dup'; id: string; env: string; at: number };

/**
 * Where records live: a memory list in unit tests, a file (store.ts) under `polihon serve`'s data dir or in a run's
 * report folder.
 */
export interface MessagingStore {
  load(): MessagingRecord[];
  append(record: MessagingRecord): void;
  /** forgets everything (the simulator's reset between scenarios) */
  clear(): void;
  /** a store that batches its writes makes what was appended durable now: something is about to leave the process */
  flush?(): void;
  /** writes what is left and lets go of the file; nothing is appended after */
  close?(): void;
}

export function memoryStore(initial: MessagingRecord[] = []): MessagingStore {
  let records = [...initial];
  return {
    load: () => [...records],
    append: (r) => void records.push(r),
    clear: () => void (records = []),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Outbound: the central subsystem's messages to participants

export type OutState = 'pending' | 'awaiting-ack' | 'acked' | 'undelivered' | 'sent' | 'failed';

export interface Try {
  envelopeId: string;
  n: number;
  at: number;
  ackBy: number;
}

export interface OutMessage {
  messageId: string;
  mode: Mode;
  /** the recipient's subsystem id */
  to: string;
  type: string;
  payload?: unknown;
  createdAt: number;
  /** its tries, oldest first; none once the message is aged (settled longer ago than the duplicate cache remembers) */
  tries: Try[];
  /** how many tries were made: kept when an aged message's tries are let go */
  triesMade: number;
  /** settled longer ago than the duplicate cache remembers: its payload and tries are no longer kept in memory */
  aged?: true;
  state: OutState;
  ack?: { envelopeId: string; code: ReceiptCode; at: number };
  /** why it was given up (undelivered) or why the one send failed (notification) */
  reason?: string;
  doneAt?: number;
}

export interface Envelope {
  messageId: string;
  envelopeId: string;
  mode: Mode;
  to: string;
  type: string;
  payload?: unknown;
  try: number;
  maxTries: number;
  createdAt: number;
  sentAt: number;
  /** the ack is due by then; without it the message is sent again (notification-ack only) */
  ackBy?: number;
}

export interface AckInput {
  messageId: string;
  envelopeId: string;
  code: ReceiptCode;
  /** the subsystem acknowledging */
  from: string;
}

export type AckResult =
  | { ok: true; ignored: false; message: OutMessage }
  /** a notification (mode without ack) acknowledged anyway: accepted, nothing changes */
  | { ok: true; ignored: true; message: OutMessage }
  | { ok: false; code: ReceiptCode; reason: string; identical?: boolean; message?: OutMessage };

// ---------------------------------------------------------------------------------------------------------
// Inbound: the participant's messages to the central subsystem

export interface InboundInput {
  messageId: string;
  envelopeId: string;
  from: string;
  /** when the sender first sent the message, if it says */
  createdAt?: number;
  hasPayload: boolean;
}

export type InboundVerdict =
  /** both ids new: process it, then `accept` with the ack */
  | { kind: 'new' }
  /** seen before: answer exactly this ack again, do not process */
  | { kind: 'duplicate'; ack: string; status: number; code: ReceiptCode; sameEnvelope: boolean }
  /** refused with a negative receipt; nothing is remembered */
  | { kind: 'error'; code: ReceiptCode; reason: string };

interface Seen {
  env: string;
  ack: string;
  status: number;
  code: ReceiptCode;
  at: number;
}

export interface Counters {
  /** messages tried at least once */
  sent: number;
  /** tries after the first */
  resent: number;
  /** notification-ack messages acknowledged (once each), positive or negative */
  acked: number;
  /** of those, with a receipt code other than 100 */
  negative: number;
  undelivered: number;
  /** notification-ack messages still waiting for an ack or a try */
  pending: number;
  /** notifications (no ack) that reached the participant, and that did not */
  notified: number;
  notifyFailed: number;
  acksRefused: number;
  acksIgnored: number;
  /** the participant's messages processed (once each), and duplicates answered with the original ack */
  received: number;
  duplicatesAnswered: number;
}

export interface EngineOptions {
  store: MessagingStore;
  settings?: Partial<MessagingSettings>;
  /** a fresh id (message or envelope); the engine skips any it has seen, so two instances never reuse one */
  newId: () => string;
}

export type Engine = ReturnType<typeof createEngine>;

/** What an aged message has for tries: one shared empty list, so letting go of them frees each message's own. */
const NO_TRIES: Try[] = Object.freeze([]) as unknown as Try[];

export function createEngine(options: EngineOptions) {
  const settings = settingsOf(options.settings);
  const { store } = options;
  const out = new Map<string, OutMessage>();
  // envelope ids ever used; message ids are `out`'s keys. A fresh id is neither.
  const envelopes = new Set<string>();
  // settled messages in the order they settled (the virtual clock never goes back): aging drops from the front
  const settled: OutMessage[] = [];
  let settledHead = 0;
  // insertion order is time order (the virtual clock never goes back), so expiry drops from the front
  const inById = new Map<string, Seen>();
  const inByEnv = new Map<string, { id: string; at: number }>();
  let closed = false;
  const c = zeroCounters();

  function zeroCounters(): Omit<Counters, 'pending'> {
    return { sent: 0, resent: 0, acked: 0, negative: 0, undelivered: 0, notified: 0, notifyFailed: 0, acksRefused: 0, acksIgnored: 0, received: 0, duplicatesAnswered: 0 };
  }

  /** Applies a record to the in-memory view; the same code replays the store and records what happens now. */
  function apply(r: MessagingRecord): void {
    switch (r.t) {
      case 'out':
        // every message has the same fields from the start (payload, ack, reason, doneAt set later), so V8 gives
        // them one shape and aging one never turns it into a dictionary
        out.set(r.id, { messageId: r.id, mode: r.mode, to: r.to, type: r.type, payload: r.payload, createdAt: r.at, tries: [], triesMade: 0, aged: undefined, state: 'pending', ack: undefined, reason: undefined, doneAt: undefined });
        return;
      case 'try': {
        envelopes.add(r.env);
        const m = out.get(r.id);
        if (!m || m.aged) return;
        m.tries.push({ envelopeId: r.env, n: r.n, at: r.at, ackBy: r.ackBy });
        m.triesMade = m.tries.length;
        if (r.n === 1) c.sent += 1;
        else c.resent += 1;
        if (m.mode === 'notification-ack') m.state = 'awaiting-ack';
        return;
      }
      case 'sent':
      case 'failed': {
        const m = out.get(r.id);
        if (!m) return;
        m.state = r.t;
        m.doneAt = r.at;
        settled.push(m);
        if (r.t === 'failed') m.reason = r.error;
        if (r.t === 'sent') c.notified += 1;
        else c.notifyFailed += 1;
        return;
      }
      case 'acked': {
        const m = out.get(r.id);
        if (!m) return;
        m.state = 'acked';
        m.ack = { envelopeId: r.env, code: r.code, at: r.at };
        m.doneAt = r.at;
        settled.push(m);
        c.acked += 1;
        if (r.code !== RECEIPT.ok) c.negative += 1;
        return;
      }
      case 'undelivered': {
        const m = out.get(r.id);
        if (!m) return;
        m.state = 'undelivered';
        m.reason = r.reason;
        m.doneAt = r.at;
        settled.push(m);
        c.undelivered += 1;
        return;
      }
      case 'ack-refused':
        c.acksRefused += 1;
        return;
      case 'ack-ignored':
        c.acksIgnored += 1;
        return;
      case 'in':
        inById.set(r.id, { env: r.env, ack: r.ack, status: r.status, code: r.code, at: r.at });
        inByEnv.set(r.env, { id: r.id, at: r.at });
        if (r.code === RECEIPT.ok) c.received += 1;
        return;
      case 'dup':
        if (!inByEnv.has(r.env)) inByEnv.set(r.env, { id: r.id, at: r.at });
        c.duplicatesAnswered += 1;
        return;
    }
  }

  function record(r: MessagingRecord): void {
    // a stopped engine stands for a crashed process: nothing it does any more reaches the store
    if (closed) return;
    store.append(r);
    apply(r);
  }

  /** Makes what was recorded durable before its effect leaves the process (a try sent, an answer given). */
  function commit(): void {
    store.flush?.();
  }

  const loaded = store.load();
  for (const r of loaded) apply(r);

  function freshId(): string {
    for (let i = 0; i < 1000; i++) {
      const id = options.newId();
      if (!out.has(id) && !envelopes.has(id)) return id;
    }
    throw new Error('the id source keeps repeating itself');
  }

  /**
   * Lets go of what the mode no longer needs of a message settled longer ago than the duplicate cache remembers:
   * its payload and its tries (no resend is owed, and an ack for it gets 201 or 203 whichever envelope it names).
   * Its id, state, ack, reason and the number of tries stay, for the counters, the `messages` view and the Cabinet.
   */
  function age(oldest: number): void {
    while (settledHead < settled.length) {
      const m = settled[settledHead]!;
      if ((m.doneAt ?? 0) >= oldest) break;
      settledHead += 1;
      m.payload = undefined;
      m.tries = NO_TRIES;
      m.aged = true;
    }
    // the list's front is spent: drop it once it is most of the list
    if (settledHead > 1024 && settledHead * 2 > settled.length) {
      settled.splice(0, settledHead);
      settledHead = 0;
    }
  }

  function expire(now: number): void {
    const oldest = now - settings.cacheMs;
    age(oldest);
    for (const [id, s] of inById) {
      if (s.at >= oldest) break;
      inById.delete(id);
    }
    for (const [env, s] of inByEnv) {
      if (s.at >= oldest) break;
      inByEnv.delete(env);
    }
  }

  function envelopeOf(m: OutMessage, t: Try): Envelope {
    return {
      messageId: m.messageId,
      envelopeId: t.envelopeId,
      mode: m.mode,
      to: m.to,
      type: m.type,
      ...(m.payload === undefined ? {} : { payload: m.payload }),
      try: t.n,
      maxTries: m.mode === 'notification-ack' ? settings.maxTries : 1,
      createdAt: m.createdAt,
      sentAt: t.at,
      ...(m.mode === 'notification-ack' ? { ackBy: t.ackBy } : {}),
    };
  }

  return {
    settings,

    /** how many records the engine was started from: more than none means it resumes a predecessor's work */
    loaded: loaded.length,

    /** A new message to `to`, not yet tried. */
    create(input: { to: string; mode: Mode; type: string; payload?: unknown }, now: number): OutMessage {
      const id = freshId();
      record({ t: 'out', id, mode: input.mode, to: input.to, type: input.type, ...(input.payload === undefined ? {} : { payload: input.payload }), at: now });
      return out.get(id)!;
    },

    /**
     * The next try of a message, with a new envelope id, if one is due: its first, or a resend once the last try's
     * ack deadline has passed. Undefined when nothing is due (acked, given up, waiting, or a notification already
     * sent) — so two callers racing for the same message send it once.
     */
    beginTry(messageId: string, now: number): Envelope | undefined {
      const m = out.get(messageId);
      if (!m || closed) return undefined;
      const last = m.tries.at(-1);
      if (m.state === 'pending' && !last) {
        // fall through to the first try
      } else if (m.state === 'awaiting-ack' && last && last.ackBy <= now && m.tries.length < settings.maxTries) {
        // a resend
      } else {
        return undefined;
      }
      const env = freshId();
      record({ t: 'try', id: m.messageId, env, n: m.tries.length + 1, at: now, ackBy: now + settings.ackTimeoutMs });
      // the envelope id must be in the store before the participant can ack it: a restart would refuse the ack
      commit();
      return envelopeOf(m, m.tries.at(-1)!);
    },

    /** A notification's one send: reached the participant (2xx) or not. */
    notified(messageId: string, ok: boolean, now: number, error = ''): void {
      const m = out.get(messageId);
      if (!m || m.mode !== 'notification' || m.state !== 'pending' || m.tries.length === 0) return;
      record(ok ? { t: 'sent', id: messageId, at: now } : { t: 'failed', id: messageId, at: now, error });
    },

    /**
     * What is due at `now`: messages to try (first tries not yet made — a restarted engine's — and resends), and
     * messages given up here because their last try's ack deadline passed with no tries left (reported undelivered).
     */
    due(now: number): { send: string[]; givenUp: OutMessage[] } {
      age(now - settings.cacheMs);
      const send: string[] = [];
      const givenUp: OutMessage[] = [];
      for (const m of out.values()) {
        const last = m.tries.at(-1);
        if (m.state === 'pending' && !last) send.push(m.messageId);
        if (m.state !== 'awaiting-ack' || !last || last.ackBy > now) continue;
        if (m.tries.length < settings.maxTries) send.push(m.messageId);
        else {
          record({ t: 'undelivered', id: m.messageId, at: now, reason: `no ack after ${m.tries.length} tries` });
          givenUp.push(m);
        }
      }
      return { send, givenUp };
    },

    /** The earliest instant something falls due (an ack deadline), for a caller that wants to know when to look. */
    nextDue(): number | undefined {
      let next: number | undefined;
      for (const m of out.values()) {
        const last = m.tries.at(-1);
        if (m.state === 'awaiting-ack' && last && (next === undefined || last.ackBy < next)) next = last.ackBy;
      }
      return next;
    },

    /** An ack from a participant: accepted once per message; anything else refused with the code that says why. */
    ack(a: AckInput, now: number): AckResult {
      const m = out.get(a.messageId);
      const refuse = (code: ReceiptCode, reason: string, extra: { identical?: boolean } = {}): AckResult => {
        record({ t: 'ack-refused', id: a.messageId, code, at: now });
        return { ok: false, code, reason, ...extra, ...(m ? { message: m } : {}) };
      };
      if (!m) return refuse(RECEIPT.unknownMessage, `no message ${a.messageId} was sent`);
      if (m.to !== a.from) return refuse(RECEIPT.notAllowed, `message ${a.messageId} was sent to ${m.to}, not to ${a.from}`);
      // an aged message's envelopes are let go: whichever it names, the state answers (201, 203, or ignored)
      if (!m.aged && !m.tries.some((t) => t.envelopeId === a.envelopeId)) {
        return refuse(RECEIPT.invalidEnvelope, `message ${a.messageId} was never sent in envelope ${a.envelopeId}`);
      }
      if (m.mode === 'notification') {
        record({ t: 'ack-ignored', id: m.messageId, at: now });
        return { ok: true, ignored: true, message: m };
      }
      if (m.state === 'acked') {
        const identical = m.ack?.envelopeId === a.envelopeId && m.ack.code === a.code;
        return refuse(RECEIPT.duplicate, `message ${a.messageId} was acknowledged already (envelope ${m.ack?.envelopeId}, code ${m.ack?.code})`, { identical });
      }
      if (m.state === 'undelivered') return refuse(RECEIPT.tooOld, `message ${a.messageId} was reported undelivered already: the ack came too late`);
      record({ t: 'acked', id: m.messageId, env: a.envelopeId, code: a.code, at: now });
      return { ok: true, ignored: false, message: m };
    },

    /** The duplicate table, for a message from a participant. Remembers nothing by itself: see accept/duplicate. */
    check(input: InboundInput, now: number): InboundVerdict {
      expire(now);
      const byEnv = inByEnv.get(input.envelopeId);
      if (byEnv && byEnv.id !== input.messageId) {
        return { kind: 'error', code: RECEIPT.invalidEnvelope, reason: `envelope ${input.envelopeId} was used already for message ${byEnv.id}` };
      }
      const seen = inById.get(input.messageId);
      if (seen) return { kind: 'duplicate', ack: seen.ack, status: seen.status, code: seen.code, sameEnvelope: seen.env === input.envelopeId };
      if (input.createdAt !== undefined && input.createdAt < now - settings.cacheMs) {
        return { kind: 'error', code: RECEIPT.tooOld, reason: `the message was first sent ${new Date(input.createdAt).toISOString()}, longer ago than duplicates are remembered` };
      }
      return { kind: 'new' };
    },

    /** Remembers a message as answered with `ack` and `status` (the exact answer, so a duplicate gets the same bytes). */
    accept(input: InboundInput, code: ReceiptCode, ack: string, now: number, status = 200): void {
      record({ t: 'in', id: input.messageId, env: input.envelopeId, from: input.from, code, status, ack, at: now });
      // remembered before the answer goes, so a resend after a restart gets this answer, not a second processing
      commit();
    },

    /** Counts a duplicate answered with the original ack, and remembers its envelope id as the message's. */
    duplicate(input: InboundInput, now: number): void {
      record({ t: 'dup', id: input.messageId, env: input.envelopeId, at: now });
    },

    message(messageId: string): OutMessage | undefined {
      return out.get(messageId);
    },

    messages(): OutMessage[] {
      return [...out.values()];
    },

    counters(): Counters {
      let pending = 0;
      for (const m of out.values()) if (m.mode === 'notification-ack' && (m.state === 'pending' || m.state === 'awaiting-ack')) pending += 1;
      return { ...c, pending };
    },

    /**
     * Stops recording: what a crash between two turns of the event loop does to a process (what it recorded before is
     * written, nothing after). A new engine over the same store carries on.
     */
    stop(): void {
      if (closed) return;
      closed = true;
      store.close?.();
    },

    get stopped(): boolean {
      return closed;
    },

    /** Forgets everything, in memory and in the store (the simulator's reset). */
    reset(): void {
      store.clear();
      out.clear();
      envelopes.clear();
      settled.length = 0;
      settledHead = 0;
      inById.clear();
      inByEnv.clear();
      Object.assign(c, zeroCounters());
    },
  };
}
