// The Трембіта fidelity table (docs/en/trembita-fidelity.md, docs/uk/trembita-fidelity.md) as golden tests: one test per
// row, named by the row's id, pinning what polihon does where a real X-Road 7.4.2 security server (or the Трембіта
// guide) says what it does. The tables themselves are checked too: the same rows in both languages, and no row that
// differs without its reason.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NS_REPR } from './soap.ts';
import { DMS, envelope, MVS, PARTICIPANT, readFault, setup, soapRequest, SS, UUID_RE } from './test-support.ts';
import { WSDL_ENDPOINT } from './wsdl.ts';

const OWN_SOAP = `${PARTICIPANT}/CheckResidence/v1`;
const DMS_REST = `/r1/${DMS}/ResidenceRegistrationActs_v1`;
const CHECK_RESIDENCE = '<r:CheckResidence xmlns:r="http://rtg.polihon.test/trembita/api/CheckResidence"/>';
const GRANT_OWN = { access: [{ client: PARTICIPANT, services: [OWN_SOAP] }] };

interface Got {
  url: string;
  headers: [string, string][];
  body: string;
}

/** A provider standing in for the participant or a simulator: records what reaches it, answers as told. */
function provider(answer: (text: string) => Response) {
  const got: Got[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const body = await req.text();
    got.push({ url: req.url, headers: [...req.headers], body });
    return answer(body);
  };
  return { got, fetch };
}

/** A SOAP provider that echoes the request's header after `edit`, as the participant's service would answer. */
function soapEcho(edit: (header: string) => string = (h) => h) {
  return provider((text) => {
    const header = /<SOAP-ENV:Header>([\s\S]*)<\/SOAP-ENV:Header>/.exec(text)![1]!;
    const open = text.slice(0, text.indexOf('<SOAP-ENV:Header>'));
    return new Response(`${open}<SOAP-ENV:Header>${edit(header)}</SOAP-ENV:Header><SOAP-ENV:Body><CheckResidenceResponse/></SOAP-ENV:Body></SOAP-ENV:Envelope>`, {
      headers: { 'content-type': 'text/xml; charset=utf-8' },
    });
  });
}

/**
 * The participant calls its own SOAP service through the consumer side: under strictEcho as a real consumer security
 * server answers; without it, the answer passes and the journal says what differed (what scenarios judge).
 */
async function ownCall(edit: (header: string) => string, spec: Parameters<typeof envelope>[0] = {}, strictEcho = true) {
  const p = soapEcho(edit);
  const { sim, ctx } = setup({ strictEcho }, { fetch: p.fetch, endpoints: { 'participant.provider': 'http://sut.test/soap' } });
  await sim.handle(new Request('http://t/__polihon/registry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(GRANT_OWN) }));
  const res = await sim.handle(soapRequest(envelope({ service: OWN_SOAP, body: CHECK_RESIDENCE, ...spec })));
  return { res, text: await res.text(), ctx };
}

function r1(path: string, headers: [string, string][] = [], init: RequestInit = {}): Request {
  const h = new Headers(headers);
  if (!h.has('x-road-client')) h.set('x-road-client', PARTICIPANT);
  return new Request(`${SS}${path}`, { ...init, headers: h });
}

async function r1ToDms(request: Request, answer: () => Response = () => Response.json({ ok: true }, { status: 201 })) {
  const p = provider(answer);
  const { sim } = setup({}, { fetch: p.fetch, endpoints: { dms: 'http://dms.test' } });
  const res = await sim.handle(request);
  return { res, got: p.got };
}

const names = (headers: [string, string][]) => headers.map(([n]) => n);
const value = (headers: [string, string][], name: string) => headers.find(([n]) => n === name)?.[1];

describe('Трембіта fidelity (docs/en/trembita-fidelity.md): one golden test per row', () => {
  it('F01 SOAP is served on every path the REST and metadata handlers leave, an HTTP proxy’s absolute target too', async () => {
    const { sim, ctx } = setup();
    for (const path of ['/', '/cgi-bin/consumer_proxy', '/xroad-endpoint', '/any/path']) {
      const text = await (await sim.handle(soapRequest(envelope({ id: `f01${path}` }), { path }))).text();
      expect(text, path).toContain('CheckPassportStatusResponse');
    }
    // what a client sends its HTTP proxy: the request target is the WSDL's soap:address, absolute
    const proxied = new Request(WSDL_ENDPOINT, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: envelope({ id: 'f01-proxy' }) });
    expect(await (await sim.handle(proxied)).text()).toContain('CheckPassportStatusResponse');
    expect(ctx.journal.entries({ service: 'trembita.soap', kind: 'request' }).map((e) => e.path)).toEqual(['/', '/cgi-bin/consumer_proxy', '/xroad-endpoint', '/any/path', '/xroad-endpoint']);
    // the control API stays the harness's
    expect((await sim.handle(new Request('http://t/__polihon/nope', { method: 'POST' }))).status).toBe(404);
  });

  it('F02 a request that is not a POST, on any such path, is Client.InvalidHttpMethod', async () => {
    const { sim } = setup();
    const text = await (await sim.handle(new Request(`${SS}/some/page`))).text();
    expect(readFault(text)).toMatchObject({ code: 'Client.InvalidHttpMethod', string: 'Must use POST request method instead of GET' });
  });

  it('F03 the echo is judged on client, service, id, userId, issue and representedParty by value: a changed one is InconsistentResponse', async () => {
    for (const [field, edit] of [
      ['client', (h: string) => h.replace('04054866', '43395033')],
      ['id', (h: string) => h.replace(/<xrd:id>[^<]*</, '<xrd:id>other<')],
      ['userId', (h: string) => h.replace(/<xrd:userId>[^<]*</, '<xrd:userId>UA1<')],
      ['representedParty', (h: string) => h.replace(/<repr:partyCode>[^<]*</, '<repr:partyCode>2<')],
    ] as const) {
      const spec = { extraHeader: `<repr:representedParty xmlns:repr="${NS_REPR}"><repr:partyCode>1</repr:partyCode></repr:representedParty>` };
      expect(readFault((await ownCall(edit, spec)).text).code, field).toBe('Server.ClientProxy.ServiceFailed.InconsistentResponse');
      const { ctx } = await ownCall(edit, spec, false);
      expect(ctx.journal.entries({ service: 'trembita.soap', kind: 'request' })[0]!.data?.headerDiff, field).toEqual([expect.objectContaining({ field, problem: 'changed' })]);
    }
  });

  it('F04 the order of the echoed fields does not count', async () => {
    const { text } = await ownCall((h) => {
      const pv = /<xrd:protocolVersion>[^<]*<\/xrd:protocolVersion>/.exec(h)![0];
      return pv + h.replace(pv, '');
    });
    expect(text).toContain('<CheckResidenceResponse/>');
  });

  it('F05 any 4.x protocolVersion is taken in the answer; another is the provider server’s InvalidProtocolVersion', async () => {
    expect((await ownCall((h) => h.replace('>4.0<', '>4.1<'))).text).toContain('<CheckResidenceResponse/>');
    expect(readFault((await ownCall((h) => h.replace('>4.0<', '>3.1<'))).text)).toMatchObject({
      code: 'Server.ServerProxy.ServiceFailed.InvalidProtocolVersion',
      string: 'Invalid protocol version (supported: 4.x, provided: 3.1)',
    });
  });

  it('F06 an issue the request had and the answer dropped is InconsistentResponse; one the answer made up too', async () => {
    const dropped = await ownCall((h) => h.replace(/<xrd:issue>[^<]*<\/xrd:issue>/, ''), { issue: 'СПР-1' });
    expect(readFault(dropped.text).code).toBe('Server.ClientProxy.ServiceFailed.InconsistentResponse');
    const added = await ownCall((h) => `${h}<xrd:issue>made-up</xrd:issue>`);
    expect(readFault(added.text).code).toBe('Server.ClientProxy.ServiceFailed.InconsistentResponse');
  });

  it('F07 r1: the client’s X-Road-* headers reach the provider as sent (Represented-Party, UserId, Issue, custom); X-Road-Request-Id is the server’s', async () => {
    const { got } = await r1ToDms(
      r1(DMS_REST, [
        ['x-road-id', 'f07'],
        ['x-road-userid', 'UA3287300123'],
        ['x-road-issue', 'case-7'],
        ['x-road-represented-party', 'COM/12345678'],
        ['x-road-custom', 'kept'],
        ['x-road-request-id', 'forged'],
        ['x-road-request-hash', 'forged'],
      ], { method: 'POST', body: '{}' }),
    );
    const h = got[0]!.headers;
    expect(value(h, 'x-road-client')).toBe(PARTICIPANT);
    expect(value(h, 'x-road-id')).toBe('f07');
    expect(value(h, 'x-road-userid')).toBe('UA3287300123');
    expect(value(h, 'x-road-issue')).toBe('case-7');
    expect(value(h, 'x-road-represented-party')).toBe('COM/12345678');
    expect(value(h, 'x-road-custom')).toBe('kept');
    expect(value(h, 'x-road-request-id')).toMatch(UUID_RE);
    expect(names(h)).not.toContain('x-road-request-hash');
  });

  it('F08 r1: X-Road-Service is an answer header only; the provider learns the service from the path', async () => {
    const { res, got } = await r1ToDms(r1(DMS_REST, [], { method: 'POST', body: '{}' }));
    expect(names(got[0]!.headers)).not.toContain('x-road-service');
    expect(res.headers.get('x-road-service')).toBe(`${DMS}/ResidenceRegistrationActs_v1`);
  });

  it('F09 r1: the provider’s answer headers reach the client, Set-Cookie too; X-Road-Id, -Client, -Request-Id, -Request-Hash are the server’s', async () => {
    const answer = () => {
      const h = new Headers({ 'content-type': 'application/json', 'x-road-id': 'forged', 'x-road-client': 'forged', 'x-app': 'kept' });
      h.append('set-cookie', 'a=1; Path=/');
      h.append('set-cookie', 'b=2; Path=/');
      return new Response('{}', { status: 201, headers: h });
    };
    const { res } = await r1ToDms(r1(DMS_REST, [['x-road-id', 'f09']], { method: 'POST', body: '{}' }), answer);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.headers.get('x-app')).toBe('kept');
    expect(res.headers.get('x-road-id')).toBe('f09');
    expect(res.headers.get('x-road-client')).toBe(PARTICIPANT);
  });

  it('F10 r1: of two X-Road-Client headers the last one counts', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(r1(`/r1/${MVS}/PassportStatus_v1/passports/000123456`, [['x-road-client', `${DMS}`], ['x-road-client', PARTICIPANT]]));
    expect(res.status).toBe(200);
    expect(ctx.journal.entries({ kind: 'request' })[0]!.data?.clientId).toBe(`SUBSYSTEM:${PARTICIPANT}`);
  });

  it('F11 r1: without X-Road-Id the server makes one, INSTANCE-uuid, for the provider and the answer', async () => {
    const { res, got } = await r1ToDms(r1(DMS_REST, [], { method: 'POST', body: '{}' }));
    const id = res.headers.get('x-road-id')!;
    expect(id).toMatch(/^SEVDEIR-TEST-[0-9a-f-]{36}$/);
    expect(value(got[0]!.headers, 'x-road-id')).toBe(id);
  });

  it('F12 r1: hop-by-hop and transport headers of the client do not reach the provider', async () => {
    const { got } = await r1ToDms(r1(DMS_REST, [['user-agent', 'client-ua/1'], ['te', 'trailers'], ['trailer', 'x'], ['x-trace', 't']], { method: 'POST', body: '{}' }));
    const h = got[0]!.headers;
    expect(value(h, 'user-agent')).toBeUndefined();
    expect(names(h)).not.toContain('te');
    expect(names(h)).not.toContain('trailer');
    expect(value(h, 'x-trace')).toBe('t');
  });

  it('F13 differs: Proxy-Connection is dropped (real: passed on)', async () => {
    const { got } = await r1ToDms(r1(DMS_REST, [['proxy-connection', 'keep-alive']], { method: 'POST', body: '{}' }));
    expect(names(got[0]!.headers)).not.toContain('proxy-connection');
  });

  it('F14 SOAP answers carry uxp-transaction-id, as a Трембіта security server’s do (faults too)', async () => {
    const { sim, ctx } = setup();
    const ok = await sim.handle(soapRequest(envelope()));
    expect(ok.headers.get('uxp-transaction-id')).toMatch(UUID_RE);
    const fault = await sim.handle(soapRequest(envelope({ client: 'SEVDEIR-TEST/GOV/99999999/NOPE' })));
    expect(fault.headers.get('uxp-transaction-id')).toMatch(UUID_RE);
    expect(ctx.journal.entries({ kind: 'response' })[0]!.data?.transactionId).toBe(ok.headers.get('uxp-transaction-id'));
  });

  it('F15 differs: a provider’s Content-Encoding is not passed on, the body reaching the client decoded', async () => {
    const { res } = await r1ToDms(r1(DMS_REST, [], { method: 'POST', body: '{}' }), () => new Response('{"a":1}', { status: 201, headers: { 'content-type': 'application/json', 'content-encoding': 'identity' } }));
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe('{"a":1}');
  });

  it('F16 differs: over real HTTP the provider also sees the headers Node’s fetch adds where the client sent none', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { sim } = setup({}, { fetch: (i, init) => fetch(i, init), endpoints: { dms: base } });
      await sim.handle(r1(DMS_REST, [['content-type', 'application/json']], { method: 'POST', body: '{}' }));
    } finally {
      server.close();
    }
    expect(seen[0]).toMatchObject({ 'user-agent': 'node', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'x-road-client': PARTICIPANT });
  });

  it('F17 differs: the participant’s provider gets X-Polihon-Time (the run’s clock), and a simulator X-Polihon-Channel', async () => {
    const p = soapEcho();
    const { sim } = setup({}, { fetch: p.fetch, endpoints: { 'participant.provider': 'http://sut.test/soap' } });
    await sim.handle(new Request('http://t/__polihon/deliver', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 'soap', service: OWN_SOAP }) }));
    expect(value(p.got[0]!.headers, 'x-polihon-time')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const rest = await r1ToDms(r1(DMS_REST, [], { method: 'POST', body: '{}' }));
    expect(value(rest.got[0]!.headers, 'x-polihon-channel')).toBe('trembita');
  });

  it('F18 a request’s protocolVersion may be any 4.x; another is refused before anything is routed', async () => {
    const { sim } = setup();
    expect(await (await sim.handle(soapRequest(envelope({ protocolVersion: '4.1' })))).text()).toContain('CheckPassportStatusResponse');
    expect(readFault(await (await sim.handle(soapRequest(envelope({ protocolVersion: '3.1' })))).text())).toMatchObject({
      code: 'Client.InvalidProtocolVersion',
      string: 'Invalid protocol version (supported: 4.x, provided: 3.1)',
    });
  });
});

// ---------------------------------------------------------------- the tables themselves

const ROW = /^\|\s*(F\d\d)\s*\|(.*)\|\s*$/;
function rows(lang: 'en' | 'uk'): Map<string, string[]> {
  const text = readFileSync(new URL(`../../docs/${lang}/trembita-fidelity.md`, import.meta.url), 'utf8');
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (m) out.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
  }
  return out;
}

describe('the fidelity tables', () => {
  const tested = [...readFileSync(new URL(import.meta.url), 'utf8').matchAll(/^ {2}it\('(F\d\d) /gm)].map((m) => m[1]!);

  it.each(['en', 'uk'] as const)('docs/%s/trembita-fidelity.md has exactly the rows tested here, each with a source and a verdict', (lang) => {
    const table = rows(lang);
    expect([...table.keys()]).toEqual(tested);
    for (const [id, cells] of table) {
      // behaviour | real source | polihon | verdict
      expect(cells, id).toHaveLength(4);
      expect(cells.every((c) => c !== ''), id).toBe(true);
    }
  });

  it('a row that differs says so in its test and gives a reason in both languages', () => {
    const differs = [...readFileSync(new URL(import.meta.url), 'utf8').matchAll(/^ {2}it\('(F\d\d) differs:/gm)].map((m) => m[1]!);
    for (const [lang, word] of [['en', /^differs: .{20,}/], ['uk', /^відрізняється: .{20,}/]] as const) {
      const table = rows(lang);
      const marked = [...table].filter(([, c]) => !/^(same|так само)$/.test(c[3]!)).map(([id]) => id);
      expect(marked, lang).toEqual(differs);
      for (const id of differs) expect(table.get(id)![3], `${lang} ${id}`).toMatch(word);
    }
  });

  it('names real sources in the X-Road repository or the Трембіта guide', () => {
    for (const [id, cells] of rows('en')) expect(cells[1], id).toMatch(/nordic-institute\/X-Road|Трембіта guide|RFC|Node/);
  });
});
