// One clock object for the whole run that delegates to the current scenario's virtual clock: simulators and the
// journal hold one reference, while each scenario starts at its own instant (which may be earlier than the last).
import type { Clock } from '../core/clock.ts';

export interface RunClock extends Clock {
  use(inner: Clock): void;
}

export function createRunClock(initial: Clock): RunClock {
  let inner = initial;
  const listeners = new Set<(now: number) => void>();
  let off = inner.onChange((t) => listeners.forEach((l) => l(t)));
  return {
    get mode() {
      return inner.mode;
    },
    now: () => inner.now(),
    advance: (ms) => inner.advance(ms),
    set: (t) => inner.set(t),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    use(next) {
      off();
      inner = next;
      off = inner.onChange((t) => listeners.forEach((l) => l(t)));
      listeners.forEach((l) => l(inner.now()));
    },
  };
}
