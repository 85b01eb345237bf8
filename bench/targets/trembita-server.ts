// Child process: the Трембіта simulator served over HTTP as `polihon serve --real-clock trembita` serves it (hono on
// node:http via serveSimulators, 127.0.0.1, ephemeral port; the journal bounded in memory as in dms-server.ts),
// with endpoints['participant.provider'] set to the SOAP provider given on the command line. The bench registers
// its service through the control API. Prints {"url": ...} when listening; exits when its stdin closes or on SIGTERM.
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { benchHost, serveForBench } from './served.ts';

const provider = process.argv[2];
if (!provider) throw new Error('usage: trembita-server.ts <provider base URL>');
const endpoints: Record<string, string | undefined> = { 'participant.provider': provider };
// as `polihon serve`: outbound calls over a keep-alive node:http pool
const host = benchHost({ fetch: createOutboundFetch(), endpoints, simulators: ['trembita'] });
await serveForBench(host, (urls) => ({ url: urls.trembita }));
