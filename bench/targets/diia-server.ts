// Child process: Трембіта and Дія served over HTTP as a conformance run serves them (hono on node:http via
// serveSimulators, 127.0.0.1, ephemeral ports; Трембіта's call to Дія, the `simulator:diia` provider, served
// in-process as conformance/world.ts does; real clock; the journal bounded in memory as in dms-server.ts). The bench
// seeds an official and asks for codes through Дія's control API (`officials`, `present`), then posts verifications
// to Трембіта's REST r1. Prints {"url": <Трембіта>, "diia": <Дія>} when listening; exits when its stdin closes or
// on SIGTERM.
import { createRealClock } from '../../core/clock.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost, simulatorsInProcess, type SimulatorHost } from '../../simulators/host.ts';
import { serveSimulators } from '../../simulators/transport/http-server.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { onParentGone } from './child.ts';

const clock = createRealClock(() => Date.now());
// the same bounded journal `polihon serve` uses: 20 000 entries in memory, older ones spilled to a sink that drops them
const journal = createJournal({
  clock,
  wallTime: () => Date.now(),
  storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 20_000),
});
const endpoints: Record<string, string | undefined> = {};
let urls: Record<string, string> = {};
// nothing here calls beyond the two simulators (the official's HR is simulated); were it to, as `polihon serve` would
const network = createOutboundFetch();
const outbound = simulatorsInProcess(() => ({ host, urls }), (request) => network(request));
const host: SimulatorHost = createSimulatorHost({
  clock,
  journal,
  seed: 1,
  calendar: { martialLaw: true },
  fetch: (input, init) => outbound(new Request(input, init)),
  endpoints,
  simulators: ['trembita', 'diia'],
});
const served = await serveSimulators(host, { host: '127.0.0.1', basePort: 0, closeGraceMs: 500 });
urls = served.urls;
Object.assign(endpoints, served.urls);
process.stdout.write(`${JSON.stringify({ url: served.urls.trembita, diia: served.urls.diia })}\n`);
onParentGone(() => served.close());
