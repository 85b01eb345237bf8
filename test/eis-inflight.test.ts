// At most maxInFlight deliveries on the wire, whoever asks for them — and resends still made while slow answers hold
// every slot. The participant is a node:http server on loopback that answers each delivery later than the resend
// interval and loses the answer to every fourth message's first try (processed and kept, the answer never sent), so
// resends fall due while a burst is still going out and its slots are taken. It counts the connections open at once.
// The clock is real (the resend interval 400 ms) and the test looks for due resends every 20 ms; nothing is timed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../core/calendar.ts';
import { createRealClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createRng } from '../core/random.ts';
import { createFaultSet, type SimulatorContext } from '../core/simulator.ts';
import { createBackgroundWork, createSimulatorApp } from '../simulators/kit/index.ts';
import { createOutboundFetch } from '../simulators/transport/outbound.ts';
import { mountMessaging } from '../simulators/eis/messaging/faces.ts';
import { deliveryFindings, processedTwice } from '../simulators/eis/messaging/judge.ts';
import { PARTICIPANT } from '../simulators/eis/messaging/test-support.ts';

const BURST = 40;
const ACK_TIMEOUT_MS = 400;
/** longer than the resend interval, shorter than two of them: an answer always beats the last try's deadline */
const ANSWER_AFTER_MS = 550;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A slow participant: acks each message once (a repeat gets the identical ack), late, and loses some answers. */
/** A simulator context on the wall clock (the bound is about real connections), delivering to `url`. */
function wallClockContext(url: string, seed: number, send: SimulatorContext['fetch']): SimulatorContext {
  const clock = createRealClock(() => Date.now());
  return { clock, journal: createJournal({ clock, wallTime: () => Date.now() }), rng: createRng(seed), calendar: DEFAULT_CALENDAR, fetch: send, endpoints: { 'participant.provider': url } };
}

async function slowParticipant() {
  const acks = new Map<string, string>();
  const processed: string[] = [];
  let open = 0;
  let mostOpen = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  let lost = 0;
  server = createServer((req, res) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string; envelopeId: string; try: number };
      let ack = acks.get(n.messageId);
      if (ack === undefined) {
        ack = JSON.stringify({ messageId: n.messageId, envelopeId: n.envelopeId, code: 100, from: PARTICIPANT });
        acks.set(n.messageId, ack);
        processed.push(n.messageId);
      }
      const loseIt = n.try === 1 && processed.indexOf(n.messageId) % 4 === 0;
      setTimeout(() => {
        inFlight -= 1;
        if (loseIt) {
          lost += 1;
          return void req.socket.destroy();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(ack);
      }, ANSWER_AFTER_MS);
    });
  });
  server.on('connection', (socket) => {
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    socket.on('close', () => void (open -= 1));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    processed,
    figures: () => ({ mostOpen, mostInFlight, lost }),
  };
}

describe('deliveries to the participant', () => {
  // a run reaches the participant with fetch (undici's pool), `polihon serve` with its node:http pool
  it.each([
    ['fetch', (): SimulatorContext['fetch'] => (input, init) => fetch(input, init)],
    ['the node:http pool', (): SimulatorContext['fetch'] => createOutboundFetch()],
  ])('never has more than maxInFlight on the wire, and resends still go out while slow answers hold the slots (%s)', async (via, outbound) => {
    const participant = await slowParticipant();
    const ctx = wallClockContext(participant.url, 11, outbound());
    const app = createSimulatorApp({ name: 'eis', ctx });
    const background = createBackgroundWork();
    const handle = mountMessaging(app, { ctx, faults: createFaultSet(), background, subsystem: PARTICIPANT, settings: { ackTimeoutMs: ACK_TIMEOUT_MS, maxTries: 3 }, maxInFlight: 8 });
    // resends fall due every 400 ms: looked for far more often than the simulator's own once a second
    const looking = setInterval(() => void handle.pump(), 20);
    try {
      const res = await app.fetch(new Request('http://eis.polihon.test/__polihon/messaging/notify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: BURST }) }));
      expect(res.status).toBe(200);
      for (let i = 0; i < 200 && handle.engine.counters().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
      await background.idle();
    } finally {
      clearInterval(looking);
      handle.stop();
    }

    const counters = handle.engine.counters();
    const figures = participant.figures();
    console.log(
      `${via}: ${BURST} notifications to a participant answering after ${ANSWER_AFTER_MS} ms (resend interval ${ACK_TIMEOUT_MS} ms), ${figures.lost} answers lost: ` +
        `sent ${counters.sent}, resent ${counters.resent}, acked ${counters.acked}, undelivered ${counters.undelivered}, acks repeated ${counters.acksRefused}; ` +
        `at most ${figures.mostOpen} connections open and ${figures.mostInFlight} deliveries in flight at once`,
    );
    expect(counters).toMatchObject({ sent: BURST, acked: BURST, undelivered: 0, pending: 0, negative: 0 });
    expect(figures.lost).toBe(BURST / 4);
    expect(counters.resent).toBeGreaterThanOrEqual(figures.lost);
    expect(participant.processed).toHaveLength(BURST);
    expect(processedTwice(participant.processed)).toEqual([]);
    expect(deliveryFindings(ctx.journal.entries())).toEqual([]);
    expect(figures.mostInFlight).toBeLessThanOrEqual(8);
    expect(figures.mostOpen).toBeLessThanOrEqual(8);
  }, 60_000);

  it('keeps to a smaller limit when given one', async () => {
    const participant = await slowParticipant();
    const ctx = wallClockContext(participant.url, 12, (input, init) => fetch(input, init));
    const app = createSimulatorApp({ name: 'eis', ctx });
    const background = createBackgroundWork();
    // a long ack timeout: the lost answers stay unresent, only the bound is looked at
    const handle = mountMessaging(app, { ctx, faults: createFaultSet(), background, subsystem: PARTICIPANT, settings: { ackTimeoutMs: 60_000, maxTries: 3 }, maxInFlight: 3 });
    try {
      const res = await app.fetch(new Request('http://eis.polihon.test/__polihon/messaging/notify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 12 }) }));
      expect(res.status).toBe(200);
    } finally {
      handle.stop();
    }
    expect(participant.processed).toHaveLength(12);
    expect(participant.figures().mostInFlight).toBe(3);
    expect(participant.figures().mostOpen).toBeLessThanOrEqual(3);
  }, 30_000);
});
