import { describe, expect, it } from 'vitest';
import { createRealClock } from '../../core/clock.ts';
import type { Simulator } from '../../core/simulator.ts';
import { DMS_SIMULATOR } from '../dms/entry.ts';
import { createTestContext, jsonRequest, KYIV_ADDRESS, OLENA, T0 } from '../testing.ts';
import { createHromadaSimulator, DEFAULT_HROMADA, type HromadaOptions } from './app.ts';

const HROMADA = 'http://hromada.polihon.test';
const DMS = 'http://dms.polihon.test';

const resident = { person: { ...OLENA }, address: { ...KYIV_ADDRESS }, since: '2024-05-01T09:00:00.000Z' };

/** A hromada registry and a real ДМС on one clock and journal, reaching each other in-process. */
function setup(options: HromadaOptions = {}) {
  const ctx = createTestContext({ endpoints: { dms: DMS, 'participant.provider': `${HROMADA}/hromada/v1` } });
  const sims: Record<string, Simulator> = {};
  ctx.fetch = async (input, init) => {
    const req = new Request(input, init);
    const sim = sims[new URL(req.url).origin];
    if (!sim) throw new TypeError(`nothing listens at ${req.url}`);
    return sim.handle(req);
  };
  const hromada = createHromadaSimulator(ctx, { residents: [resident], ...options });
  const dms = DMS_SIMULATOR.create(ctx, { eddr: [{ rnokpp: OLENA.rnokpp }] });
  sims[HROMADA] = hromada;
  sims[DMS] = dms;
  const call = (sim: Simulator, base: string) => (path: string, body?: unknown) =>
    sim.handle(body === undefined ? new Request(`${base}${path}`) : jsonRequest(`${base}${path}`, body));
  return { ctx, hromada, dms, h: call(hromada, HROMADA), d: call(dms, DMS) };
}

const person = { lastName: OLENA.lastName, firstName: OLENA.firstName, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp };

describe('answering ДМС verification requests', () => {
  it('acknowledges at once and answers the same day with the resident it holds', async () => {
    const s = setup();
    const sent = await s.d('/__polihon/verification-requests', { person });
    expect(await sent.json()).toMatchObject({ requestId: 'VR-000001', delivery: { status: 202, body: { requestId: 'VR-000001', status: 'accepted' } } });
    await s.hromada.idle!();
    const { requests } = await (await s.d('/__polihon/verification-requests')).json();
    expect(requests[0].answer).toMatchObject({
      found: true,
      onTime: true,
      receivedAt: new Date(T0).toISOString(),
      registrations: [{ kind: 'declaration', performedAt: '2024-05-01T09:00:00.000Z', address: KYIV_ADDRESS }],
    });
  });

  it('journals each exchange once, from the side that received it, linked request to response', async () => {
    const s = setup();
    await s.d('/__polihon/verification-requests', { person });
    await s.hromada.idle!();
    const rows = s.ctx.journal.entries().map((e) => [e.kind, e.service, e.from, e.to, e.links ?? []]);
    expect(rows).toEqual([
      ['request', 'dms.verification.request', 'dms', 'hromada', []],
      ['response', 'dms.verification.request', 'hromada', 'dms', [1]],
      ['request', 'dms.verification.answer', 'hromada', 'dms', []],
      ['response', 'dms.verification.answer', 'dms', 'hromada', [3]],
    ]);
    expect(s.ctx.journal.entries()[0]).toMatchObject({ messageId: 'VR-000001', data: { requestId: 'VR-000001', answerBy: '2026-03-13T21:59:59.999Z', rnokpp: OLENA.rnokpp } });
  });

  it('answers found: false for a person it does not hold', async () => {
    const s = setup({ residents: [] });
    await s.d('/__polihon/verification-requests', { person });
    await s.hromada.idle!();
    const { requests } = await (await s.d('/__polihon/verification-requests')).json();
    expect(requests[0].answer).toMatchObject({ found: false, registrations: [] });
  });

  it('waits for the clock when told to answer after 2 working days, and is then still on time', async () => {
    const s = setup({ answerAfter: '2 working days' });
    await s.d('/__polihon/verification-requests', { person });
    await s.hromada.idle!();
    expect((await (await s.h('/__polihon/verification-requests')).json()).pending).toMatchObject([{ requestId: 'VR-000001', dueAt: '2026-03-12T21:59:59.999Z' }]);
    s.ctx.clock.advance(86_400_000);
    await s.hromada.idle!();
    expect((await (await s.d('/__polihon/verification-requests')).json()).requests[0].answer).toBeUndefined();
    s.ctx.clock.set(Date.parse('2026-03-12T21:59:59.999Z'));
    await s.hromada.idle!();
    const { requests } = await (await s.d('/__polihon/verification-requests')).json();
    expect(requests[0].answer).toMatchObject({ onTime: true, receivedAt: '2026-03-12T21:59:59.999Z' });
  });

  it('answers late when told to take 4 working days', async () => {
    const s = setup({ answerAfter: '4 working days' });
    await s.d('/__polihon/verification-requests', { person });
    const answer = await s.d('/__polihon/clock', { advance: '5 working days' });
    expect(answer.status).toBe(200);
    await s.hromada.idle!();
    expect((await (await s.d('/__polihon/verification-requests')).json()).requests[0].answer).toMatchObject({ onTime: false });
  });

  it('answers on a real clock when the time comes, without anyone moving the clock', async () => {
    const ctx = createTestContext();
    let wall = T0;
    const real = createRealClock(() => wall);
    const sent: string[] = [];
    const hromada = createHromadaSimulator(
      { ...ctx, clock: real, fetch: async (input) => (sent.push(String(input)), new Response('{}')) },
      { answerAfter: 40 },
    );
    const body = { requestId: 'VR-9', sentAt: new Date(T0).toISOString(), answerBy: new Date(T0 + 1e9).toISOString(), question: 'residence', person, replyTo: 'http://dms.test/answer' };
    expect((await hromada.handle(jsonRequest(`${HROMADA}/hromada/v1/verification-requests`, body))).status).toBe(202);
    await hromada.idle!();
    expect(sent).toEqual([]);
    wall += 40;
    await new Promise((r) => setTimeout(r, 80));
    await hromada.idle!();
    expect(sent).toEqual(['http://dms.test/answer']);
  });

  it('never answers a request withheld by a fault', async () => {
    const s = setup();
    s.hromada.faults.add({ service: 'dms.verification.request', kind: 'withhold' });
    const sent = await s.d('/__polihon/verification-requests', { person });
    expect((await sent.json()).delivery.status).toBe(202);
    s.ctx.clock.advance(10 * 86_400_000);
    await s.hromada.idle!();
    expect((await (await s.d('/__polihon/verification-requests')).json()).requests[0].answer).toBeUndefined();
  });

  it('refuses a malformed request with a 4xx problem and answers nothing', async () => {
    const s = setup();
    const res = await s.h('/hromada/v1/verification-requests', { requestId: 'VR-1', question: 'taxes' });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('invalid-request');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['question', 'sentAt', 'person', 'replyTo']));
    await s.hromada.idle!();
    expect(s.ctx.journal.entries({ service: 'dms.verification.answer' })).toEqual([]);
  });

  it('rejects an answerAfter that is not a time when created', () => {
    expect(() => setup({ answerAfter: 'whenever' })).toThrow(/not a time/);
  });
});

describe('residents', () => {
  it('finds residents by РНОКПП or УНЗР (either written form), and asks for one of them', async () => {
    const s = setup();
    const byRnokpp = await (await s.h(`/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).json();
    expect(byRnokpp.residents).toMatchObject([{ person: { lastName: 'Шевченко' }, address: KYIV_ADDRESS }]);
    const byUnzr = await (await s.h('/hromada/v1/residents?unzr=1990010100018')).json();
    expect(byUnzr.residents).toHaveLength(1);
    expect((await (await s.h('/hromada/v1/residents?rnokpp=3287400133')).json()).residents).toEqual([]);
    const none = await s.h('/hromada/v1/residents');
    expect(none.status).toBe(400);
  });

  it('takes residents as seed data and forgets them on reset', async () => {
    const s = setup({ residents: [] });
    const seeded = await s.h('/__polihon/seed', { residents: [resident] });
    expect(await seeded.json()).toEqual({ added: 1 });
    expect((await s.h('/__polihon/seed', { residents: [{ person: { lastName: 'Без кодів' } }] })).status).toBe(422);
    await s.hromada.handle(new Request(`${HROMADA}/__polihon/reset`, { method: 'POST' }));
    expect((await (await s.h(`/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).json()).residents).toEqual([]);
  });
});

describe('sending acts to ДМС', () => {
  it('sends an act with its own registration body and returns ДМС’s answer', async () => {
    const s = setup({ residents: [] });
    const res = await s.h('/__polihon/acts', { kind: 'declaration', person: OLENA, address: KYIV_ADDRESS });
    expect(res.status).toBe(201);
    const out = await res.json();
    expect(out).toMatchObject({
      actId: 'HRM-000001',
      act: { registrationBody: DEFAULT_HROMADA, performedAt: new Date(T0).toISOString() },
      delivery: { status: 201, body: { status: 'confirmed', confirmation: { id: 'CNF-000001' } } },
    });
    const submits = s.ctx.journal.entries({ service: 'dms.act.submit' });
    expect(submits.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['request', 'hromada', 'dms'],
      ['response', 'dms', 'hromada'],
    ]);
    // it keeps the act in its own register
    expect((await (await s.h(`/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).json()).residents[0].registrations).toMatchObject([{ actId: 'HRM-000001' }]);
  });

  it('sends a broken act as told, so a participant on the ДМС side can be seen refusing it', async () => {
    const s = setup();
    const out = await (await s.h('/__polihon/acts', { kind: 'declaration', person: { ...OLENA, rnokpp: '1' } })).json();
    expect(out.delivery.status).toBe(422);
    expect(out.delivery.body.errors.map((e: { field: string }) => e.field)).toEqual(['person.rnokpp', 'address']);
  });

  it('reports an unreachable ДМС as delivery status 0, and needs an endpoint', async () => {
    const s = setup();
    s.ctx.endpoints.dms = 'http://nowhere.test';
    expect((await (await s.h('/__polihon/acts', { kind: 'removal', person: OLENA })).json()).delivery).toMatchObject({ status: 0, error: expect.stringContaining('nothing listens') });
    s.ctx.endpoints.dms = undefined;
    expect((await s.h('/__polihon/acts', { kind: 'removal', person: OLENA })).status).toBe(409);
    expect((await s.h('/__polihon/acts', { kind: 'removal' })).status).toBe(422);
  });
});

describe('published contract', () => {
  it('serves its reference contract', async () => {
    const text = await (await setup().h('/hromada/v1/openapi.yaml')).text();
    expect(text).toContain('openapi: 3.1.0');
    expect(text).toContain("This is polihon's reference contract, not an official one");
  });
});
