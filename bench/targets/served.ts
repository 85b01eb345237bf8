// What the targets that serve simulators share: the host as `polihon serve --real-clock` builds it (real clock, seed
// 1, martial law, the bounded journal: 20 000 entries in memory, older ones spilled to a sink that drops them), served
// over HTTP on ephemeral loopback ports (hono on node:http via serveSimulators), one JSON line of URLs printed for the
// bench, and a stop with the parent.
import { createRealClock } from '../../core/clock.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost, type SimulatorHost, type SimulatorHostOptions } from '../../simulators/host.ts';
import { serveSimulators, type ServedSimulators } from '../../simulators/transport/http-server.ts';
import { onParentGone } from './child.ts';

/** The host of `simulators`, reaching out through `fetch` to `endpoints`. */
export function benchHost(o: Pick<SimulatorHostOptions, 'simulators' | 'endpoints' | 'fetch' | 'options'>): SimulatorHost {
  const clock = createRealClock(() => Date.now());
  const journal = createJournal({
    clock,
    wallTime: () => Date.now(),
    storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 20_000),
  });
  return createSimulatorHost({ clock, journal, seed: 1, calendar: { martialLaw: true }, ...o });
}

/** Serves `host`, prints `announce(urls)` as one JSON line, and closes when the parent goes. */
export async function serveForBench(host: SimulatorHost, announce: (urls: Record<string, string>) => object): Promise<ServedSimulators> {
  const served = await serveSimulators(host, { host: '127.0.0.1', basePort: 0, closeGraceMs: 500 });
  process.stdout.write(`${JSON.stringify(announce(served.urls))}\n`);
  onParentGone(() => served.close());
  return served;
}
