// Child process: the ЄІС МВС simulator served over HTTP as a conformance run serves it (hono on node:http via
// serveSimulators, 127.0.0.1, an ephemeral port; real clock; the journal bounded in memory as in dms-server.ts), its
// participant's provider endpoint the receiver given as the first argument. The bench asks for notifications
// through the `notify` control action; the simulator delivers them to `<receiver>/eis/notifications` and reads each
// ack from the answer. Prints {"url": ...} when listening; exits when its stdin closes or on SIGTERM.
import { createRealClock } from '../../core/clock.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { serveSimulators } from '../../simulators/transport/http-server.ts';
import { createOutboundFetch } from '../../simulators/transport/outbound.ts';
import { onParentGone } from './child.ts';

const receiver = process.argv[2];
if (!receiver) throw new Error('usage: eis-server.ts <receiver base URL>');
const clock = createRealClock(() => Date.now());
// the same bounded journal `polihon serve` uses: 20 000 entries in memory, older ones spilled to a sink that drops them
const journal = createJournal({
  clock,
  wallTime: () => Date.now(),
  storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 20_000),
});
// the participant's endpoint is reached as `polihon serve` reaches it: node:http with keep-alive (transport/outbound.ts)
const network = createOutboundFetch();
const host = createSimulatorHost({
  clock,
  journal,
  seed: 1,
  calendar: { martialLaw: true },
  fetch: (input, init) => network(input, init),
  endpoints: { 'participant.provider': receiver },
  simulators: ['eis'],
});
const served = await serveSimulators(host, { host: '127.0.0.1', basePort: 0, closeGraceMs: 500 });
process.stdout.write(`${JSON.stringify({ url: served.urls.eis })}\n`);
onParentGone(() => served.close());
