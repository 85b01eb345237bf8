import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NS_SOAP11 } from './faults.ts';
import { NS_ID, NS_XROAD } from './soap.ts';
import { DMS, PARTICIPANT, setup, UUID_RE } from './test-support.ts';

const SOAP_SERVICE = `${PARTICIPANT}/CheckResidence/v1`;
const REST_SERVICE = `${PARTICIPANT}/ResidenceVerificationRequests_v1`;
const ENDPOINTS = { 'participant.provider': 'http://sut.test/soap', 'participant.rest': 'http://sut.test/rest' };

interface Got {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A participant's provider endpoint: answers each request with `answer(requestText)`. */
function participant(answer: (text: string, req: Request) => Response) {
  const got: Got[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const body = await req.text();
    got.push({ url: req.url, method: req.method, headers: Object.fromEntries(req.headers), body });
    return answer(body, req);
  };
  return { got, fetch };
}

/** A response that copies the request's header (optionally changed by `edit`), as a correct provider does. */
function echo(edit: (header: string) => string = (h) => h, body = '<r:CheckResidenceResponse xmlns:r="http://rtg.polihon.test/trembita/api/CheckResidence"><registered>true</registered></r:CheckResidenceResponse>') {
  return (text: string) => {
    const header = /<soapenv:Header>([\s\S]*)<\/soapenv:Header>/.exec(text)?.[1] ?? '';
    return new Response(
      `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${NS_SOAP11}" xmlns:xro="${NS_XROAD}" xmlns:iden="${NS_ID}"><S:Header>${edit(header)}</S:Header><S:Body>${body}</S:Body></S:Envelope>`,
      { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } },
    );
  };
}

async function deliver(body: object, answer: (text: string, req: Request) => Response, endpoints: Record<string, string> = ENDPOINTS) {
  const p = participant(answer);
  const { sim, ctx } = setup({}, { fetch: p.fetch, endpoints });
  const res = await sim.handle(new Request('http://t/__polihon/deliver', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  return { res, result: (await res.json()) as Record<string, unknown>, got: p.got, ctx, sim, fetch: p.fetch };
}

describe('deliveries to the participant’s SOAP service', () => {
  it('sends an X-Road request from the registry’s default client and judges a correct echo', async () => {
    const { res, result, got, ctx } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, body: { rnokpp: '3287300123' }, userId: 'UA3287300123', issue: 'VR-1', id: 'd-1' }, echo());
    expect(res.status).toBe(200);
    const sent = got[0]!;
    expect(sent.url).toBe('http://sut.test/soap');
    expect(sent.headers).toMatchObject({ 'content-type': 'text/xml; charset=utf-8', soapaction: '""', 'x-polihon-time': expect.any(String) });
    expect(sent.body).toContain(`<xro:client iden:objectType="SUBSYSTEM"><iden:xRoadInstance>SEVDEIR-TEST</iden:xRoadInstance><iden:memberClass>GOV</iden:memberClass><iden:memberCode>37508470</iden:memberCode>`);
    expect(sent.body).toContain('<xro:id>d-1</xro:id><xro:userId>UA3287300123</xro:userId><xro:issue>VR-1</xro:issue><xro:protocolVersion>4.0</xro:protocolVersion>');
    expect(sent.body).toContain('<tns:CheckResidence xmlns:tns="http://rtg.polihon.test/trembita/api/CheckResidence"><rnokpp>3287300123</rnokpp></tns:CheckResidence>');
    expect(result).toMatchObject({ status: 200, isFault: false, echoed: true, contentType: 'text/xml; charset=utf-8', messageId: 'd-1', responseWrapper: 'CheckResidenceResponse' });
    expect(result.requestHash).toBe(createHash('sha512').update(sent.body).digest('base64'));
    expect(result.headerDiff).toBeUndefined();
    const [req, resp] = ctx.journal.entries();
    expect(req).toMatchObject({ channel: 'trembita', service: 'trembita.soap', from: `SUBSYSTEM:${DMS}`, to: 'participant', messageId: 'd-1', data: { side: 'provider', echoed: true, duplicate: false } });
    expect(resp).toMatchObject({ outcome: 'answered', from: 'participant' });
  });

  const BROKEN: [string, (h: string) => string, object[]][] = [
    ['drops userId', (h) => h.replace(/<xro:userId>[^<]*<\/xro:userId>/, ''), [{ field: 'userId', problem: 'missing', expected: 'UA1' }]],
    ['changes the client', (h) => h.replace('37508470', '43395033'), [{ field: 'client', problem: 'changed', expected: `SUBSYSTEM:${DMS}`, actual: 'SUBSYSTEM:SEVDEIR-TEST/GOV/43395033/DMS_prod' }]],
    ['adds a field', (h) => `${h}<xro:issue>made-up</xro:issue>`, [{ field: 'issue', problem: 'extra', actual: 'made-up' }]],
  ];
  it.each(BROKEN)('judges a provider that %s as not echoing, with the difference', async (_what, edit, diff) => {
    const { result, ctx } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, userId: 'UA1' }, echo(edit));
    expect(result).toMatchObject({ echoed: false, isFault: false, headerDiff: diff });
    expect(ctx.journal.entries()[1]).toMatchObject({ outcome: 'answered:not-echoed', data: { echoed: false } });
  });

  // X-Road 7.x SoapUtils.checkConsistency compares values, not order, and ProtocolVersion takes any 4.x
  const UNUSUAL: [string, (h: string) => string][] = [
    ['reorders fields', (h) => h.replace(/(<xro:id>[^<]*<\/xro:id>)(<xro:userId>[^<]*<\/xro:userId>)/, '$2$1')],
    ['says protocolVersion 4.1', (h) => h.replace('<xro:protocolVersion>4.0<', '<xro:protocolVersion>4.1<')],
  ];
  it.each(UNUSUAL)('judges a provider that %s as echoing, as a real security server does', async (_what, edit) => {
    const { result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, userId: 'UA1' }, echo(edit));
    expect(result).toMatchObject({ echoed: true, isFault: false });
  });

  it('refuses a protocolVersion other than 4.x in the answer as the provider’s security server does', async () => {
    const { result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, userId: 'UA1' }, echo((h) => h.replace('<xro:protocolVersion>4.0<', '<xro:protocolVersion>3.1<')));
    expect(result).toMatchObject({ echoed: false, ssFault: { code: 'Server.ServerProxy.ServiceFailed.InvalidProtocolVersion' } });
  });

  it('judges a dropped issue as not echoing (InconsistentResponse)', async () => {
    const { result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, userId: 'UA1', issue: 'VR-1' }, echo((h) => h.replace(/<xro:issue>[^<]*<\/xro:issue>/, '')));
    expect(result).toMatchObject({ echoed: false, headerDiff: [{ field: 'issue', problem: 'missing', expected: 'VR-1' }] });
  });

  it('accepts the echo with other prefixes (only namespaces count)', async () => {
    const renamed = (h: string) => h.replaceAll('xro:', 'x:').replaceAll('iden:', 'i:').replace(/^/, '').replaceAll('<x:client ', `<x:client xmlns:x="${NS_XROAD}" xmlns:i="${NS_ID}" `);
    const { result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE }, (text) => {
      const header = /<soapenv:Header>([\s\S]*)<\/soapenv:Header>/.exec(text)![1]!;
      // each field declares its own prefixes
      const fields = renamed(header).replace(/<x:(service|id|userId|protocolVersion)([ >])/g, `<x:$1 xmlns:x="${NS_XROAD}" xmlns:i="${NS_ID}"$2`);
      return new Response(`<E:Envelope xmlns:E="${NS_SOAP11}"><E:Header>${fields}</E:Header><E:Body><CheckResidenceResponse/></E:Body></E:Envelope>`, { headers: { 'content-type': 'text/xml' } });
    });
    expect(result).toMatchObject({ echoed: true });
  });

  it('reports a SOAP fault answer as a fault with its code', async () => {
    const fault = `<S:Envelope xmlns:S="${NS_SOAP11}"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>rnokpp is required</faultstring></S:Fault></S:Body></S:Envelope>`;
    const { result, ctx } = await deliver({ protocol: 'soap', service: SOAP_SERVICE }, () => new Response(fault, { status: 500, headers: { 'content-type': 'text/xml' } }));
    expect(result).toMatchObject({ status: 500, isFault: true, faultCode: 'S:Client', faultString: 'rnokpp is required' });
    expect(ctx.journal.entries()[1]!.outcome).toBe('service-fault');
  });

  it('reports an HTML error page as what the security server makes of it (TRB-05)', async () => {
    const { result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, raw: '<broken' }, () => new Response('<html><body>500</body></html>', { status: 500, headers: { 'content-type': 'text/html' } }));
    expect(result).toMatchObject({ status: 500, isFault: false, echoed: false, ssFault: { code: 'Server.ServerProxy.ServiceFailed.InvalidContentType', message: 'Invalid content type: text/html' } });
  });

  it('sends a raw message exactly as given', async () => {
    const { got, result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE, raw: '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', contentType: 'text/xml' }, echo());
    expect(got[0]!.body).toBe('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    expect(result.messageId).toBeUndefined();
  });

  it('says when the participant cannot be reached', async () => {
    const { result, ctx } = await deliver({ protocol: 'soap', service: SOAP_SERVICE }, () => {
      throw new TypeError('fetch failed');
    });
    expect(result).toMatchObject({ status: 0, error: 'fetch failed', ssFault: { code: 'Server.ServerProxy.ServiceFailed.NetworkError' } });
    expect(ctx.journal.entries()[0]).toMatchObject({ outcome: 'delivery-failed', to: 'participant' });
  });

  it('delivers twice with one message id under a duplicate fault, and flags the second (TRB-06)', async () => {
    const p = participant(echo());
    const { sim, ctx } = setup({}, { fetch: p.fetch, endpoints: ENDPOINTS });
    await sim.handle(new Request('http://t/__polihon/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'trembita.deliver', kind: 'duplicate', count: 1 }) }));
    const res = await sim.handle(new Request('http://t/__polihon/deliver', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 'soap', service: SOAP_SERVICE, id: 'twice' }) }));
    expect(await res.json()).toMatchObject({ deliveries: 2, echoed: true });
    expect(p.got).toHaveLength(2);
    expect(ctx.journal.entries({ kind: 'request' }).map((e) => e.data?.duplicate)).toEqual([false, true]);
  });

  const REFUSED: [string, object, number, string][] = [
    ['an unknown service', { protocol: 'soap', service: `${PARTICIPANT}/Nope/v1` }, 404, 'unknown-service'],
    ['a service the participant does not provide', { protocol: 'soap', service: 'SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1' }, 409, 'not-participant'],
    ['the wrong protocol', { protocol: 'rest', service: SOAP_SERVICE }, 409, 'wrong-protocol'],
    ['a bad client id', { protocol: 'soap', service: SOAP_SERVICE, client: 'nope' }, 422, 'invalid-client'],
    ['an unknown field', { protocol: 'soap', service: SOAP_SERVICE, colour: 'red' }, 422, 'invalid-delivery'],
  ];
  it.each(REFUSED)('refuses %s', async (_what, body, status, code) => {
    const { res, result } = await deliver(body, echo());
    expect(res.status).toBe(status);
    expect(result.code).toBe(code);
  });

  it('refuses when the participant’s endpoint is unknown', async () => {
    const { res, result } = await deliver({ protocol: 'soap', service: SOAP_SERVICE }, echo(), {});
    expect([res.status, result.code]).toEqual([409, 'no-endpoint']);
  });
});

describe('deliveries to the participant’s REST service', () => {
  it('sends r1 headers and JSON and reports the answer', async () => {
    const { result, got, ctx } = await deliver(
      { protocol: 'rest', service: REST_SERVICE, path: '/verification-requests', body: { requestId: 'VR-1' }, id: 'r-1', userId: 'UA1', issue: 'VR-1' },
      () => Response.json({ status: 'accepted' }, { status: 202 }),
    );
    expect(got[0]).toMatchObject({ url: 'http://sut.test/rest/verification-requests', method: 'POST', body: '{"requestId":"VR-1"}' });
    expect(got[0]!.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-road-client': DMS,
      'x-road-id': 'r-1',
      'x-road-userid': 'UA1',
      'x-road-issue': 'VR-1',
      'x-road-request-id': expect.stringMatching(UUID_RE),
    });
    // the service is the path's: X-Road-Service is an answer header only (RestResponse)
    expect(got[0]!.headers['x-road-service']).toBeUndefined();
    expect(result).toMatchObject({ status: 202, isFault: false, json: { status: 'accepted' }, messageId: 'r-1' });
    expect(ctx.journal.entries()[0]).toMatchObject({ service: 'trembita.rest', from: `SUBSYSTEM:${DMS}`, to: 'participant', data: { protocol: 'r1', side: 'provider' } });
  });

  it('sends UXP headers, and says what kind of error body came back', async () => {
    const { result, got } = await deliver({ protocol: 'uxp', service: REST_SERVICE, method: 'GET', path: '/x' }, () => new Response('<h1>oops</h1>', { status: 500, headers: { 'content-type': 'text/html' } }));
    expect(got[0]!.headers).toMatchObject({ 'uxp-client': DMS, 'uxp-service': REST_SERVICE, 'uxp-queryid': expect.stringMatching(UUID_RE), 'uxp-transaction-id': expect.stringMatching(UUID_RE) });
    expect(result).toMatchObject({ status: 500, isFault: true, errorBody: 'html' });
  });

  it('falls back to participant.provider when participant.rest is not set', async () => {
    const { got } = await deliver({ protocol: 'rest', service: REST_SERVICE }, () => Response.json({}), { 'participant.provider': 'http://sut.test/hromada/v1' });
    expect(got[0]!.url).toBe('http://sut.test/hromada/v1');
  });
});
