// Child process: the ДМС simulator served over HTTP as `polihon serve --real-clock dms` serves it (hono on
// node:http via serveSimulators, 127.0.0.1, ephemeral port; journal bounded in memory, older entries dropped).
// Prints one JSON line {"url": ...} when listening; exits when its stdin closes or on SIGTERM.
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { benchHost, serveForBench } from './served.ts';

const endpoints: Record<string, string | undefined> = {};
// as `polihon serve`: outbound calls over a keep-alive node:http pool
const host = benchHost({ fetch: createOutboundFetch(), endpoints, simulators: ['dms'] });
await serveForBench(host, (urls) => ({ url: urls.dms }));
