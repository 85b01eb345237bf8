// Child process: Трембіта and Дія served over HTTP as a conformance run serves them (hono on node:http via
// serveSimulators, 127.0.0.1, ephemeral ports; Трембіта's call to Дія, the `simulator:diia` provider, served
// in-process as conformance/world.ts does; real clock; the journal bounded in memory as in dms-server.ts). The bench
// seeds an official and asks for codes through Дія's control API (`officials`, `present`), then posts verifications
// to Трембіта's REST r1. Prints {"url": <Трембіта>, "diia": <Дія>} when listening; exits when its stdin closes or
// on SIGTERM.
import { simulatorsInProcess, type SimulatorHost } from '../../simulators/host.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { benchHost, serveForBench } from './served.ts';

const endpoints: Record<string, string | undefined> = {};
let urls: Record<string, string> = {};
// nothing here calls beyond the two simulators (the official's HR is simulated); were it to, as `polihon serve` would
const network = createOutboundFetch();
const outbound = simulatorsInProcess(() => ({ host, urls }), (request) => network(request));
const host: SimulatorHost = benchHost({ fetch: (input, init) => outbound(new Request(input, init)), endpoints, simulators: ['trembita', 'diia'] });
const served = await serveForBench(host, (u) => ({ url: u.trembita, diia: u.diia }));
urls = served.urls;
Object.assign(endpoints, served.urls);
