// The reference registry: its business state and its exchanges with ДМС — the residents it holds, the registration
// actions it performs (sent the same day, complete only once ДМС confirms, retried safely under the same actId), the
// verification requests it answers, and the exchange journal (XCH-03). Transport-free towards its own clients:
// server.ts feeds it. This file is the face server.ts sees and the work loop that decides what is due; the parts it
// drives are acts.ts (the act pipeline), verification.ts (answers), link.ts (calls through Трембіта and the clock),
// journal.ts, state.ts (the books) and schedule.ts (when).
import { actionView, dayEnded, perform, pollAct, sendAct, sendDuplicate } from './acts.ts';
import { ExchangeJournal } from './journal.ts';
import { Link } from './link.ts';
import { FIRST_POLL_MS, FIRST_RETRY_MS, MAX_RETRY_MS, iso, personKey, type Action, type FaultName, type Outgoing, type PendingAnswer, type ProblemOut, type RegistryConfig } from './model.ts';
import { actSendAt, answerAt, nextFullHour } from './schedule.ts';
import { RegistryState, type RegistryContext } from './state.ts';
import { SimClock } from './time.ts';
import type { ActionInput, ResidentInput, VerificationRequest } from './validate.ts';
import { receiveVerification, refuseVerification, release, sendAnswer } from './verification.ts';
import type { VariantName } from './variants.ts';

export class Registry {
  readonly clock = new SimClock();
  private readonly state = new RegistryState();
  private readonly journal: ExchangeJournal;
  private readonly link: Link;
  private readonly ctx: RegistryContext;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly config: RegistryConfig) {
    this.journal = new ExchangeJournal(this.clock, this.on, config.xroad.dms);
    this.link = new Link(config, this.clock, this.journal, this.on, this.variant);
    this.ctx = {
      config,
      clock: this.clock,
      state: this.state,
      journal: this.journal,
      link: this.link,
      has: this.on,
      variant: this.variant,
      kick: () => this.kick(),
      retryLater: (out, reason) => this.retryLater(out, reason),
    };
    this.clock.onChange(() => this.onClockChange());
  }

  has(fault: FaultName): boolean {
    return this.config.faults.has(fault);
  }

  /** has(), bound: for the pure policies of schedule.ts and the parts */
  private readonly on = (name: FaultName): boolean => this.has(name);

  /** Whether a correct-but-unusual variant switch is on (variants.ts). */
  private readonly variant = (name: VariantName): boolean => this.has(name);

  get faultNames(): FaultName[] {
    return [...this.config.faults];
  }

  get configured(): boolean {
    return this.link.configured;
  }

  /** How acts go now: `trembita` when its security server is known (unless bypass-trembita), else `direct`. */
  get routeName(): 'trembita' | 'direct' | 'none' {
    const r = this.link.actRoute();
    return r ? (r.xroad ? 'trembita' : 'direct') : 'none';
  }

  // ---- driver: reset, residents, actions, journal ----

  /**
   * `trembita: null` (simulators given, Трембіта not among them) means straight to ДМС from now on; `undefined`
   * keeps what was known.
   */
  reset(endpoints: { dms?: string; trembita?: string | null; clock?: string }): void {
    this.link.newRun(endpoints);
    this.state.clear();
    this.journal.clear();
    this.clock.forget();
    this.stopTicker();
    // Read the new clock now, so the first action need not wait for it; errors surface when an action needs it.
    if (this.link.effectiveClockUrl()) void this.link.refreshClock().catch(() => undefined);
  }

  addResidents(inputs: ResidentInput[]): { actId: string }[] {
    return this.state.addResidents(inputs, this.clock);
  }

  /**
   * Performs a registration action now (simulator time) and queues its act for ДМС.
   * Answers a problem when the registry cannot act: not configured, unknown `cancels`, no simulator time.
   */
  perform(input: ActionInput): Promise<{ ok: true; ref: string } | { ok: false; problem: ProblemOut }> {
    return perform(this.ctx, input);
  }

  status(ref: string): Record<string, unknown> | undefined {
    const a = this.state.actions.get(ref);
    return a ? actionView(a) : undefined;
  }

  /** The journal as the driver shows it (contracts §5). */
  journalEntries(): Record<string, unknown>[] {
    return this.journal.view();
  }

  // ---- provider face: verification requests from ДМС (DMS-07) ----

  /** Records a verification request (raw body for the journal hash); false when its requestId was seen before. */
  receiveVerification(request: VerificationRequest, rawBody: Uint8Array, headerTime: string | null): boolean {
    return receiveVerification(this.ctx, request, rawBody, headerTime);
  }

  /** A malformed verification request, journalled all the same (verification.ts). */
  refuseVerification(messageId: string, rawBody: Uint8Array, headerTime: string | null): void {
    refuseVerification(this.ctx, messageId, rawBody, headerTime);
  }

  /** Called once the 202 has gone out, so ДМС sees the acknowledgement before the answer. */
  release(requestId: string): void {
    release(this.ctx, requestId);
  }

  // ---- lifecycle ----

  close(): void {
    this.closed = true;
    this.link.close();
    this.stopTicker();
  }

  // ---- the work loop ----

  private retryLater(out: Outgoing, reason: string): void {
    out.state = 'waiting';
    out.nextAt = performance.now() + Math.min(FIRST_RETRY_MS * 2 ** (out.attempts - 1), MAX_RETRY_MS);
    if (out.attempts === 1 || out.attempts % 20 === 0) {
      this.config.log(`${out.service} ${out.messageId}: ${reason}; retrying (attempt ${out.attempts + 1})`);
    }
    this.kick();
  }

  private hasWork(): boolean {
    if (this.state.outbox.length > 0) return true;
    for (const a of this.state.actions.values()) {
      if (a.status === 'sent' || a.status === 'confirmation-missing' || a.poll.inFlight) return true;
      if (a.duplicate && a.duplicate.state !== 'done') return true;
    }
    for (const p of this.state.answers.values()) if (p.state !== 'done') return true;
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
    void this.link.refreshClock().catch(() => undefined);
    this.pump();
  }

  private onClockChange(): void {
    // A clock move is what a virtual-time run waits for: retry, re-poll and re-check deadlines at once.
    for (const a of this.state.outbox) if (a.outbox.state === 'waiting') a.outbox.nextAt = 0;
    for (const a of this.state.actions.values()) {
      a.poll.nextAt = 0;
      a.poll.interval = FIRST_POLL_MS;
      if (a.duplicate?.state === 'waiting') a.duplicate.nextAt = 0;
    }
    for (const p of this.state.answers.values()) if (p.state === 'waiting') p.nextAt = 0;
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
    this.state.outbox = this.state.outbox.filter((a) => a.outbox.state !== 'done');
    for (const a of this.state.outbox) {
      const key = personKey(a.person);
      if (busy.has(key)) continue;
      busy.add(key);
      if (a.outbox.state !== 'waiting' || realNow < a.outbox.nextAt) continue;
      if (a.target && !a.target.parked && a.target.outbox.state !== 'done') continue;
      if (realNow < a.readyAt) continue;
      const at = this.sendAt(a);
      if (at > 0 && (simNow === null || simNow < at)) continue;
      void sendAct(this.ctx, a);
    }

    for (const a of this.state.actions.values()) {
      const dup = a.duplicate;
      if (dup && dup.state === 'waiting' && a.outbox.state === 'done' && realNow >= dup.nextAt) void sendDuplicate(this.ctx, dup);
      if ((a.status === 'sent' || a.status === 'confirmation-missing') && !a.poll.inFlight) {
        // The day of the action has ended unconfirmed: ask once more at once, then report it missing.
        if (this.has('poll-own-schedule')) {
          // its own schedule only: the first full virtual hour after the last poll, whatever happened meanwhile
          if (simNow !== null && simNow >= this.nextOwnPoll(a)) void pollAct(this.ctx, a);
          continue;
        }
        if (a.status === 'sent' && dayEnded(this.clock, a)) a.poll.nextAt = 0;
        if (realNow >= a.poll.nextAt) void pollAct(this.ctx, a);
      }
    }

    for (const p of this.state.answers.values()) {
      if (p.state !== 'waiting' || realNow < p.nextAt) continue;
      const at = this.answerAt(p);
      if (at > 0 && (simNow === null || simNow < at)) continue;
      void sendAnswer(this.ctx, p);
    }
  }

  /** The virtual instant from which an act may go (0: at once): the timing variants and faults of schedule.ts. */
  private sendAt(a: Action): number {
    return actSendAt(a.performedAt, a.kind, this.on, this.link.calendar);
  }

  /** The virtual instant from which an answer may go (0: at once). */
  private answerAt(p: PendingAnswer): number {
    return answerAt(p.receivedAt, p.request.answerBy, this.on, this.link.calendar);
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
    await this.link.freshNow();
    this.pump();
    const simNow = this.clock.now();
    const realNow = performance.now();
    let busy = false;
    let next = Infinity;
    for (const a of this.state.outbox) {
      if (a.outbox.state === 'done') continue;
      if (a.outbox.state === 'in-flight' || realNow < a.readyAt) busy = true;
      else if (a.target && !a.target.parked && a.target.outbox.state !== 'done') busy = true;
      else {
        const at = this.sendAt(a);
        if (at > 0 && (simNow === null || simNow < at)) next = Math.min(next, at);
        else busy = true;
      }
    }
    for (const a of this.state.actions.values()) {
      if (a.duplicate && a.duplicate.state !== 'done' && a.outbox.state === 'done') busy = true;
      if (this.has('poll-own-schedule') && (a.status === 'sent' || a.status === 'confirmation-missing')) next = Math.min(next, this.nextOwnPoll(a));
    }
    for (const p of this.state.answers.values()) {
      if (p.state === 'done') continue;
      const at = this.answerAt(p);
      if (p.state === 'waiting' && at > 0 && (simNow === null || simNow < at)) next = Math.min(next, at);
      else busy = true;
    }
    return { busy, nextWake: Number.isFinite(next) ? iso(next) : null };
  }
}
