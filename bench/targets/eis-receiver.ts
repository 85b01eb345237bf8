// Child process: the participant's side of ЄІС МВС's notification–acknowledgement mode at its barest — a node:http
// server that reads each delivery to `/eis/notifications`, keeps nothing, and acks it at once in the answer (receipt
// 100 naming the message id and the envelope id it came in). Both the simulator and the bare sender deliver to it.
// `GET /count` tells how many deliveries it answered, how many did not read as an envelope, and on how many
// connections deliveries came since the last count; the bench reads it to
// check that every delivery arrived. Prints {"url": ...} when listening.
import { createServer } from 'node:http';
import { serveChild } from './child.ts';

/** the participant's subsystem: the ЄІС МВС simulator's default recipient (simulators/eis/app.ts) */
const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

let deliveries = 0;
let unreadable = 0;
// connections deliveries came on: a keep-alive sender opens one per delivery it has in flight at once, so this is
// its concurrency
let connections = 0;
let senders = new WeakSet<object>();

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ deliveries, unreadable, connections }));
    // each count starts a new window of connections: a run's sender is counted on the sockets it used itself
    senders = new WeakSet<object>();
    connections = 0;
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let env: { messageId?: unknown; envelopeId?: unknown } | undefined;
    try {
      env = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof env;
    } catch {
      env = undefined;
    }
    if (req.url !== '/eis/notifications' || typeof env?.messageId !== 'string' || typeof env.envelopeId !== 'string') {
      unreadable++;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"not an envelope"}');
      return;
    }
    deliveries++;
    if (!senders.has(req.socket)) {
      senders.add(req.socket);
      connections++;
    }
    const ack = Buffer.from(JSON.stringify({ messageId: env.messageId, envelopeId: env.envelopeId, code: 100, from: PARTICIPANT }));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(ack.length) });
    res.end(ack);
  });
});
serveChild(server);
