// Settle detection (docs/en/guide.md "How virtual time passes"): after the clock moves, the runner waits until the
// participant is quiet — nothing of its in flight at the simulators' edge, nothing new for a quiet window, and, when
// its driver answers `GET /wake`, its own word that nothing due by now is left undone — instead of a fixed guess.
import { pause } from '../core/clock.ts';
import type { DriverClient } from './driver.ts';

/** Exchanges between the participant and the simulators, counted at the edge (both directions). */
export interface Activity {
  /** wraps one exchange: counted in flight until it settles; `read` for a GET (a poll, not a change) */
  track<T>(work: () => Promise<T>, read?: boolean): Promise<T>;
  readonly inFlight: number;
  /** real time (performance.now) of the last start or end of an exchange that is not a read */
  readonly lastWork: number;
  /** real time of the last start or end of a read */
  readonly lastRead: number;
}

export function createActivity(now: () => number = () => performance.now()): Activity {
  let inFlight = 0;
  let lastWork = now();
  let lastRead = -Infinity;
  const mark = (read: boolean) => {
    if (read) lastRead = now();
    else lastWork = now();
  };
  return {
    async track(work, read = false) {
      inFlight += 1;
      mark(read);
      try {
        return await work();
      } finally {
        inFlight -= 1;
        mark(read);
      }
    },
    get inFlight() {
      return inFlight;
    },
    get lastWork() {
      return lastWork;
    },
    get lastRead() {
      return lastRead;
    },
  };
}

/**
 * A participant that polls ДМС for a confirmation every 100 ms is never silent for a whole settle window, yet it is
 * waiting, not working: after a read, a short gap is enough — long enough to see a send the answer led to.
 */
export const READ_QUIET_MS = 15;

/**
 * Reading the clock is how a participant notices time; a participant that polls it every few ms is still quiet.
 * Only the clock read counts as not work, so a clock move (POST) by a participant is activity like any other.
 */
export function isClockRead(request: Request): boolean {
  return request.method === 'GET' && new URL(request.url).pathname === '/__polihon/clock';
}

/** What the participant said of itself at `GET {driver}/wake` (contracts §5). */
export interface WakeHint {
  /** the next virtual instant the participant wants to act at, if any */
  nextWake?: number;
  /** it still has work due by the given time that it has not finished */
  busy: boolean;
}

export interface Settler {
  /** waits until the participant is quiet at the clock's current time; returns its hint when it gives one */
  settle(virtualNow: number, signal?: AbortSignal): Promise<WakeHint | undefined>;
  /** whether the participant answers `GET /wake` (known after the first settle) */
  readonly hints: boolean | undefined;
}

export interface SettleOptions {
  activity: Activity;
  driver?: DriverClient;
  /** `--settle`: the quiet window for a participant that gives no hint, and the least wait after any move */
  settleMs: number;
  /** the quiet window for a participant that says it is not busy: long enough to see a request it just began */
  hintedQuietMs?: number;
  /** the longest wait at one instant, however busy the participant says it is */
  maxMs?: number;
  /** the simulators' own background work caused by the move (answers now due), awaited first */
  idle?: () => Promise<void>;
  now?: () => number;
}

/** Quiet window when the participant answers `GET /wake`: a request it starts on its next turn still shows. */
export const HINTED_QUIET_MS = 25;
/** No participant keeps the runner at one virtual instant longer than this (real ms). */
export const MAX_SETTLE_MS = 10_000;
const POLL_MS = 5;

export function createSettler(options: SettleOptions): Settler {
  const now = options.now ?? (() => performance.now());
  const maxMs = Math.max(options.maxMs ?? MAX_SETTLE_MS, options.settleMs);
  const hintedQuietMs = Math.min(options.hintedQuietMs ?? HINTED_QUIET_MS, options.settleMs);
  let hints: boolean | undefined = options.driver ? undefined : false;

  const ask = async (virtualNow: number): Promise<WakeHint | undefined> => {
    if (hints === false || !options.driver) return undefined;
    let res;
    try {
      res = await options.driver.call('GET', `/wake?now=${encodeURIComponent(new Date(virtualNow).toISOString())}`);
    } catch {
      // a driver that cannot answer this optional call gets the settle window, never an error of its own
      hints = false;
      return undefined;
    }
    const hint = readWake(res.status, res.body);
    hints = hint !== undefined;
    return hint;
  };

  const quiet = (t0: number): boolean => {
    const a = options.activity;
    // until the driver has answered or refused GET /wake once, ask it early: most of a run is quiet moves
    const window = hints === false ? options.settleMs : hintedQuietMs;
    const t = now();
    return a.inFlight === 0 && t - Math.max(a.lastWork, t0) >= window && t - a.lastRead >= Math.min(window, READ_QUIET_MS);
  };

  return {
    get hints() {
      return hints;
    },
    async settle(virtualNow, signal) {
      const t0 = now();
      let hint: WakeHint | undefined;
      if (options.idle) {
        // bounded, and the timer cleared once idle comes: a pending timer would keep the process alive
        const stop = new AbortController();
        const onAbort = () => stop.abort();
        signal?.addEventListener('abort', onAbort, { once: true });
        await Promise.race([options.idle().catch(() => undefined), pause(maxMs, stop.signal)]);
        stop.abort();
        signal?.removeEventListener('abort', onAbort);
      }
      for (;;) {
        if (signal?.aborted) return hint;
        if (quiet(t0)) {
          hint = await ask(virtualNow);
          // the hint call itself may have woken the participant: quiet again after it, then believe it
          if (quiet(t0) && !hint?.busy) return hint;
        }
        if (now() - t0 >= maxMs) return hint;
        await pause(POLL_MS, signal);
      }
    },
  };
}

/** `{ nextWake?: ISO | null, busy?: boolean }` (at least one of them) from a 2xx; undefined for anything else. */
export function readWake(status: number, body: unknown): WakeHint | undefined {
  if (status < 200 || status >= 300 || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  // a catch-all `200 {}` of a driver that knows nothing of wake-ups is no hint (it would end the hourly walk)
  if (!('busy' in b) && !('nextWake' in b)) return undefined;
  const at = typeof b.nextWake === 'string' ? Date.parse(b.nextWake) : NaN;
  return { busy: b.busy === true, ...(Number.isFinite(at) ? { nextWake: at } : {}) };
}

