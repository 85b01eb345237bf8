import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { restRequestHash } from './rest.ts';
import { DIIA, DMS, MVS, PARTICIPANT, setup, SS, UUID_RE } from './test-support.ts';

const PASSPORT = `/r1/${MVS}/PassportStatus_v1`;

function r1(path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return new Request(`${SS}${path}`, { ...init, headers: { 'x-road-client': PARTICIPANT, ...headers } });
}

/** A provider standing in for the participant or a simulator: records what it got, answers as told. */
function provider(answer: (req: Request) => Response | Promise<Response> = () => Response.json({ ok: true })) {
  const got: { url: string; method: string; headers: Record<string, string>; body: string }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    got.push({ url: req.url, method: req.method, headers: Object.fromEntries(req.headers), body: await req.clone().text() });
    return answer(req);
  };
  return { got, fetch };
}

describe('r1 REST: consumer side', () => {
  it('routes to a built-in service and answers with the X-Road response headers', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(r1(`${PASSPORT}/passports/000123456`, { 'x-road-id': 'r-1', 'x-road-userid': 'UA3287300123' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ number: '000123456', status: 'VALID', statusText: 'Паспорт дійсний' });
    expect(res.headers.get('x-road-client')).toBe(PARTICIPANT);
    expect(res.headers.get('x-road-service')).toBe(`${MVS}/PassportStatus_v1`);
    expect(res.headers.get('x-road-id')).toBe('r-1');
    expect(res.headers.get('x-road-request-id')).toMatch(UUID_RE);
    expect(res.headers.get('x-road-request-hash')).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(res.headers.get('x-road-error')).toBeNull();
    expect(ctx.journal.entries()[0]).toMatchObject({
      channel: 'trembita',
      service: 'trembita.rest',
      from: 'participant',
      to: `SUBSYSTEM:${MVS}`,
      messageId: 'r-1',
      data: { protocol: 'r1', side: 'consumer', serviceId: `SERVICE:${MVS}/PassportStatus_v1`, clientId: `SUBSYSTEM:${PARTICIPANT}`, userId: 'UA3287300123', status: 200, duplicate: false },
    });
  });

  it('makes up X-Road-Id when the client sends none: INSTANCE-uuid', async () => {
    const { sim } = setup();
    const res = await sim.handle(r1(`${PASSPORT}/passports/000123456`));
    expect(res.headers.get('x-road-id')).toMatch(/^SEVDEIR-TEST-[0-9a-f-]{36}$/);
  });

  it('passes a provider’s error through untouched, without X-Road-Error (category 1)', async () => {
    const { sim } = setup();
    const res = await sim.handle(r1(`${PASSPORT}/passports/XX1`));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-road-error')).toBeNull();
    expect(await res.json()).toMatchObject({ code: 'invalid-number' });
  });

  const ERRORS: [string, string, Request, number, string, string][] = [
    ['no X-Road-Client', '400', new Request(`${SS}${PASSPORT}/passports/1`), 400, 'Client.BadRequest', 'The client identifier is missing: send the X-Road-Client header (INSTANCE/CLASS/MEMBER[/SUBSYSTEM])'],
    ['a malformed X-Road-Client', '400', r1(`${PASSPORT}/passports/1`, { 'x-road-client': 'SEVDEIR-TEST/GOV' }), 400, 'Client.BadRequest', "Invalid X-Road-Client header 'SEVDEIR-TEST/GOV': expected INSTANCE/CLASS/MEMBER[/SUBSYSTEM]"],
    ['a short path', '400', r1(`/r1/${MVS}`), 400, 'Client.BadRequest', expect.stringContaining('/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/{SERVICE}') as unknown as string],
    ['an unknown client', '500', r1(`${PASSPORT}/passports/1`, { 'x-road-client': 'SEVDEIR-TEST/GOV/00035323/PFU_prod' }), 500, 'Server.ClientProxy.UnknownMember', "Client 'SUBSYSTEM:SEVDEIR-TEST/GOV/00035323/PFU_prod' not found"],
    ['an unknown service', '500', r1(`/r1/${MVS}/Nothing_v1`), 500, 'Server.ServerProxy.UnknownService', `Unknown service: SERVICE:${MVS}/Nothing_v1`],
    ['a SOAP service', '500', r1(`/r1/${MVS}/CheckPassportStatus`), 500, 'Server.ServerProxy.UnknownService', `Unknown service: SERVICE:${MVS}/CheckPassportStatus`],
    ['no access right', '500', r1(`/r1/${DMS}/ResidenceRegistrationActs_v1`, { 'x-road-client': DIIA }), 500, 'Server.ServerProxy.AccessDenied', `Request is not allowed: SERVICE:${DMS}/ResidenceRegistrationActs_v1`],
  ];
  it.each(ERRORS)('answers %s with %s {type,message,detail} and X-Road-Error', async (_what, _s, request, status, type, message) => {
    const { sim } = setup();
    const res = await sim.handle(request);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-road-error')).toBe(type);
    const body = (await res.json()) as { type: string; message: string; detail: string };
    expect(body).toEqual({ type, message, detail: expect.stringMatching(UUID_RE) });
  });

  it('says ServiceType for a SOAP service that has no version in the path either', async () => {
    const { sim } = setup({
      registry: {
        instance: 'SEVDEIR-TEST',
        members: [{ code: '00032684', name: 'МВС', subsystems: [{ code: 'MIA_prod', services: [{ code: 'Ping', type: 'SOAP', provider: 'participant' }] }] }],
        access: [{ client: 'SEVDEIR-TEST/GOV/00032684', services: ['SEVDEIR-TEST/GOV/00032684/MIA_prod/Ping'] }],
      },
    });
    const res = await sim.handle(r1(`/r1/${MVS}/Ping`, { 'x-road-client': 'SEVDEIR-TEST/GOV/00032684' }));
    expect(await res.json()).toMatchObject({ type: 'Server.ServerProxy.ServiceType', message: 'Service is a SOAP service and cannot be called using REST interface' });
  });

  it('answers errors in XML when the client accepts XML', async () => {
    const { sim } = setup();
    const res = await sim.handle(new Request(`${SS}${PASSPORT}/x`, { headers: { accept: 'text/xml' } }));
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await res.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><error><type>Client.BadRequest<\/type><message>[^<]+<\/message><detail>[0-9a-f-]{36}<\/detail><\/error>$/);
  });

  it('forwards to the provider: path, query, body, user headers and X-Road headers, nothing hop-by-hop; answers with its status', async () => {
    const p = provider(() => new Response(JSON.stringify({ dmsActId: 'D-1' }), { status: 201, headers: { 'content-type': 'application/json', 'x-road-id': 'forged', 'x-custom': 'kept', 'x-polihon-journal-entry': '1:ab' } }));
    const { sim, ctx } = setup({}, { fetch: p.fetch, endpoints: { dms: 'http://dms.test' } });
    const res = await sim.handle(
      r1(`/r1/${DMS}/ResidenceRegistrationActs_v1?dry=1`, { 'x-road-id': 'act-1', 'x-road-issue': 'case-9', 'content-type': 'application/json', 'x-trace': 't1', 'x-polihon-simulator': 'hromada', connection: 'keep-alive' }, { method: 'POST', body: '{"actId":"A"}' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-custom')).toBe('kept');
    expect(res.headers.get('x-road-id')).toBe('act-1');
    expect(res.headers.get('x-polihon-journal-entry')).toBeNull();
    const [got] = p.got;
    expect(got).toMatchObject({ url: 'http://dms.test/dms/v1/acts?dry=1', method: 'POST', body: '{"actId":"A"}' });
    expect(got!.headers).toMatchObject({
      'x-road-client': PARTICIPANT,
      'x-road-id': 'act-1',
      'x-road-issue': 'case-9',
      'x-road-request-id': expect.stringMatching(UUID_RE),
      'x-trace': 't1',
      'x-polihon-channel': 'trembita',
      'content-type': 'application/json',
    });
    expect(got!.headers['x-polihon-simulator']).toBeUndefined();
    expect(got!.headers['x-road-service']).toBeUndefined();
    expect(got!.headers.connection).toBeUndefined();
    expect(ctx.journal.entries()[0]!.to).toBe(`SUBSYSTEM:${DMS}`);
  });

  it('computes X-Road-Request-Hash over the canonical head and the body, as the README documents', async () => {
    const p = provider();
    const { sim } = setup({}, { fetch: p.fetch, endpoints: { dms: 'http://dms.test' } });
    const body = '{"actId":"A"}';
    const res = await sim.handle(r1(`/r1/${DMS}/ResidenceRegistrationActs_v1`, { 'x-road-id': 'h-1', 'content-type': 'application/json' }, { method: 'POST', body }));
    const h = p.got[0]!.headers;
    const head =
      `POST\r\n/r1/${DMS}/ResidenceRegistrationActs_v1\r\n` +
      `content-type:application/json\r\nx-road-client:${PARTICIPANT}\r\nx-road-id:h-1\r\nx-road-request-id:${h['x-road-request-id']}\r\n`;
    const sha = (b: Buffer | string) => createHash('sha512').update(b).digest();
    const expected = createHash('sha512').update(Buffer.concat([sha(head), sha(body)])).digest('base64');
    expect(res.headers.get('x-road-request-hash')).toBe(expected);
    expect(restRequestHash('GET', '/r1/x', [], new Uint8Array())).toBe(createHash('sha512').update('GET\r\n/r1/x\r\n').digest('base64'));
  });

  it('reports an unreachable provider as Server.ServerProxy.NetworkError (category 2)', async () => {
    const { sim } = setup({}, { endpoints: { dms: 'http://dms.test' } });
    const res = await sim.handle(r1(`/r1/${DMS}/ResidenceRegistrationActs_v1`, {}, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-road-error')).toBe('Server.ServerProxy.NetworkError');
  });

  it('reports a provider with no address as ServiceMissingUrl', async () => {
    const { sim } = setup();
    const res = await sim.handle(r1(`/r1/${DMS}/ResidenceRegistrationActs_v1`, {}, { method: 'POST', body: '{}' }));
    expect(await res.json()).toMatchObject({ type: 'Server.ServerProxy.ServiceMissingUrl', message: `Service address not specified for 'SERVICE:${DMS}/ResidenceRegistrationActs_v1'` });
  });

  it('flags a repeated X-Road-Id per client (TRB-06)', async () => {
    const { sim, ctx } = setup();
    await sim.handle(r1(`${PASSPORT}/passports/000123456`, { 'x-road-id': 'same' }));
    await sim.handle(r1(`${PASSPORT}/passports/000123456`, { 'x-road-id': 'same' }));
    expect(ctx.journal.entries({ kind: 'request' }).map((e) => e.data?.duplicate)).toEqual([false, true]);
  });
});

describe('r1 REST: another simulator as the client', () => {
  it('ДМС asking the participant through the consumer side is journalled from dms; the participant sees X-Road headers, no polihon names', async () => {
    const p = provider(() => Response.json({ requestId: 'VR-1', status: 'accepted' }, { status: 202 }));
    const { sim, ctx } = setup({}, { fetch: p.fetch, endpoints: { 'participant.provider': 'http://sut.test/hromada/v1' } });
    const res = await sim.handle(
      r1(`/r1/${PARTICIPANT}/ResidenceVerificationRequests_v1/verification-requests`, { 'x-road-client': DMS, 'x-road-id': 'vr-msg-1', 'x-polihon-simulator': 'dms', 'content-type': 'application/json' }, { method: 'POST', body: '{"requestId":"VR-1"}' }),
    );
    expect(res.status).toBe(202);
    expect(p.got[0]).toMatchObject({ url: 'http://sut.test/hromada/v1/verification-requests', body: '{"requestId":"VR-1"}' });
    expect(p.got[0]!.headers).toMatchObject({ 'x-road-client': DMS, 'x-road-id': 'vr-msg-1' });
    expect(p.got[0]!.headers['x-polihon-simulator']).toBeUndefined();
    expect(p.got[0]!.headers['x-polihon-channel']).toBeUndefined();
    expect(ctx.journal.entries({ kind: 'request' })).toEqual([
      expect.objectContaining({ channel: 'trembita', service: 'trembita.rest', from: 'dms', to: 'participant', data: expect.objectContaining({ side: 'consumer', clientId: `SUBSYSTEM:${DMS}` }) }),
    ]);
  });

  it('a call without the simulator header is the participant’s, whatever client it names', async () => {
    const { sim, ctx } = setup();
    await sim.handle(r1(`${PASSPORT}/passports/000123456`, { 'x-polihon-simulator': 'Not A Name!' }));
    expect(ctx.journal.entries({ kind: 'request' })[0]!.from).toBe('participant');
  });
});

describe('UXP REST (/restapi): consumer side', () => {
  const uxp = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    new Request(`${SS}/restapi${path}`, { ...init, headers: { 'uxp-client': PARTICIPANT, 'uxp-service': `${MVS}/PassportStatus_v1`, ...headers } });

  it('routes by the Uxp-Service header and answers with uxp-transaction-id', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(uxp('/passports/%D0%90%D0%90123456', { 'uxp-queryid': 'u-1', 'uxp-purpose-ids': 'P1', 'uxp-subject-id': '3287300123' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ number: 'АА123456', status: 'VALID' });
    expect(res.headers.get('uxp-transaction-id')).toMatch(UUID_RE);
    expect(ctx.journal.entries()[0]).toMatchObject({ messageId: 'u-1', data: { protocol: 'uxp', purposeIds: 'P1', subjectId: '3287300123' } });
  });

  it('takes queryId and userId as query parameters from older clients, and keeps them from the provider', async () => {
    const p = provider();
    const { sim, ctx } = setup({}, { fetch: p.fetch, endpoints: { dms: 'http://dms.test' } });
    await sim.handle(uxp('/A-1?queryId=q-7&userId=Flask_client&x=1', { 'uxp-service': `${DMS}/ResidenceRegistrationActs_v1` }));
    expect(p.got[0]!.url).toBe('http://dms.test/dms/v1/acts/A-1?x=1');
    expect(p.got[0]!.headers).toMatchObject({ 'uxp-client': PARTICIPANT, 'uxp-queryid': 'q-7', 'uxp-transaction-id': expect.stringMatching(UUID_RE) });
    expect(ctx.journal.entries()[0]).toMatchObject({ messageId: 'q-7', data: { userId: 'Flask_client' } });
  });

  const ERRORS: [string, Record<string, string>, number, string][] = [
    ['no Uxp-Client', { 'uxp-client': '' }, 400, 'Client.BadRequest'],
    ['no Uxp-Service', { 'uxp-service': '' }, 400, 'Client.BadRequest'],
    ['a Uxp-Service without a service code', { 'uxp-service': MVS }, 400, 'Client.BadRequest'],
    ['no access right', { 'uxp-client': DIIA }, 500, 'Server.ServerProxy.AccessDenied'],
  ];
  it.each(ERRORS)('answers %s with the error body and uxp-faultcode', async (_what, headers, status, code) => {
    const { sim } = setup();
    const res = await sim.handle(uxp('/passports/000123456', headers));
    expect(res.status).toBe(status);
    expect(res.headers.get('uxp-faultcode')).toBe(code);
    expect(res.headers.get('uxp-faultstring')).toBeTruthy();
    expect(res.headers.get('uxp-transaction-id')).toMatch(UUID_RE);
    expect(await res.json()).toMatchObject({ type: code, detail: expect.stringMatching(UUID_RE) });
  });
});

describe('r1 answers without a body', () => {
  it.each([204, 205, 304])('passes a provider’s %i on', async (status) => {
    const { sim } = setup({}, { fetch: async () => new Response(null, { status }), endpoints: { dms: 'http://dms.test' } });
    const res = await sim.handle(new Request(`${SS}/r1/${DMS}/ResidenceRegistrationActs_v1/A`, { headers: { 'x-road-client': PARTICIPANT } }));
    expect(res.status).toBe(status);
    expect(res.headers.get('x-road-request-hash')).toBeTruthy();
  });
});
