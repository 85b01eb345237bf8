import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorContext } from '../../../core/simulator.ts';
import { createTestContext, T0 } from '../../testing.ts';
import { EIS_SUBSYSTEM } from './contract.ts';
import { acksNamingWrongMessage, deliveryFindings, extraFields, refusedAcks } from './judge.ts';
import { EIS_SERVICES } from './requests.ts';
import { fakeReceiver, messagingWorld, MIN, OTHER, PARTICIPANT, type FakeReceiver, type MessagingWorld } from './test-support.ts';

const open: FakeReceiver[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

async function world(ack: 'sync' | 'none' = 'sync', failWith?: number): Promise<{ ctx: SimulatorContext; w: MessagingWorld; receiver: FakeReceiver }> {
  const receiver = await fakeReceiver({ file: join(mkdtempSync(join(tmpdir(), 'eis-fake-')), 'processed.jsonl'), ack, ...(failWith ? { failWith } : {}) });
  open.push(receiver);
  const ctx = createTestContext({ endpoints: { 'participant.provider': receiver.url }, fetch: (input, init) => fetch(input, init) });
  return { ctx, w: messagingWorld(ctx), receiver };
}

async function advance(ctx: SimulatorContext, w: MessagingWorld, ms: number) {
  ctx.clock.advance(ms);
  await w.background.idle();
}

const notify = (w: MessagingWorld, body: Record<string, unknown> = {}) => w.call('POST', '/__polihon/messaging/notify', body);
const message = async (w: MessagingWorld, id: string) => ((await w.call('GET', '/__polihon/messaging/messages')).body.messages as { messageId: string; state: string; tries: { envelopeId: string }[] }[]).find((m) => m.messageId === id)!;

describe('notification with ack, to the participant', () => {
  it('is delivered with a message id and an envelope id, and acknowledged once in the answer', async () => {
    const { ctx, w, receiver } = await world();
    const r = await notify(w, { payload: { person: 'synthetic' } });
    expect(r.status).toBe(200);
    const id = (r.body.messageIds as string[])[0]!;
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ messageId: id, mode: 'notification-ack', to: PARTICIPANT, try: 1 });
    expect(await message(w, id)).toMatchObject({ state: 'acked' });
    expect(r.body.counters).toMatchObject({ sent: 1, acked: 1, resent: 0, undelivered: 0, pending: 0 });
    expect(r.body.delivery).toMatchObject({ status: 200, body: { messageId: id, code: 100, from: PARTICIPANT } });
    expect(deliveryFindings(ctx.journal.entries())).toEqual([]);
  });

  it('resends a withheld try after the ack timeout with a new envelope id and the same message id', async () => {
    const { ctx, w, receiver } = await world();
    w.faults.add({ service: 'eis.notify', kind: 'withhold', count: 1 });
    const withheld = await notify(w);
    expect(withheld.body.delivery).toMatchObject({ status: 0, withheld: true });
    const id = (withheld.body.messageIds as string[])[0]!;
    expect(receiver.received).toHaveLength(0);
    expect((await message(w, id)).state).toBe('awaiting-ack');
    await advance(ctx, w, 5 * MIN - 1);
    expect(receiver.received).toHaveLength(0);
    await advance(ctx, w, 1);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ messageId: id, try: 2 });
    const m = await message(w, id);
    expect(m.state).toBe('acked');
    expect(m.tries).toHaveLength(2);
    expect(receiver.received[0]!.envelopeId).toBe(m.tries[1]!.envelopeId);
    expect(m.tries[0]!.envelopeId).not.toBe(m.tries[1]!.envelopeId);
    expect(ctx.journal.entries({ service: 'eis.notify', kind: 'request' }).map((e) => e.outcome)).toEqual(['fault:withhold', undefined]);
  });

  it('takes one ack when the network delivers an envelope twice; the identical second ack is journalled as a duplicate', async () => {
    const { ctx, w, receiver } = await world();
    w.faults.add({ service: 'eis.notify', kind: 'duplicate', count: 1 });
    const id = ((await notify(w)).body.messageIds as string[])[0]!;
    expect(receiver.received.map((n) => n.envelopeId)).toHaveLength(2);
    expect(new Set(receiver.received.map((n) => n.envelopeId)).size).toBe(1);
    expect(receiver.processed()).toEqual([id]);
    const outcomes = ctx.journal.entries({ service: 'eis.notify', kind: 'event' }).map((e) => e.outcome);
    expect(outcomes).toEqual(['acked', 'ack-duplicate']);
    expect(deliveryFindings(ctx.journal.entries())).toEqual([]);
  });

  it('delivers late under a latency fault, and resends a try sent garbled (malformed) that the participant refused', async () => {
    const { ctx, w, receiver } = await world();
    w.faults.add({ service: 'eis.notify', kind: 'latency', ms: 1, count: 1 });
    const late = await notify(w);
    expect(late.body.delivery).toMatchObject({ status: 200 });
    w.faults.add({ service: 'eis.notify', kind: 'malformed', count: 1 });
    const garbled = await notify(w);
    expect(garbled.body.delivery).toMatchObject({ status: 400 });
    const id = (garbled.body.messageIds as string[])[0]!;
    expect((await message(w, id)).state).toBe('awaiting-ack');
    await advance(ctx, w, 5 * MIN);
    expect((await message(w, id)).state).toBe('acked');
    expect(receiver.processed()).toHaveLength(2);
    expect(deliveryFindings(ctx.journal.entries())).toEqual([]);
  });

  it('waits for an ack on /eis/v1/acks, refuses a second, an unknown message and another participant’s', async () => {
    const { ctx, w, receiver } = await world('none');
    const mine = ((await notify(w)).body.messageIds as string[])[0]!;
    const theirs = ((await notify(w, { to: OTHER })).body.messageIds as string[])[0]!;
    expect((await message(w, mine)).state).toBe('awaiting-ack');
    const envMine = receiver.received.find((n) => n.messageId === mine)!.envelopeId;
    const envTheirs = receiver.received.find((n) => n.messageId === theirs)!.envelopeId;

    const ok = await w.call('POST', '/eis/v1/acks', { messageId: mine, envelopeId: envMine, code: 100, from: PARTICIPANT });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ messageId: mine, accepted: true });
    const twice = await w.call('POST', '/eis/v1/acks', { messageId: mine, envelopeId: envMine, code: 100, from: PARTICIPANT });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ receipt: { code: 201, messageId: mine } });
    const unknown = await w.call('POST', '/eis/v1/acks', { messageId: 'no-such-message', envelopeId: envMine, code: 100, from: PARTICIPANT });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ receipt: { code: 210 } });
    const foreign = await w.call('POST', '/eis/v1/acks', { messageId: theirs, envelopeId: envTheirs, code: 100, from: PARTICIPANT });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ receipt: { code: 310 } });
    expect(String(foreign.body.detail)).toContain(OTHER);
    const stranger = await w.call('POST', '/eis/v1/acks', { messageId: mine, envelopeId: envMine, code: 100, from: 'SEVDEIR-TEST/GOV/99999999/NOBODY' });
    expect(stranger.body).toMatchObject({ receipt: { code: 300 } });
    const malformed = await w.call('POST', '/eis/v1/acks', { messageId: mine, code: 'fine' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'envelopeId' }), expect.objectContaining({ field: 'code' })]));

    // every refusal journalled, with its reason; the other participant's message untouched
    expect(refusedAcks(ctx.journal.entries()).map((r) => r.receipt)).toEqual([201, 210, 310]);
    expect((await message(w, theirs)).state).toBe('awaiting-ack');
    const acked = ctx.journal.entries({ service: 'eis.notify', kind: 'event' }).filter((e) => e.outcome === 'acked');
    expect(acked.map((e) => e.messageId)).toEqual([mine]);
  });

  it('reports a message undelivered after 3 tries without an ack, each try a new envelope', async () => {
    const { ctx, w, receiver } = await world('sync', 503);
    const id = ((await notify(w)).body.messageIds as string[])[0]!;
    await advance(ctx, w, 5 * MIN);
    await advance(ctx, w, 5 * MIN);
    expect(receiver.received).toHaveLength(0); // a 503 answers before the body is read
    await advance(ctx, w, 5 * MIN);
    const m = await message(w, id);
    expect(m.state).toBe('undelivered');
    expect(new Set(m.tries.map((t) => t.envelopeId)).size).toBe(3);
    const undelivered = ctx.journal.entries({ service: 'eis.notify', kind: 'event' }).filter((e) => e.outcome === 'undelivered');
    expect(undelivered.map((e) => e.messageId)).toEqual([id]);
    // a late ack changes nothing
    const late = await w.call('POST', '/eis/v1/acks', { messageId: id, envelopeId: m.tries[0]!.envelopeId, code: 100, from: PARTICIPANT });
    expect(late.body).toMatchObject({ receipt: { code: 203 } });
    expect(deliveryFindings(ctx.journal.entries())).toEqual([]);
    const view = await w.call('GET', '/__polihon/messaging/messages?state=undelivered');
    expect((view.body.messages as unknown[]).length).toBe(1);
    expect(view.body.counters).toMatchObject({ sent: 1, resent: 2, undelivered: 1, acked: 0 });
  });

  it('never applies an ack in the answer that names another message', async () => {
    const receiver = await fakeReceiver({ file: join(mkdtempSync(join(tmpdir(), 'eis-fake-')), 'p.jsonl') });
    open.push(receiver);
    const ctx = createTestContext({
      endpoints: { 'participant.provider': receiver.url },
      // the participant's answer, rewritten to name a wrong message id
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const ack = JSON.parse(await res.text()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...ack, messageId: 'someone-else' }), { status: res.status, headers: { 'content-type': 'application/json' } });
      },
    });
    const w = messagingWorld(ctx);
    const id = ((await notify(w)).body.messageIds as string[])[0]!;
    expect((await message(w, id)).state).toBe('awaiting-ack');
    expect(acksNamingWrongMessage(ctx.journal.entries())).toEqual([expect.objectContaining({ messageId: id, ackMessageId: 'someone-else' })]);
  });
});

describe('notification without ack, to the participant', () => {
  it('is sent once and never resent; an ack is accepted and ignored', async () => {
    const { ctx, w, receiver } = await world('none');
    const id = ((await notify(w, { mode: 'notification' })).body.messageIds as string[])[0]!;
    expect(receiver.received[0]).toMatchObject({ messageId: id, mode: 'notification' });
    expect(receiver.received[0]).not.toHaveProperty('ackBy');
    expect((await message(w, id)).state).toBe('sent');
    await advance(ctx, w, 60 * MIN);
    expect(receiver.received).toHaveLength(1);
    const ack = await w.call('POST', '/eis/v1/acks', { messageId: id, envelopeId: receiver.received[0]!.envelopeId, code: 100, from: PARTICIPANT });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ accepted: true, ignored: true });
    expect((await message(w, id)).state).toBe('sent');
  });
});

describe('the participant’s messages to the central subsystem', () => {
  const body = (messageId: string, envelopeId: string, extra: Record<string, unknown> = {}) => ({ messageId, envelopeId, mode: 'notification-ack', from: PARTICIPANT, type: 'person.moved', payload: { a: 1 }, ...extra });

  it('processes a new message once and answers its duplicates with the identical ack', async () => {
    const { ctx, w } = await world();
    const first = await w.call('POST', '/eis/v1/messages', body('m-1', 'e-1'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ messageId: 'm-1', envelopeId: 'e-1', code: 100, from: EIS_SUBSYSTEM });
    const same = await w.call('POST', '/eis/v1/messages', body('m-1', 'e-1'));
    expect(same.text).toBe(first.text);
    expect(same.headers.get('x-eis-duplicate')).toBe('same-envelope');
    const resend = await w.call('POST', '/eis/v1/messages', body('m-1', 'e-2'));
    expect(resend.status).toBe(200);
    expect(resend.text).toBe(first.text);
    expect(resend.headers.get('x-eis-duplicate')).toBe('new-envelope');
    const processed = ctx.journal.entries({ service: 'eis.message', kind: 'response' }).map((e) => e.outcome);
    expect(processed).toEqual(['processed', 'duplicate-answered', 'duplicate-answered']);
  });

  it('refuses a reused envelope (200), no payload (202, answered identically again), an unknown sender (300), a bad mode (303)', async () => {
    const { w } = await world();
    await w.call('POST', '/eis/v1/messages', body('m-1', 'e-1'));
    const reused = await w.call('POST', '/eis/v1/messages', body('m-2', 'e-1'));
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ receipt: { code: 200, messageId: 'm-2', envelopeId: 'e-1' } });
    expect(String(reused.body.detail)).toContain('m-1');
    const empty = await w.call('POST', '/eis/v1/messages', body('m-3', 'e-3', { payload: undefined }));
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ receipt: { code: 202 } });
    const emptyAgain = await w.call('POST', '/eis/v1/messages', body('m-3', 'e-4', { payload: undefined }));
    expect(emptyAgain.text).toBe(empty.text);
    const stranger = await w.call('POST', '/eis/v1/messages', body('m-4', 'e-5', { from: 'SEVDEIR-TEST/GOV/99999999/NOBODY' }));
    expect(stranger.body).toMatchObject({ receipt: { code: 300 } });
    const mode = await w.call('POST', '/eis/v1/messages', body('m-5', 'e-6', { mode: 'shout' }));
    expect(mode.body).toMatchObject({ receipt: { code: 303 } });
    const noEnvelope = await w.call('POST', '/eis/v1/messages', { messageId: 'm-6', from: PARTICIPANT });
    expect(noEnvelope.body).toMatchObject({ receipt: { code: 200 }, errors: [expect.objectContaining({ field: 'envelopeId' })] });
    const garbage = await w.call('POST', '/eis/v1/messages', '{"messageId":');
    expect(garbage.status).toBe(400);
  });

  it('accepts a notification without a receipt (202) and still processes it once', async () => {
    const { ctx, w } = await world();
    const a = await w.call('POST', '/eis/v1/messages', body('n-1', 'e-1', { mode: 'notification' }));
    expect(a.status).toBe(202);
    expect(a.body).not.toHaveProperty('code');
    const b = await w.call('POST', '/eis/v1/messages', body('n-1', 'e-2', { mode: 'notification' }));
    expect(b.status).toBe(202);
    expect(ctx.journal.entries({ service: 'eis.message', kind: 'response' }).map((e) => e.outcome)).toEqual(['processed', 'duplicate-answered']);
  });
});

describe('request–response', () => {
  it('needs purpose and legal ground (XCH-01), and answers exactly the agreed fields', async () => {
    const { w } = await world();
    await w.call('POST', '/__polihon/messaging/documents', { documents: [{ documentType: 'id-card', documentNumber: '000123456', status: 'lost' }] });
    const bare = await w.call('POST', '/eis/v1/requests', { service: 'document-status', params: { documentType: 'id-card', documentNumber: '000123456' } });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'purpose' }), expect.objectContaining({ field: 'legalGround' })]);
    const asked = { service: 'document-status', purpose: 'перевірка документа під час реєстрації місця проживання', legalGround: 'Закон України № 1871-IX, ст. 12', params: { documentType: 'id-card', documentNumber: '000123456' } };
    const r = await w.call('POST', '/eis/v1/requests', asked);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ service: 'document-status', status: 'lost', documentNumber: '000123456' });
    expect(extraFields(r.body, EIS_SERVICES['document-status']!.agreed)).toEqual([]);
    expect(Object.keys(r.body).sort()).toEqual([...EIS_SERVICES['document-status']!.agreed].sort());
    const unknown = await w.call('POST', '/eis/v1/requests', { ...asked, service: 'everything' });
    expect(unknown.status).toBe(404);
    const badParams = await w.call('POST', '/eis/v1/requests', { ...asked, params: { documentType: 'id-card' } });
    expect(badParams.status).toBe(422);
    expect(extraFields({ requestId: 'x', rnokpp: '1' }, ['requestId'])).toEqual(['rnokpp']);
  });
});

describe('request–response the other way: ЄІС МВС asks the participant', () => {
  it('names purpose and legal ground, and finds fields beyond the agreed set in the answer', async () => {
    const asked: Record<string, unknown>[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        asked.push({ path: req.url, ...(JSON.parse(text) as Record<string, unknown>) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ requestId: 'q-1', registered: true, rnokpp: '3287300123' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const ctx = createTestContext({ endpoints: { 'participant.provider': `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, fetch: (input, init) => fetch(input, init) });
      const w = messagingWorld(ctx);
      const r = await w.call('POST', '/__polihon/messaging/ask', { requestId: 'q-1', service: 'residence', purpose: 'перевірка реєстрації', legalGround: 'ст. 12', params: { unzr: '19900101-00018' }, agreed: ['requestId', 'registered'] });
      expect(r.body).toMatchObject({ delivery: { status: 200 }, extraFields: ['rnokpp'], missingFields: [] });
      expect(asked[0]).toMatchObject({ path: '/eis/requests', purpose: 'перевірка реєстрації', legalGround: 'ст. 12', service: 'residence' });
      expect(ctx.journal.entries({ service: 'eis.ask', kind: 'response' })[0]).toMatchObject({ outcome: 'extra-fields', data: { extraFields: ['rnokpp'] } });
      const bare = await w.call('POST', '/__polihon/messaging/ask', { service: 'residence', agreed: ['requestId'] });
      expect(bare.status).toBe(422);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('outage notices (XCH-04)', () => {
  it('are in time until the end of the 2nd working day after the day the outage began', async () => {
    // T0 is Tuesday 2026-03-10: an outage of Friday 03-06 is due by the end of Tuesday; of Thursday 03-05, of Monday
    const { w } = await world();
    const friday = await w.call('POST', '/eis/v1/outages', { began: '2026-03-06T15:00:00+02:00', reason: 'збій каналу' });
    expect(friday.status).toBe(201);
    expect(friday.body).toMatchObject({ inTime: true, deadline: '2026-03-10T21:59:59.999Z' });
    const thursday = await w.call('POST', '/eis/v1/outages', { began: '2026-03-05T15:00:00+02:00', reason: 'збій каналу' });
    expect(thursday.body).toMatchObject({ inTime: false });
    const future = await w.call('POST', '/eis/v1/outages', { began: new Date(T0 + MIN).toISOString(), reason: 'x' });
    expect(future.status).toBe(422);
    const list = await w.call('GET', '/__polihon/messaging/outages');
    expect((list.body.outages as unknown[]).length).toBe(2);
  });

  it('are sent by the central subsystem to the participant too', async () => {
    const { ctx, w } = await world();
    const r = await w.call('POST', '/__polihon/messaging/outage', { reason: 'планові роботи' });
    expect(r.body).toMatchObject({ delivery: { status: 200 }, notice: { subsystem: EIS_SUBSYSTEM } });
    expect(ctx.journal.entries({ service: 'eis.outage.notice', kind: 'request' })).toHaveLength(1);
  });
});
