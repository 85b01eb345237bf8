import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaration, OLENA, T0 } from '../testing.ts';
import { createMswSimulators } from './msw.ts';

// What a participant's own unit test does: the simulators in-process, its own provider endpoint beside them.
const received: unknown[] = [];
const { host, handlers } = createMswSimulators({
  start: T0,
  wallTime: () => 0,
  participantProvider: 'https://sut.test/provider',
  options: { dms: { eddr: [{ rnokpp: OLENA.rnokpp }] } },
});
const server = setupServer(
  ...handlers,
  http.post('https://sut.test/provider/verification-requests', async ({ request }) => {
    received.push(await request.json());
    return HttpResponse.json({ status: 'accepted' }, { status: 202 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('createMswSimulators', () => {
  it('answers on the stable base URLs through the global fetch', async () => {
    const res = await fetch('https://dms.polihon.test/dms/v1/acts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(declaration()),
    });
    expect(res.status).toBe(201);
    expect(host.endpoints).toMatchObject({ dms: 'https://dms.polihon.test', hromada: 'https://hromada.polihon.test' });
  });

  it('delivers ДМС calls to the participant’s handler through msw', async () => {
    const res = await host.request('dms', 'POST', '/__polihon/verification-requests', {
      person: { lastName: OLENA.lastName, firstName: OLENA.firstName, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp },
    });
    // through Трембіта by default (DMS-09): the request reaches the participant over r1, and replyTo is Трембіта's r1
    // address of ДМС's answers service
    expect(res.body).toMatchObject({ via: 'trembita', delivery: { status: 202 } });
    expect(received).toMatchObject([
      { requestId: 'VR-000001', replyTo: 'https://trembita.polihon.test/r1/SEVDEIR-TEST/GOV/37508470/DMS_prod/ResidenceVerificationAnswers_v1/VR-000001/answer' },
    ]);
  });

  it('turns a reset fault into a network error', async () => {
    host.get('hromada').faults.add({ service: 'hromada.residents.read', kind: 'reset', count: 1 });
    await expect(fetch(`https://hromada.polihon.test/hromada/v1/residents?rnokpp=${OLENA.rnokpp}`)).rejects.toThrow(TypeError);
  });
});
