// What the registry keeps: its configuration, the actions and answers on their way to ДМС, the register's entries and
// the journal's; and the small pure helpers the other parts share. Data only — the parts that act on it are
// acts.ts, verification.ts, link.ts, journal.ts and the work loop in registry.ts.
import { createHash } from 'node:crypto';
import type { FAULTS } from './faults.ts';
import type { ActKind, Address, FieldError, Person, VerificationRequest } from './validate.ts';
import type { FetchLike } from '../kit/https.ts';

export type FaultName = (typeof FAULTS)[number]['name'];

/** Who the registry is on Трембіта and whom it calls there (protocol-facts §2, §4.1). */
export interface XRoadConfig {
  /** its own subsystem, X-Road-Client of every call: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' */
  client: string;
  /** ДМС's subsystem, provider of ResidenceRegistrationActs_v1: 'SEVDEIR-TEST/GOV/37508470/DMS_prod' */
  dms: string;
  /** the officer on whose behalf it calls, country-prefixed (X-Road-UserId) */
  userId: string;
}

export interface RegistryConfig {
  faults: ReadonlySet<FaultName>;
  edrpou: string;
  katottg: string;
  name: string;
  xroad: XRoadConfig;
  /** ДМС base URL known before any reset (env DMS_URL) */
  dms?: string;
  /** Трембіта (its security server) known before any reset (env TREMBITA_URL) */
  trembita?: string;
  /** clock URL known before any reset (env CLOCK_URL); defaults to {dms}/__polihon/clock */
  clock?: string;
  /** real interval of the work loop while something is pending */
  tickMs: number;
  /** real-time limit of one call to ДМС or the clock */
  requestTimeoutMs: number;
  /** its calls to Трембіта, ДМС and the clock (https in an mTLS run, presenting the run's certificate) */
  fetch: FetchLike;
  log: (line: string) => void;
}

export type ActionStatus = 'pending' | 'sent' | 'complete' | 'rejected' | 'confirmation-missing';

export interface JournalEntry {
  messageId: string;
  direction: 'out' | 'in';
  counterpart: string;
  service: string;
  time: string;
  sha256: string;
}

/** The contract's problem+json, as the driver answers it. */
export interface ProblemOut {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  hint?: string;
}

/** A registration the register holds: seeded, or made by one of its own confirmed actions. */
export interface Entry {
  actId: string;
  kind: 'declaration' | 'registration';
  performedAt: number;
  person: Person;
  address: Address;
}

/** One message to ДМС, sent until ДМС gives an answer that is not transient; every retry carries the same bytes. */
export interface Outgoing {
  messageId: string;
  url: string;
  /** an X-Road r1 call through Трембіта: X-Road-Client, a fresh X-Road-Id and X-Road-UserId on every attempt */
  xroad: boolean;
  bodyText: string;
  service: string;
  journal: boolean;
  /** the act's kind, for journal-some-kinds (undefined for an answer) */
  actKind?: ActKind;
  state: 'waiting' | 'in-flight' | 'done';
  attempts: number;
  nextAt: number;
}

export interface Action {
  ref: string;
  kind: ActKind;
  person: Person;
  address?: Address;
  target?: Action;
  actId: string;
  performedAt: number;
  status: ActionStatus;
  /** where its act and status polls go: ДМС's service through Трембіта, or ДМС itself */
  route: Route;
  dmsActId?: string;
  confirmation?: unknown;
  problem?: unknown;
  outbox: Outgoing;
  /** ignore-cancellation: accepted, never sent */
  parked: boolean;
  /** duplicate-act: the same act again under a new actId, sent after the original got its answer */
  duplicate?: Outgoing;
  poll: { inFlight: boolean; nextAt: number; interval: number; lastVirtual?: number };
  /** slow-work: real time (performance.now) before which the act is still being prepared */
  readyAt: number;
  /** retry-same-id: the first answer to the act is taken as lost */
  loseAnswer: boolean;
  effect?: { added: Entry[]; removed: Entry[] };
  cancelled: boolean;
}

export interface PendingAnswer {
  request: VerificationRequest;
  receivedAt: number;
  out?: Outgoing;
  /** held: until the 202 acknowledgement has gone out */
  state: 'held' | 'waiting' | 'in-flight' | 'done';
  attempts: number;
  nextAt: number;
}

export type Transmitted =
  | { kind: 'answer'; status: number; text: string; body: unknown; time: string | null }
  | { kind: 'transient'; reason: string }
  | { kind: 'stale' };

/** An address at ДМС: its base URL for acts, and whether the call goes through Трембіта (r1) or straight. */
export interface Route {
  acts: string;
  xroad: boolean;
}

export const FIRST_POLL_MS = 25;
// At most ten status polls a second per unconfirmed act, so a late confirmation shows within 0.1 s; a clock
// move polls at once anyway.
export const MAX_POLL_MS = 100;
export const FIRST_RETRY_MS = 50;
export const MAX_RETRY_MS = 1000;

export const sha256Hex = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

export const iso = (ms: number): string => new Date(ms).toISOString();

export function sameIds(a: Person, b: Person): boolean {
  if (a.rnokpp && b.rnokpp && a.rnokpp === b.rnokpp) return true;
  const norm = (u: string) => u.replace('-', '');
  return Boolean(a.unzr && b.unzr && norm(a.unzr) === norm(b.unzr));
}

export function personKey(p: Person): string {
  return p.rnokpp ? `r:${p.rnokpp}` : `u:${(p.unzr ?? '').replace('-', '')}`;
}

export function outgoing(messageId: string, url: string, xroad: boolean, bodyText: string, service: string, journal: boolean, actKind?: ActKind): Outgoing {
  return { messageId, url, xroad, bodyText, service, journal, ...(actKind ? { actKind } : {}), state: 'waiting', attempts: 0, nextAt: 0 };
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
