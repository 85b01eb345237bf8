// Child process: the Трембіта simulator served over HTTP as `polihon serve --real-clock trembita` serves it (hono on
// node:http via serveSimulators, 127.0.0.1, ephemeral port; the journal bounded in memory as in dms-server.ts),
// with endpoints['participant.provider'] set to the SOAP provider given on the command line. The bench registers
// its service through the control API. Prints {"url": ...} when listening; exits when its stdin closes or on SIGTERM.
import { createRealClock } from '../../core/clock.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { serveSimulators } from '../../simulators/transport/http-server.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { onParentGone } from './child.ts';

const provider = process.argv[2];
if (!provider) throw new Error('usage: trembita-server.ts <provider base URL>');
const clock = createRealClock(() => Date.now());
// the same bounded journal `polihon serve` uses: 20 000 entries in memory, older ones spilled to a sink that drops them
const journal = createJournal({
  clock,
  wallTime: () => Date.now(),
  storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 20_000),
});
const endpoints: Record<string, string | undefined> = { 'participant.provider': provider };
const host = createSimulatorHost({
  clock,
  journal,
  seed: 1,
  calendar: { martialLaw: true },
  // as `polihon serve`: outbound calls over a keep-alive node:http pool
  fetch: createOutboundFetch(),
  endpoints,
  simulators: ['trembita'],
});
const served = await serveSimulators(host, { host: '127.0.0.1', basePort: 0, closeGraceMs: 500 });
process.stdout.write(`${JSON.stringify({ url: served.urls.trembita })}\n`);
onParentGone(() => served.close());
