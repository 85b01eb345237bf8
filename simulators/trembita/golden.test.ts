// Golden request/response bytes modelled on the examples of the X-Road protocol documents (PR-MESS Annexes D, E, F;
// PR-META Annex C.1; PR-REST §4.6), written here from the facts with Трембіта identifiers in place of the
// examples' EE ones. Volatile values (fault detail UUIDs, request ids) are normalised before comparing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTrembitaSimulator } from './app.ts';
import { createTestContext } from '../testing.ts';

const CLIENT = ['SEVDEIR-TEST', 'GOV', '04054866', 'RTG_prod'];
const SERVICE = ['SEVDEIR-TEST', 'GOV', '00032684', 'MIA_prod', 'exampleService', 'v1'];
const ID = '4894e35d-bf0f-44a6-867a-8e51f1daa7e0';

const REGISTRY = {
  instance: 'SEVDEIR-TEST',
  members: [
    { code: '04054866', name: 'Тестовий орган реєстрації', subsystems: [{ code: 'RTG_prod' }] },
    { code: '00032684', name: 'МВС', subsystems: [{ code: 'MIA_prod', services: [{ code: 'exampleService', version: 'v1', type: 'SOAP' as const, provider: 'participant' }] }] },
  ],
  access: [{ client: CLIENT.join('/'), services: [SERVICE.join('/')] }],
};

const ids = (tag: string, type: string, parts: string[], names: string[], indent: string) =>
  `${indent}<xrd:${tag} id:objectType="${type}">\n` + parts.map((p, i) => `${indent}    <id:${names[i]}>${p}</id:${names[i]}>\n`).join('') + `${indent}</xrd:${tag}>\n`;

const HEADER =
  ids('client', 'SUBSYSTEM', CLIENT, ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'], '        ') +
  ids('service', 'SERVICE', SERVICE, ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'], '        ') +
  `        <xrd:id>${ID}</xrd:id>\n` +
  '        <xrd:userId>UA3287300123</xrd:userId>\n' +
  '        <xrd:issue>12345</xrd:issue>\n' +
  '        <xrd:protocolVersion>4.0</xrd:protocolVersion>\n';

const envelopeOpen =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<SOAP-ENV:Envelope\n' +
  '        xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"\n' +
  '        xmlns:ns1="http://producer.x-road.eu"\n' +
  '        xmlns:xrd="http://x-road.eu/xsd/xroad.xsd"\n' +
  '        xmlns:id="http://x-road.eu/xsd/identifiers">\n';

/** Annex E.1: a request to exampleService. */
const REQUEST =
  envelopeOpen +
  '    <SOAP-ENV:Header>\n' +
  HEADER +
  '    </SOAP-ENV:Header>\n' +
  '    <SOAP-ENV:Body>\n' +
  '        <ns1:exampleService>\n' +
  '            <exampleInput>foo</exampleInput>\n' +
  '        </ns1:exampleService>\n' +
  '    </SOAP-ENV:Body>\n' +
  '</SOAP-ENV:Envelope>\n';

/** Annex E.2 as the service sends it: the header echoed, no requestHash (the security server adds it). */
const responseFromService = (body: string) =>
  envelopeOpen + '    <SOAP-ENV:Header>\n' + HEADER + '    </SOAP-ENV:Header>\n' + '    <SOAP-ENV:Body>\n' + body + '    </SOAP-ENV:Body>\n' + '</SOAP-ENV:Envelope>\n';

/** …and as the client receives it: requestHash is the header's last field. */
const responseToClient = (body: string, hash: string) =>
  envelopeOpen +
  '    <SOAP-ENV:Header>\n' +
  HEADER +
  `    <xrd:requestHash algorithmId="http://www.w3.org/2001/04/xmlenc#sha512">${hash}</xrd:requestHash></SOAP-ENV:Header>\n` +
  '    <SOAP-ENV:Body>\n' +
  body +
  '    </SOAP-ENV:Body>\n' +
  '</SOAP-ENV:Envelope>\n';

const E2_BODY = '        <ns1:exampleServiceResponse>\n            <exampleOutput>bar</exampleOutput>\n        </ns1:exampleServiceResponse>\n';
const D2_BODY =
  '        <ns1:exampleServiceResponse>\n' +
  '            <exampleOutput />\n' +
  '            <fault>\n' +
  '                <faultCode>test_failed</faultCode>\n' +
  '                <faultString>Could not read test parameters</faultString>\n' +
  '            </fault>\n' +
  '        </ns1:exampleServiceResponse >\n';

function pair(answer: (body: Buffer, contentType: string) => Response) {
  const received: { body: Buffer; contentType: string; soapAction: string | null }[] = [];
  const ctx = createTestContext({
    endpoints: { 'participant.provider': 'http://provider.test/example' },
    fetch: async (input, init) => {
      const req = new Request(input, init);
      const body = Buffer.from(await req.arrayBuffer());
      const contentType = req.headers.get('content-type') ?? '';
      received.push({ body, contentType, soapAction: req.headers.get('soapaction') });
      return answer(body, contentType);
    },
  });
  return { sim: createTrembitaSimulator(ctx, { registry: REGISTRY }), received, ctx };
}

const xml = (text: string, status = 200) => new Response(text, { status, headers: { 'content-type': 'text/xml; charset=UTF-8' } });
const post = (body: string | Buffer, contentType = 'text/xml; charset=UTF-8') =>
  new Request('http://ss.test/', { method: 'POST', headers: { 'content-type': contentType, soapaction: '""' }, body: body as BodyInit });
const sha512 = (b: string | Buffer) => createHash('sha512').update(b).digest('base64');

describe('golden: PR-MESS Annex E (request and response)', () => {
  it('passes the request to the service byte for byte and gives the client the response with requestHash added', async () => {
    const { sim, received } = pair(() => xml(responseFromService(E2_BODY)));
    const res = await sim.handle(post(REQUEST));
    expect(received[0]!.body.toString('utf8')).toBe(REQUEST);
    expect(received[0]!.contentType).toBe('text/xml; charset=UTF-8');
    expect(received[0]!.soapAction).toBe('""');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(await res.text()).toBe(responseToClient(E2_BODY, sha512(REQUEST)));
  });
});

describe('golden: PR-MESS Annex D (faults)', () => {
  it('D.2, a non-technical error, is a normal response: echoed header, requestHash, the fault element untouched', async () => {
    const { sim } = pair(() => xml(responseFromService(D2_BODY)));
    expect(await (await sim.handle(post(REQUEST))).text()).toBe(responseToClient(D2_BODY, sha512(REQUEST)));
  });

  it('D.1, a technical error: a response with no body becomes the security server’s MissingBody fault', async () => {
    const noBody = envelopeOpen + '    <SOAP-ENV:Header>\n' + HEADER + '    </SOAP-ENV:Header>\n</SOAP-ENV:Envelope>\n';
    const { sim } = pair(() => xml(noBody));
    const text = await (await sim.handle(post(REQUEST))).text();
    expect(text.replace(/<faultDetail xmlns="">[0-9a-f-]{36}<\/faultDetail>/, '<faultDetail xmlns="">UUID</faultDetail>')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<SOAP-ENV:Body>' +
        '<SOAP-ENV:Fault>' +
        '<faultcode>Server.ServerProxy.ServiceFailed.MissingBody</faultcode>' +
        '<faultstring>Malformed SOAP message: body missing</faultstring>' +
        '<faultactor></faultactor>' +
        '<detail><faultDetail xmlns="">UUID</faultDetail></detail>' +
        '</SOAP-ENV:Fault>' +
        '</SOAP-ENV:Body>' +
        '</SOAP-ENV:Envelope>',
    );
  });

  it('a service’s own SOAP fault reaches the client unchanged, with HTTP 200', async () => {
    const fault =
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">\n' +
      '    <SOAP-ENV:Body>\n        <SOAP-ENV:Fault>\n            <faultcode>SOAP-ENV:Server</faultcode>\n            <faultstring>Database unavailable</faultstring>\n' +
      '        </SOAP-ENV:Fault>\n    </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n';
    const { sim } = pair(() => xml(fault, 500));
    const res = await sim.handle(post(REQUEST));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(fault);
  });
});

describe('golden: PR-MESS Annex F (a request with an attachment)', () => {
  it('forwards the MIME message as it is and hashes the SOAP part only', async () => {
    const mime =
      '--MIME_boundary\r\n' +
      'Content-Type: text/xml; charset=UTF-8\r\n' +
      'Content-Transfer-Encoding: 8bit\r\n' +
      'Content-ID: <rootpart>\r\n' +
      '\r\n' +
      REQUEST +
      '\r\n--MIME_boundary\r\n' +
      'Content-Type: application/octet-stream; name=data.bin\r\n' +
      'Content-Transfer-Encoding: base64\r\n' +
      'Content-ID: <data.bin>\r\n' +
      'Content-Disposition: attachment; name="data.bin"; filename="data.bin"\r\n' +
      '\r\n' +
      'VGhpcyBpcyBhdHRhY2htZW50Lg0K\r\n' +
      '--MIME_boundary--\r\n';
    const type = 'multipart/related; type="text/xml"; start="<rootpart>"; boundary="MIME_boundary"';
    const { sim, received } = pair(() => xml(responseFromService(E2_BODY)));
    const res = await sim.handle(post(Buffer.from(mime), type));
    expect(received[0]!.body.toString('utf8')).toBe(mime);
    expect(received[0]!.contentType).toBe(type);
    expect(await res.text()).toBe(responseToClient(E2_BODY, sha512(REQUEST)));
  });
});

describe('golden: PR-META Annex C.1 (listClients) and PR-REST §4.6 (error body)', () => {
  it('lists clients in the clientList shape', async () => {
    const { sim } = pair(() => xml(''));
    const text = await (await sim.handle(new Request('http://ss.test/listClients'))).text();
    expect(text).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<ns2:clientList xmlns:ns1="http://x-road.eu/xsd/identifiers" xmlns:ns2="http://x-road.eu/xsd/xroad.xsd">' +
        '<ns2:member><ns2:id ns1:objectType="MEMBER"><ns1:xRoadInstance>SEVDEIR-TEST</ns1:xRoadInstance><ns1:memberClass>GOV</ns1:memberClass><ns1:memberCode>04054866</ns1:memberCode></ns2:id><ns2:name>Тестовий орган реєстрації</ns2:name></ns2:member>' +
        '<ns2:member><ns2:id ns1:objectType="SUBSYSTEM"><ns1:xRoadInstance>SEVDEIR-TEST</ns1:xRoadInstance><ns1:memberClass>GOV</ns1:memberClass><ns1:memberCode>04054866</ns1:memberCode><ns1:subsystemCode>RTG_prod</ns1:subsystemCode></ns2:id><ns2:name>Тестовий орган реєстрації</ns2:name></ns2:member>' +
        '<ns2:member><ns2:id ns1:objectType="MEMBER"><ns1:xRoadInstance>SEVDEIR-TEST</ns1:xRoadInstance><ns1:memberClass>GOV</ns1:memberClass><ns1:memberCode>00032684</ns1:memberCode></ns2:id><ns2:name>МВС</ns2:name></ns2:member>' +
        '<ns2:member><ns2:id ns1:objectType="SUBSYSTEM"><ns1:xRoadInstance>SEVDEIR-TEST</ns1:xRoadInstance><ns1:memberClass>GOV</ns1:memberClass><ns1:memberCode>00032684</ns1:memberCode><ns1:subsystemCode>MIA_prod</ns1:subsystemCode></ns2:id><ns2:name>МВС</ns2:name></ns2:member>' +
        '</ns2:clientList>',
    );
  });

  it('answers a non-conformant r1 request as example 3 does: 400, Client.BadRequest, X-Road-Error', async () => {
    const { sim } = pair(() => xml(''));
    const res = await sim.handle(new Request('http://ss.test/r1/SEVDEIR-TEST/GOV'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-road-error')).toBe('Client.BadRequest');
    const body = await res.text();
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['type', 'message', 'detail']);
  });
});
