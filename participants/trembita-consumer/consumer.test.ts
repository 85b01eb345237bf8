// The reference Трембіта consumer against a small fake security server (the participant is standalone, so its
// tests bring their own counterpart): SOAP header fields, unique ids, userId with the country prefix, r1 REST with
// X-Road-Client, the allowedMethods check before calling, the driver — and that each fault switch breaks exactly
// the rule faults.ts maps it to.
/* eslint-disable @typescript-eslint/no-explicit-any -- the fake security server reads arbitrary requests */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS } from './faults.ts';
import { startConsumer, withCountry, type RunningConsumer } from './server.ts';
import { elementsOf, ID_NS, parseServiceId, readXml, SOAP11_NS, textOf, XROAD_NS, type Element } from './xroad.ts';

const MVS = 'SEVDEIR-TEST/GOV/00032684/MIA_prod';
const GRANTED = `${MVS}/CheckPassportStatus/v0.1`;
const UNGRANTED = `${MVS}/GetPersonByRnokpp/v1`;
const REST_SERVICE = `${MVS}/PassportStatus_v1`;
const ME = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

interface Seen {
  kind: 'soap' | 'rest' | 'other' | 'direct';
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  header?: Record<string, string>;
  fields?: string[];
  wrapper?: Element;
}

/**
 * A fake security server: allowedMethods lists GRANTED (+ the REST one); a call outside it is AccessDenied; a passport
 * 'TO…' times out the first time it is asked (X-Road's ServiceFailed.IOError); `/provider/…` is the provider's own
 * address, around the security server.
 */
async function startFakeSecurityServer() {
  const seen: Seen[] = [];
  const ids: string[] = [];
  const timedOut = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'x-polihon-time': '2026-04-20T07:00:00.000Z', ...headers });
      res.end(text);
    };
    if (url.pathname.startsWith('/provider/')) {
      seen.push({ kind: 'direct', path: url.pathname, headers: req.headers, body });
      return send(200, 'application/json', '{}');
    }
    if (req.method === 'POST' && url.pathname === '/') {
      const env = readXml(body)!;
      const header = elementsOf(env).find((e) => e.local === 'Header')!;
      const bodyEl = elementsOf(env).find((e) => e.local === 'Body')!;
      const h: Record<string, string> = {};
      for (const f of elementsOf(header)) {
        h[f.local] = elementsOf(f).length ? `${f.attrs[`{${ID_NS}}objectType`]}:${elementsOf(f).map(textOf).join('/')}` : textOf(f);
      }
      const wrapper = elementsOf(bodyEl)[0]!;
      seen.push({ kind: 'soap', path: url.pathname, headers: req.headers, body, header: h, fields: elementsOf(header).map((f) => f.local), wrapper });
      if (h.id) ids.push(h.id);
      const fault = (code: string, msg: string) =>
        send(200, 'text/xml', `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><s:Fault><faultcode>${code}</faultcode><faultstring>${msg}</faultstring><detail><faultDetail>d-1</faultDetail></detail></s:Fault></s:Body></s:Envelope>`);
      if (!h.client) return fault('Server.ClientProxy.MissingHeaderField', "Required field 'client' is missing");
      if (!h.protocolVersion?.startsWith('4.')) return fault('Server.ClientProxy.InvalidProtocolVersion', 'Invalid protocol version');
      const service = h.service?.replace(/^SERVICE:/, '') ?? '';
      const headerXml = body.slice(body.indexOf('<soapenv:Header>'), body.indexOf('</soapenv:Header>') + '</soapenv:Header>'.length);
      const answer = (inner: string) =>
        send(200, 'text/xml; charset=utf-8', `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:xro="${XROAD_NS}" xmlns:iden="${ID_NS}">${headerXml}<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`);
      if (service === `${MVS}/allowedMethods` || service === `${MVS}/listMethods`) {
        const list = [GRANTED, ...(service.endsWith('listMethods') ? [UNGRANTED] : [])]
          .map((s) => parseServiceId(s)!)
          .map((s) => `<xro:service iden:objectType="SERVICE"><iden:xRoadInstance>${s.xRoadInstance}</iden:xRoadInstance><iden:memberClass>${s.memberClass}</iden:memberClass><iden:memberCode>${s.memberCode}</iden:memberCode><iden:subsystemCode>${s.subsystemCode}</iden:subsystemCode><iden:serviceCode>${s.serviceCode}</iden:serviceCode><iden:serviceVersion>${s.serviceVersion}</iden:serviceVersion></xro:service>`)
          .join('');
        return answer(`<xro:${wrapper.local}Response>${list}</xro:${wrapper.local}Response>`);
      }
      if (service !== GRANTED) return fault('Server.ServerProxy.AccessDenied', `Request is not allowed: SERVICE:${service}`);
      const serial = textOf(elementsOf(wrapper).find((e) => e.local === 'PasSerial')!);
      if (serial === 'TO' && !timedOut.has('soap')) {
        timedOut.add('soap');
        return fault('Server.ServerProxy.ServiceFailed.IOError', 'Read timed out');
      }
      if (serial === 'XX') return answer(`<p:CheckPassportStatusResponse xmlns:p="${wrapper.ns}"><fault><faultCode>InvalidSerial</faultCode><faultString>bad serial</faultString></fault></p:CheckPassportStatusResponse>`);
      return answer(`<p:CheckPassportStatusResponse xmlns:p="${wrapper.ns}"><status>VALID</status><checks><n>1</n><n>2</n></checks></p:CheckPassportStatusResponse>`);
    }
    if (url.pathname.startsWith('/r1/')) {
      seen.push({ kind: 'rest', path: url.pathname + url.search, headers: req.headers, body });
      const id = req.headers['x-road-id'] as string | undefined;
      if (id) ids.push(id);
      const client = req.headers['x-road-client'];
      const err = (status: number, type: string, message: string) => send(status, 'application/json', JSON.stringify({ type, message, detail: 'u-1' }), { 'x-road-error': type });
      if (!client) return err(400, 'Client.BadRequest', 'X-Road-Client header missing');
      if (url.pathname === `/r1/${MVS}/allowedMethods`) {
        return send(200, 'application/json', JSON.stringify({ service: [{ member_class: 'GOV', member_code: '00032684', object_type: 'SERVICE', service_code: 'PassportStatus_v1', service_type: 'OPENAPI', subsystem_code: 'MIA_prod', xroad_instance: 'SEVDEIR-TEST' }] }));
      }
      if (url.pathname === `/r1/${REST_SERVICE}/passports/TO1` && !timedOut.has('rest')) {
        timedOut.add('rest');
        return err(500, 'Server.ServerProxy.IOError', 'Read timed out');
      }
      if (url.pathname.startsWith(`/r1/${REST_SERVICE}/`)) {
        return send(200, 'application/json', JSON.stringify({ status: 'VALID', path: url.pathname.slice(`/r1/${REST_SERVICE}`.length), query: url.search }), {
          'x-road-id': id ?? '',
          'x-road-request-hash': 'h==',
        });
      }
      return err(403, 'Server.ServerProxy.AccessDenied', 'Request is not allowed');
    }
    if (url.pathname === '/wsdl') {
      seen.push({ kind: 'other', path: url.pathname + url.search, headers: req.headers, body });
      if (url.searchParams.get('serviceCode') !== 'CheckPassportStatus') return send(500, 'text/xml', 'no');
      return send(
        200,
        'text/xml',
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:defs"><wsdl:types>' +
          '<xs:schema targetNamespace="http://x-road.eu/xsd/xroad.xsd"><xs:element name="client"/></xs:schema>' +
          '<xs:schema targetNamespace="urn:mvs:check"><xs:element name="CheckPassportStatus"/><xs:element name="CheckPassportStatusResponse"/></xs:schema>' +
          '</wsdl:types></wsdl:definitions>',
      );
    }
    if (url.pathname === '/listClients') {
      seen.push({ kind: 'other', path: url.pathname, headers: req.headers, body });
      return send(200, 'application/json', JSON.stringify({ member: [{ id: { member_class: 'GOV', member_code: '00032684', object_type: 'MEMBER', xroad_instance: 'SEVDEIR-TEST' }, name: 'МВС' }] }));
    }
    send(404, 'text/plain', 'no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, ids, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function setup(faults: string[] = []) {
  const ss = await startFakeSecurityServer();
  const consumer = await startConsumer({ port: 0, faults, log: () => undefined });
  cleanup.push(ss.close, () => consumer.close());
  const reset = await fetch(`${consumer.url}/driver/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ simulators: { trembita: ss.url, dms: 'http://127.0.0.1:1' }, clock: 'http://127.0.0.1:1/__polihon/clock' }),
  });
  expect(reset.status).toBe(204);
  return { ss, consumer };
}

async function driverCall(c: RunningConsumer, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${c.url}/driver/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const soapCall = (extra: Record<string, unknown> = {}) => ({
  protocol: 'soap',
  service: `SERVICE:${GRANTED}`,
  params: { PasSerial: 'АА', PasNumber: '123456' },
  userId: 'UA1759013776',
  namespace: 'http://mvs.polihon.test/trembita/api/CheckPassportStatus',
  ...extra,
});

describe('SOAP calls', () => {
  it('send the full X-Road header in order, a UUID id, the body wrapper named after serviceCode; and read the answer', async () => {
    const { ss, consumer } = await setup();
    const { status, json } = await driverCall(consumer, soapCall({ issue: 'СПР-1' }));
    expect(status).toBe(200);
    const call = ss.seen.find((s) => s.kind === 'soap' && s.header?.service?.includes('CheckPassportStatus'))!;
    expect(call.fields).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    expect(call.header).toMatchObject({
      client: `SUBSYSTEM:${ME}`,
      service: `SERVICE:${GRANTED}`,
      userId: 'UA1759013776',
      issue: 'СПР-1',
      protocolVersion: '4.0',
    });
    expect(call.header!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call.headers['content-type']).toMatch(/^text\/xml/);
    expect(call.headers.soapaction).toBe('""');
    expect(call.wrapper).toMatchObject({ local: 'CheckPassportStatus', ns: 'http://mvs.polihon.test/trembita/api/CheckPassportStatus' });
    expect(elementsOf(call.wrapper!).map((e) => [e.local, textOf(e)])).toEqual([
      ['PasSerial', 'АА'],
      ['PasNumber', '123456'],
    ]);
    expect(json).toMatchObject({
      called: true,
      protocol: 'soap',
      messageId: call.header!.id,
      status: 200,
      ok: true,
      answersOurId: true,
      response: { element: 'CheckPassportStatusResponse', data: { status: 'VALID', checks: { n: ['1', '2'] } } },
    });
  });

  it('asks allowedMethods once per provider, and every message gets its own id', async () => {
    const { ss, consumer } = await setup();
    await driverCall(consumer, soapCall());
    await driverCall(consumer, soapCall());
    const soap = ss.seen.filter((s) => s.kind === 'soap');
    expect(soap.map((s) => s.header!.service)).toEqual([`SERVICE:${MVS}/allowedMethods`, `SERVICE:${GRANTED}`, `SERVICE:${GRANTED}`]);
    expect(soap[0]!.wrapper).toMatchObject({ local: 'allowedMethods', ns: XROAD_NS });
    expect(new Set(ss.ids).size).toBe(ss.ids.length);
  });

  it('does not call a service it is not granted, and says so', async () => {
    const { ss, consumer } = await setup();
    const { status, json } = await driverCall(consumer, soapCall({ service: UNGRANTED }));
    expect(status).toBe(200);
    expect(json).toMatchObject({ called: false, refused: 'not-granted', allowed: [`SERVICE:${GRANTED}`] });
    expect(ss.seen.some((s) => s.header?.service === `SERVICE:${UNGRANTED}`)).toBe(false);
  });

  it('reports faults of the security server and business faults of the service', async () => {
    const { consumer } = await setup(['wrong-protocol-version']);
    const { json } = await driverCall(consumer, soapCall());
    expect(json).toMatchObject({ called: true, ok: false, fault: { code: 'Server.ClientProxy.InvalidProtocolVersion', detail: 'd-1' } });
    const clean = await setup();
    const business = await driverCall(clean.consumer, soapCall({ params: { PasSerial: 'XX' } }));
    expect(business.json).toMatchObject({ ok: false, businessFault: { code: 'InvalidSerial', string: 'bad serial' } });
  });

  it('learns the request element’s namespace from the service’s WSDL (once) when the driver gives none', async () => {
    const { ss, consumer } = await setup();
    await driverCall(consumer, soapCall({ namespace: undefined }));
    await driverCall(consumer, soapCall({ namespace: undefined }));
    const wsdl = ss.seen.filter((s) => s.path.startsWith('/wsdl'));
    expect(wsdl.map((s) => decodeURIComponent(s.path))).toEqual([
      '/wsdl?xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=00032684&subsystemCode=MIA_prod&serviceCode=CheckPassportStatus&serviceVersion=v0.1',
    ]);
    const calls = ss.seen.filter((s) => s.header?.service === `SERVICE:${GRANTED}`);
    expect(calls.map((c) => c.wrapper!.ns)).toEqual(['urn:mvs:check', 'urn:mvs:check']);
  });

  it('puts the UA prefix on a bare РНОКПП and uses its officer when none is named', async () => {
    expect(withCountry('1759013776')).toBe('UA1759013776');
    expect(withCountry('UA1759013776')).toBe('UA1759013776');
    const { ss, consumer } = await setup();
    await driverCall(consumer, soapCall({ userId: '1759013776' }));
    await driverCall(consumer, soapCall({ userId: undefined }));
    const calls = ss.seen.filter((s) => s.header?.service === `SERVICE:${GRANTED}`);
    expect(calls.map((c) => c.header!.userId)).toEqual(['UA1759013776', 'UA2245134075']);
  });
});

describe('REST (r1) calls', () => {
  it('use /r1/{service}{path} with X-Road-Client, X-Road-Id, X-Road-UserId and return the answer with the X-Road headers', async () => {
    const { ss, consumer } = await setup();
    const { json } = await driverCall(consumer, { protocol: 'rest', service: REST_SERVICE, method: 'GET', path: '/passports/АА123456', params: { full: 'true' }, userId: 'UA1759013776' });
    const call = ss.seen.find((s) => s.kind === 'rest' && s.path.includes('PassportStatus_v1'))!;
    expect(decodeURIComponent(call.path)).toBe(`/r1/${REST_SERVICE}/passports/АА123456?full=true`);
    expect(call.headers['x-road-client']).toBe(ME);
    expect(call.headers['x-road-userid']).toBe('UA1759013776');
    expect(call.headers['x-road-id']).toBe(json.messageId);
    expect(json).toMatchObject({ called: true, protocol: 'rest', status: 200, ok: true, headers: { 'x-road-request-hash': 'h==' }, body: { status: 'VALID' } });
  });

  it('checks allowedMethods the REST way first', async () => {
    const { ss, consumer } = await setup();
    await driverCall(consumer, { protocol: 'rest', service: REST_SERVICE, path: '/passports/1' });
    expect(ss.seen.filter((s) => s.kind === 'rest').map((s) => s.path.split('?')[0])).toEqual([`/r1/${MVS}/allowedMethods`, `/r1/${REST_SERVICE}/passports/1`]);
  });
});

describe('driver', () => {
  it('health, metadata, journal and bad input', async () => {
    const { consumer } = await setup();
    const health = (await (await fetch(`${consumer.url}/driver/health`)).json()) as any;
    expect(health).toMatchObject({ ok: true, role: 'trembita-consumer', client: `SUBSYSTEM:${ME}` });
    const meta = async (body: unknown) => (await fetch(`${consumer.url}/driver/metadata`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    expect(await meta({ method: 'listMethods', provider: `SUBSYSTEM:${MVS}` })).toEqual({ status: 200, services: [`SERVICE:${GRANTED}`, `SERVICE:${UNGRANTED}`] });
    expect(await meta({ method: 'listClients' })).toMatchObject({ clients: [{ member_code: '00032684' }] });
    await driverCall(consumer, soapCall());
    const journal = (await (await fetch(`${consumer.url}/driver/journal`)).json()) as any;
    expect(journal.entries.map((e: any) => `${e.direction} ${e.service}`)).toEqual([
      `out listMethods:${MVS}`,
      `in listMethods:${MVS}`,
      'out listClients',
      'in listClients',
      `out allowedMethods:${MVS}`,
      `in allowedMethods:${MVS}`,
      `out SERVICE:${GRANTED}`,
      `in SERVICE:${GRANTED}`,
    ]);
    expect(journal.entries[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    // journal times are the simulator's (a virtual clock stands still), once an answer has told it
    expect(journal.entries.slice(1).map((e: any) => e.time)).toEqual(Array(7).fill('2026-04-20T07:00:00.000Z'));
    expect((await driverCall(consumer, { protocol: 'ftp', service: GRANTED })).status).toBe(422);
    expect((await driverCall(consumer, { protocol: 'soap', service: 'nonsense' })).status).toBe(422);
    const fresh = await startConsumer({ port: 0, log: () => undefined });
    cleanup.push(() => fresh.close());
    expect((await driverCall(fresh, soapCall())).status).toBe(409);
    await expect(startConsumer({ port: 0, faults: 'nope' })).rejects.toThrow(/unknown fault switch 'nope'/);
  });
});

describe('after the security server reports a timeout', () => {
  const slow = () => soapCall({ params: { PasSerial: 'TO', PasNumber: '123456' } });
  const tries = (ss: { seen: Seen[] }) => ss.seen.filter((s) => s.kind === 'direct' || (s.kind === 'soap' && s.header?.service === `SERVICE:${GRANTED}`));

  it('shows the failure and tries nothing else', async () => {
    const { ss, consumer } = await setup();
    const r = await driverCall(consumer, slow());
    expect(r.json.fault.code).toBe('Server.ServerProxy.ServiceFailed.IOError');
    expect(tries(ss).map((s) => s.kind)).toEqual(['soap']);
  });

  it('retry-after-timeout: once more through the security server, under a fresh id', async () => {
    const { ss, consumer } = await setup(['retry-after-timeout']);
    const r = await driverCall(consumer, slow());
    expect(r.json.ok).toBe(true);
    const seen = tries(ss);
    expect(seen.map((s) => s.kind)).toEqual(['soap', 'soap']);
    expect(seen[0]!.header!.id).not.toBe(seen[1]!.header!.id);
  });

  it('bypass-security-server: straight to the provider subsystem’s own address, SOAP and REST', async () => {
    const { ss, consumer } = await setup(['bypass-security-server']);
    await driverCall(consumer, slow());
    await driverCall(consumer, { protocol: 'rest', service: REST_SERVICE, path: '/passports/TO1' });
    expect(ss.seen.filter((s) => s.kind === 'direct').map((s) => s.path)).toEqual([`/provider/${MVS}`, `/provider/${REST_SERVICE}/passports/TO1`]);
  });
});

// ---------------------------------------------------------------- each switch breaks exactly its rule

/**
 * What the security server (and the provider's own address) would observe, one verdict per rule the consumer keeps
 * (any 4.x protocolVersion passes, as X-Road 7.x's ProtocolVersion takes it).
 */
async function judge(faults: string[]): Promise<Record<'TRB-01' | 'TRB-03' | 'TRB-04' | 'TRB-06' | 'XCH-03' | 'XCH-05', boolean>> {
  const { ss, consumer } = await setup(faults);
  await driverCall(consumer, soapCall());
  await driverCall(consumer, soapCall());
  await driverCall(consumer, soapCall({ service: UNGRANTED }));
  await driverCall(consumer, { protocol: 'rest', service: REST_SERVICE, path: '/passports/1' });
  // МВС does not answer in time, once per protocol
  await driverCall(consumer, soapCall({ params: { PasSerial: 'TO', PasNumber: '123456' } }));
  await driverCall(consumer, { protocol: 'rest', service: REST_SERVICE, path: '/passports/TO1' });
  const soap = ss.seen.filter((s) => s.kind === 'soap' && s.header?.service === `SERVICE:${GRANTED}`);
  const rest = ss.seen.filter((s) => s.kind === 'rest' && s.path.includes('PassportStatus_v1'));
  return {
    'TRB-01':
      soap.length >= 3 &&
      soap.every((s) => s.header!.client === `SUBSYSTEM:${ME}` && !!s.header!.id && /^UA\d+$/.test(s.header!.userId ?? '') && (s.header!.protocolVersion ?? '').startsWith('4.')),
    'TRB-03': rest.length >= 2 && rest.every((s) => s.path.startsWith('/r1/') && s.headers['x-road-client'] === ME),
    'TRB-04': !ss.seen.some((s) => s.header?.service === `SERVICE:${UNGRANTED}`),
    'TRB-06': new Set(ss.ids).size === ss.ids.length,
    'XCH-03': soap.every((s) => consumer.journal.some((j) => j.direction === 'out' && j.sha256 === createHash('sha256').update(s.body, 'utf8').digest('hex'))),
    'XCH-05': !ss.seen.some((s) => s.kind === 'direct'),
  };
}

describe('fault switches', () => {
  it('the clean consumer keeps every rule', async () => {
    expect(await judge([])).toEqual({ 'TRB-01': true, 'TRB-03': true, 'TRB-04': true, 'TRB-06': true, 'XCH-03': true, 'XCH-05': true });
  });

  it.each(FAULTS.map((f) => [f.name, f.breaks] as const))('%s breaks exactly %j', async (name, breaks) => {
    const verdict = await judge([name]);
    expect(
      Object.entries(verdict)
        .filter(([, ok]) => !ok)
        .map(([id]) => id),
    ).toEqual([...breaks]);
  });
});
