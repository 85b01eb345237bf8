// The bounded journal of the served targets (as `polihon serve` keeps it), with every append timed: the in-process
// targets report how much of a message's cost is the journal.
import { createRealClock } from '../../core/clock.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';

export function createTimedJournal() {
  const clock = createRealClock(() => Date.now());
  const journal = createJournal({
    clock,
    wallTime: () => Date.now(),
    storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 20_000),
  });
  const stats = { appends: 0, ms: 0, maxMs: 0 };
  const append = journal.append.bind(journal);
  journal.append = (input) => {
    const t = performance.now();
    const entry = append(input);
    const d = performance.now() - t;
    stats.ms += d;
    stats.appends += 1;
    if (d > stats.maxMs) stats.maxMs = d;
    return entry;
  };
  /** forget the warm-up */
  const resetStats = () => Object.assign(stats, { appends: 0, ms: 0, maxMs: 0 });
  return { clock, journal, stats, resetStats };
}
