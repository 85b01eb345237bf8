// One list of contract cases for the simulators, run unchanged against every way of reaching them (in-process
// through msw, over HTTP on a port): whatever the transport, a participant must see the same behaviour.
import { expect } from 'vitest';
import { BODY_LIMIT, TIME_HEADER } from './kit/index.ts';
import { declaration, KYIV_ADDRESS, OLENA } from './testing.ts';

export interface ContractTarget {
  /** base URL of a simulator, e.g. https://dms.polihon.test or http://127.0.0.1:40123 */
  url(name: 'dms' | 'hromada'): string;
  /** the fetch a participant would use (the global one: msw intercepts it, or it goes to the network) */
  fetch: typeof fetch;
}

export interface ContractCase {
  name: string;
  run(t: ContractTarget): Promise<void>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- cases read whatever the contract says is there
}

async function call(t: ContractTarget, name: 'dms' | 'hromada', method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await t.fetch(`${t.url(name)}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Puts both simulators back to their initial state; every case starts from here. */
export async function resetAll(t: ContractTarget): Promise<void> {
  for (const name of ['dms', 'hromada'] as const) expect((await call(t, name, 'POST', '/__polihon/reset')).status).toBe(204);
}

async function now(t: ContractTarget): Promise<string> {
  return (await call(t, 'dms', 'GET', '/__polihon/clock')).body.now;
}

/** A valid declaration performed at the simulator's now. */
async function act(t: ContractTarget, overrides: Record<string, unknown> = {}) {
  return JSON.parse(JSON.stringify(declaration({ performedAt: await now(t), ...overrides })));
}

function expectProblem(a: Answer, status: number, code: string): void {
  expect(a.status).toBe(status);
  expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(a.body).toMatchObject({ status, code });
}

const person = { lastName: OLENA.lastName, firstName: OLENA.firstName, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp };

export const contractCases: ContractCase[] = [
  {
    name: 'every simulator is healthy and tells the same clock, on every answer',
    async run(t) {
      const dms = await call(t, 'dms', 'GET', '/__polihon/health');
      const hromada = await call(t, 'hromada', 'GET', '/__polihon/health');
      expect([dms.body, hromada.body]).toEqual([
        { ok: true, simulator: 'dms' },
        { ok: true, simulator: 'hromada' },
      ]);
      const clock = await call(t, 'dms', 'GET', '/__polihon/clock');
      expect(clock.body).toMatchObject({ mode: 'virtual', martialLaw: true });
      expect(clock.headers.get(TIME_HEADER)).toBe(clock.body.now);
      expect(hromada.headers.get(TIME_HEADER)).toBe(clock.body.now);
    },
  },
  {
    name: 'one simulator moves the clock all of them share, never backwards',
    async run(t) {
      const before = (await call(t, 'dms', 'GET', '/__polihon/clock')).body.epochMs;
      const moved = await call(t, 'dms', 'POST', '/__polihon/clock', { advance: '1h' });
      expect(moved.body.epochMs).toBe(before + 3_600_000);
      expect((await call(t, 'hromada', 'GET', '/__polihon/clock')).body.epochMs).toBe(before + 3_600_000);
      expectProblem(await call(t, 'hromada', 'POST', '/__polihon/clock', { set: new Date(before).toISOString() }), 409, 'clock-backwards');
    },
  },
  {
    name: 'ДМС enters and confirms a valid act; a retry gets the same act back',
    async run(t) {
      const body = await act(t);
      const first = await call(t, 'dms', 'POST', '/dms/v1/acts', body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ actId: body.actId, status: 'confirmed', confirmation: { kind: 'entry' } });
      const again = await call(t, 'dms', 'POST', '/dms/v1/acts', body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await call(t, 'dms', 'GET', `/dms/v1/acts/${body.actId}`)).body).toEqual(first.body);
      expectProblem(await call(t, 'dms', 'GET', '/dms/v1/acts/NOPE'), 404, 'unknown-act');
    },
  },
  {
    name: 'ДМС refuses an invalid act with one error per offending field',
    async run(t) {
      const body = await act(t, { address: undefined, person: { ...OLENA, rnokpp: '3287300124' } });
      const res = await call(t, 'dms', 'POST', '/dms/v1/acts', body);
      expectProblem(res, 422, 'invalid-act');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address', 'person.rnokpp']);
    },
  },
  {
    name: 'ДМС refuses a reused actId and the same action under another actId',
    async run(t) {
      const body = await act(t);
      await call(t, 'dms', 'POST', '/dms/v1/acts', body);
      expectProblem(await call(t, 'dms', 'POST', '/dms/v1/acts', { ...body, address: { ...KYIV_ADDRESS, text: 'інша' } }), 409, 'act-id-conflict');
      const dup = await call(t, 'dms', 'POST', '/dms/v1/acts', { ...body, actId: 'OTHER-1' });
      expectProblem(dup, 409, 'duplicate-act');
      expect(dup.body.duplicateOf).toBe(body.actId);
    },
  },
  {
    name: 'garbage, a wrong content type and an oversized body get problems, and ДМС serves on',
    async run(t) {
      const raw = (body: BodyInit, type: string) =>
        t.fetch(`${t.url('dms')}/dms/v1/acts`, { method: 'POST', body, headers: { 'content-type': type } });
      const garbage = await raw('{"actId": ', 'application/json');
      expect(garbage.status).toBe(400);
      expect(await garbage.json()).toMatchObject({ code: 'invalid-body' });
      expect((await raw('actId=1', 'application/x-www-form-urlencoded')).status).toBe(400);
      const huge = await raw(JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) }), 'application/json');
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ code: 'body-too-large' });
      expect((await call(t, 'dms', 'POST', '/dms/v1/acts', await act(t))).status).toBe(201);
      expectProblem(await call(t, 'dms', 'GET', '/no/such/path'), 404, 'not-found');
    },
  },
  {
    name: 'a withheld confirmation leaves the act received until the harness gives it',
    async run(t) {
      expect((await call(t, 'dms', 'POST', '/__polihon/faults', { service: 'dms.act.submit', kind: 'withhold', count: 1 })).status).toBe(201);
      const body = await act(t);
      const res = await call(t, 'dms', 'POST', '/dms/v1/acts', body);
      expect(res.status).toBe(202);
      expect(res.body.confirmation).toBeUndefined();
      expect((await call(t, 'dms', 'GET', `/dms/v1/acts/${body.actId}`)).body.status).toBe('received');
      const confirmed = await call(t, 'dms', 'POST', `/__polihon/acts/${body.actId}/confirm`);
      expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmation: { id: expect.any(String) } });
      expect((await call(t, 'dms', 'GET', `/dms/v1/acts/${body.actId}`)).body.status).toBe('confirmed');
    },
  },
  {
    name: 'ДМС forms a dataset for ЄДДР once per confirmed act, only for persons in ЄДДР or entering it',
    async run(t) {
      const since = (await call(t, 'dms', 'GET', '/__polihon/journal')).body.entries.at(-1)?.seq ?? 0;
      await call(t, 'dms', 'POST', '/dms/v1/acts', await act(t));
      expect((await call(t, 'dms', 'GET', '/__polihon/eddr/datasets')).body).toEqual({ datasets: [] });
      expect((await call(t, 'dms', 'POST', '/__polihon/seed', { eddr: [{ rnokpp: OLENA.rnokpp }] })).body).toEqual({ added: 1 });
      const registration = await act(t, { actId: 'REG-1', kind: 'registration' });
      await call(t, 'dms', 'POST', '/dms/v1/acts', registration);
      await call(t, 'dms', 'POST', '/dms/v1/acts', registration);
      const { datasets } = (await call(t, 'dms', 'GET', '/__polihon/eddr/datasets')).body;
      expect(datasets.map((d: { actId: string; reason: string }) => [d.actId, d.reason])).toEqual([['REG-1', 'in-eddr']]);
      const skipped = await call(t, 'dms', 'GET', `/__polihon/journal?since=${since}&service=eddr.dataset.skipped`);
      expect(skipped.body.entries.map((e: { data: { reason: string } }) => e.data.reason)).toEqual(['person-not-in-eddr']);
    },
  },
  {
    name: 'ДМС asks the hromada registry, which acknowledges and answers on time',
    async run(t) {
      await call(t, 'hromada', 'POST', '/__polihon/seed', { residents: [{ person: OLENA, address: KYIV_ADDRESS }] });
      const sent = await call(t, 'dms', 'POST', '/__polihon/verification-requests', { person });
      expect(sent.status).toBe(201);
      expect(sent.body.delivery).toMatchObject({ status: 202, body: { requestId: sent.body.requestId, status: 'accepted' } });
      // a clock move waits for the simulators' background work, here the registry's answer
      await call(t, 'dms', 'POST', '/__polihon/clock', { advance: '1m' });
      const { requests } = (await call(t, 'dms', 'GET', '/__polihon/verification-requests')).body;
      expect(requests).toMatchObject([{ requestId: sent.body.requestId, answer: { found: true, onTime: true, registrations: [{ address: KYIV_ADDRESS }] } }]);
      const journal = (await call(t, 'dms', 'GET', `/__polihon/journal?since=0&service=dms.verification.answer`)).body;
      expect(journal.entries.map((e: { kind: string; from: string; to: string }) => [e.kind, e.from, e.to]).slice(-2)).toEqual([
        ['request', 'hromada', 'dms'],
        ['response', 'dms', 'hromada'],
      ]);
    },
  },
  {
    name: 'the hromada registry sends an act to ДМС and returns its answer',
    async run(t) {
      const since = (await call(t, 'dms', 'GET', '/__polihon/journal')).body.entries.at(-1)?.seq ?? 0;
      const sent = await call(t, 'hromada', 'POST', '/__polihon/acts', { kind: 'declaration', person: OLENA, address: KYIV_ADDRESS });
      expect(sent.status).toBe(201);
      expect(sent.body.delivery).toMatchObject({ status: 201, body: { actId: sent.body.actId, status: 'confirmed' } });
      const { acts } = (await call(t, 'dms', 'GET', '/__polihon/acts')).body;
      expect(acts).toMatchObject([{ actId: sent.body.actId, channel: 'direct' }]);
      const journal = (await call(t, 'hromada', 'GET', `/__polihon/journal?since=${since}&service=dms.act.submit`)).body;
      // recorded once, by ДМС, naming the registry as the sender
      expect(journal.entries.map((e: { kind: string; from: string }) => [e.kind, e.from])).toEqual([
        ['request', 'hromada'],
        ['response', 'dms'],
      ]);
      const residents = (await call(t, 'hromada', 'GET', `/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).body.residents;
      expect(residents[0].registrations).toMatchObject([{ actId: sent.body.actId }]);
    },
  },
  {
    name: 'the journal reads since a seq and by service, with the chain head',
    async run(t) {
      const since = (await call(t, 'dms', 'GET', '/__polihon/journal')).body.entries.at(-1)?.seq ?? 0;
      await call(t, 'dms', 'POST', '/dms/v1/acts', await act(t));
      const all = (await call(t, 'dms', 'GET', `/__polihon/journal?since=${since}`)).body;
      expect(all.entries.map((e: { service: string }) => e.service)).toEqual(['dms.act.submit', 'dms.act.confirmed', 'eddr.dataset.skipped', 'dms.act.submit']);
      expect(all.head).toBe(all.entries.at(-1).hash);
      const submits = (await call(t, 'hromada', 'GET', `/__polihon/journal?since=${since}&service=dms.act.confirmed`)).body;
      expect(submits).toMatchObject({ count: 1, entries: [{ data: { confirmationId: expect.any(String) } }] });
    },
  },
  {
    name: 'faults are listed, act per call, and are cleared',
    async run(t) {
      await call(t, 'dms', 'POST', '/__polihon/faults', { service: 'dms.act.status', kind: 'outage', count: 1 });
      expect((await call(t, 'dms', 'GET', '/__polihon/faults')).body.faults).toMatchObject([{ service: 'dms.act.status', kind: 'outage', count: 1 }]);
      expectProblem(await call(t, 'dms', 'GET', '/dms/v1/acts/X'), 503, 'outage');
      expectProblem(await call(t, 'dms', 'GET', '/dms/v1/acts/X'), 404, 'unknown-act');
      await call(t, 'dms', 'POST', '/__polihon/faults', { service: '*', kind: 'error', status: 502 });
      expectProblem(await call(t, 'dms', 'GET', '/dms/v1/acts/X'), 502, 'injected-fault');
      expect((await call(t, 'dms', 'DELETE', '/__polihon/faults')).status).toBe(204);
      expect((await call(t, 'dms', 'GET', '/dms/v1/acts/X')).status).toBe(404);
      expectProblem(await call(t, 'dms', 'POST', '/__polihon/faults', { service: 'x', kind: 'meteor' }), 422, 'invalid-fault');
    },
  },
  {
    name: 'a reset fault drops the connection',
    async run(t) {
      await call(t, 'hromada', 'POST', '/__polihon/faults', { service: 'hromada.residents.read', kind: 'reset', count: 1 });
      await expect(t.fetch(`${t.url('hromada')}/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).rejects.toThrow(TypeError);
      expect((await call(t, 'hromada', 'GET', `/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).status).toBe(200);
    },
  },
  {
    name: 'both simulators publish their reference contracts',
    async run(t) {
      for (const [name, path] of [
        ['dms', '/dms/v1/openapi.yaml'],
        ['hromada', '/hromada/v1/openapi.yaml'],
      ] as const) {
        const res = await t.fetch(`${t.url(name)}${path}`);
        expect(res.headers.get('content-type')).toMatch(/yaml/);
        expect(await res.text()).toMatch(/^openapi: 3\.1\.0[\s\S]*polihon's reference contract, not an official one/);
      }
    },
  },
  {
    name: 'the ДМС web registry takes a form and shows the confirmation',
    async run(t) {
      const page = await t.fetch(`${t.url('dms')}/dms/web/`);
      expect(await page.text()).toContain('<label for="f-person-rnokpp">РНОКПП</label>');
      const form = new URLSearchParams({
        kind: 'registration',
        'person.lastName': OLENA.lastName,
        'person.firstName': OLENA.firstName,
        'person.birthDate': OLENA.birthDate,
        'person.sex': OLENA.sex,
        'person.rnokpp': OLENA.rnokpp,
        'address.katottg': KYIV_ADDRESS.katottg,
        'address.text': KYIV_ADDRESS.text,
      });
      const res = await t.fetch(`${t.url('dms')}/dms/web/acts`, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(201);
      expect(await res.text()).toMatch(/<strong id="confirmation-id">CNF-\d{6}<\/strong>/);
      expect((await call(t, 'dms', 'GET', '/__polihon/acts')).body.acts).toMatchObject([{ channel: 'web', status: 'confirmed' }]);
    },
  },
  {
    name: 'the hromada registry refuses a malformed verification request with a 4xx problem',
    async run(t) {
      expectProblem(await call(t, 'hromada', 'POST', '/hromada/v1/verification-requests', { requestId: 'VR-X' }), 422, 'invalid-request');
      expectProblem(await call(t, 'hromada', 'GET', '/hromada/v1/residents'), 400, 'invalid-query');
    },
  },
];
