import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFaultSet } from '../../core/simulator.ts';
import {
  BODY_LIMIT,
  createSimulatorApp,
  declaredCharset,
  faultAnswer,
  firstInvalidUtf8,
  journalInbound,
  journalRef,
  JOURNAL_ENTRY_HEADER,
  mountControl,
  readJson,
  sendJson,
  SIMULATOR_HEADER,
  TIME_HEADER,
} from './index.ts';
import { cp1251, createTestContext, jsonRequest, T0 } from '../testing.ts';

/** A tiny simulator face on the real base app: one echo route, one buggy route, the control API. */
function setup() {
  const ctx = createTestContext();
  const faults = createFaultSet();
  let resets = 0;
  const seeded: string[] = [];
  const app = createSimulatorApp({ name: 'echo', ctx });
  app.post('/json', async (c) => {
    const read = await readJson(c.req.raw);
    return read.ok ? c.json({ got: read.value }) : read.response;
  });
  app.get('/bug', () => {
    throw new Error('kaboom');
  });
  mountControl(app, {
    name: 'echo',
    ctx,
    faults,
    reset: () => void resets++,
    seed: { schema: z.strictObject({ names: z.array(z.string()) }), apply: (d) => (seeded.push(...d.names), { added: d.names.length }) },
  });
  const call = (path: string, init: RequestInit = {}) => app.fetch(new Request(`http://echo.test${path}`, init));
  const post = (path: string, body: unknown) => app.fetch(jsonRequest(`http://echo.test${path}`, body));
  return { ctx, faults, call, post, resets: () => resets, seeded };
}

describe('the base app', () => {
  it('stamps every answer with the simulator clock and name, errors and unknown paths included', async () => {
    const { ctx, call } = setup();
    ctx.clock.advance(90_000);
    for (const path of ['/__polihon/health', '/nowhere', '/bug']) {
      const res = await call(path);
      expect(res.headers.get(TIME_HEADER)).toBe(new Date(T0 + 90_000).toISOString());
      expect(res.headers.get(SIMULATOR_HEADER)).toBe('echo');
    }
  });

  it('answers an unknown path with a 404 problem naming it', async () => {
    const res = await setup().call('/nowhere', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'not-found', detail: 'echo has no DELETE /nowhere' });
  });

  it('turns a bug in a handler into a 500 problem and keeps serving', async () => {
    const { call } = setup();
    const res = await call('/bug');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'internal-error', detail: expect.stringContaining('kaboom') });
    expect((await call('/__polihon/health')).status).toBe(200);
  });
});

describe('readJson', () => {
  const send = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    setup().call('/json', { method: 'POST', body, headers });

  it('reads a JSON body', async () => {
    const res = await send('{"a":1}');
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });

  it.each([
    ['text that is not JSON', '{"a":', { 'content-type': 'application/json' }, /not JSON/],
    ['a wrong content type', '{"a":1}', { 'content-type': 'text/plain' }, /content type must be application\/json, got "text\/plain"/],
    ['no content type', new TextEncoder().encode('{"a":1}'), {}, /got none/],
    ['an empty body', '', { 'content-type': 'application/json' }, /empty/],
  ])('refuses %s with a 400 invalid-body problem that says why', async (_what, body, headers, detail) => {
    const res = await send(body, headers);
    expect(res.status).toBe(400);
    const p = await res.json();
    expect(p).toMatchObject({ code: 'invalid-body', status: 400 });
    expect(p.detail).toMatch(detail);
  });

  it('accepts an application/*+json type', async () => {
    expect((await send('[1]', { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
  });

  it('refuses a body over 64 KiB by its declared length', async () => {
    const res = await send('x'.repeat(BODY_LIMIT + 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('refuses a streamed body over 64 KiB that declares no length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await setup().call('/json', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('takes exactly 64 KiB', async () => {
    const body = JSON.stringify('x'.repeat(BODY_LIMIT - 2));
    expect(body.length).toBe(BODY_LIMIT);
    expect((await send(body)).status).toBe(200);
  });
});

describe('reading bodies as UTF-8', () => {
  const send = (body: BodyInit, contentType: string) => setup().call('/json', { method: 'POST', body, headers: { 'content-type': contentType } });

  it.each([
    ['ASCII', [0x7b, 0x7d], undefined],
    ['Cyrillic', [...Buffer.from('{"і":"Ї"}')], undefined],
    ['a 4-byte character', [...Buffer.from('😀')], undefined],
    ['Windows-1251 "Ш"', [0x22, 0xd8, 0x22], 1],
    ['a cut 2-byte sequence at the end', [0x41, 0xd0], 1],
    ['an overlong "/"', [0xc0, 0xaf], 0],
    ['an overlong 3-byte NUL', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x41, 0x41, 0xed, 0xa0, 0x80], 2],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a stray continuation byte', [0x61, 0x80], 1],
  ])('firstInvalidUtf8: %s', (_what, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
    // the same verdict as the platform's strict decoder
    const strict = () => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    if (offset === undefined) expect(strict).not.toThrow();
    else expect(strict).toThrow();
  });

  it.each([
    ['application/json', undefined],
    ['application/json; charset=UTF-8', 'utf-8'],
    ['application/json;charset="utf8"', 'utf8'],
    ['text/xml; type="x"; Charset=Windows-1251', 'windows-1251'],
  ])('declaredCharset(%s)', (type, charset) => {
    expect(declaredCharset(type)).toBe(charset);
  });

  it('refuses a Windows-1251 body with 400 invalid-encoding naming the offset and the bytes there', async () => {
    const res = await send(cp1251('{"lastName":"Шевченко"}') as BodyInit, 'application/json');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'invalid-encoding',
      detail: 'the body is not valid UTF-8: the sequence at byte offset 13 is not UTF-8 (bytes there: d8 e5 e2 f7)',
    });
  });

  it('refuses a declared charset other than UTF-8, naming it, and takes the spellings of UTF-8', async () => {
    const res = await send('{"a":1}', 'application/json; charset=ISO-8859-1');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'unsupported-charset', detail: expect.stringContaining('"iso-8859-1"') });
    for (const type of ['application/json; charset=UTF-8', 'application/json; charset=utf8', 'application/json']) expect((await send('{"a":1}', type)).status).toBe(200);
  });

  it('drops a UTF-8 byte order mark, as RFC 8259 lets a reader', async () => {
    expect((await send(Buffer.from('\uFEFF{"a":1}') as BodyInit, 'application/json')).status).toBe(200);
  });
});

describe('control API', () => {
  it('reports health and resets', async () => {
    const s = setup();
    expect(await (await s.call('/__polihon/health')).json()).toEqual({ ok: true, simulator: 'echo' });
    expect((await s.call('/__polihon/reset', { method: 'POST' })).status).toBe(204);
    expect(s.resets()).toBe(1);
  });

  it('shows the clock as contracts §3 describes it', async () => {
    const res = await setup().call('/__polihon/clock');
    expect(await res.json()).toEqual({
      now: '2026-03-10T08:00:00.000Z',
      epochMs: T0,
      mode: 'virtual',
      martialLaw: true,
      kyivDate: '2026-03-10',
    });
  });

  it('advances the clock by a time phrase, by ms, and sets it', async () => {
    const s = setup();
    expect(await (await s.post('/__polihon/clock', { advance: '181s' })).json()).toMatchObject({ epochMs: T0 + 181_000 });
    expect(await (await s.post('/__polihon/clock', { advance: 19_000 })).json()).toMatchObject({ epochMs: T0 + 200_000 });
    // Tuesday + 2 working days ends on Thursday 23:59:59.999 Kyiv
    expect(await (await s.post('/__polihon/clock', { advance: '2 working days' })).json()).toMatchObject({
      now: '2026-03-12T21:59:59.999Z',
    });
    expect(await (await s.post('/__polihon/clock', { set: '2026-03-20T10:00:00+02:00' })).json()).toMatchObject({
      now: '2026-03-20T08:00:00.000Z',
      kyivDate: '2026-03-20',
    });
    expect(s.ctx.clock.now()).toBe(Date.parse('2026-03-20T08:00:00.000Z'));
  });

  it('refuses to move the clock back, and refuses what is not a time', async () => {
    const s = setup();
    const back = await s.post('/__polihon/clock', { set: '2026-03-01T00:00:00Z' });
    expect(back.status).toBe(409);
    expect(await back.json()).toMatchObject({ code: 'clock-backwards', errors: [{ field: 'set' }] });
    const bad = await s.post('/__polihon/clock', { advance: 'soon' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'invalid-clock', errors: [{ field: 'advance' }], hint: expect.stringContaining('working days') });
    const both = await s.post('/__polihon/clock', { advance: '1s', set: '2026-04-01T00:00:00Z' });
    expect(both.status).toBe(422);
    expect(s.ctx.clock.now()).toBe(T0);
  });

  it('reads the journal with since and service filters', async () => {
    const s = setup();
    const base = { channel: 'direct' as const, from: 'participant', to: 'echo', method: 'POST', path: '/x', requestBody: '{}' };
    journalInbound(s.ctx, { ...base, service: 'a' }, { status: 200, body: '{}', outcome: 'ok' });
    journalInbound(s.ctx, { ...base, service: 'b' }, { status: 200, body: '{}', outcome: 'ok' });
    const all = await (await s.call('/__polihon/journal')).json();
    expect(all).toMatchObject({ head: s.ctx.journal.head(), count: 4, total: 4 });
    const onlyB = await (await s.call('/__polihon/journal?service=b')).json();
    expect(onlyB.entries.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    const since = await (await s.call('/__polihon/journal?since=3')).json();
    expect(since.entries.map((e: { seq: number }) => e.seq)).toEqual([4]);
    expect((await s.call('/__polihon/journal?since=-1')).status).toBe(400);
  });

  it('adds, lists and clears faults, refusing an unknown kind or key', async () => {
    const s = setup();
    const added = await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'withhold', count: 1 });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ id: 1, service: 'dms.act.submit', kind: 'withhold', count: 1, used: 0 });
    expect((await (await s.call('/__polihon/faults')).json()).faults).toHaveLength(1);
    const bad = await s.post('/__polihon/faults', { service: 'x', kind: 'explode', extra: true });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'kind']);
    expect((await s.call('/__polihon/faults', { method: 'DELETE' })).status).toBe(204);
    expect(s.faults.list()).toEqual([]);
  });

  it('passes valid seed data on and refuses the rest', async () => {
    const s = setup();
    expect(await (await s.post('/__polihon/seed', { names: ['a', 'b'] })).json()).toEqual({ added: 2 });
    expect(s.seeded).toEqual(['a', 'b']);
    expect((await s.post('/__polihon/seed', { names: 'a' })).status).toBe(422);
  });
});

describe('faultAnswer', () => {
  const faults = createFaultSet();
  const one = (spec: Parameters<typeof faults.add>[0]) => {
    faults.clear();
    faults.add(spec);
    return faults.take(spec.service);
  };

  it('gives a problem for error and outage, a dropped connection for reset', async () => {
    const err = (await faultAnswer(one({ service: 's', kind: 'error', status: 502 })))!;
    expect(err.status).toBe(502);
    expect(await err.json()).toMatchObject({ code: 'injected-fault' });
    const outage = (await faultAnswer(one({ service: 's', kind: 'outage' })))!;
    expect(outage.status).toBe(503);
    expect(outage.headers.get('retry-after')).toBe('60');
    expect((await faultAnswer(one({ service: 's', kind: 'reset' })))!.type).toBe('error');
  });

  it('lets the call go on after a latency, and leaves withhold to the handler', async () => {
    expect(await faultAnswer(one({ service: 's', kind: 'latency', ms: 5 }))).toBeUndefined();
    expect(await faultAnswer(one({ service: 's', kind: 'withhold' }))).toBeUndefined();
    expect(await faultAnswer(undefined)).toBeUndefined();
  });

  it('holds a timeout until the caller gives up', async () => {
    const abort = new AbortController();
    const pending = faultAnswer(one({ service: 's', kind: 'timeout', ms: 60_000 }), abort.signal);
    abort.abort();
    expect((await pending)!.status).toBe(504);
  });
});

describe('sendJson', () => {
  it('stamps the request, journals request and linked response', async () => {
    let seen: Request | undefined;
    const ctx = createTestContext({
      fetch: async (input, init) => {
        seen = new Request(input, init);
        return new Response('{"ok":true}', { status: 202 });
      },
    });
    const r = await sendJson(ctx, { from: 'dms', to: 'participant', url: 'http://p.test/v', service: 'svc', body: { a: 1 }, data: { requestId: 'R' } });
    expect(r).toMatchObject({ status: 202, json: { ok: true } });
    expect(seen!.headers.get(TIME_HEADER)).toBe(new Date(T0).toISOString());
    expect(seen!.headers.get(SIMULATOR_HEADER)).toBe('dms');
    const [req, res] = ctx.journal.entries();
    expect(req).toMatchObject({ kind: 'request', from: 'dms', to: 'participant', service: 'svc', body: '{"a":1}', data: { requestId: 'R' } });
    expect(res).toMatchObject({ kind: 'response', status: 202, links: [req!.seq], outcome: 'delivered' });
  });

  it('journals a failed delivery with the reason', async () => {
    const ctx = createTestContext();
    const r = await sendJson(ctx, { from: 'dms', to: 'participant', url: 'http://p.test/v', service: 'svc', body: {} });
    expect(r.status).toBe(0);
    expect(ctx.journal.entries()).toHaveLength(1);
    expect(ctx.journal.entries()[0]).toMatchObject({ outcome: 'delivery-failed', data: { error: expect.stringContaining('no outbound fetch') } });
  });

  it('does not journal twice an exchange the receiving simulator recorded in the same journal', async () => {
    const ctx = createTestContext();
    ctx.fetch = async () => {
      const entry = journalInbound(
        ctx,
        { channel: 'direct', from: 'dms', to: 'hromada', service: 'svc', method: 'POST', path: '/v', requestBody: '{}' },
        { status: 202, body: '{}', outcome: 'accepted' },
      );
      return new Response('{}', { status: 202, headers: { [JOURNAL_ENTRY_HEADER]: journalRef(ctx.journal, entry) } });
    };
    const r = await sendJson(ctx, { from: 'dms', to: 'participant', url: 'http://h.test/v', service: 'svc', body: {} });
    expect(r.requestSeq).toBe(1);
    expect(ctx.journal.count()).toBe(2);
  });

  it('journals an exchange whose receiver names an entry of another journal', async () => {
    const ctx = createTestContext({
      fetch: async () => new Response('{}', { headers: { [JOURNAL_ENTRY_HEADER]: `1:${'a'.repeat(32)}` } }),
    });
    await sendJson(ctx, { from: 'dms', to: 'participant', url: 'http://h.test/v', service: 'svc', body: {} });
    expect(ctx.journal.count()).toBe(2);
  });
});
