// The registry's outbound side: where ДМС, Трембіта and the clock are, the route a message takes (an X-Road r1 call
// through Трембіта with the registry's identity, or straight to ДМС), one attempt of a message with its journal entry,
// and clock readings. It also owns the run generation: a reset or close aborts every call in flight, and an answer
// that comes back from an earlier run is stale.
import { randomUUID } from 'node:crypto';
import type { ExchangeJournal } from './journal.ts';
import { parseJson, sha256Hex, type FaultName, type Outgoing, type RegistryConfig, type Route, type Transmitted } from './model.ts';
import { MARTIAL_LAW, parseClockReading, type Calendar, type SimClock } from './time.ts';
import type { ActKind } from './validate.ts';
import { variantContentType, type VariantName } from './variants.ts';

/** ДМС's service for acts and their status on Трембіта (the status is `GET …/{actId}`). */
export const ACTS_SERVICE = 'ResidenceRegistrationActs_v1';

/**
 * Security-server errors that no retry mends (the caller is not known or not allowed — its certificate not its
 * subsystem's, in an mTLS run —, the service is not there): the act is `rejected` with the error, instead of being
 * retried for ever. Network troubles stay transient.
 */
const PERMANENT_XROAD_ERRORS = new Set([
  'Server.ClientProxy.SslAuthenticationFailed',
  'Server.ClientProxy.UnknownMember',
  'Server.ServerProxy.UnknownService',
  'Server.ServerProxy.ServiceType',
  'Server.ServerProxy.AccessDenied',
]);

const CLOCK_TIMEOUT_MS = 1000;

/** `http://x/dms/v1/` and `http://x` both mean the ДМС simulator at http://x. */
export function normaliseDmsBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/dms\/v1$/, '');
}

/** `/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, each part percent-encoded (PR-REST). */
export function r1Path(subsystem: string, serviceCode: string): string {
  return `/r1/${[...subsystem.split('/'), serviceCode].map(encodeURIComponent).join('/')}`;
}

export class Link {
  private generation = 0;
  private abort = new AbortController();
  private dms: string | undefined;
  private trembita: string | undefined;
  private clockUrl: string | undefined;
  /** reuse-xroad-id: the one X-Road-Id every call carries until the next reset */
  private reusedXRoadId = randomUUID();
  private clockFetch: Promise<void> | null = null;
  /** the working-day calendar the simulators count by, as the clock last said; martial law until it says */
  calendar: Calendar = MARTIAL_LAW;

  constructor(
    private readonly config: RegistryConfig,
    private readonly clock: SimClock,
    private readonly journal: ExchangeJournal,
    private readonly has: (name: FaultName) => boolean,
    private readonly variant: (name: VariantName) => boolean,
  ) {
    if (config.dms) this.dms = normaliseDmsBase(config.dms);
    if (config.trembita) this.trembita = config.trembita.replace(/\/+$/, '');
    this.clockUrl = config.clock;
  }

  /** The current run; work started under another one is stale. */
  get gen(): number {
    return this.generation;
  }

  get configured(): boolean {
    return this.dms !== undefined || this.trembita !== undefined;
  }

  /**
   * A new run: every call in flight is aborted. `trembita: null` (simulators given, Трембіта not among them) means
   * straight to ДМС from now on; `undefined` keeps what was known.
   */
  newRun(endpoints: { dms?: string; trembita?: string | null; clock?: string }): void {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
    if (endpoints.dms) this.dms = normaliseDmsBase(endpoints.dms);
    if (endpoints.trembita !== undefined) this.trembita = endpoints.trembita?.replace(/\/+$/, '');
    if (endpoints.clock) this.clockUrl = endpoints.clock;
    else if (endpoints.dms || endpoints.trembita) this.clockUrl = undefined;
    this.reusedXRoadId = randomUUID();
    this.calendar = MARTIAL_LAW;
    this.clockFetch = null;
  }

  close(): void {
    this.generation += 1;
    this.abort.abort();
  }

  /**
   * Acts go to ДМС's ResidenceRegistrationActs_v1 through Трембіта when its security server is known (DMS-09); straight
   * to ДМС only without one — or under bypass-trembita, which ignores Трембіта whenever ДМС's own address is known.
   */
  actRoute(kind?: ActKind): Route | undefined {
    const bypass = (this.has('bypass-trembita') || (kind === 'cancellation' && this.has('bypass-trembita-for-cancellations'))) && this.dms !== undefined;
    if (this.trembita && !bypass) return { acts: `${this.trembita}${r1Path(this.config.xroad.dms, ACTS_SERVICE)}`, xroad: true };
    if (this.dms) return { acts: `${this.dms}/dms/v1/acts`, xroad: false };
    return undefined;
  }

  /**
   * Where an answer goes: `replyTo` as ДМС gave it. An X-Road r1 address (`…/r1/INSTANCE/…/SERVICE/…`) is a service on
   * Трембіта, called through the registry's own security server with its X-Road headers.
   */
  answerRoute(replyTo: string): { url: string; xroad: boolean } {
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
  xroadHeaders(): Record<string, string> {
    const id = this.has('reuse-xroad-id') ? this.reusedXRoadId : randomUUID();
    return {
      'x-road-client': this.config.xroad.client,
      'x-road-id': id,
      ...(this.has('no-xroad-userid') ? {} : { 'x-road-userid': this.config.xroad.userId }),
    };
  }

  effectiveClockUrl(): string | undefined {
    const base = this.dms ?? this.trembita;
    return this.clockUrl ?? (base ? `${base}/__polihon/clock` : undefined);
  }

  /** One attempt of an outgoing message; the journal gets the hash of the exact string handed to fetch. */
  async transmit(out: Outgoing): Promise<Transmitted> {
    const gen = this.generation;
    out.state = 'in-flight';
    out.attempts += 1;
    const bodyText = out.bodyText;
    const entry = out.journal
      ? this.journal.record(
          { messageId: out.messageId, direction: 'out', counterpart: 'dms', service: out.service, time: this.journal.timeFor(null), sha256: sha256Hex(bodyText) },
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
      if (gen !== this.generation) return { kind: 'stale' };
      this.journal.received(entry, res.headers.get('x-polihon-time'));
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
      if (gen !== this.generation) return { kind: 'stale' };
      return { kind: 'transient', reason: (err as Error).message };
    }
  }

  /** fetch with the run's abort signal and a time limit; takes the simulator time from every answer. */
  async call(url: string, init: RequestInit, timeoutMs = this.config.requestTimeoutMs): Promise<Response> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]);
    const res = await this.config.fetch(url, { ...init, signal });
    this.clock.observeHeader(res.headers.get('x-polihon-time'));
    return res;
  }

  refreshClock(): Promise<void> {
    if (this.clockFetch) return this.clockFetch;
    const url = this.effectiveClockUrl();
    if (!url) return Promise.resolve();
    const gen = this.generation;
    const read = async (): Promise<void> => {
      // Short limit: an action waits for this reading before the driver answers.
      const res = await this.call(url, { method: 'GET', headers: { accept: 'application/json' } }, CLOCK_TIMEOUT_MS);
      const reading = parseClockReading(parseJson(await res.text()));
      if (reading && gen === this.generation) {
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
  async freshNow(): Promise<number | null> {
    try {
      await this.refreshClock();
    } catch {
      // fall back to what is known
    }
    return this.clock.now();
  }
}
