// The journalling route wrapper: a route returns only its answer, and the kit records the exchange once around it.
import { describe, expect, it } from 'vitest';
import { json, problem } from '../../core/problem.ts';
import { createFaultSet } from '../../core/simulator.ts';
import { createSimulatorApp, inbound, JOURNAL_ENTRY_HEADER, malformedText, reject, SIMULATOR_HEADER, type Face } from './index.ts';
import { cp1251, createTestContext, jsonRequest } from '../testing.ts';

function setup() {
  const ctx = createTestContext();
  const face: Face = { name: 'echo', ctx, faults: createFaultSet() };
  const app = createSimulatorApp({ name: 'echo', ctx });
  const order: string[] = [];
  app.post(
    '/things',
    inbound(face, { service: 'echo.things', body: 'json', describe: (_c, b) => ({ data: { named: (b as { name?: string } | undefined)?.name ?? null } }) }, ({ body }) => {
      const name = (body as { name?: unknown }).name;
      if (typeof name !== 'string') return reject(problem({ code: 'no-name', title: 'No name', status: 422 }), { problem: 'no-name' });
      return {
        response: json({ hello: name }, 201),
        outcome: 'greeted',
        data: { length: name.length },
        events: (seq) => void ctx.journal.append({ kind: 'event', channel: 'direct', from: 'echo', to: 'participant', service: 'echo.greeted', links: [seq] }),
        after: () => void order.push(`after ${ctx.journal.count()}`),
      };
    }),
  );
  app.get('/things/:id', inbound(face, { service: 'echo.read', body: 'none', describe: (c) => ({ messageId: c.req.param('id')! }) }, () => ({ response: json({ ok: true }), outcome: 'answered' })));
  const post = (body: unknown, headers: Record<string, string> = {}) => app.fetch(jsonRequest('http://echo.test/things', body, headers));
  return { ctx, face, app, post, order };
}

describe('inbound: the journalling route wrapper', () => {
  it('records request, events and a linked response once, and names the request entry in the answer', async () => {
    const { ctx, post, order } = setup();
    const res = await post({ name: 'Олена' });
    expect(res.status).toBe(201);
    const [req, ev, out] = ctx.journal.entries();
    expect(ctx.journal.count()).toBe(3);
    expect(req).toMatchObject({ kind: 'request', from: 'participant', to: 'echo', service: 'echo.things', method: 'POST', path: '/things', data: { named: 'Олена' } });
    expect(ev).toMatchObject({ kind: 'event', service: 'echo.greeted', links: [req!.seq] });
    expect(out).toMatchObject({ kind: 'response', status: 201, links: [req!.seq], outcome: 'greeted', data: { length: 5 } });
    expect(res.headers.get(JOURNAL_ENTRY_HEADER)).toBe(`${req!.seq}:${ctx.journal.id}`);
    // `after` runs once the exchange is in the journal
    expect(order).toEqual(['after 3']);
  });

  it('journals a simulator caller by its name and a body-less route with an empty body', async () => {
    const { ctx, app } = setup();
    await app.fetch(new Request('http://echo.test/things/42', { headers: { [SIMULATOR_HEADER]: 'dms' } }));
    expect(ctx.journal.entries()[0]).toMatchObject({ from: 'dms', messageId: '42', service: 'echo.read' });
  });

  it('refuses a body that does not read before the handler runs, as rejected with the reader’s code', async () => {
    const { ctx, app, order } = setup();
    const res = await app.fetch(new Request('http://echo.test/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(cp1251('{"name":"Олена"}')) }));
    expect(res.status).toBe(400);
    expect(ctx.journal.entries().map((e) => [e.kind, e.outcome])).toEqual([
      ['request', undefined],
      ['response', 'rejected'],
    ]);
    expect(ctx.journal.entries()[1]!.data).toEqual({ problem: 'invalid-encoding' });
    expect(order).toEqual([]);
  });

  it('answers with an injected fault instead of the handler, journalled as fault:<kind>', async () => {
    const { ctx, face, post, order } = setup();
    face.faults.add({ service: 'echo.things', kind: 'error', status: 502 });
    const res = await post({ name: 'Олена' });
    expect(res.status).toBe(502);
    expect(ctx.journal.entries()[1]).toMatchObject({ kind: 'response', status: 502, outcome: 'fault:error' });
    expect(order).toEqual([]);
  });

  it('garbles the answer under a malformed fault, but never a refusal of the request itself', async () => {
    const { ctx, face, post } = setup();
    face.faults.add({ service: 'echo.things', kind: 'malformed', count: 2 });
    const garbled = await post({ name: 'Олена' });
    expect(await garbled.text()).toBe(malformedText('{"hello":"Олена"}'));
    expect(ctx.journal.entries()[2]).toMatchObject({ outcome: 'fault:malformed' });
    const refused = await post({});
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'no-name' });
    expect(ctx.journal.entries().at(-1)).toMatchObject({ outcome: 'rejected', data: { problem: 'no-name' } });
  });

  it('journals only the request when the fault drops the connection', async () => {
    const { ctx, face, post } = setup();
    face.faults.add({ service: 'echo.things', kind: 'reset' });
    const res = await post({ name: 'Олена' });
    expect(res.type).toBe('error');
    expect(ctx.journal.entries().map((e) => [e.kind, e.outcome])).toEqual([['request', 'fault:reset']]);
  });
});
