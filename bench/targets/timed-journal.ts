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
  // `ms` is all the journal's time: appends, and the sealing of their entries (`sealMs`), which runs after the turn
  // or inside an append when a burst fills the queue; `maxMs` is the slowest append, a sealing inside it included
  const stats = { appends: 0, ms: 0, maxMs: 0, sealMs: 0 };
  const append = journal.append.bind(journal);
  const flush = journal.flush.bind(journal);
  let inAppend = false;
  journal.append = (input) => {
    const t = performance.now();
    inAppend = true;
    try {
      return append(input);
    } finally {
      inAppend = false;
      const d = performance.now() - t;
      stats.appends += 1;
      if (d > stats.maxMs) stats.maxMs = d;
      stats.ms += d;
    }
  };
  journal.flush = () => {
    const t = performance.now();
    flush();
    const d = performance.now() - t;
    stats.sealMs += d;
    // a sealing inside an append is already in that append's time
    if (!inAppend) stats.ms += d;
  };
  /** forget the warm-up */
  const resetStats = () => Object.assign(stats, { appends: 0, ms: 0, maxMs: 0, sealMs: 0 });
  return { clock, journal, stats, resetStats };
}
