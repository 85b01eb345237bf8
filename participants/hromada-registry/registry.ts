// The registry's business state and its exchanges with ДМС: the residents it holds, the registration actions it
// performs (sent the same day, complete only once ДМС confirms, retried safely under the same actId), the
// verification requests it answers, and the exchange journal (XCH-03). Transport-free: server.ts feeds it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FAULTS } from './faults.ts';
import { withWrongCheckDigit } from './identifiers.ts';
import { actSendAt, answerAt, nextFullHour } from './schedule.ts';
import { MARTIAL_LAW, SimClock, kyivDate, kyivMidnight, parseClockReading, type Calendar, type IsoDate } from './time.ts';
import { variantContentType, variantJson, variantPerson, variantRegistrations, variantTime, type VariantName } from './variants.ts';
import type { ActKind, ActionInput, Address, FieldError, Person, ResidentInput, VerificationRequest } from './validate.ts';

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

/** ДМС's service for acts and their status on Трембіта (the status is `GET …/{actId}`). */
export const ACTS_SERVICE = 'ResidenceRegistrationActs_v1';

/**
 * Security-server errors that no retry mends (the caller is not known or not allowed, the service is not there): the
 * act is `rejected` with the error, instead of being retried for ever. Network troubles stay transient.
 */
const PERMANENT_XROAD_ERRORS = new Set([
  'Server.ClientProxy.UnknownMember',
  'Server.ServerProxy.UnknownService',
  'Server.ServerProxy.ServiceType',
  'Server.ServerProxy.AccessDenied',
]);

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

interface Entry {
  actId: string;
  kind: 'declaration' | 'registration';
  performedAt: number;
  person: Person;
  address: Address;
}

/** One message to ДМС, sent until ДМС gives an answer that is not transient; every retry carries the same bytes. */
interface Outgoing {
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

interface Action {
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

interface PendingAnswer {
  request: VerificationRequest;
  receivedAt: number;
  out?: Outgoing;
  /** held: until the 202 acknowledgement has gone out */
  state: 'held' | 'waiting' | 'in-flight' | 'done';
  attempts: number;
  nextAt: number;
}

type Transmitted =
  | { kind: 'answer'; status: number; text: string; body: unknown; time: string | null }
  | { kind: 'transient'; reason: string }
  | { kind: 'stale' };

/** An address at ДМС: its base URL for acts, and whether the call goes through Трембіта (r1) or straight. */
interface Route {
  acts: string;
  xroad: boolean;
}

const FIRST_POLL_MS = 25;
// At most ten status polls a second per unconfirmed act, so a late confirmation shows within 0.1 s; a clock
// move polls at once anyway.
const MAX_POLL_MS = 100;
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 1000;
const CLOCK_TIMEOUT_MS = 1000;

export const sha256Hex = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

const iso = (ms: number): string => new Date(ms).toISOString();

function sameIds(a: Person, b: Person): boolean {
  if (a.rnokpp && b.rnokpp && a.rnokpp === b.rnokpp) return true;
  const norm = (u: string) => u.replace('-', '');
  return Boolean(a.unzr && b.unzr && norm(a.unzr) === norm(b.unzr));
}

function personKey(p: Person): string {
  return p.rnokpp ? `r:${p.rnokpp}` : `u:${(p.unzr ?? '').replace('-', '')}`;
}

/** Person fields in the contract's order, so the body reads like §1 of contracts.md. */
function wirePerson(p: Person, corruptRnokpp: boolean): Person {
  const out: Person = {};
  if (p.lastName !== undefined) out.lastName = p.lastName;
  if (p.firstName !== undefined) out.firstName = p.firstName;
  if (p.patronymic !== undefined) out.patronymic = p.patronymic;
  if (p.birthDate !== undefined) out.birthDate = p.birthDate;
  if (p.sex !== undefined) out.sex = p.sex;
  if (p.rnokpp !== undefined) out.rnokpp = corruptRnokpp ? withWrongCheckDigit(p.rnokpp) : p.rnokpp;
  if (p.unzr !== undefined) out.unzr = p.unzr;
  if (p.document !== undefined) out.document = { type: p.document.type, number: p.document.number };
  return out;
}

/** `http://x/dms/v1/` and `http://x` both mean the ДМС simulator at http://x. */
export function normaliseDmsBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/dms\/v1$/, '');
}

/** `/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, each part percent-encoded (PR-REST). */
export function r1Path(subsystem: string, serviceCode: string): string {
  return `/r1/${[...subsystem.split('/'), serviceCode].map(encodeURIComponent).join('/')}`;
}

export class Registry {
  readonly clock = new SimClock();
  private dms: string | undefined;
  private trembita: string | undefined;
  private clockUrl: string | undefined;
  private gen = 0;
  private abort = new AbortController();
  private suffix = randomBytes(3).toString('hex');
  /** reuse-xroad-id: the one X-Road-Id every call carries until the next reset */
  private reusedXRoadId = randomUUID();
  private seq = 0;
  private actions = new Map<string, Action>();
  /** actions whose act is not yet through to ДМС, in the order they were performed */
  private outbox: Action[] = [];
  private residents: Entry[] = [];
  /** found-after-removal: the registrations removal actions took away, still answered as held */
  private removedEntries: Entry[] = [];
  private answers = new Map<string, PendingAnswer>();
  private journal: JournalEntry[] = [];
  /** the working-day calendar the simulators count by, as the clock last said; martial law until it says */
  private calendar: Calendar = MARTIAL_LAW;
  /** second-person-wrong: the address of each Kyiv day's first act that carried one */
  private dayAddress = new Map<IsoDate, unknown>();
  private timer: NodeJS.Timeout | undefined;
  private clockFetch: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly config: RegistryConfig) {
    if (config.dms) this.dms = normaliseDmsBase(config.dms);
    if (config.trembita) this.trembita = config.trembita.replace(/\/+$/, '');
    this.clockUrl = config.clock;
    this.clock.onChange(() => this.onClockChange());
  }

  has(fault: FaultName): boolean {
    return this.config.faults.has(fault);
  }

  /** has(), bound: for the pure policies of schedule.ts */
  private readonly on = (name: FaultName): boolean => this.has(name);

  /** Whether a correct-but-unusual variant switch is on (variants.ts). */
  private readonly variant = (name: VariantName): boolean => this.has(name);

  get faultNames(): FaultName[] {
    return [...this.config.faults];
  }

  get configured(): boolean {
    return this.dms !== undefined || this.trembita !== undefined;
  }

  /** How acts go now: `trembita` when its security server is known (unless bypass-trembita), else `direct`. */
  get routeName(): 'trembita' | 'direct' | 'none' {
    const r = this.actRoute();
    return r ? (r.xroad ? 'trembita' : 'direct') : 'none';
  }

  // ---- driver: reset, residents, actions, journal ----

  /**
   * `trembita: null` (simulators given, Трембіта not among them) means straight to ДМС from now on; `undefined`
   * keeps what was known.
   */
  reset(endpoints: { dms?: string; trembita?: string | null; clock?: string }): void {
    this.gen += 1;
    this.abort.abort();
    this.abort = new AbortController();
    if (endpoints.dms) this.dms = normaliseDmsBase(endpoints.dms);
    if (endpoints.trembita !== undefined) this.trembita = endpoints.trembita?.replace(/\/+$/, '');
    if (endpoints.clock) this.clockUrl = endpoints.clock;
    else if (endpoints.dms || endpoints.trembita) this.clockUrl = undefined;
    this.suffix = randomBytes(3).toString('hex');
    this.reusedXRoadId = randomUUID();
    this.seq = 0;
    this.actions.clear();
    this.outbox = [];
    this.residents = [];
    this.removedEntries = [];
    this.answers.clear();
    this.journal = [];
    this.calendar = MARTIAL_LAW;
    this.dayAddress.clear();
    this.clockFetch = null;
    this.clock.forget();
    this.stopTicker();
    // Read the new clock now, so the first action need not wait for it; errors surface when an action needs it.
    if (this.effectiveClockUrl()) void this.refreshClock().catch(() => undefined);
  }

  addResidents(inputs: ResidentInput[]): { actId: string }[] {
    return inputs.map((r) => {
      this.seq += 1;
      const since =
        typeof r.since === 'string' ? kyivMidnight(r.since) : (r.since ?? this.clock.now() ?? kyivMidnight('2000-01-01'));
      const entry: Entry = {
        actId: r.actId ?? `RTG-${this.suffix}-R${String(this.seq).padStart(6, '0')}`,
        kind: r.kind ?? 'declaration',
        performedAt: since,
        person: r.person,
        address: r.address,
      };
      this.residents.push(entry);
      return { actId: entry.actId };
    });
  }

  /**
   * Performs a registration action now (simulator time) and queues its act for ДМС.
   * Answers a problem when the registry cannot act: not configured, unknown `cancels`, no simulator time.
   */
  async perform(input: ActionInput): Promise<{ ok: true; ref: string } | { ok: false; problem: ProblemOut }> {
    const route = this.actRoute(input.kind);
    if (!route) {
      return {
        ok: false,
        problem: {
          status: 409,
          code: 'not-configured',
          title: 'The registry does not know where ДМС is',
          detail: 'Neither Трембіта nor a ДМС endpoint has been given.',
          hint: 'POST /driver/reset { simulators: { trembita, dms }, clock } first (or start with TREMBITA_URL or DMS_URL set)',
        },
      };
    }
    const target = input.cancels !== undefined ? this.actions.get(input.cancels) : undefined;
    if (input.cancels !== undefined && !target) {
      return {
        ok: false,
        problem: {
          status: 422,
          code: 'invalid-action',
          title: 'Invalid action',
          detail: `cancels names no action of this registry: '${input.cancels}'`,
          errors: [{ field: 'cancels', message: `no action with ref '${input.cancels}' (refs come from POST /driver/actions)` }],
        },
      };
    }
    const gen = this.gen;
    const now = await this.freshNow();
    if (gen !== this.gen) {
      return {
        ok: false,
        problem: { status: 409, code: 'reset-in-progress', title: 'The registry was reset meanwhile', detail: 'Send the action again.' },
      };
    }
    if (now === null) {
      return {
        ok: false,
        problem: {
          status: 503,
          code: 'clock-unavailable',
          title: 'The simulator clock cannot be read',
          detail: `GET ${this.effectiveClockUrl() ?? '(no clock URL)'} gave no reading, and no simulator time is known yet.`,
          hint: 'is the simulator running, and is the clock URL of POST /driver/reset right?',
        },
      };
    }
    const actId = this.nextActId();
    const ref = `A${this.seq}-${this.suffix}`;
    const corrupt = this.has('invalid-rnokpp');
    const body: Record<string, unknown> = {
      actId,
      kind: input.kind,
      performedAt: variantTime(now, this.variant),
      registrationBody: { edrpou: this.config.edrpou, katottg: this.config.katottg, name: this.config.name },
      person: wirePerson(variantPerson(input.person, this.variant), corrupt),
    };
    if (input.address) body.address = input.address;
    this.misreport(body, kyivDate(now));
    if (target) body.cancelsActId = this.has('cancel-wrong-act') ? this.wrongTarget(target, input.person).actId : target.actId;
    if (input.firstEntry !== undefined && !this.has('drop-first-entry')) body.firstEntry = input.firstEntry;
    const action: Action = {
      ref,
      kind: input.kind,
      person: input.person,
      actId,
      performedAt: now,
      status: 'pending',
      route,
      outbox: this.outgoing(actId, route.acts, route.xroad, variantJson(body, this.variant), 'dms.act.submit', !this.has('no-journal'), input.kind),
      parked: input.kind === 'cancellation' && this.has('ignore-cancellation'),
      poll: { inFlight: false, nextAt: 0, interval: FIRST_POLL_MS },
      readyAt: this.has('slow-work') ? performance.now() + 1000 + Math.random() * 1000 : 0,
      loseAnswer: this.has('retry-same-id'),
      cancelled: false,
    };
    if (input.address) action.address = input.address;
    if (target) action.target = target;
    if (this.has('duplicate-act') && (input.kind === 'declaration' || input.kind === 'registration')) {
      const dupId = this.nextActId();
      action.duplicate = this.outgoing(
        dupId,
        route.acts,
        route.xroad,
        variantJson({ ...body, actId: dupId }, this.variant),
        'dms.act.submit',
        !this.has('no-journal'),
        input.kind,
      );
    }
    this.actions.set(ref, action);
    if (!action.parked) this.outbox.push(action);
    this.kick();
    return { ok: true, ref };
  }

  /** The "wrong data, on time" faults: the act goes on the right day, well-formed, but not saying what was done. */
  private misreport(body: Record<string, unknown>, day: IsoDate): void {
    const person = body.person as Record<string, unknown>;
    if (this.has('swap-names')) body.person = { ...person, lastName: person.firstName, firstName: person.lastName };
    if (this.has('performed-at-day-off')) body.performedAt = variantTime(Date.parse(String(body.performedAt)) - 86_400_000, this.variant);
    const address = body.address as Record<string, unknown> | undefined;
    if (this.has('other-address') && address) body.address = { ...address, text: `${String(address.text)}, кв. 7` };
    if (this.has('second-person-wrong') && address) {
      // a lookup cached by day, not by person: right for the day's first act, the first person's address after it
      if (!this.dayAddress.has(day)) this.dayAddress.set(day, address);
      body.address = this.dayAddress.get(day);
    }
  }

  /**
   * cancel-wrong-act: another act than the one cancelled — the person's most recent other act, which ДМС takes as a
   * valid cancellation of the wrong thing; only when the person has none, the registry's most recent other act.
   */
  private wrongTarget(target: Action, person: Person): Action {
    const others = [...this.actions.values()].filter((a) => a !== target && a.kind !== 'cancellation' && !a.cancelled).reverse();
    return others.find((a) => sameIds(a.person, person)) ?? others[0] ?? target;
  }

  status(ref: string): Record<string, unknown> | undefined {
    const a = this.actions.get(ref);
    if (!a) return undefined;
    const view: Record<string, unknown> = {
      ref: a.ref,
      kind: a.kind,
      status: a.status,
      actId: a.actId,
      performedAt: iso(a.performedAt),
    };
    if (a.dmsActId !== undefined) view.dmsActId = a.dmsActId;
    if (a.confirmation !== undefined) view.confirmation = a.confirmation;
    if (a.problem !== undefined) view.problem = a.problem;
    return view;
  }

  /** The journal as the driver shows it (contracts §5); two switches change its form, one breaking it, one not. */
  journalEntries(): Record<string, unknown>[] {
    if (this.has('journal-hash-only')) return this.journal.map((e) => ({ sha256: e.sha256 }));
    if (this.has('journal-unusual')) return this.journal.map((e) => unusualEntry(e, this.config.xroad.dms));
    return this.journal.map((e) => ({ ...e }));
  }

  // ---- provider face: verification requests from ДМС (DMS-07) ----

  /** Records a verification request (raw body for the journal hash); false when its requestId was seen before. */
  receiveVerification(request: VerificationRequest, rawBody: Uint8Array, headerTime: string | null): boolean {
    this.clock.observeHeader(headerTime);
    // Without any simulator time (no clock URL, no header) the request's own sentAt is the best business time;
    // only a caller that gives neither leaves the local clock as the last resort.
    const receivedAt = this.clock.now() ?? request.sentAt ?? Date.now();
    this.journalRequest(request.requestId, rawBody, receivedAt);
    // ДМС may deliver the same request twice; it is answered once.
    if (this.answers.has(request.requestId)) return false;
    this.answers.set(request.requestId, {
      request,
      receivedAt,
      state: 'held',
      attempts: 0,
      nextAt: 0,
    });
    return true;
  }

  /**
   * A verification request refused as malformed is still a message exchanged (XCH-03): journalled under the id it
   * names, or its X-Road-Id when it names none.
   */
  refuseVerification(messageId: string, rawBody: Uint8Array, headerTime: string | null): void {
    this.clock.observeHeader(headerTime);
    this.journalRequest(messageId, rawBody, this.clock.now() ?? Date.now());
  }

  private journalRequest(messageId: string, rawBody: Uint8Array, at: number): void {
    this.record({ messageId, direction: 'in', counterpart: 'dms', service: 'dms.verification.request', time: iso(at), sha256: sha256Hex(rawBody) });
  }

  /** Called once the 202 has gone out, so ДМС sees the acknowledgement before the answer. */
  release(requestId: string): void {
    const p = this.answers.get(requestId);
    if (p?.state === 'held') p.state = 'waiting';
    this.kick();
  }

  // ---- lifecycle ----

  close(): void {
    this.closed = true;
    this.gen += 1;
    this.abort.abort();
    this.stopTicker();
  }

  // ---- the work loop ----

  private nextActId(): string {
    this.seq += 1;
    return `RTG-${this.suffix}-${String(this.seq).padStart(6, '0')}`;
  }

  private outgoing(messageId: string, url: string, xroad: boolean, bodyText: string, service: string, journal: boolean, actKind?: ActKind): Outgoing {
    return { messageId, url, xroad, bodyText, service, journal, ...(actKind ? { actKind } : {}), state: 'waiting', attempts: 0, nextAt: 0 };
  }

  /**
   * Acts go to ДМС's ResidenceRegistrationActs_v1 through Трембіта when its security server is known (DMS-09); straight
   * to ДМС only without one — or under bypass-trembita, which ignores Трембіта whenever ДМС's own address is known.
   */
  private actRoute(kind?: ActKind): Route | undefined {
    const bypass = (this.has('bypass-trembita') || (kind === 'cancellation' && this.has('bypass-trembita-for-cancellations'))) && this.dms !== undefined;
    if (this.trembita && !bypass) return { acts: `${this.trembita}${r1Path(this.config.xroad.dms, ACTS_SERVICE)}`, xroad: true };
    if (this.dms) return { acts: `${this.dms}/dms/v1/acts`, xroad: false };
    return undefined;
  }

  /**
   * Where an answer goes: `replyTo` as ДМС gave it. An X-Road r1 address (`…/r1/INSTANCE/…/SERVICE/…`) is a service on
   * Трембіта, called through the registry's own security server with its X-Road headers.
   */
  private answerRoute(replyTo: string): { url: string; xroad: boolean } {
    let u: URL;
    try {
      u = new URL(replyTo);
    } catch {
      return { url: replyTo, xroad: false };
    }
    if (!u.pathname.startsWith('/r1/')) return { url: replyTo, xroad: false };
    return { url: this.trembita ? `${this.trembita}${u.pathname}${u.search}` : replyTo, xroad: true };
  }

  /** The X-Road REST request headers of one message: who calls, a message id never used before, the officer. */
  private xroadHeaders(): Record<string, string> {
    const id = this.has('reuse-xroad-id') ? this.reusedXRoadId : randomUUID();
    return {
      'x-road-client': this.config.xroad.client,
      'x-road-id': id,
      ...(this.has('no-xroad-userid') ? {} : { 'x-road-userid': this.config.xroad.userId }),
    };
  }

  private effectiveClockUrl(): string | undefined {
    const base = this.dms ?? this.trembita;
    return this.clockUrl ?? (base ? `${base}/__polihon/clock` : undefined);
  }

  private hasWork(): boolean {
    if (this.outbox.length > 0) return true;
    for (const a of this.actions.values()) {
      if (a.status === 'sent' || a.status === 'confirmation-missing' || a.poll.inFlight) return true;
      if (a.duplicate && a.duplicate.state !== 'done') return true;
    }
    for (const p of this.answers.values()) if (p.state !== 'done') return true;
    return false;
  }

  private kick(): void {
    if (this.closed) return;
    if (!this.timer && this.hasWork()) {
      this.timer = setInterval(() => this.tick(), this.config.tickMs);
      this.timer.unref?.();
    }
    this.pump();
  }

  private stopTicker(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (!this.hasWork()) {
      this.stopTicker();
      return;
    }
    void this.refreshClock().catch(() => undefined);
    this.pump();
  }

  private onClockChange(): void {
    // A clock move is what a virtual-time run waits for: retry, re-poll and re-check deadlines at once.
    for (const a of this.outbox) if (a.outbox.state === 'waiting') a.outbox.nextAt = 0;
    for (const a of this.actions.values()) {
      a.poll.nextAt = 0;
      a.poll.interval = FIRST_POLL_MS;
      if (a.duplicate?.state === 'waiting') a.duplicate.nextAt = 0;
    }
    for (const p of this.answers.values()) if (p.state === 'waiting') p.nextAt = 0;
    this.kick();
  }

  /** Decides what is due now and starts it; never waits. */
  private pump(): void {
    if (this.closed) return;
    const realNow = performance.now();
    const simNow = this.clock.now();

    // Acts, in the order performed; a person's later act waits until the earlier one is through to ДМС, and a
    // cancellation waits until ДМС has the act it cancels.
    const busy = new Set<string>();
    this.outbox = this.outbox.filter((a) => a.outbox.state !== 'done');
    for (const a of this.outbox) {
      const key = personKey(a.person);
      if (busy.has(key)) continue;
      busy.add(key);
      if (a.outbox.state !== 'waiting' || realNow < a.outbox.nextAt) continue;
      if (a.target && !a.target.parked && a.target.outbox.state !== 'done') continue;
      if (realNow < a.readyAt) continue;
      const at = this.sendAt(a);
      if (at > 0 && (simNow === null || simNow < at)) continue;
      void this.sendAct(a);
    }

    for (const a of this.actions.values()) {
      const dup = a.duplicate;
      if (dup && dup.state === 'waiting' && a.outbox.state === 'done' && realNow >= dup.nextAt) void this.sendDuplicate(dup);
      if ((a.status === 'sent' || a.status === 'confirmation-missing') && !a.poll.inFlight) {
        // The day of the action has ended unconfirmed: ask once more at once, then report it missing.
        if (this.has('poll-own-schedule')) {
          // its own schedule only: the first full virtual hour after the last poll, whatever happened meanwhile
          if (simNow !== null && simNow >= this.nextOwnPoll(a)) void this.pollAct(a);
          continue;
        }
        if (a.status === 'sent' && this.dayEnded(a)) a.poll.nextAt = 0;
        if (realNow >= a.poll.nextAt) void this.pollAct(a);
      }
    }

    for (const p of this.answers.values()) {
      if (p.state !== 'waiting' || realNow < p.nextAt) continue;
      const at = this.answerAt(p);
      if (at > 0 && (simNow === null || simNow < at)) continue;
      void this.sendAnswer(p);
    }
  }

  /** The virtual instant from which an act may go (0: at once): the timing variants and faults of schedule.ts. */
  private sendAt(a: Action): number {
    return actSendAt(a.performedAt, a.kind, this.on, this.calendar);
  }

  /** The virtual instant from which an answer may go (0: at once). */
  private answerAt(p: PendingAnswer): number {
    return answerAt(p.receivedAt, p.request.answerBy, this.on, this.calendar);
  }

  private nextOwnPoll(a: Action): number {
    return nextFullHour(a.poll.lastVirtual ?? a.performedAt);
  }

  /**
   * The test driver's `GET /wake` (contracts §5): `busy` while something due by `now` is not yet done — an act or
   * answer that may go now, one in flight, an act still being prepared —, and the next virtual instant at which this
   * registry means to act by itself, if any.
   */
  async wake(now: string | null): Promise<{ busy: boolean; nextWake: string | null }> {
    this.clock.observeHeader(now);
    await this.freshNow();
    this.pump();
    const simNow = this.clock.now();
    const realNow = performance.now();
    let busy = false;
    let next = Infinity;
    for (const a of this.outbox) {
      if (a.outbox.state === 'done') continue;
      if (a.outbox.state === 'in-flight' || realNow < a.readyAt) busy = true;
      else if (a.target && !a.target.parked && a.target.outbox.state !== 'done') busy = true;
      else {
        const at = this.sendAt(a);
        if (at > 0 && (simNow === null || simNow < at)) next = Math.min(next, at);
        else busy = true;
      }
    }
    for (const a of this.actions.values()) {
      if (a.duplicate && a.duplicate.state !== 'done' && a.outbox.state === 'done') busy = true;
      if (this.has('poll-own-schedule') && (a.status === 'sent' || a.status === 'confirmation-missing')) next = Math.min(next, this.nextOwnPoll(a));
    }
    for (const p of this.answers.values()) {
      if (p.state === 'done') continue;
      const at = this.answerAt(p);
      if (p.state === 'waiting' && at > 0 && (simNow === null || simNow < at)) next = Math.min(next, at);
      else busy = true;
    }
    return { busy, nextWake: Number.isFinite(next) ? iso(next) : null };
  }

  private dayEnded(a: Action): boolean {
    const now = this.clock.now();
    return now !== null && kyivDate(now) > kyivDate(a.performedAt);
  }

  private async sendAct(a: Action): Promise<void> {
    const gen = this.gen;
    const r = await this.transmit(a.outbox);
    if (gen !== this.gen || r.kind === 'stale') return;
    if (r.kind === 'answer' && a.loseAnswer) {
      // retry-same-id: as if the answer never came back; the same actId and bytes again must be safe
      a.loseAnswer = false;
      this.retryLater(a.outbox, 'answer lost');
      return;
    }
    if (r.kind === 'transient') {
      this.retryLater(a.outbox, r.reason);
      return;
    }
    a.outbox.state = 'done';
    const b = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
    if (r.status >= 200 && r.status < 300) {
      if (typeof b.dmsActId === 'string') a.dmsActId = b.dmsActId;
      if (b.status === 'confirmed' && b.confirmation !== undefined) this.complete(a, b.confirmation, r.text, r.time);
      else if (this.has('complete-without-confirmation')) this.complete(a, undefined, r.text, r.time);
      else {
        a.status = 'sent';
        a.poll = { inFlight: false, nextAt: performance.now() + FIRST_POLL_MS, interval: FIRST_POLL_MS, lastVirtual: this.clock.now() ?? a.performedAt };
      }
    } else {
      a.status = 'rejected';
      a.problem = r.body ?? r.text;
      this.config.log(`act ${a.actId} rejected by ДМС: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    }
    this.kick();
  }

  private async sendDuplicate(dup: Outgoing): Promise<void> {
    const gen = this.gen;
    const r = await this.transmit(dup);
    if (gen !== this.gen || r.kind === 'stale') return;
    if (r.kind === 'transient') this.retryLater(dup, r.reason);
    else dup.state = 'done';
  }

  private retryLater(out: Outgoing, reason: string): void {
    out.state = 'waiting';
    out.nextAt = performance.now() + Math.min(FIRST_RETRY_MS * 2 ** (out.attempts - 1), MAX_RETRY_MS);
    if (out.attempts === 1 || out.attempts % 20 === 0) {
      this.config.log(`${out.service} ${out.messageId}: ${reason}; retrying (attempt ${out.attempts + 1})`);
    }
    this.kick();
  }

  private async pollAct(a: Action): Promise<void> {
    const gen = this.gen;
    a.poll.inFlight = true;
    a.poll.lastVirtual = this.clock.now() ?? a.poll.lastVirtual;
    // a status poll is a message too (XCH-03): its body is empty, its id the act's
    const entry = this.record({ messageId: a.actId, direction: 'out', counterpart: 'dms', service: 'dms.act.status', time: this.timeForJournal(null), sha256: sha256Hex('') }, a.kind);
    try {
      const res = await this.call(`${a.route.acts}/${encodeURIComponent(a.actId)}`, {
        method: 'GET',
        headers: { accept: 'application/json', ...(a.route.xroad ? this.xroadHeaders() : {}) },
      });
      if (gen !== this.gen) return;
      this.received(entry, res.headers.get('x-polihon-time'));
      const text = await res.text();
      const body = parseJson(text) as Record<string, unknown> | undefined;
      if (res.status === 200 && body && typeof body === 'object') {
        if (typeof body.dmsActId === 'string') a.dmsActId = body.dmsActId;
        if (body.status === 'confirmed' && body.confirmation !== undefined) {
          this.complete(a, body.confirmation, text, res.headers.get('x-polihon-time'));
          return;
        }
      }
    } catch {
      // unreachable or timed out: asked again on the next turn
    } finally {
      if (gen === this.gen) {
        a.poll.inFlight = false;
        a.poll.nextAt = performance.now() + a.poll.interval;
        a.poll.interval = Math.min(a.poll.interval * 2, MAX_POLL_MS);
        if (a.status === 'sent' && this.dayEnded(a)) a.status = 'confirmation-missing';
      }
    }
  }

  private complete(a: Action, confirmation: unknown, rawText: string, time: string | null): void {
    a.status = 'complete';
    if (confirmation !== undefined) {
      a.confirmation = confirmation;
      const c = confirmation as Record<string, unknown>;
      this.record({
        messageId: typeof c.id === 'string' ? c.id : a.actId,
        direction: 'in',
        counterpart: 'dms',
        service: 'dms.act.confirmation',
        time: this.timeForJournal(time),
        sha256: sha256Hex(rawText),
      });
    }
    this.applyEffect(a);
  }

  /** What a completed action changes in the hromada register. */
  private applyEffect(a: Action): void {
    if (a.cancelled) return;
    if (a.kind === 'declaration' || a.kind === 'registration') {
      const address = a.address as Address;
      const removed = this.residents.filter(
        (e) => sameIds(e.person, a.person) && e.address.katottg === address.katottg && e.address.text === address.text,
      );
      const added: Entry = { actId: a.actId, kind: a.kind, performedAt: a.performedAt, person: a.person, address };
      this.residents = this.residents.filter((e) => !removed.includes(e));
      this.residents.push(added);
      a.effect = { added: [added], removed };
    } else if (a.kind === 'removal') {
      const removed = this.residents.filter(
        (e) =>
          sameIds(e.person, a.person) &&
          (!a.address || (e.address.katottg === a.address.katottg && e.address.text === a.address.text)),
      );
      this.residents = this.residents.filter((e) => !removed.includes(e));
      this.removedEntries.push(...removed);
      a.effect = { added: [], removed };
    } else if (a.target) {
      const t = a.target;
      t.cancelled = true;
      const undo = t.effect ?? { added: [], removed: [] };
      this.residents = this.residents.filter((e) => !undo.added.includes(e)).concat(undo.removed);
      a.effect = { added: undo.removed, removed: undo.added };
      t.effect = undefined;
    }
  }

  /**
   * The registrations a verification answer lists: the person's current ones (contracts §2). Under
   * verification-lists-others one other resident's too; under found-after-removal the removed ones as well.
   */
  private heldFor(person: Person): Entry[] {
    const own = this.residents.filter((e) => sameIds(e.person, person));
    if (this.has('found-after-removal')) own.push(...this.removedEntries.filter((e) => sameIds(e.person, person) && !this.residents.includes(e)));
    const other = this.has('verification-lists-others') ? this.residents.find((e) => !sameIds(e.person, person)) : undefined;
    return other ? [...own, other] : own;
  }

  private async sendAnswer(p: PendingAnswer): Promise<void> {
    const gen = this.gen;
    p.state = 'in-flight';
    if (!p.out) {
      const now = this.clock.now() ?? (await this.freshNow());
      if (gen !== this.gen) return;
      const held = this.heldFor(p.request.person);
      const registrations = held.map((e) => ({ actId: e.actId, kind: e.kind, performedAt: variantTime(e.performedAt, this.variant), address: e.address }));
      const body = {
        requestId: p.request.requestId,
        answeredAt: variantTime(now ?? p.receivedAt, this.variant),
        found: held.some((e) => sameIds(e.person, p.request.person)),
        registrations: variantRegistrations(registrations, this.variant),
      };
      const to = this.answerRoute(p.request.replyTo);
      p.out = this.outgoing(p.request.requestId, to.url, to.xroad, variantJson(body, this.variant), 'dms.verification.answer', true);
    }
    const r = await this.transmit(p.out);
    if (gen !== this.gen || r.kind === 'stale') return;
    p.attempts = p.out.attempts;
    if (r.kind === 'transient') {
      this.retryLater(p.out, r.reason);
      p.state = 'waiting';
      p.nextAt = p.out.nextAt;
      return;
    }
    p.state = 'done';
    p.out.state = 'done';
    if (r.status >= 300) {
      this.config.log(`verification answer ${p.request.requestId} refused by ДМС: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    }
  }

  // ---- transport to the simulators ----

  /** One attempt of an outgoing message; the journal gets the hash of the exact string handed to fetch. */
  private async transmit(out: Outgoing): Promise<Transmitted> {
    const gen = this.gen;
    out.state = 'in-flight';
    out.attempts += 1;
    const bodyText = out.bodyText;
    const entry = out.journal
      ? this.record(
          { messageId: out.messageId, direction: 'out', counterpart: 'dms', service: out.service, time: this.timeForJournal(null), sha256: sha256Hex(bodyText) },
          out.actKind,
        )
      : undefined;
    try {
      const res = await this.call(out.url, {
        method: 'POST',
        headers: { 'content-type': variantContentType(this.variant), accept: 'application/json', ...(out.xroad ? this.xroadHeaders() : {}) },
        body: bodyText,
      });
      const text = await res.text();
      if (gen !== this.gen) return { kind: 'stale' };
      this.received(entry, res.headers.get('x-polihon-time'));
      // the security server's own error (X-Road-Error) names what went wrong on the way; some no retry mends
      const xroadError = res.headers.get('x-road-error');
      if (xroadError && PERMANENT_XROAD_ERRORS.has(xroadError)) {
        this.config.log(`${out.service} ${out.messageId}: Трембіта refused it: ${xroadError} ${text.slice(0, 300)}`);
        return { kind: 'answer', status: res.status, text, body: parseJson(text), time: res.headers.get('x-polihon-time') };
      }
      if (res.status >= 500 || res.status === 408 || res.status === 429) {
        return { kind: 'transient', reason: `HTTP ${res.status}${xroadError ? ` ${xroadError}` : ''}` };
      }
      const body = parseJson(text);
      // A 2xx without a readable body may still mean ДМС took the act: the same actId and bytes again are safe.
      if (res.status < 300 && (typeof body !== 'object' || body === null)) {
        return { kind: 'transient', reason: `HTTP ${res.status} with an unreadable body` };
      }
      return { kind: 'answer', status: res.status, text, body, time: res.headers.get('x-polihon-time') };
    } catch (err) {
      if (gen !== this.gen) return { kind: 'stale' };
      return { kind: 'transient', reason: (err as Error).message };
    }
  }

  /** fetch with the run's abort signal and a time limit; takes the simulator time from every answer. */
  private async call(url: string, init: RequestInit, timeoutMs = this.config.requestTimeoutMs): Promise<Response> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]);
    const res = await fetch(url, { ...init, signal });
    this.clock.observeHeader(res.headers.get('x-polihon-time'));
    return res;
  }

  private refreshClock(): Promise<void> {
    if (this.clockFetch) return this.clockFetch;
    const url = this.effectiveClockUrl();
    if (!url) return Promise.resolve();
    const gen = this.gen;
    const read = async (): Promise<void> => {
      // Short limit: an action waits for this reading before the driver answers.
      const res = await this.call(url, { method: 'GET', headers: { accept: 'application/json' } }, CLOCK_TIMEOUT_MS);
      const reading = parseClockReading(parseJson(await res.text()));
      if (reading && gen === this.gen) {
        if (reading.martialLaw !== undefined) this.calendar = { martialLaw: reading.martialLaw };
        this.clock.observe(reading);
      }
    };
    const p: Promise<void> = read().finally(() => {
      if (this.clockFetch === p) this.clockFetch = null;
    });
    this.clockFetch = p;
    return p;
  }

  /** The simulator's now from a fresh clock reading, or the best estimate when the clock cannot be read. */
  private async freshNow(): Promise<number | null> {
    try {
      await this.refreshClock();
    } catch {
      // fall back to what is known
    }
    return this.clock.now();
  }

  private timeForJournal(header: string | null): string {
    const now = this.clock.now();
    if (now !== null) return iso(now);
    return header ?? new Date(0).toISOString();
  }

  /**
   * Appends to the exchange journal, unless a journal fault leaves the entry out (journal-some-kinds keeps declaration
   * acts only); returns the entry so its time can be set once the answer says when ДМС took the message.
   */
  private record(entry: JournalEntry, actKind?: ActKind): JournalEntry | undefined {
    if (this.has('journal-some-kinds') && !(entry.service === 'dms.act.submit' && actKind === 'declaration')) return undefined;
    this.journal.push(entry);
    return entry;
  }

  /**
   * The time of an outgoing entry is when ДМС took the message (the answer's X-Polihon-Time): the registry's own
   * reading may lag a clock move it has not seen yet, and the journal must not date a message to a checkpoint before.
   */
  private received(entry: JournalEntry | undefined, header: string | null): void {
    const ms = header ? Date.parse(header) : NaN;
    if (entry && Number.isFinite(ms)) entry.time = iso(ms);
  }
}

/**
 * journal-unusual: the same facts in another form the contract allows — ДМС named by its X-Road subsystem, the hash in
 * capitals, the time in Kyiv local time with its offset, the keys in another order, and fields of its own besides.
 */
function unusualEntry(e: JournalEntry, dmsXRoad: string): Record<string, unknown> {
  return {
    sha256: e.sha256.toUpperCase(),
    recordedBy: 'hromada-registry',
    time: variantTime(Date.parse(e.time), (n) => n === 'offset-times'),
    service: e.service,
    counterpart: e.counterpart === 'dms' ? dmsXRoad : e.counterpart,
    direction: e.direction,
    bytesHashed: 'body',
    messageId: e.messageId,
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
