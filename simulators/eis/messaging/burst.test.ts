// Nothing lost, nothing twice: a burst of 2 000 notifications to a participant on loopback that is killed mid-burst
// (its answer to the message it was processing lost) and started again, while the simulator itself is "restarted" —
// a new instance over the same persisted store — later in the same burst. The resends fill every gap. The figures
// are printed; nothing here is timed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext } from '../../testing.ts';
import { deliveryFigures, deliveryFindings, processedTwice } from './judge.ts';
import { fileStore } from './store.ts';
import { fakeReceiver, messagingWorld, MIN, PARTICIPANT, type FakeReceiver, type MessagingWorld } from './test-support.ts';

const BURST = 2000;
let receiver: FakeReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('a burst of notifications through a participant crash and a simulator restart', () => {
  it('loses none and has none processed twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eis-burst-'));
    const storeFile = join(dir, 'eis-messaging.jsonl');
    let restarted: MessagingWorld | undefined;
    let receiverDown: Promise<void> | undefined;

    // the participant comes back once ten deliveries have failed on its closed port: a gap of known size, not of time
    let failures = -1;
    const ctx = createTestContext({
      fetch: async (input, init) => {
        try {
          return await fetch(input, init);
        } catch (err) {
          if (failures >= 0 && ++failures === 10) receiverDown = receiver!.restart();
          throw err;
        }
      },
    });
    const simulator = messagingWorld(ctx, fileStore(storeFile));
    receiver = await fakeReceiver({
      file: join(dir, 'participant-processed.jsonl'),
      onProcessed(count, kill) {
        if (count === Math.floor(BURST * 0.3)) {
          // the participant dies with this message processed and its ack unsent
          kill();
          failures = 0;
        }
        if (count === Math.floor(BURST * 0.6) && !restarted) {
          // the simulator dies mid-burst; a new one over the same store carries on
          simulator.handle.stop();
          restarted = messagingWorld(ctx, fileStore(storeFile));
        }
      },
    });
    ctx.endpoints['participant.provider'] = receiver.url;

    const burst = await simulator.call('POST', '/__polihon/messaging/notify', { count: BURST, payload: { kind: 'synthetic' } });
    expect(burst.status).toBe(200);
    expect(receiverDown).toBeDefined();
    await receiverDown;
    expect(restarted).toBeDefined();
    const live = restarted!;
    await live.background.idle();

    // let every resend fall due: at most the two resends three tries allow
    for (let round = 0; round < 3 && live.handle.engine.counters().pending > 0; round++) {
      ctx.clock.advance(5 * MIN);
      await live.background.idle();
    }

    const counters = live.handle.engine.counters();
    const processed = receiver.processed();
    const entries = ctx.journal.entries();
    const figures = deliveryFigures(entries);
    console.log(
      `burst of ${BURST}: sent ${counters.sent}, resent ${counters.resent}, acked ${counters.acked}, undelivered ${counters.undelivered}, ` +
        `duplicates answered by the participant ${receiver.received.length - processed.length}, processed ${processed.length}, ` +
        `journal: ${figures.tries} tries, ${figures.acked} acks, ${figures.acksRefused} refused`,
    );
    expect(counters).toMatchObject({ sent: BURST, acked: BURST, undelivered: 0, pending: 0 });
    expect(counters.resent).toBeGreaterThan(0);
    expect(processed).toHaveLength(BURST);
    expect(processedTwice(processed)).toEqual([]);
    expect(new Set(processed)).toEqual(new Set(live.handle.engine.messages().map((m) => m.messageId)));
    expect(deliveryFindings(entries)).toEqual([]);
    // a third instance reads the same story from the store
    expect(messagingWorld(ctx, fileStore(storeFile)).handle.engine.counters()).toEqual(counters);
  }, 120_000);

  it('draws ids its predecessor never used when restarted as a new process seeded as before', async () => {
    const storeFile = join(mkdtempSync(join(tmpdir(), 'eis-ids-')), 'eis-messaging.jsonl');
    // no participant endpoint: each message gets its first try (an envelope id) and nothing more
    const before = messagingWorld(createTestContext(), fileStore(storeFile));
    expect((await before.call('POST', '/__polihon/messaging/notify', { count: 700 })).status).toBe(200);
    before.handle.stop();
    // a new context is a new process: its generator starts where the first one's did, 1 400 ids ago
    const after = messagingWorld(createTestContext(), fileStore(storeFile));
    await after.background.idle();
    const r = await after.call('POST', '/__polihon/messaging/notify', { count: 1 });
    expect(r.status).toBe(200);
    expect(after.handle.engine.counters()).toMatchObject({ sent: 701 });
    expect(new Set(after.handle.engine.messages().map((m) => m.messageId)).size).toBe(701);
  });

  it('answers the participant’s resends after a simulator restart with the identical acks, processing nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eis-inbound-'));
    const storeFile = join(dir, 'eis-messaging.jsonl');
    const ctx = createTestContext();
    const message = (i: number, envelope: string) => ({ messageId: `p-${i}`, envelopeId: `${envelope}-${i}`, mode: 'notification-ack', from: PARTICIPANT, type: 'person.moved', payload: { i } });
    const before = messagingWorld(ctx, fileStore(storeFile));
    const first = new Map<number, string>();
    for (let i = 1; i <= 300; i++) first.set(i, (await before.call('POST', '/eis/v1/messages', message(i, 'a'))).text);
    before.handle.stop();

    const after = messagingWorld(ctx, fileStore(storeFile));
    // the participant's resends come at the end of its window: three tries' timeouts later
    ctx.clock.advance(3 * 5 * MIN);
    for (let i = 1; i <= 500; i++) {
      const r = await after.call('POST', '/eis/v1/messages', message(i, 'b'));
      if (i <= 300) expect(r.text).toBe(first.get(i));
      else expect(r.body).toMatchObject({ messageId: `p-${i}`, code: 100 });
    }
    const counters = after.handle.engine.counters();
    console.log(`inbound: ${counters.received} processed, ${counters.duplicatesAnswered} duplicates answered with the original ack across a restart`);
    expect(counters).toMatchObject({ received: 500, duplicatesAnswered: 300 });
    const outcomes = ctx.journal.entries({ service: 'eis.message', kind: 'response' }).map((e) => e.outcome);
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(500);
  });
});
