import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheLifetime, createEngine, memoryStore, RECEIPT, settingsOf, type MessagingStore } from './engine.ts';
import { fileStore } from './store.ts';

const T0 = Date.parse('2026-03-10T08:00:00.000Z');
const ME = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
const OTHER = 'SEVDEIR-TEST/GOV/12345678/OTHER_prod';
const MIN = 60_000;

function ids(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

function engine(store: MessagingStore = memoryStore(), newId = ids()) {
  return createEngine({ store, newId, settings: { ackTimeoutMs: 5 * MIN, maxTries: 3 } });
}

describe('outbound: notification with ack', () => {
  it('resends after the ack timeout with a new envelope id and the same message id', () => {
    const e = engine();
    const m = e.create({ to: ME, mode: 'notification-ack', type: 'person.changed', payload: { a: 1 } }, T0);
    const first = e.beginTry(m.messageId, T0)!;
    expect(first).toMatchObject({ messageId: m.messageId, try: 1, maxTries: 3, ackBy: T0 + 5 * MIN });
    // not yet due: nothing to send, and a second caller gets nothing
    expect(e.beginTry(m.messageId, T0 + 5 * MIN - 1)).toBeUndefined();
    expect(e.due(T0 + 5 * MIN - 1).send).toEqual([]);
    expect(e.due(T0 + 5 * MIN).send).toEqual([m.messageId]);
    const second = e.beginTry(m.messageId, T0 + 5 * MIN)!;
    expect(second.messageId).toBe(first.messageId);
    expect(second.envelopeId).not.toBe(first.envelopeId);
    expect(second.try).toBe(2);
    expect(e.counters()).toMatchObject({ sent: 1, resent: 1, pending: 1 });
  });

  it('takes one ack for any envelope of the message, then refuses a second one as a duplicate', () => {
    const e = engine();
    const m = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const first = e.beginTry(m.messageId, T0)!;
    e.beginTry(m.messageId, T0 + 5 * MIN);
    // the ack of the first envelope, late: still the message's ack
    const ok = e.ack({ messageId: m.messageId, envelopeId: first.envelopeId, code: 100, from: ME }, T0 + 6 * MIN);
    expect(ok).toMatchObject({ ok: true, ignored: false });
    expect(e.message(m.messageId)).toMatchObject({ state: 'acked', ack: { envelopeId: first.envelopeId, code: 100 } });
    const again = e.ack({ messageId: m.messageId, envelopeId: first.envelopeId, code: 100, from: ME }, T0 + 6 * MIN);
    expect(again).toMatchObject({ ok: false, code: RECEIPT.duplicate, identical: true });
    // acked: nothing falls due any more
    expect(e.due(T0 + 60 * MIN)).toEqual({ send: [], givenUp: [] });
    expect(e.counters()).toMatchObject({ acked: 1, acksRefused: 1, undelivered: 0, pending: 0 });
  });

  it('refuses an ack for an unknown message, for another participant’s message, or naming a foreign envelope', () => {
    const e = engine();
    const mine = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const theirs = e.create({ to: OTHER, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const envMine = e.beginTry(mine.messageId, T0)!.envelopeId;
    const envTheirs = e.beginTry(theirs.messageId, T0)!.envelopeId;
    expect(e.ack({ messageId: 'nope', envelopeId: envMine, code: 100, from: ME }, T0)).toMatchObject({ ok: false, code: RECEIPT.unknownMessage });
    const foreign = e.ack({ messageId: theirs.messageId, envelopeId: envTheirs, code: 100, from: ME }, T0);
    expect(foreign).toMatchObject({ ok: false, code: RECEIPT.notAllowed });
    if (!foreign.ok) expect(foreign.reason).toContain(OTHER);
    expect(e.ack({ messageId: mine.messageId, envelopeId: envTheirs, code: 100, from: ME }, T0)).toMatchObject({ ok: false, code: RECEIPT.invalidEnvelope });
    // nothing changed
    expect(e.message(mine.messageId)!.state).toBe('awaiting-ack');
    expect(e.message(theirs.messageId)!.state).toBe('awaiting-ack');
    expect(e.counters()).toMatchObject({ acked: 0, acksRefused: 3 });
  });

  it('reports the message undelivered after N tries without an ack, and refuses a later ack', () => {
    const e = engine();
    const m = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const envs: string[] = [];
    let now = T0;
    for (let i = 0; i < 3; i++) {
      expect(e.due(now).send).toEqual([m.messageId]);
      envs.push(e.beginTry(m.messageId, now)!.envelopeId);
      now += 5 * MIN;
    }
    expect(new Set(envs).size).toBe(3);
    expect(e.beginTry(m.messageId, now)).toBeUndefined();
    const { send, givenUp } = e.due(now);
    expect(send).toEqual([]);
    expect(givenUp.map((g) => g.messageId)).toEqual([m.messageId]);
    expect(e.message(m.messageId)).toMatchObject({ state: 'undelivered', reason: 'no ack after 3 tries' });
    expect(e.ack({ messageId: m.messageId, envelopeId: envs[0]!, code: 100, from: ME }, now)).toMatchObject({ ok: false, code: RECEIPT.tooOld });
    expect(e.counters()).toMatchObject({ sent: 1, resent: 2, acked: 0, undelivered: 1, pending: 0 });
  });

  it('lets go of a settled message’s payload and tries once the duplicate cache has forgotten it, keeping its outcome', () => {
    const e = engine();
    const acked = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: { big: 'x'.repeat(1000) } }, T0);
    const given = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: { big: 'y' } }, T0);
    const waiting = e.create({ to: ME, mode: 'notification-ack', type: 't', payload: { big: 'z' } }, T0);
    const env = e.beginTry(acked.messageId, T0)!.envelopeId;
    e.ack({ messageId: acked.messageId, envelopeId: env, code: 100, from: ME }, T0);
    let now = T0;
    for (let i = 0; i < 3; i++, now += 5 * MIN) e.beginTry(given.messageId, now);
    e.due(now);
    expect(e.message(given.messageId)!.state).toBe('undelivered');
    // still within the window: everything kept
    e.due(T0 + e.settings.cacheMs);
    expect(e.message(acked.messageId)).toMatchObject({ payload: { big: 'x'.repeat(1000) }, triesMade: 1 });
    expect(e.message(acked.messageId)!.aged).toBeUndefined();
    const later = now + e.settings.cacheMs + 1;
    e.beginTry(waiting.messageId, later);
    e.due(later);
    expect(e.message(acked.messageId)).toMatchObject({ state: 'acked', aged: true, tries: [], triesMade: 1, payload: undefined, ack: { envelopeId: env, code: 100 } });
    expect(e.message(given.messageId)).toMatchObject({ state: 'undelivered', aged: true, tries: [], triesMade: 3, reason: 'no ack after 3 tries' });
    // one not yet settled is not touched
    expect(e.message(waiting.messageId)).toMatchObject({ state: 'awaiting-ack', payload: { big: 'z' }, triesMade: 1 });
    // a late ack still gets the answer its state gives, whichever envelope it names
    expect(e.ack({ messageId: acked.messageId, envelopeId: env, code: 100, from: ME }, later)).toMatchObject({ ok: false, code: RECEIPT.duplicate, identical: true });
    expect(e.ack({ messageId: acked.messageId, envelopeId: 'never-used', code: 100, from: ME }, later)).toMatchObject({ ok: false, code: RECEIPT.duplicate, identical: false });
    expect(e.ack({ messageId: given.messageId, envelopeId: 'never-used', code: 100, from: ME }, later)).toMatchObject({ ok: false, code: RECEIPT.tooOld });
    expect(e.counters()).toMatchObject({ sent: 3, acked: 1, undelivered: 1, pending: 1 });
  });

  it('keeps a negative receipt as the message’s one ack', () => {
    const e = engine();
    const m = e.create({ to: ME, mode: 'notification-ack', type: 't' }, T0);
    const env = e.beginTry(m.messageId, T0)!.envelopeId;
    expect(e.ack({ messageId: m.messageId, envelopeId: env, code: RECEIPT.noPayload, from: ME }, T0).ok).toBe(true);
    expect(e.counters()).toMatchObject({ acked: 1, negative: 1 });
  });
});

describe('outbound: notification without ack', () => {
  it('is sent once, never resent, and an ack for it is accepted and ignored', () => {
    const e = engine();
    const m = e.create({ to: ME, mode: 'notification', type: 't', payload: {} }, T0);
    const env = e.beginTry(m.messageId, T0)!;
    expect(env.ackBy).toBeUndefined();
    expect(env.maxTries).toBe(1);
    e.notified(m.messageId, true, T0);
    expect(e.due(T0 + 60 * MIN)).toEqual({ send: [], givenUp: [] });
    expect(e.beginTry(m.messageId, T0 + 60 * MIN)).toBeUndefined();
    expect(e.ack({ messageId: m.messageId, envelopeId: env.envelopeId, code: 100, from: ME }, T0)).toMatchObject({ ok: true, ignored: true });
    expect(e.message(m.messageId)!.state).toBe('sent');
    expect(e.counters()).toMatchObject({ sent: 1, resent: 0, notified: 1, acksIgnored: 1, acked: 0, pending: 0 });
  });
});

describe('inbound: the duplicate table', () => {
  const msg = (messageId: string, envelopeId: string) => ({ messageId, envelopeId, from: ME, hasPayload: true });

  it('processes both-new, answers the identical ack for both-seen and for a new envelope of a seen message', () => {
    const e = engine();
    expect(e.check(msg('m1', 'e1'), T0)).toEqual({ kind: 'new' });
    const ack = JSON.stringify({ messageId: 'm1', envelopeId: 'e1', code: 100, ackId: 'a1' });
    e.accept(msg('m1', 'e1'), 100, ack, T0);
    expect(e.check(msg('m1', 'e1'), T0 + 1)).toEqual({ kind: 'duplicate', ack, status: 200, code: 100, sameEnvelope: true });
    const resend = e.check(msg('m1', 'e2'), T0 + 5 * MIN);
    expect(resend).toEqual({ kind: 'duplicate', ack, status: 200, code: 100, sameEnvelope: false });
    e.duplicate(msg('m1', 'e2'), T0 + 5 * MIN);
    expect(e.counters()).toMatchObject({ received: 1, duplicatesAnswered: 1 });
  });

  it('refuses an envelope id reused for another message with 200, and remembers nothing of it', () => {
    const e = engine();
    e.accept(msg('m1', 'e1'), 100, '{}', T0);
    e.duplicate(msg('m1', 'e2'), T0 + 1);
    expect(e.check(msg('m2', 'e1'), T0 + 2)).toMatchObject({ kind: 'error', code: RECEIPT.invalidEnvelope });
    // the resend's envelope is the message's too
    expect(e.check(msg('m3', 'e2'), T0 + 2)).toMatchObject({ kind: 'error', code: RECEIPT.invalidEnvelope });
    expect(e.check(msg('m2', 'e9'), T0 + 3)).toEqual({ kind: 'new' });
  });

  it('remembers ids at least the sender’s whole resend window plus a minute, then forgets them', () => {
    const s = settingsOf({ ackTimeoutMs: 5 * MIN, maxTries: 3, cacheMs: 1000 });
    // asked for less than the window: raised to it
    expect(s.cacheMs).toBe(cacheLifetime(5 * MIN, 3));
    expect(s.cacheMs).toBeGreaterThanOrEqual(5 * MIN + MIN);
    const e = engine();
    e.accept(msg('m1', 'e1'), 100, 'A', T0);
    expect(e.check(msg('m1', 'e3'), T0 + s.cacheMs)).toMatchObject({ kind: 'duplicate', ack: 'A' });
    expect(e.check(msg('m1', 'e3'), T0 + s.cacheMs + 1)).toEqual({ kind: 'new' });
  });

  it('refuses a message first sent longer ago than the cache remembers (203)', () => {
    const e = engine();
    expect(e.check({ ...msg('m1', 'e1'), createdAt: T0 - e.settings.cacheMs - 1 }, T0)).toMatchObject({ kind: 'error', code: RECEIPT.tooOld });
    expect(e.check({ ...msg('m1', 'e1'), createdAt: T0 - e.settings.cacheMs }, T0)).toEqual({ kind: 'new' });
  });
});

describe('a new engine over the same store', () => {
  it('carries on: the duplicate table, the messages owed a try, the counters, and ids never reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eis-msg-'));
    const file = join(dir, 'messaging.jsonl');
    const a = engine(fileStore(file), ids('x'));
    a.accept(msg('in-1', 'in-e1'), 100, 'ACK-1', T0);
    const acked = a.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const waiting = a.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const untried = a.create({ to: ME, mode: 'notification-ack', type: 't', payload: {} }, T0);
    const envAcked = a.beginTry(acked.messageId, T0)!.envelopeId;
    const envWaiting = a.beginTry(waiting.messageId, T0)!.envelopeId;
    a.ack({ messageId: acked.messageId, envelopeId: envAcked, code: 100, from: ME }, T0 + 1);
    a.stop();
    // what a crashed process does after it died never reaches the store
    a.ack({ messageId: waiting.messageId, envelopeId: envWaiting, code: 100, from: ME }, T0 + 2);
    appendFileSync(file, '{"t":"acked","id":"torn');

    // the same id source as before: the engine skips every id it has seen
    const b = engine(fileStore(file), ids('x'));
    expect(b.counters()).toMatchObject({ sent: 2, acked: 1, received: 1, pending: 2 });
    expect(b.check(msg('in-1', 'in-e2'), T0 + 3)).toMatchObject({ kind: 'duplicate', ack: 'ACK-1' });
    expect(b.due(T0 + 3).send).toEqual([untried.messageId]);
    const first = b.beginTry(untried.messageId, T0 + 3)!;
    expect([acked.messageId, waiting.messageId, untried.messageId, envAcked, envWaiting]).not.toContain(first.envelopeId);
    expect(b.due(T0 + 5 * MIN).send).toEqual([waiting.messageId]);
    const resent = b.beginTry(waiting.messageId, T0 + 5 * MIN)!;
    expect(resent).toMatchObject({ messageId: waiting.messageId, try: 2 });
    expect(resent.envelopeId).not.toBe(envWaiting);
    expect(b.ack({ messageId: acked.messageId, envelopeId: envAcked, code: 100, from: ME }, T0 + 5 * MIN)).toMatchObject({ ok: false, code: RECEIPT.duplicate });
    // the torn line was closed, so what b wrote reads back whole (once b is gone: its last records wait for the turn's end)
    b.stop();
    const c = engine(fileStore(file), ids('x'));
    expect(c.counters()).toEqual(b.counters());
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('keeps a scenario’s records in a section of the file of its own, and clears by starting the section again', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eis-msg-')), 'eis-messaging.jsonl');
    const quiet = engine(fileStore(file, { section: 'nothing-sent' }));
    quiet.stop();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    const a = engine(fileStore(file, { section: 'first' }));
    a.create({ to: ME, mode: 'notification-ack', type: 't' }, T0);
    a.stop();
    const b = engine(fileStore(file, { section: 'second' }));
    expect(b.messages()).toEqual([]);
    b.create({ to: ME, mode: 'notification-ack', type: 't' }, T0);
    b.reset();
    b.create({ to: ME, mode: 'notification', type: 't' }, T0);
    b.stop();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; name?: string });
    expect(lines.map((l) => l.name ?? l.t)).toEqual(['first', 'out', 'second', 'out', 'second', 'out']);
    // a store without a section carries on from the file's last section
    expect(engine(fileStore(file)).messages().map((m) => m.mode)).toEqual(['notification']);
  });

  it('forgets everything on reset', () => {
    const store = memoryStore();
    const e = engine(store);
    e.accept(msg('m1', 'e1'), 100, 'A', T0);
    e.create({ to: ME, mode: 'notification', type: 't' }, T0);
    e.reset();
    expect(store.load()).toEqual([]);
    expect(e.messages()).toEqual([]);
    expect(e.check(msg('m1', 'e1'), T0)).toEqual({ kind: 'new' });
    expect(e.counters().received).toBe(0);
  });
});

function msg(messageId: string, envelopeId: string) {
  return { messageId, envelopeId, from: ME, hasPayload: true };
}
