// Nothing lost, nothing processed twice, with the real reference ЄІС МВС participant: a burst of 3 000 notifications
// from the ЄІС МВС simulator's messaging part (served on loopback) to the participant running as a process. Mid-burst
// the participant is killed (SIGKILL: no goodbye, its in-flight answers lost) and started again on the same port and
// data dir; later in the burst the simulator is restarted — a new instance over the same file store. The resends fill
// every gap. The figures are printed (and quoted in participants/eis-subscriber/README.md); nothing here is timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliveryFigures, deliveryFindings, processedTwice } from '../simulators/eis/public.ts';
import { fileStore } from '../simulators/eis/messaging/store.ts';
import { messagingWorld, MIN, type MessagingWorld } from '../simulators/eis/messaging/test-support.ts';
import { createTestContext } from '../simulators/testing.ts';
import { ROOT } from './helpers.ts';

const BURST = 3000;
const KILL_AT = 900;
const SIM_RESTART_AT = 1800;

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The participant as a process; resolves once its driver answers health. */
async function startParticipant(port: number, dataDir: string, eisUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.mjs'), join(ROOT, 'participants', 'eis-subscriber', 'main.ts')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, EIS_URL: eisUrl, PARTICIPANT_FAULTS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`the participant exited ${child.exitCode}: ${err}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/driver/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the participant did not come up: ${err}`);
}

describe('the reference ЄІС МВС participant through a kill and a simulator restart', () => {
  it('loses no notification and processes none twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eis-kill-restart-'));
    const storeFile = join(dir, 'eis-messaging.jsonl');
    const dataDir = join(dir, 'participant');
    const port = await freePort();

    let sim: MessagingWorld;
    // ЄІС МВС on loopback (the participant would send its async acks and own messages here), always the live instance
    const face = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        void sim.call(req.method ?? 'GET', req.url ?? '/', text || undefined).then((r) => {
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(r.text);
        });
      });
    });
    await new Promise<void>((r) => face.listen(0, '127.0.0.1', r));
    const eisUrl = `http://127.0.0.1:${(face.address() as AddressInfo).port}`;

    let participant = await startParticipant(port, dataDir, eisUrl);
    let delivered = 0;
    let duplicatesAnswered = 0;
    let failures = -1;
    let respawned: Promise<ChildProcess> | undefined;
    let first: MessagingWorld | undefined;
    const ctx = createTestContext({
      fetch: async (input, init) => {
        try {
          const res = await fetch(input, init);
          if (res.headers.get('x-eis-duplicate')) duplicatesAnswered += 1;
          delivered += 1;
          if (delivered === KILL_AT) {
            participant.kill('SIGKILL');
            failures = 0;
          }
          if (delivered === SIM_RESTART_AT && !first) {
            first = sim;
            first.handle.stop();
            sim = messagingWorld(ctx, fileStore(storeFile));
          }
          return res;
        } catch (err) {
          // back on the same port and data dir once ten deliveries have met its closed port: a gap of known size
          if (failures >= 0 && ++failures === 10) respawned = startParticipant(port, dataDir, eisUrl);
          throw err;
        }
      },
    });
    ctx.endpoints['participant.provider'] = `http://127.0.0.1:${port}`;
    sim = messagingWorld(ctx, fileStore(storeFile));

    const burst = await sim.call('POST', '/__polihon/messaging/notify', { count: BURST, payload: { kind: 'synthetic' } });
    expect(burst.status).toBe(200);
    expect(respawned, 'the participant was killed and started again').toBeDefined();
    participant = await respawned!;
    // the burst may end before the restart point on a fast machine's count; it never does with 3 000 and 1 800
    expect(first, 'the simulator was restarted').toBeDefined();
    await sim.background.idle();
    for (let round = 0; round < 3 && sim.handle.engine.counters().pending > 0; round++) {
      ctx.clock.advance(5 * MIN);
      await sim.background.idle();
    }

    const counters = sim.handle.engine.counters();
    const listed = (await (await fetch(`http://127.0.0.1:${port}/driver/processed`)).json()) as { processed: { messageId: string; count: number }[]; total: number };
    const processed = listed.processed.flatMap((p) => Array.from({ length: p.count }, () => p.messageId));
    const entries = ctx.journal.entries();
    const figures = deliveryFigures(entries);
    console.log(
      `eis-subscriber kill-and-restart, burst of ${BURST}: sent ${counters.sent}, resent ${counters.resent}, acked ${counters.acked}, ` +
        `undelivered ${counters.undelivered}, duplicates answered by the participant ${duplicatesAnswered}, processed ${processed.length} ` +
        `(journal: ${figures.tries} tries, ${figures.acked} acks, ${figures.acksRefused} refused)`,
    );
    expect(counters).toMatchObject({ sent: BURST, acked: BURST, undelivered: 0, pending: 0 });
    expect(counters.resent).toBeGreaterThan(0);
    expect(processedTwice(processed)).toEqual([]);
    expect(processed).toHaveLength(BURST);
    // the simulator's own messages view names the same 3 000, each acknowledged
    const view = (await sim.call('GET', '/__polihon/messaging/messages')).body as { messages: { messageId: string; state: string }[] };
    expect(new Set(processed)).toEqual(new Set(view.messages.map((m) => m.messageId)));
    expect(view.messages.filter((m) => m.state !== 'acked')).toEqual([]);
    expect(deliveryFindings(entries)).toEqual([]);

    participant.kill('SIGTERM');
    await new Promise<void>((r) => face.close(() => r()));
  }, 60_000);
});
