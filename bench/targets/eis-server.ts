// Child process: the ЄІС МВС simulator served over HTTP as a conformance run serves it (hono on node:http via
// serveSimulators, 127.0.0.1, an ephemeral port; real clock; the journal bounded in memory as in dms-server.ts), its
// participant's provider endpoint the receiver given as the first argument. The bench asks for notifications
// through the `notify` control action; the simulator delivers them to `<receiver>/eis/notifications` and reads each
// ack from the answer. With a second argument, a file, its messaging records go there as `polihon serve` keeps them
// (fileStore); else in memory. Prints {"url": ...} when listening; exits when its stdin closes or on SIGTERM.
import { fileStore } from '../../simulators/eis/public.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { benchHost, serveForBench } from './served.ts';

const receiver = process.argv[2];
if (!receiver) throw new Error('usage: eis-server.ts <receiver base URL> [<messaging records file>]');
const file = process.argv[3];
// the participant's endpoint is reached as `polihon serve` reaches it: node:http with keep-alive (transport/outbound.ts)
const network = createOutboundFetch();
const host = benchHost({ fetch: (input, init) => network(input, init), endpoints: { 'participant.provider': receiver }, simulators: ['eis'], ...(file ? { options: { eis: { messagingStore: fileStore(file) } } } : {}) });
await serveForBench(host, (urls) => ({ url: urls.eis }));
