// Child process: the baseline of section 9 — a bare node:http sender doing the HTTP exchange the ЄІС МВС simulator
// does for each notification–acknowledgement message (POST the same envelope to `<receiver>/eis/notifications`,
// read the ack in the answer, check it names the message and the envelope with receipt 100), with a keep-alive agent
// and as many deliveries in flight as the simulator keeps (its CONCURRENCY), and nothing else: no engine, no store,
// no journal. Usage: eis-bare-sender.ts <receiver URL> <messages> <concurrency>. Prints one JSON line:
// {messages, sent, acked, wrong, failed, ms, cpuUs}.
import http from 'node:http';
import { bareEnvelope, isAckOf } from '../eis-envelope.ts';

const [receiver, countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
if (!receiver || !(count > 0) || !(concurrency > 0)) throw new Error('usage: eis-bare-sender.ts <receiver URL> <messages> <concurrency>');

const url = new URL('/eis/notifications', receiver);
const agent = new http.Agent({ keepAlive: true, timeout: 4_000 });

let sent = 0;
let acked = 0;
let wrong = 0;
let failed = 0;

function post(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const now = new Date().toISOString();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-polihon-time': now, 'x-polihon-simulator': 'eis' },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function deliver(seq: number): Promise<void> {
  const env = bareEnvelope(seq, Date.now());
  sent++;
  let answer: { status: number; text: string };
  try {
    answer = await post(JSON.stringify(env));
  } catch {
    failed++;
    return;
  }
  if (isAckOf(env, answer.status, answer.text)) acked++;
  else wrong++;
}

const cpu = process.cpuUsage();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await deliver(++next);
  }),
);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ messages: count, sent, acked, wrong, failed, ms, cpuUs: used.user + used.system })}\n`);
agent.destroy();
