// The residence flow through Трембіта, in-process: a hromada registry (the participant) sends its acts to ДМС over
// r1 and answers ДМС's verification requests the same way; ДМС journals those exchanges with channel 'trembita'
// (X-Polihon-Channel), still from 'participant', while Трембіта journals its own side of each exchange.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost, type SimulatorHost } from '../simulators/host.ts';
import { cp1251, declaration, OLENA, T0 } from '../simulators/testing.ts';

const ACTS = '/r1/SEVDEIR-TEST/GOV/37508470/DMS_prod/ResidenceRegistrationActs_v1';
const ANSWERS = '/r1/SEVDEIR-TEST/GOV/37508470/DMS_prod/ResidenceVerificationAnswers_v1';
const CLIENT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

/** A host whose simulators reach each other (and a fake participant) in-process, by host name. */
function flow() {
  const clock = createVirtualClock(T0);
  const participantGot: Request[] = [];
  const endpoints: Record<string, string | undefined> = {
    dms: 'http://dms.polihon.test',
    trembita: 'http://trembita.polihon.test',
    hromada: 'http://hromada.polihon.test',
    'participant.provider': 'http://sut.polihon.test/hromada/v1',
  };
  const sims: { host?: SimulatorHost } = {};
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const name = new URL(req.url).hostname.split('.')[0]!;
    if (name === 'sut') {
      participantGot.push(req);
      return Response.json({ status: 'accepted' }, { status: 202 });
    }
    return sims.host!.get(name).handle(req);
  };
  const host = createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), seed: 3, fetch, endpoints, options: { dms: { eddr: [{ rnokpp: OLENA.rnokpp }] } } });
  sims.host = host;
  const trembita = (path: string, init: RequestInit = {}) =>
    host.get('trembita').handle(new Request(`http://trembita.polihon.test${path}`, { ...init, headers: { 'x-road-client': CLIENT, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } }));
  return { host, trembita, participantGot };
}

describe('the residence flow through Трембіта', () => {
  it('an act in Windows-1251 passes Трембіта as bytes and ДМС refuses it with 400 naming the offset', async () => {
    const { host, trembita } = flow();
    const text = JSON.stringify(declaration());
    const bytes = cp1251(text);
    const res = await trembita(ACTS, { method: 'POST', body: bytes as BodyInit, headers: { 'x-road-id': 'act-1251' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-encoding', detail: expect.stringContaining(`byte offset ${text.search(/[^\x00-\x7f]/)}`) });
    // both hops journal the bytes as they came, and nothing was entered
    for (const service of ['trembita.rest', 'dms.act.submit']) {
      const [request] = host.journal.entries({ service, kind: 'request' });
      expect(request, service).toMatchObject({ bodyEncoding: 'base64', bodyBytes: bytes.byteLength });
    }
    expect(host.journal.entries({ service: 'dms.act.confirmed' })).toEqual([]);
    expect(host.journal.verify()).toBeNull();
  });

  it('a registration act sent over r1 reaches ДМС, is confirmed, and both sides journal it as trembita', async () => {
    const { host, trembita } = flow();
    const res = await trembita(ACTS, { method: 'POST', body: JSON.stringify(declaration()), headers: { 'x-road-id': 'act-msg-1' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ actId: 'RTG-2026-000001', status: 'confirmed' });
    expect(res.headers.get('x-road-request-hash')).toBeTruthy();

    const trembitaSide = host.journal.entries({ service: 'trembita.rest', kind: 'request' });
    expect(trembitaSide).toEqual([
      expect.objectContaining({ channel: 'trembita', from: 'participant', to: 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_prod', messageId: 'act-msg-1' }),
    ]);
    const dmsSide = host.journal.entries({ service: 'dms.act.submit', kind: 'request' });
    expect(dmsSide).toEqual([expect.objectContaining({ channel: 'trembita', from: 'participant', to: 'dms', messageId: 'RTG-2026-000001' })]);
    expect(host.journal.entries({ service: 'dms.act.confirmed' })).toEqual([expect.objectContaining({ channel: 'trembita', to: 'participant' })]);
    expect(host.journal.entries({ service: 'eddr.dataset.formed' })[0]!.channel).toBe('trembita');

    // the act's status, read through Трембіта too
    const status = await trembita(`${ACTS}/RTG-2026-000001`);
    expect(status.status).toBe(200);
    expect(host.journal.entries({ service: 'dms.act.status' })[0]).toMatchObject({ channel: 'trembita', from: 'participant' });
  });

  it('a repeated X-Road-Id points at Трембіта’s first request entry, though ДМС journalled in between', async () => {
    const { host, trembita } = flow();
    await trembita(ACTS, { method: 'POST', body: JSON.stringify(declaration()), headers: { 'x-road-id': 'same' } });
    await trembita(ACTS, { method: 'POST', body: JSON.stringify(declaration({ actId: 'RTG-2026-000002' })), headers: { 'x-road-id': 'same' } });
    const [first, second] = host.journal.entries({ service: 'trembita.rest', kind: 'request' });
    expect(first!.data).toMatchObject({ duplicate: false });
    expect(second!.data).toMatchObject({ duplicate: true, duplicateOf: first!.seq });
  });

  it('a confirmation given later still goes out on the channel the act came by', async () => {
    const { host, trembita } = flow();
    host.get('dms').faults.add({ service: 'dms.act.submit', kind: 'withhold', count: 1 });
    expect((await trembita(ACTS, { method: 'POST', body: JSON.stringify(declaration()) })).status).toBe(202);
    expect((await host.request('dms', 'POST', '/__polihon/acts/RTG-2026-000001/confirm')).status).toBe(200);
    expect(host.journal.entries({ service: 'dms.act.confirmed' })).toEqual([expect.objectContaining({ channel: 'trembita' })]);
  });

  it('an answer to a ДМС verification request sent over r1 is journalled at ДМС as trembita', async () => {
    const { host, trembita, participantGot } = flow();
    const order = await host.request('dms', 'POST', '/__polihon/verification-requests', {
      person: { lastName: OLENA.lastName, firstName: OLENA.firstName, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp },
    });
    expect(order.status).toBe(201);
    expect(participantGot).toHaveLength(1);
    const res = await trembita(`${ANSWERS}/VR-000001/answer`, {
      method: 'POST',
      body: JSON.stringify({ requestId: 'VR-000001', answeredAt: new Date(T0).toISOString(), found: false }),
    });
    expect(res.status).toBe(200);
    expect(host.journal.entries({ service: 'dms.verification.answer', kind: 'request' })).toEqual([
      expect.objectContaining({ channel: 'trembita', from: 'participant', data: expect.objectContaining({ requestId: 'VR-000001' }) }),
    ]);
  });

  it('ДМС’s verification request goes through Трембіта to the participant, and the answer at replyTo comes back the same way', async () => {
    const { host, trembita, participantGot } = flow();
    const order = await host.request('dms', 'POST', '/__polihon/verification-requests', { person: { lastName: OLENA.lastName, firstName: OLENA.firstName, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp } });
    expect(order.body).toMatchObject({ via: 'trembita', delivery: { status: 202 } });
    const got = participantGot[0]!;
    expect(got.url).toBe('http://sut.polihon.test/hromada/v1/verification-requests');
    expect(got.headers.get('x-road-client')).toBe('SEVDEIR-TEST/GOV/37508470/DMS_prod');
    // as a real security server: the provider learns the service from the path; X-Road-Service is on responses only
    expect(got.headers.get('x-road-service')).toBeNull();
    const { replyTo } = (await got.json()) as { replyTo: string };
    expect(replyTo).toBe(`http://trembita.polihon.test${ANSWERS}/VR-000001/answer`);
    expect(host.journal.entries({ service: 'trembita.rest', kind: 'request' })).toEqual([
      expect.objectContaining({ from: 'dms', to: 'participant', data: expect.objectContaining({ side: 'consumer', serviceId: `SERVICE:${CLIENT}/ResidenceVerificationRequests_v1` }) }),
    ]);
    expect(host.journal.entries({ service: 'dms.verification.request', kind: 'request' })[0]).toMatchObject({ channel: 'trembita', from: 'dms', to: 'participant' });
    const res = await trembita(new URL(replyTo).pathname, { method: 'POST', body: JSON.stringify({ requestId: 'VR-000001', answeredAt: new Date(T0).toISOString(), found: false }) });
    expect(res.status).toBe(200);
    expect(host.journal.entries({ service: 'dms.verification.answer', kind: 'request' })[0]).toMatchObject({ channel: 'trembita', from: 'participant' });
  });

  it('a direct call stays direct; only a relaying channel name is taken from the header', async () => {
    const { host } = flow();
    const post = (headers: Record<string, string>) =>
      host.get('dms').handle(new Request('http://dms.polihon.test/dms/v1/acts', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(declaration({ actId: `A-${Object.keys(headers).length}-${headers['x-polihon-channel'] ?? ''}` })) }));
    await post({});
    await post({ 'x-polihon-channel': 'web' });
    expect(host.journal.entries({ service: 'dms.act.submit', kind: 'request' }).map((e) => e.channel)).toEqual(['direct', 'direct']);
  });

  it('Трембіта delivers to the participant on the harness’s word, in-process through host.request', async () => {
    const { host, participantGot } = flow();
    const res = await host.request('trembita', 'POST', '/__polihon/deliver', {
      protocol: 'rest',
      service: `${CLIENT}/ResidenceVerificationRequests_v1`,
      path: '/verification-requests',
      body: { requestId: 'VR-9' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 202, isFault: false });
    expect(participantGot[0]!.url).toBe('http://sut.polihon.test/hromada/v1/verification-requests');
    expect(participantGot[0]!.headers.get('x-road-client')).toBe('SEVDEIR-TEST/GOV/37508470/DMS_prod');
  });
});
