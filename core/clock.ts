// The one clock of a run, shared by every simulator and the runner (docs/en/guide.md §3.3).
// Virtual time stays frozen until a step moves it; real time follows an injected wall clock plus an offset.

export type ClockMode = 'virtual' | 'real';

export interface Clock {
  readonly mode: ClockMode;
  /** Current instant, epoch milliseconds. */
  now(): number;
  /** Moves time forward by `ms` (>= 0). On a real clock this adds to the offset over wall time. */
  advance(ms: number): void;
  /**
   * Virtual: jumps to `instant`, which must not be earlier than now.
   * Real: shifts the offset so that now() reads `instant` at this moment and runs on from there.
   */
  set(instant: number): void;
  /** Called after every advance/set with the new now(); returns the unsubscribe function. */
  onChange(listener: (now: number) => void): () => void;
}

/**
 * A clock frozen at `start` until advanced; the default for conformance runs, so deadlines of days
 * are tested in milliseconds and every run is reproducible.
 */
export function createVirtualClock(start: number): Clock {
  let current = requireInstant(start, 'start');
  const listeners = createListeners();
  return {
    mode: 'virtual',
    now: () => current,
    advance(ms) {
      current = requireInstant(current + requireStep(ms), 'advanced instant');
      listeners.emit(current);
    },
    set(instant) {
      requireInstant(instant, 'instant');
      // Going back would let a participant see a deadline pass and then "un-pass".
      if (instant < current) {
        throw new RangeError(
          `virtual clock cannot go backwards: now is ${describe(current)}, asked for ${describe(instant)}`,
        );
      }
      current = instant;
      listeners.emit(current);
    },
    onChange: listeners.add,
  };
}

/**
 * A clock that runs with `wallTime` (the CLI passes `Date.now`), shifted by an offset that
 * advance/set change; used for load and soak runs.
 */
export function createRealClock(wallTime: () => number): Clock {
  let offset = 0;
  const listeners = createListeners();
  const now = () => wallTime() + offset;
  return {
    mode: 'real',
    now,
    advance(ms) {
      offset += requireStep(ms);
      listeners.emit(now());
    },
    set(instant) {
      offset = requireInstant(instant, 'instant') - wallTime();
      listeners.emit(now());
    },
    onChange: listeners.add,
  };
}

function createListeners() {
  const subscribers = new Set<(now: number) => void>();
  return {
    add(listener: (now: number) => void): () => void {
      // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
      const entry = (now: number) => listener(now);
      subscribers.add(entry);
      return () => {
        subscribers.delete(entry);
      };
    },
    emit(now: number): void {
      // One throwing listener must not keep the others (other simulators) on a stale time.
      const errors: unknown[] = [];
      for (const listener of [...subscribers]) {
        try {
          listener(now);
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} clock listeners failed`);
    },
  };
}

function requireStep(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`clock can only advance by a finite, non-negative number of ms, got ${ms}`);
  }
  return ms;
}

function requireInstant(instant: number, what: string): number {
  if (!Number.isFinite(instant) || Math.abs(instant) > MAX_INSTANT) {
    throw new RangeError(`clock ${what} must be a finite epoch-ms instant, got ${instant}`);
  }
  return instant;
}

/** The largest instant a Date can hold; beyond it nothing downstream can format the time. */
const MAX_INSTANT = 8.64e15;

function describe(instant: number): string {
  return `${new Date(instant).toISOString()} (${instant})`;
}

/** Real time passing, cut short (resolved, never rejected) when `signal` aborts: for waits a run may interrupt. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
