// Background work: what a simulator starts and does not await in a route (a delivery, an answer falling due), so
// the harness can wait for it (Simulator.idle) before it judges.

/** A simulator's own idle(): resolves once every tracked background promise (and any they start) settles. */
export function createBackgroundWork() {
  const inflight = new Set<Promise<unknown>>();
  return {
    track<T>(p: Promise<T>): Promise<T> {
      inflight.add(p);
      const done = () => void inflight.delete(p);
      p.then(done, done);
      return p;
    },
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    get size() {
      return inflight.size;
    },
  };
}
