// `node --expose-gc --import tsx bench/eis-memory.ts [messages] [memory|file]`: how much heap ЄІС МВС's messaging part
// holds for a run's worth of notification–acknowledgement messages — all acknowledged, then the clock moved past the
// duplicate-cache window, so only what the mode still needs should be left. In one process: the messaging part on a
// simulator app (virtual clock, the journal bounded and spilled to nowhere, so it is not what is measured) and a bare
// node:http receiver on loopback acking each delivery in its answer. Prints the heap after each stage; the figure is
// what the engine and its store hold (the heap with them minus the heap after a reset). Nothing here is judged.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal, createSpillingStorage } from '../core/journal.ts';
import { createRng } from '../core/random.ts';
import { DEFAULT_CALENDAR } from '../core/calendar.ts';
import type { SimulatorContext } from '../core/simulator.ts';
import { memoryStore } from '../simulators/eis/messaging/engine.ts';
import { fileStore } from '../simulators/eis/messaging/store.ts';
import { messagingWorld, MIN, PARTICIPANT } from '../simulators/eis/messaging/test-support.ts';
import { createOutboundFetch } from '../simulators/transport/outbound.ts';

const messages = Number(process.argv[2] ?? 25_000);
const storeKind = process.argv[3] === 'file' ? 'file' : 'memory';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/eis-memory.ts');

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const env = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string; envelopeId: string };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ messageId: env.messageId, envelopeId: env.envelopeId, code: 100, from: PARTICIPANT }));
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));

const clock = createVirtualClock(Date.parse('2026-04-20T06:00:00Z'));
const journal = createJournal({ clock, wallTime: () => Date.now(), storage: createSpillingStorage({ write: () => {}, read: () => [], clear: () => {} }, 1_000) });
const network = createOutboundFetch();
const ctx: SimulatorContext = { clock, journal, rng: createRng(1), calendar: DEFAULT_CALENDAR, fetch: (i, init) => network(i, init), endpoints: { 'participant.provider': `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` } };
const dir = mkdtempSync(join(tmpdir(), 'eis-memory-'));
const world = messagingWorld(ctx, storeKind === 'file' ? fileStore(join(dir, 'eis-messaging.jsonl')) : memoryStore());

const empty = heap();
for (let left = messages; left > 0; left -= 10_000) {
  const r = await world.call('POST', '/__polihon/messaging/notify', { count: Math.min(left, 10_000), payload: { kind: 'synthetic', text: 'повідомлення про зміну статусу документа'.repeat(4) } });
  if (r.status !== 200) throw new Error(`notify answered ${r.status}: ${r.text.slice(0, 300)}`);
}
await world.background.idle();
const counters = world.handle.engine.counters();
if (counters.acked !== messages) throw new Error(`${counters.acked} of ${messages} acknowledged`);
const settled = heap();
// past the duplicate-cache window (3 tries × 5 min + 1 min): nothing of these messages is needed for a resend any more
clock.advance(20 * MIN);
await world.handle.pump();
await world.background.idle();
const aged = heap();
world.handle.reset();
const reset = heap();
console.log(
  `ЄІС МВС messaging, ${messages.toLocaleString('en-US')} messages acknowledged, ${storeKind} store: heap ${mib(empty)} empty, ` +
    `${mib(settled)} all acknowledged, ${mib(aged)} past the duplicate-cache window, ${mib(reset)} after reset — ` +
    `the messaging part held ${mib(settled - reset)} when settled, ${mib(aged - reset)} once aged (${Math.round((aged - reset) / messages)} B a message)`,
);
receiver.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
