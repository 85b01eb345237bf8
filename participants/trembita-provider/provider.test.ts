// The reference Трембіта provider, called the way its security server would call it (the test plays a small fake
// security server): header echo, business errors as Annex D.2 fault elements, technical errors as SOAP Faults,
// REST JSON answers and error bodies, the driver, and that each fault switch breaks exactly the rule faults.ts
// maps it to and nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS } from './faults.ts';
import { isValidEdrpou } from './identifiers.ts';
import { DEFAULT_IDENTITY, startProvider, type RunningProvider } from './server.ts';
import { ID_NS, SOAP11_NS, SOAP12_NS, XROAD_NS } from './xroad.ts';
import { child, elements, parseXml, textOf, type XmlElement } from './xml.ts';

const RNOKPP = '1759013776';
const UNZR = '19900101-00018';

const running: RunningProvider[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

async function provider(faults: string[] = []): Promise<RunningProvider> {
  const p = await startProvider({ port: 0, faults, log: () => undefined });
  running.push(p);
  await fetch(`${p.url}/driver/residents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person: { rnokpp: RNOKPP, unzr: UNZR, lastName: 'Коваль' }, address: { katottg: 'UA80000000000093317', text: 'м. Київ, вул. Хрещатик, 1' }, since: '2024-02-01T09:00:00.000Z' }),
  });
  return p;
}

interface EnvelopeOptions {
  soap?: '1.1' | '1.2';
  serviceCode?: string;
  wrapper?: string;
  body?: string;
  drop?: string[];
  protocolVersion?: string;
  extraHeader?: string;
}

/** A request as a consumer's security server forwards it (prefixes as in the Трембіта guide: xro, iden). */
function envelope(o: EnvelopeOptions = {}): string {
  const code = o.serviceCode ?? 'CheckResidence';
  const fields: Record<string, string> = {
    client:
      '<xro:client iden:objectType="SUBSYSTEM"><iden:xRoadInstance>SEVDEIR-TEST</iden:xRoadInstance><iden:memberClass>GOV</iden:memberClass>' +
      '<iden:memberCode>37508470</iden:memberCode><iden:subsystemCode>DMS_prod</iden:subsystemCode></xro:client>',
    service:
      '<xro:service iden:objectType="SERVICE"><iden:xRoadInstance>SEVDEIR-TEST</iden:xRoadInstance><iden:memberClass>GOV</iden:memberClass>' +
      `<iden:memberCode>04054866</iden:memberCode><iden:subsystemCode>RTG_prod</iden:subsystemCode><iden:serviceCode>${code}</iden:serviceCode>` +
      '<iden:serviceVersion>v1</iden:serviceVersion></xro:service>',
    id: '<xro:id>4894e35d-bf0f-44a6-867a-8e51f1daa7e0</xro:id>',
    userId: '<xro:userId>UA1759013776</xro:userId>',
    issue: '<xro:issue>СПР-12/2026</xro:issue>',
    protocolVersion: `<xro:protocolVersion>${o.protocolVersion ?? '4.0'}</xro:protocolVersion>`,
  };
  const header = Object.entries(fields)
    .filter(([k]) => !(o.drop ?? []).includes(k))
    .map(([, v]) => v)
    .join('\n  ');
  const env = o.soap === '1.2' ? SOAP12_NS : SOAP11_NS;
  const wrapper = o.wrapper ?? code;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${env}" xmlns:xro="${XROAD_NS}" xmlns:iden="${ID_NS}">\n` +
    ` <soapenv:Header>\n  ${header}${o.extraHeader ?? ''}\n </soapenv:Header>\n` +
    ` <soapenv:Body><rtg:${wrapper} xmlns:rtg="http://rtg.polihon.test/trembita/api/CheckResidence">${o.body ?? `<rnokpp>${RNOKPP}</rnokpp>`}</rtg:${wrapper}></soapenv:Body>\n` +
    '</soapenv:Envelope>'
  );
}

async function post(p: RunningProvider, body: string, contentType = 'text/xml; charset=utf-8', path = '/trembita') {
  const res = await fetch(`${p.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** The header fields of an envelope as [local name, text of the field or its identifier parts]. */
function headerOf(xml: string): string[][] {
  const root = parseXml(xml);
  const header = elements(root).find((e) => e.local === 'Header');
  if (!header) return [];
  return elements(header).map((f) => [f.ns === XROAD_NS ? f.local : `{${f.ns}}${f.local}`, elements(f).length ? elements(f).map((c) => `${c.local}=${textOf(c)}`).join(',') + `;${f.attrs.map((a) => a.value).join()}` : textOf(f)]);
}

function bodyOf(xml: string): XmlElement {
  const root = parseXml(xml);
  return elements(elements(root).find((e) => e.local === 'Body')!)[0]!;
}

function faultOf(xml: string): { code: string; text: string } | undefined {
  const b = bodyOf(xml);
  if (b.local !== 'Fault') return undefined;
  if (b.ns === SOAP11_NS) return { code: textOf(child(b, '', 'faultcode')!), text: textOf(child(b, '', 'faultstring')!) };
  return { code: textOf(child(child(b, SOAP12_NS, 'Code')!, SOAP12_NS, 'Value')!), text: textOf(child(child(b, SOAP12_NS, 'Reason')!, SOAP12_NS, 'Text')!) };
}

describe('SOAP: the X-Road echo rule', () => {
  it('answers 200 text/xml with every header field copied in order, and the answer in <serviceCode>Response', async () => {
    const p = await provider();
    const req = envelope();
    const res = await post(p, req);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    expect(headerOf(res.text)).toEqual(headerOf(req));
    expect(headerOf(res.text).map((h) => h[0])).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    const body = bodyOf(res.text);
    expect(body.local).toBe('CheckResidenceResponse');
    expect(Object.fromEntries(elements(body).map((e) => [e.local, textOf(e)]))).toEqual({
      registered: 'true',
      katottg: 'UA80000000000093317',
      address: 'м. Київ, вул. Хрещатик, 1',
      registeredSince: '2024-02-01T09:00:00.000Z',
    });
  });

  it('copies header fields it does not know too, and works without the optional ones', async () => {
    const p = await provider();
    const extra = '<ext:trace xmlns:ext="urn:example:ext" ext:a="1">t-1</ext:trace>';
    const req = envelope({ extraHeader: extra, drop: ['userId', 'issue'] });
    const res = await post(p, req);
    expect(res.status).toBe(200);
    expect(headerOf(res.text)).toEqual(headerOf(req));
    expect(headerOf(res.text).at(-1)?.[0]).toBe('{urn:example:ext}trace');
  });

  it('speaks SOAP 1.2 back to a SOAP 1.2 request', async () => {
    const p = await provider();
    const req = envelope({ soap: '1.2', body: `<unzr>${UNZR}</unzr>` });
    const res = await post(p, req, 'application/soap+xml; charset=utf-8');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/soap\+xml/);
    expect(parseXml(res.text).ns).toBe(SOAP12_NS);
    expect(headerOf(res.text)).toEqual(headerOf(req));
    expect(textOf(child(bodyOf(res.text), '', 'registered')!)).toBe('true');
  });

  it('answers registered=false for a valid number it does not hold', async () => {
    const p = await provider();
    const res = await post(p, envelope({ body: '<rnokpp>2245134075</rnokpp>' }));
    expect(res.status).toBe(200);
    expect(elements(bodyOf(res.text)).map((e) => [e.local, textOf(e)])).toEqual([['registered', 'false']]);
  });
});

describe('SOAP: business errors and technical errors', () => {
  it.each([
    ['<rnokpp>1759013770</rnokpp>', 'InvalidRnokpp'],
    ['<unzr>19900101-00017</unzr>', 'InvalidUnzr'],
    ['', 'MissingSubject'],
  ])('a business error (%s) is a normal 200 response with the Annex D.2 fault element, header echoed', async (body, code) => {
    const p = await provider();
    const req = envelope({ body });
    const res = await post(p, req);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    expect(headerOf(res.text)).toEqual(headerOf(req));
    const fault = child(bodyOf(res.text), '', 'fault')!;
    expect(textOf(child(fault, '', 'faultCode')!)).toBe(code);
    expect(textOf(child(fault, '', 'faultString')!)).not.toBe('');
  });

  it.each([
    ['not XML', 'this is not xml', 'text/xml', 'soapenv:Client.InvalidXml'],
    ['truncated', envelope().slice(0, 300), 'text/xml', 'soapenv:Client.InvalidXml'],
    ['a DTD (XXE)', `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>${envelope().replace(/^<\?xml[^>]*>\n/, '')}`, 'text/xml', 'soapenv:Client.InvalidXml'],
    ['no SOAP envelope', '<a/>', 'text/xml', 'soapenv:Client.InvalidSoap'],
    ['no header', `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body><CheckResidence/></soapenv:Body></soapenv:Envelope>`, 'text/xml', 'soapenv:Client.MissingHeader'],
    ['no client', envelope({ drop: ['client'] }), 'text/xml', 'soapenv:Client.MissingHeaderField'],
    ['no id', envelope({ drop: ['id'] }), 'text/xml', 'soapenv:Client.MissingHeaderField'],
    ['a duplicate field', envelope({ extraHeader: '<xro:id>again</xro:id>' }), 'text/xml', 'soapenv:Client.DuplicateHeaderField'],
    ['protocol 3.1', envelope({ protocolVersion: '3.1' }), 'text/xml', 'soapenv:Client.InvalidProtocolVersion'],
    ['a wrapper not named after serviceCode', envelope({ wrapper: 'SomethingElse' }), 'text/xml', 'soapenv:Client.InvalidBody'],
    ['an unknown service', envelope({ serviceCode: 'GetSomethingElse' }), 'text/xml', 'soapenv:Client.UnknownService'],
    ['JSON', '{"rnokpp":"1759013776"}', 'application/json', 'soapenv:Client.InvalidContentType'],
  ])('%s → a SOAP Fault (500, text/xml), never HTML', async (_what, body, type, code) => {
    const p = await provider();
    const res = await post(p, body, type);
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/^text\/xml/);
    const fault = faultOf(res.text);
    expect(fault?.code).toBe(code);
    expect(fault?.text).toBeTruthy();
    expect(child(bodyOf(res.text), '', 'detail')).toBeDefined();
  });

  it('a SOAP 1.2 fault uses Code/Reason/Detail', async () => {
    const p = await provider();
    const res = await post(p, envelope({ soap: '1.2', drop: ['protocolVersion'] }), 'application/soap+xml');
    expect(res.status).toBe(500);
    expect(faultOf(res.text)).toEqual({ code: 'soapenv:Sender', text: "MissingHeaderField: Required field 'protocolVersion' is missing" });
  });

  it('GET on the SOAP endpoint and an oversized body are faults too', async () => {
    const p = await provider();
    const get = await fetch(`${p.url}/trembita`);
    expect(get.status).toBe(500);
    expect(faultOf(await get.text())?.code).toBe('soapenv:Client.InvalidHttpMethod');
    const small = await startProvider({ port: 0, maxBodyBytes: 100, log: () => undefined });
    running.push(small);
    const big = await post(small, envelope());
    expect(faultOf(big.text)?.code).toBe('soapenv:Client.InvalidRequest');
  });
});

describe('REST', () => {
  it('answers JSON for GET ?rnokpp= and POST { unzr }', async () => {
    const p = await provider();
    const get = await fetch(`${p.url}/trembita/residence-status?rnokpp=${RNOKPP}`, { headers: { 'x-road-client': 'SEVDEIR-TEST/GOV/37508470/DMS_prod', 'x-road-id': 'r-1' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await get.json()).toEqual({ registered: true, katottg: 'UA80000000000093317', address: 'м. Київ, вул. Хрещатик, 1', registeredSince: '2024-02-01T09:00:00.000Z' });
    const postRes = await fetch(`${p.url}/trembita/residence-status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unzr: '19850715-09995' }) });
    expect(await postRes.json()).toEqual({ registered: false });
    expect(p.journal.filter((j) => j.direction === 'in').map((j) => [j.messageId, j.counterpart])).toEqual([
      ['r-1', 'SEVDEIR-TEST/GOV/37508470/DMS_prod'],
      ['', 'unknown'],
    ]);
  });

  it.each([
    ['GET', '?rnokpp=1759013770', undefined, undefined, 422, 'InvalidRnokpp'],
    ['GET', '', undefined, undefined, 400, 'MissingSubject'],
    ['GET', '?name=x', undefined, undefined, 400, 'BadRequest'],
    ['POST', '', 'application/json', '{not json', 400, 'BadRequest'],
    ['POST', '', 'application/json', '[1]', 400, 'BadRequest'],
    ['POST', '', 'text/plain', 'rnokpp', 415, 'UnsupportedMediaType'],
    ['DELETE', '', undefined, undefined, 405, 'MethodNotAllowed'],
  ])('%s %s %s → %i JSON error body {type: %s}', async (method, query, type, body, status, errorType) => {
    const p = await provider();
    const res = await fetch(`${p.url}/trembita/residence-status${query}`, { method, ...(type ? { headers: { 'content-type': type } } : {}), ...(body ? { body } : {}) });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.type).toBe(errorType);
    expect(json.message).toEqual(expect.any(String));
    expect(json.detail).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown path is a JSON 404', async () => {
    const p = await provider();
    const res = await fetch(`${p.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { type: string }).type).toBe('NotFound');
  });
});

describe('driver', () => {
  it('health, reset forgets residents and journal, journal hashes the exact bytes', async () => {
    const p = await provider();
    const health = (await (await fetch(`${p.url}/driver/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, role: 'trembita-provider', identity: DEFAULT_IDENTITY });
    const req = envelope();
    const res = await post(p, req);
    const { createHash } = await import('node:crypto');
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    const journal = (await (await fetch(`${p.url}/driver/journal`)).json()) as { entries: Record<string, string>[] };
    expect(journal.entries.map((e) => [e.direction, e.messageId, e.counterpart, e.sha256])).toEqual([
      ['in', '4894e35d-bf0f-44a6-867a-8e51f1daa7e0', 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_prod', sha(req)],
      ['out', '4894e35d-bf0f-44a6-867a-8e51f1daa7e0', 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_prod', sha(res.text)],
    ]);
    const reset = await fetch(`${p.url}/driver/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ simulators: { trembita: 'http://127.0.0.1:1' } }) });
    expect(reset.status).toBe(204);
    expect(p.journal).toEqual([]);
    const after = await post(p, req);
    expect(textOf(child(bodyOf(after.text), '', 'registered')!)).toBe('false');
  });

  it('refuses bad residents and unknown switches', async () => {
    const p = await provider();
    const res = await fetch(`${p.url}/driver/residents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"person":{}}' });
    expect(res.status).toBe(422);
    await expect(startProvider({ port: 0, faults: 'no-such-switch' })).rejects.toThrow(/unknown fault switch 'no-such-switch'.*valid switches: no-echo-userid/);
  });

  it('its default memberCode is a checksum-valid ЄДРПОУ', () => {
    expect(isValidEdrpou(DEFAULT_IDENTITY.memberCode)).toBe(true);
  });
});

// ---------------------------------------------------------------- each switch breaks exactly its rule

/**
 * The echo rule as X-Road 7.x's security server applies it: client, service, id, userId, issue and representedParty
 * with the same values, in any order (SoapUtils.checkConsistency), and a protocolVersion of 4.x (ProtocolVersion).
 */
function consistent(request: string[][], response: string[][]): boolean {
  const value = (h: string[][], name: string) => h.find(([n]) => n === name)?.[1];
  const compared = ['client', 'service', 'id', 'userId', 'issue', '{http://x-road.eu/xsd/representation.xsd}representedParty'];
  return compared.every((n) => value(request, n) === value(response, n)) && (value(response, 'protocolVersion') ?? '').startsWith('4.');
}

/** What a fake security server would judge, one verdict per rule the provider keeps. */
async function judge(p: RunningProvider): Promise<Record<'TRB-02' | 'TRB-05' | 'XCH-03', boolean>> {
  const good = envelope();
  const echo = await post(p, good);
  const { createHash } = await import('node:crypto');
  const journalled = p.journal.some((j) => j.direction === 'in' && j.sha256 === createHash('sha256').update(good, 'utf8').digest('hex'));
  const echoOk = echo.status === 200 && consistent(headerOf(good), headerOf(echo.text));
  const isSoapFault = (r: { type: string; text: string }) => {
    try {
      return /xml/.test(r.type) && faultOf(r.text) !== undefined;
    } catch {
      return false;
    }
  };
  const malformed = await post(p, 'garbage');
  const business = await post(p, envelope({ body: '<rnokpp>1759013770</rnokpp>' }));
  let businessOk = false;
  try {
    businessOk = business.status === 200 && /xml/.test(business.type) && child(bodyOf(business.text), '', 'fault') !== undefined;
  } catch {
    businessOk = false;
  }
  const restBad = await fetch(`${p.url}/trembita/residence-status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
  const restBusiness = await fetch(`${p.url}/trembita/residence-status?rnokpp=1759013770`);
  const jsonError = (r: Response) => r.status >= 400 && r.status < 500 && /json/.test(r.headers.get('content-type') ?? '');
  return { 'TRB-02': echoOk, 'TRB-05': isSoapFault(malformed) && businessOk && jsonError(restBad) && jsonError(restBusiness), 'XCH-03': journalled };
}

describe('fault switches', () => {
  it('the clean provider keeps every rule', async () => {
    expect(await judge(await provider())).toEqual({ 'TRB-02': true, 'TRB-05': true, 'XCH-03': true });
  });

  it.each(FAULTS.map((f) => [f.name, f.breaks] as const))('%s breaks exactly %j', async (name, breaks) => {
    const verdict = await judge(await provider([name]));
    const failed = Object.entries(verdict)
      .filter(([, ok]) => !ok)
      .map(([id]) => id);
    expect(failed).toEqual([...breaks]);
  });

  it('no-echo-userid drops exactly userId and issue, drop-issue only issue; wrong-protocol-version says 3.1, protocol-version-4-1 4.1; reorder-header moves protocolVersion first', async () => {
    const names = async (f: string) => headerOf((await post(await provider([f]), envelope())).text);
    expect((await names('no-echo-userid')).map((h) => h[0])).toEqual(['client', 'service', 'id', 'protocolVersion']);
    expect((await names('drop-issue')).map((h) => h[0])).toEqual(['client', 'service', 'id', 'userId', 'protocolVersion']);
    expect((await names('wrong-protocol-version')).at(-1)).toEqual(['protocolVersion', '3.1']);
    expect((await names('protocol-version-4-1')).at(-1)).toEqual(['protocolVersion', '4.1']);
    expect((await names('reorder-header')).map((h) => h[0])).toEqual(['protocolVersion', 'client', 'service', 'id', 'userId', 'issue']);
  });

  it('html-500-on-malformed answers an HTML page; business-error-as-500 a text/plain 500', async () => {
    const html = await post(await provider(['html-500-on-malformed']), 'garbage');
    expect([html.status, html.type.split(';')[0]]).toEqual([500, 'text/html']);
    const plain = await post(await provider(['business-error-as-500']), envelope({ body: '<rnokpp>1759013770</rnokpp>' }));
    expect([plain.status, plain.type.split(';')[0]]).toEqual([500, 'text/plain']);
  });
});
