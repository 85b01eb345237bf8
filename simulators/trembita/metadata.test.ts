import { describe, expect, it } from 'vitest';
import { NS_SOAP11 } from './faults.ts';
import { parseContentType, parseMultipart } from './mime.ts';
import { NS_ID, NS_XROAD } from './soap.ts';
import { DIIA, envelope, MVS, PARTICIPANT, readFault, setup, soapRequest, SS } from './test-support.ts';
import { HEADER_PARTS, WSDL_ENDPOINT } from './wsdl.ts';
import { attr, child, elements, parseXml, textOf, type XmlElement } from './xml.ts';

const NS_WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const NS_WSDL_SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const NS_XS = 'http://www.w3.org/2001/XMLSchema';

function root(text: string): XmlElement {
  const r = parseXml(text);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column}`);
  return r.root;
}

function all(el: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.ns === ns && e.local === local) out.push(e);
    for (const c of elements(e)) walk(c);
  };
  walk(el);
  return out;
}

function ids(list: XmlElement): string[] {
  return elements(list).map((s) => `${attr(s, NS_ID, 'objectType')}:${elements(s).map(textOf).join('/')}`);
}

/** Checks what a WSDL 1.1 consumer needs: one operation, document/literal, the six X-Road header parts bound. */
function checkWsdl(text: string, code: string, version?: string) {
  const defs = root(text);
  expect([defs.ns, defs.local]).toEqual([NS_WSDL, 'definitions']);
  const tns = attr(defs, '', 'targetNamespace')!;
  const schemas = all(defs, NS_XS, 'schema');
  expect(schemas.map((s) => attr(s, '', 'targetNamespace'))).toEqual([NS_ID, NS_XROAD, tns]);
  // the header elements are defined here, not imported from a URL a client would have to fetch
  expect(all(defs, NS_XS, 'import').every((i) => attr(i, '', 'schemaLocation') === undefined)).toBe(true);
  expect(all(defs, NS_XS, 'include')).toEqual([]);
  const xroadElements = elements(schemas[1]!).filter((e) => e.local === 'element').map((e) => attr(e, '', 'name'));
  for (const p of HEADER_PARTS) expect(xroadElements).toContain(p);
  const bodyElements = elements(schemas[2]!).filter((e) => e.local === 'element').map((e) => attr(e, '', 'name'));
  expect(bodyElements).toEqual([code, `${code}Response`]);
  const header = all(defs, NS_WSDL, 'message').find((m) => attr(m, '', 'name') === 'requestheader')!;
  expect(elements(header).map((p) => [attr(p, '', 'name'), attr(p, '', 'element')])).toEqual(HEADER_PARTS.map((p) => [p, `xrd:${p}`]));
  const binding = all(defs, NS_WSDL, 'binding')[0]!;
  expect(attr(child(binding, NS_WSDL_SOAP, 'binding')!, '', 'style')).toBe('document');
  const op = child(binding, NS_WSDL, 'operation')!;
  expect(attr(op, '', 'name')).toBe(code);
  const xrdVersion = child(op, NS_XROAD, 'version');
  expect(xrdVersion ? textOf(xrdVersion) : undefined).toBe(version);
  for (const dir of ['input', 'output']) {
    const io = child(op, NS_WSDL, dir)!;
    expect(attr(child(io, NS_WSDL_SOAP, 'body')!, '', 'use')).toBe('literal');
    expect(all(io, NS_WSDL_SOAP, 'header').map((h) => attr(h, '', 'part'))).toEqual([...HEADER_PARTS]);
  }
  expect(attr(all(defs, NS_WSDL_SOAP, 'address')[0]!, '', 'location')).toBe(WSDL_ENDPOINT);
}

describe('listClients', () => {
  it('lists members and subsystems in XML by default (PR-META Annex C.1 form)', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(new Request(`${SS}/listClients`));
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const list = root(await res.text());
    expect([list.ns, list.local]).toEqual([NS_XROAD, 'clientList']);
    const members = elements(list).map((m) => {
      const id = child(m, NS_XROAD, 'id')!;
      return `${attr(id, NS_ID, 'objectType')}:${elements(id).map(textOf).join('/')}`;
    });
    expect(members).toContain('MEMBER:SEVDEIR-TEST/GOV/00032684');
    expect(members).toContain(`SUBSYSTEM:${MVS}`);
    expect(members).toContain(`SUBSYSTEM:${PARTICIPANT}`);
    expect(ctx.journal.entries()[0]).toMatchObject({ service: 'trembita.meta', channel: 'trembita', data: { meta: 'listClients' } });
  });

  it('lists them as JSON with snake_case ids when asked', async () => {
    const { sim } = setup();
    const res = await sim.handle(new Request(`${SS}/listClients`, { headers: { accept: 'application/json' } }));
    const body = (await res.json()) as { member: unknown[] };
    expect(body.member).toContainEqual({
      id: { member_class: 'GOV', member_code: '00032684', subsystem_code: 'MIA_prod', object_type: 'SUBSYSTEM', xroad_instance: 'SEVDEIR-TEST' },
      name: 'Міністерство внутрішніх справ України',
      subsystem_name: 'ЄІС МВС (polihon)',
    });
    const other = await sim.handle(new Request(`${SS}/listClients?xRoadInstance=SEVDEIR`, { headers: { accept: 'application/json' } }));
    expect(await other.json()).toEqual({ member: [] });
  });
});

describe('SOAP metadata services', () => {
  const meta = (code: string, client = PARTICIPANT, body = `<xrd:${code}/>`) => envelope({ client, service: `${MVS}/${code}`, body });

  it('listMethods lists the provider’s SOAP services, allowedMethods only those the client may call', async () => {
    const { sim } = setup();
    const list = async (code: string, client?: string) => {
      const text = await (await sim.handle(soapRequest(meta(code, client)))).text();
      const body = child(root(text), NS_SOAP11, 'Body')!;
      const response = elements(body)[0]!;
      expect([response.ns, response.local]).toEqual([NS_XROAD, `${code}Response`]);
      expect(text).toContain('requestHash');
      return ids(response);
    };
    expect(await list('listMethods')).toEqual([`SERVICE:${MVS}/CheckPassportStatus/v0.1`, `SERVICE:${MVS}/GetPersonByRnokpp/v1`]);
    expect(await list('allowedMethods', DIIA)).toEqual([`SERVICE:${MVS}/CheckPassportStatus/v0.1`]);
  });

  it('getWsdl answers with getWsdlResponse and the WSDL as a MIME attachment', async () => {
    const { sim } = setup();
    const res = await sim.handle(soapRequest(meta('getWsdl', PARTICIPANT, '<xrd:getWsdl><xrd:serviceCode>CheckPassportStatus</xrd:serviceCode><xrd:serviceVersion>v0.1</xrd:serviceVersion></xrd:getWsdl>')));
    const ct = parseContentType(res.headers.get('content-type'))!;
    expect(ct.type).toBe('multipart/related');
    const parsed = parseMultipart(Buffer.from(await res.arrayBuffer()), ct.params.boundary!);
    if (!parsed.ok) throw new Error(parsed.reason);
    const [soap, wsdl] = parsed.parts;
    const response = elements(child(root(soap!.body.toString()), NS_SOAP11, 'Body')!)[0]!;
    expect(response.local).toBe('getWsdlResponse');
    expect(elements(response).map(textOf)).toEqual(['CheckPassportStatus', 'v0.1']);
    expect(wsdl!.headers['content-type']).toMatch(/^text\/xml/);
    checkWsdl(wsdl!.body.toString(), 'CheckPassportStatus', 'v0.1');
  });

  it('getWsdl of an unknown service or of a REST service is a fault', async () => {
    const { sim } = setup();
    const ask = async (code: string) =>
      readFault(await (await sim.handle(soapRequest(meta('getWsdl', PARTICIPANT, `<xrd:getWsdl><xrd:serviceCode>${code}</xrd:serviceCode></xrd:getWsdl>`)))).text());
    expect(await ask('Nope')).toMatchObject({ code: 'Server.ServerProxy.UnknownService', string: `Could not find wsdl URL for service SERVICE:${MVS}/Nope` });
    expect(await ask('PassportStatus_v1')).toMatchObject({ code: 'Server.ServerProxy.ServiceType', string: 'Service is a REST service and does not have a WSDL' });
    const missing = readFault(await (await sim.handle(soapRequest(meta('getWsdl', PARTICIPANT, '<xrd:getWsdl/>')))).text());
    expect(missing).toMatchObject({ code: 'Server.ServerProxy.InvalidRequest', string: 'Missing serviceCode in message body' });
  });
});

describe('the UXP WSDL form: GET /wsdl?…', () => {
  it('serves valid WSDL 1.1 with the X-Road header parts, for a built-in and for a participant’s service', async () => {
    const { sim } = setup();
    const get = (q: string) => sim.handle(new Request(`${SS}/wsdl?${q}`));
    const mvs = await get('xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=00032684&subsystemCode=MIA_prod&serviceCode=GetPersonByRnokpp&version=v1');
    expect(mvs.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    checkWsdl(await mvs.text(), 'GetPersonByRnokpp', 'v1');
    const own = await get('xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=04054866&subsystemCode=RTG_prod&serviceCode=CheckResidence');
    checkWsdl(await own.text(), 'CheckResidence', 'v1');
    const unknown = await get('xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=00032684&subsystemCode=MIA_prod&serviceCode=Nope');
    expect(readFault(await unknown.text()).code).toBe('Server.ServerProxy.UnknownService');
  });

  it('passes a provider’s own WSDL with its address replaced', async () => {
    const wsdl = `<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="${'http://schemas.xmlsoap.org/wsdl/soap/'}"><service name="s"><port name="p" binding="b"><soap:address location="http://10.0.0.5:8080/hidden"/></port></service></definitions>`;
    const { sim } = setup(
      {
        registry: {
          instance: 'SEVDEIR-TEST',
          members: [{ code: '04054866', name: 'Р', subsystems: [{ code: 'RTG_prod', services: [{ code: 'Own', type: 'SOAP', provider: 'participant', wsdl: '/own?wsdl' }] }] }],
        },
      },
      { endpoints: { 'participant.provider': 'http://sut.test/soap' }, fetch: async (input) => new Response(String(input) === 'http://sut.test/soap/own?wsdl' ? wsdl : 'no', { status: String(input).endsWith('wsdl') ? 200 : 404 }) },
    );
    const res = await sim.handle(new Request(`${SS}/wsdl?xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=04054866&subsystemCode=RTG_prod&serviceCode=Own`));
    expect(await res.text()).toContain(`<soap:address location="${WSDL_ENDPOINT}"/>`);
  });
});

describe('r1 metadata', () => {
  const get = (path: string, client = PARTICIPANT) => new Request(`${SS}/r1/${path}`, { headers: { 'x-road-client': client } });

  it('listMethods and allowedMethods list REST services with their endpoints', async () => {
    const { sim } = setup();
    const list = (await (await sim.handle(get('SEVDEIR-TEST/GOV/37508470/DMS_prod/listMethods'))).json()) as { service: { service_code: string }[] };
    expect(list.service).toEqual([
      {
        member_class: 'GOV',
        member_code: '37508470',
        object_type: 'SERVICE',
        service_code: 'ResidenceRegistrationActs_v1',
        service_type: 'OPENAPI',
        subsystem_code: 'DMS_prod',
        xroad_instance: 'SEVDEIR-TEST',
        endpoint_list: [
          { method: 'POST', path: '/' },
          { method: 'GET', path: '/*' },
        ],
      },
      expect.objectContaining({ service_code: 'ResidenceVerificationAnswers_v1', service_type: 'REST' }),
    ]);
    const allowed = (await (await sim.handle(get('SEVDEIR-TEST/GOV/37508470/DMS_prod/allowedMethods', DIIA))).json()) as { service: unknown[] };
    expect(allowed.service).toEqual([]);
  });

  it('getOpenAPI returns a built-in’s OpenAPI, and the errors the real one gives', async () => {
    const { sim } = setup();
    const ok = await sim.handle(get(`${MVS}/getOpenAPI?serviceCode=PassportStatus_v1`));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ openapi: '3.0.3', paths: { '/passports/{number}': expect.any(Object) } });
    expect(ok.headers.get('x-road-request-id')).toBeTruthy();
    const missing = await sim.handle(get(`${MVS}/getOpenAPI`));
    expect(await missing.json()).toMatchObject({ type: 'Server.ServerProxy.InvalidRequest', message: 'Missing serviceCode in message body' });
    const notFound = await sim.handle(get(`${MVS}/getOpenAPI?serviceCode=Nope`));
    expect(await notFound.json()).toMatchObject({ type: 'Server.ServerProxy.InternalError', message: `Service not found: SERVICE:${MVS}/Nope` });
    const rest = await sim.handle(get('SEVDEIR-TEST/GOV/37508470/DMS_prod/getOpenAPI?serviceCode=ResidenceVerificationAnswers_v1'));
    expect(await rest.json()).toMatchObject({ type: 'Server.ServerProxy.InternalError', message: 'Invalid service type: REST' });
  });
});
