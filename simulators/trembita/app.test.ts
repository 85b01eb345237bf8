import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientCertificateHeaders, createTestPki, verifyDetached } from '../../core/pki.ts';
import { cp1251, T0 } from '../testing.ts';
import { signedBytes, type SignedRecord } from './archive.ts';
import { NS_SOAP11 } from './faults.ts';
import { NS_XROAD, SHA512_URI } from './soap.ts';
import { DIIA, envelope, MVS, PARTICIPANT, readFault, setup, soapRequest, UUID_RE, type EnvelopeSpec } from './test-support.ts';
import { child, childByLocal, elements, parseXml, textOf } from './xml.ts';

async function call(body: string | Uint8Array, init: Parameters<typeof soapRequest>[1] = {}, options = {}) {
  const { sim, ctx } = setup(options);
  const res = await sim.handle(soapRequest(body, init));
  return { res, text: await res.text(), ctx, sim };
}

describe('SOAP consumer side: a valid call to a built-in service', () => {
  it('answers CheckPassportStatus with the request header echoed, requestHash added, the body as the service gives it', async () => {
    const request = envelope({ issue: 'case-17' });
    const { res, text } = await call(request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const root = (parseXml(text) as { ok: true; root: ReturnType<typeof elements>[number] }).root;
    const header = child(root, NS_SOAP11, 'Header')!;
    const requestHeader = request.slice(request.indexOf('<SOAP-ENV:Header>') + 17, request.indexOf('</SOAP-ENV:Header>'));
    // the echo: every request field byte for byte, in order, then the security server's requestHash
    expect(text).toContain(requestHeader);
    const fields = elements(header);
    expect(fields.map((f) => f.local)).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion', 'requestHash']);
    const hash = fields.at(-1)!;
    expect(hash.ns).toBe(NS_XROAD);
    expect(hash.attrs).toEqual([expect.objectContaining({ local: 'algorithmId', value: SHA512_URI })]);
    expect(textOf(hash)).toBe(createHash('sha512').update(Buffer.from(request, 'utf8')).digest('base64'));
    const wrapper = elements(child(root, NS_SOAP11, 'Body')!)[0]!;
    expect([wrapper.local, wrapper.ns]).toEqual(['CheckPassportStatusResponse', 'http://mvs.polihon.test/trembita/api/CheckPassportStatus']);
    expect(textOf(childByLocal(wrapper, 'status')!)).toBe('VALID');
  });

  it('journals the exchange with channel trembita and the header facts', async () => {
    const { ctx } = await call(envelope({ id: 'msg-1' }));
    const [req, resp] = ctx.journal.entries();
    expect(req).toMatchObject({
      kind: 'request',
      channel: 'trembita',
      from: 'participant',
      to: `SUBSYSTEM:${MVS}`,
      service: 'trembita.soap',
      messageId: 'msg-1',
      data: {
        side: 'consumer',
        protocol: 'soap',
        serviceId: `SERVICE:${MVS}/CheckPassportStatus/v0.1`,
        clientId: `SUBSYSTEM:${PARTICIPANT}`,
        messageId: 'msg-1',
        userId: 'UA3287300123',
        protocolVersion: '4.0',
        duplicate: false,
        echoed: true,
        isFault: false,
        requestHash: expect.any(String),
      },
    });
    expect(resp).toMatchObject({ kind: 'response', links: [req!.seq], status: 200, outcome: 'answered' });
  });

  it('answers a business error the X-Road way: a response with a fault element (Annex D.2)', async () => {
    const { text, ctx } = await call(envelope({ params: '<PasNumber>12</PasNumber>' }));
    expect(text).toContain('<fault><faultCode>InvalidPassportNumber</faultCode>');
    expect(text).toContain('xrd:requestHash');
    expect(ctx.journal.entries()[1]).toMatchObject({ outcome: 'business-fault', data: { businessFault: 'InvalidPassportNumber' } });
  });

  it('answers GetPersonByRnokpp from the seeded persons', async () => {
    const { text } = await call(envelope({ service: `${MVS}/GetPersonByRnokpp/v1`, params: '<rnokpp>3287300123</rnokpp>' }));
    expect(text).toContain('<found>true</found><person><rnokpp>3287300123</rnokpp><lastName>Шевченко</lastName>');
  });

  it('takes SOAP 1.2 with application/soap+xml and answers in 1.2', async () => {
    const { res, text } = await call(envelope({ soap12: true }), { contentType: 'application/soap+xml; charset=utf-8', soapAction: null });
    expect(res.headers.get('content-type')).toBe('application/soap+xml; charset=utf-8');
    expect(text).toContain('CheckPassportStatusResponse');
    expect(text).toContain('http://www.w3.org/2003/05/soap-envelope');
  });

  it('reads the envelope from the first part of multipart/related and hashes that part only', async () => {
    const soap = envelope();
    const body =
      '--MIME_boundary\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\nContent-ID: <rootpart>\r\n\r\n' +
      soap +
      '\r\n--MIME_boundary\r\nContent-Type: application/octet-stream\r\nContent-ID: <data.bin>\r\n\r\nVGhpcyBpcyBhdHRhY2htZW50Lg0K\r\n--MIME_boundary--\r\n';
    const { text } = await call(body, { contentType: 'multipart/related; type="text/xml"; start="<rootpart>"; boundary="MIME_boundary"' });
    expect(text).toContain(`>${createHash('sha512').update(soap).digest('base64')}<`);
  });

  it('serves the consumer proxy path too', async () => {
    const { sim } = setup();
    const res = await sim.handle(soapRequest(envelope(), { path: '/cgi-bin/consumer_proxy' }));
    expect(await res.text()).toContain('CheckPassportStatusResponse');
  });
});

// Each row: what is wrong, the request, and the fault the security server sends — code and faultstring exactly.
type Row = [string, string, string | RegExp, () => { body: string | Uint8Array; init?: Parameters<typeof soapRequest>[1] }];
const env = (spec: EnvelopeSpec) => () => ({ body: envelope(spec) });
const SERVICE = `SERVICE:${MVS}/CheckPassportStatus/v0.1`;

const FAULTS: Row[] = [
  ['GET instead of POST', 'Client.InvalidHttpMethod', 'Must use POST request method instead of GET', () => ({ body: '', init: { method: 'GET' } })],
  ['no content type', 'Client.InvalidRequest', 'Could not get content type from request', () => ({ body: Buffer.from(envelope()), init: { contentType: null } })],
  ['JSON content type', 'Client.InvalidContentType', 'Invalid content type: application/json', () => ({ body: '{}', init: { contentType: 'application/json' } })],
  ['malformed SOAPAction', 'Client.InvalidSoapAction', 'Malformed SOAPAction header', () => ({ body: envelope(), init: { soapAction: 'CheckPassportStatus' } })],
  ['empty body', 'Client.InvalidSoap', 'Premature end of file.', () => ({ body: '' })],
  ['not XML', 'Client.InvalidSoap', 'Content is not allowed in prolog.', () => ({ body: 'hello' })],
  ['truncated XML', 'Client.InvalidSoap', /must start and end within the same entity|must be terminated/, () => ({ body: envelope().slice(0, 300) })],
  ['DOCTYPE (XXE)', 'Client.InvalidSoap', /^DOCTYPE is disallowed/, () => ({ body: '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><e>&x;</e>' })],
  ['not an envelope', 'Client.InvalidSoap', 'Malformed SOAP message: envelope missing', () => ({ body: '<a/>' })],
  ['SOAP 1.2 envelope as text/xml', 'Client.InvalidSoap', 'Malformed SOAP message: envelope missing', () => ({ body: envelope({ soap12: true }) })],
  ['no header', 'Client.MissingHeader', 'Malformed SOAP message: header missing', env({ omit: ['Header'] })],
  ['no protocolVersion', 'Client.MissingHeaderField', "Required field 'protocolVersion' is missing", env({ omit: ['protocolVersion'] })],
  ['no client', 'Client.MissingHeaderField', "Required field 'client' is missing", env({ omit: ['client'] })],
  ['no id', 'Client.MissingHeaderField', "Required field 'id' is missing", env({ omit: ['id'] })],
  ['no service', 'Client.MissingHeaderField', 'Message header must contain service id', env({ omit: ['service'] })],
  ['protocol version 3.1', 'Client.InvalidProtocolVersion', 'Invalid protocol version (supported: 4.x, provided: 3.1)', env({ protocolVersion: '3.1' })],
  ['duplicate id', 'Client.DuplicateHeaderField', `SOAP header contains duplicate field '{${NS_XROAD}}id'`, env({ extraHeader: '<xrd:id>again</xrd:id>' })],
  ['client objectType SERVICE', 'Client.InvalidXml', 'Unexpected objectType: SERVICE', env({ clientType: 'SERVICE' })],
  ['service objectType SUBSYSTEM', 'Client.InvalidXml', 'Unexpected objectType: SUBSYSTEM', env({ serviceType: 'SUBSYSTEM' })],
  ['unknown objectType', 'Client.InvalidXml', 'Unknown objectType: PERSON', env({ clientType: 'PERSON' })],
  ['no body', 'Client.MissingBody', 'Malformed SOAP message: body missing', env({ omit: ['Body'] })],
  ['two body elements', 'Client.InvalidBody', 'Malformed SOAP message: body must have exactly one child element', env({ body: '<a/><b/>' })],
  ['wrapper not the service code', 'Client.InconsistentHeaders', 'Malformed SOAP message: service code does not match in header and body', env({ body: '<m:CheckPassport xmlns:m="urn:x"/>' })],
  ['unknown client', 'Server.ClientProxy.UnknownMember', "Client 'SUBSYSTEM:SEVDEIR-TEST/GOV/00035323/PFU_prod' not found", env({ client: 'SEVDEIR-TEST/GOV/00035323/PFU_prod' })],
  ['unknown provider', 'Server.ClientProxy.UnknownMember', 'Could not find addresses for service provider "SUBSYSTEM:SEVDEIR-TEST/GOV/00035323/PFU_prod"', env({ service: 'SEVDEIR-TEST/GOV/00035323/PFU_prod/GetPension/v1' })],
  ['unknown service', 'Server.ServerProxy.UnknownService', `Unknown service: SERVICE:${MVS}/CheckPassportStatus/v9`, env({ service: `${MVS}/CheckPassportStatus/v9` })],
  ['REST service over SOAP', 'Server.ServerProxy.ServiceType', 'Service is a REST service and cannot be called using SOAP interface', env({ service: `${MVS}/PassportStatus_v1` })],
  ['no access right', 'Server.ServerProxy.AccessDenied', `Request is not allowed: SERVICE:${MVS}/GetPersonByRnokpp/v1`, env({ client: DIIA, service: `${MVS}/GetPersonByRnokpp/v1`, params: '<rnokpp>3287300123</rnokpp>' })],
];

describe('SOAP consumer side: security-server faults', () => {
  it.each(FAULTS)('%s → %s', async (_what, code, message, make) => {
    const { body, init } = make();
    const { res, text, ctx } = await call(body, init);
    // faults as the real security server sends them: HTTP 200, text/xml, SOAPAction "", empty faultactor, UUID detail
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(res.headers.get('soapaction')).toBe('""');
    const fault = readFault(text);
    expect(fault.code).toBe(code);
    if (typeof message === 'string') expect(fault.string).toBe(message);
    else expect(fault.string).toMatch(message);
    expect(fault.actor).toBe('');
    expect(fault.detail).toMatch(UUID_RE);
    const [req, resp] = ctx.journal.entries();
    expect(req).toMatchObject({ channel: 'trembita', service: 'trembita.soap', data: { faultCode: code, faultDetail: fault.detail } });
    expect(resp).toMatchObject({ outcome: `fault:${code}` });
  });

  it('answers a SOAP 1.2 request’s fault in SOAP 1.2 with the X-Road code as Subcode', async () => {
    const { res, text } = await call(envelope({ soap12: true, omit: ['id'] }), { contentType: 'application/soap+xml', soapAction: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/soap+xml; charset=utf-8');
    expect(text).toContain('<env:Value>env:Sender</env:Value><env:Subcode><env:Value>Client.MissingHeaderField</env:Value>');
  });

  it('refuses a body over the limit without reading it all', async () => {
    const big = envelope({ params: `<PasNumber>${'1'.repeat(2000)}</PasNumber>` });
    const { text } = await call(big, {}, { bodyLimit: 1000 });
    expect(readFault(text)).toMatchObject({ code: 'Client.InvalidMessage', string: 'Request body exceeds the size limit of 1000 bytes' });
  });

  it('refuses a message whose bytes are not the UTF-8 it claims, naming the offset, and journals the bytes as sent', async () => {
    const text = envelope({ params: '<PasNumber>000123456</PasNumber><Holder>Шевченко Олена</Holder>' });
    const bytes = cp1251(text);
    const { text: answer, ctx } = await call(bytes);
    expect(readFault(answer)).toMatchObject({ code: 'Client.InvalidSoap', string: `Malformed SOAP message: the message is not valid UTF-8 at byte offset ${text.indexOf('Шевченко')}` });
    const request = ctx.journal.entries({ kind: 'request' })[0]!;
    expect(request).toMatchObject({ bodyEncoding: 'base64', bodyBytes: bytes.byteLength });
    expect(Buffer.from(request.body!, 'base64')).toEqual(bytes);
    // in multipart/related the offset is the whole message's
    const head = '--B\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n';
    const multipart = Buffer.concat([Buffer.from(head), bytes, Buffer.from('\r\n--B--\r\n')]);
    const { text: mime } = await call(multipart, { contentType: 'multipart/related; type="text/xml"; boundary=B' });
    expect(readFault(mime).string).toBe(`Malformed SOAP message: the message is not valid UTF-8 at byte offset ${head.length + text.indexOf('Шевченко')}`);
  });

  it('reads a message in the charset it declares, as X-Road does (SoapParserImpl)', async () => {
    const text = envelope({ params: '<PasNumber>000123456</PasNumber><Holder>Шевченко Олена</Holder>' }).replace('encoding="UTF-8"', 'encoding="windows-1251"');
    const { res, text: answer } = await call(cp1251(text), { contentType: 'text/xml; charset=windows-1251' });
    expect(res.status).toBe(200);
    expect(answer).not.toContain('Fault');
  });

  it('refuses truncated MIME', async () => {
    const body = `--B\r\nContent-Type: text/xml\r\n\r\n${envelope()}\r\n--B\r\nContent-Type: application/octet-stream\r\n\r\nabc`;
    const { text } = await call(body, { contentType: 'multipart/related; type="text/xml"; boundary=B' });
    expect(readFault(text)).toMatchObject({ code: 'Client.MimeParsingFailed', string: expect.stringMatching(/truncated/) });
  });

  it('says the service is disabled with its notice', async () => {
    const { sim } = setup();
    const change = await sim.handle(
      new Request('http://t/__polihon/registry', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          members: [
            {
              code: '00032684',
              name: 'Міністерство внутрішніх справ України',
              subsystems: [{ code: 'MIA_prod', services: [{ code: 'CheckPassportStatus', version: 'v0.1', type: 'SOAP', provider: 'simulated:mvs.check-passport-status', disabled: 'planned maintenance' }] }],
            },
          ],
        }),
      }),
    );
    expect(change.status).toBe(200);
    const fault = readFault(await (await sim.handle(soapRequest(envelope()))).text());
    expect(fault).toMatchObject({ code: 'Server.ServerProxy.ServiceDisabled', string: `Service ${SERVICE} is disabled: planned maintenance` });
  });
});

describe('SOAP consumer side: message ids, faults on demand, archive', () => {
  it('flags a repeated message id per client but still delivers it (TRB-06)', async () => {
    const { sim, ctx } = setup();
    for (const client of [PARTICIPANT, PARTICIPANT, DIIA]) {
      const res = await sim.handle(soapRequest(envelope({ client, id: 'same-id' })));
      expect(await res.text()).toContain('CheckPassportStatusResponse');
    }
    const requests = ctx.journal.entries({ kind: 'request' });
    expect(requests.map((e) => e.data?.duplicate)).toEqual([false, true, false]);
    expect(requests[1]!.data?.duplicateOf).toBe(requests[0]!.seq);
  });

  it('injects faults per service: a timeout, an outage, an error, a reset and a malformed answer', async () => {
    const { sim, ctx } = setup();
    const add = (spec: object) =>
      sim.handle(new Request('http://t/__polihon/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) }));
    await add({ service: SERVICE, kind: 'timeout', ms: 5, count: 1 });
    await add({ service: `${MVS}/CheckPassportStatus/v0.1`, kind: 'outage', count: 1 });
    await add({ service: 'trembita.soap', kind: 'error', status: 502, count: 1 });
    expect(readFault(await (await sim.handle(soapRequest(envelope()))).text())).toMatchObject({ code: 'Server.ServerProxy.ServiceFailed.IOError', string: 'Read timed out' });
    expect(readFault(await (await sim.handle(soapRequest(envelope()))).text()).code).toBe('Server.ClientProxy.NetworkError');
    expect(readFault(await (await sim.handle(soapRequest(envelope()))).text())).toMatchObject({
      code: 'Server.ServerProxy.ServiceFailed.HttpError',
      string: 'Server responded with error 502: Bad Gateway',
    });
    await add({ service: SERVICE, kind: 'reset', count: 1 });
    expect((await sim.handle(soapRequest(envelope()))).type).toBe('error');
    await add({ service: SERVICE, kind: 'malformed', count: 1 });
    const garbled = await (await sim.handle(soapRequest(envelope()))).text();
    expect(parseXml(garbled).ok).toBe(false);
    expect(ctx.journal.entries({ kind: 'response' }).map((e) => e.outcome)).toContain('fault:malformed');
    expect(await (await sim.handle(soapRequest(envelope()))).text()).toContain('CheckPassportStatusResponse');
  });

  it('keeps a signed archive per query id', async () => {
    const { sim } = setup();
    await sim.handle(soapRequest(envelope({ id: 'q-42' })));
    const res = await sim.handle(new Request(`http://t/signature?queryId=q-42&xRoadInstance=SEVDEIR-TEST&memberClass=GOV&memberCode=04054866&subsystemCode=RTG_prod`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="q-42.json"');
    const signed = (await res.json()) as Record<string, unknown>;
    expect(signed).toMatchObject({
      queryId: 'q-42',
      client: `SUBSYSTEM:${PARTICIPANT}`,
      protocol: 'soap',
      request: { body: expect.stringContaining('<xrd:id>q-42</xrd:id>') },
      response: { status: 200, body: expect.stringContaining('requestHash') },
      signature: { algorithm: 'Ed25519', value: expect.any(String), publicKeyPem: expect.stringContaining('PUBLIC KEY') },
    });
    expect((await sim.handle(new Request('http://t/signature?queryId=nope'))).status).toBe(404);
    expect((await sim.handle(new Request('http://t/signature'))).status).toBe(400);
  });
});

describe('faults', () => {
  it('writes the fault envelope exactly as X-Road’s SoapFault does', async () => {
    const { text } = await call('', { method: 'PUT' });
    expect(text.replace(/<faultDetail xmlns="">[^<]+</, '<faultDetail xmlns="">UUID<')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP11}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
        '<faultcode>Client.InvalidHttpMethod</faultcode><faultstring>Must use POST request method instead of PUT</faultstring>' +
        '<faultactor></faultactor><detail><faultDetail xmlns="">UUID</faultDetail></detail>' +
        '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    );
  });
});

describe('with the test PKI', () => {
  it('signs the archive with a security-server certificate the PKI issued', async () => {
    const pki = await createTestPki({ now: T0 });
    const { sim } = setup({ pki });
    await sim.handle(soapRequest(envelope({ id: 'pki-1' })));
    const signed = (await (await sim.handle(new Request('http://t/signature?queryId=pki-1'))).json()) as SignedRecord;
    expect(signed.signature).toMatchObject({ algorithm: 'ECDSA-SHA256', certPem: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(pki.verifyChain(signed.signature.certPem!, T0)).toMatchObject({ ok: true, subject: { kind: 'security-server' } });
    const { digest: _d, signature, ...record } = signed;
    expect(await verifyDetached(signature.certPem!, signedBytes(record), signature.value)).toBe(true);
    expect(await verifyDetached(signature.certPem!, signedBytes({ ...record, queryId: 'other' }), signature.value)).toBe(false);
  });

  it('under clientAuth https wants the client’s own certificate (TLS client authentication)', async () => {
    const pki = await createTestPki({ now: T0 });
    const own = await pki.issue({ kind: 'participant', commonName: 'rtg', edrpou: '04054866', subsystem: 'RTG_prod' });
    const foreign = await pki.issue({ kind: 'participant', commonName: 'diia', edrpou: '43395033', subsystem: 'DIIA_prod' });
    const { sim, ctx } = setup({ pki, clientAuth: 'https' });
    const send = async (headers: Record<string, string>) => {
      const req = soapRequest(envelope());
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
      return (await sim.handle(req)).text();
    };
    expect(readFault(await send({}))).toMatchObject({
      code: 'Server.ClientProxy.SslAuthenticationFailed',
      string: `Client (SUBSYSTEM:${PARTICIPANT}) specifies HTTPS but did not supply TLS certificate`,
    });
    expect(readFault(await send(clientCertificateHeaders(foreign.certPem, true)))).toMatchObject({
      code: 'Server.ClientProxy.SslAuthenticationFailed',
      string: `Client (SUBSYSTEM:${PARTICIPANT}) TLS certificate does not match any IS certificates`,
    });
    expect(readFault(await send(clientCertificateHeaders(own.certPem, false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).code).toBe('Server.ClientProxy.SslAuthenticationFailed');
    expect(await send(clientCertificateHeaders(own.certPem, true))).toContain('CheckPassportStatusResponse');
    expect(ctx.journal.entries({ kind: 'request' }).map((e) => e.data?.clientCert)).toEqual(['none', 'verified', 'unverified', 'verified']);
  });
});

describe('SOAP consumer side: a participant’s own service as the provider', () => {
  const own = `${PARTICIPANT}/CheckResidence/v1`;
  // a provider that drops userId from the echo
  const provider = async (input: string | URL | Request, init?: RequestInit) => {
    const text = await new Request(input, init).text();
    const header = /<SOAP-ENV:Header>([\s\S]*)<\/SOAP-ENV:Header>/.exec(text)![1]!.replace(/<xrd:userId>[^<]*<\/xrd:userId>/, '');
    const open = text.slice(0, text.indexOf('<SOAP-ENV:Header>'));
    return new Response(`${open}<SOAP-ENV:Header>${header}</SOAP-ENV:Header><SOAP-ENV:Body><CheckResidenceResponse/></SOAP-ENV:Body></SOAP-ENV:Envelope>`, { headers: { 'content-type': 'text/xml' } });
  };
  const grant = { access: [{ client: PARTICIPANT, services: [own] }] };
  const body = envelope({ service: own, body: '<r:CheckResidence xmlns:r="http://rtg.polihon.test/trembita/api/CheckResidence"/>' });

  async function run(strictEcho: boolean) {
    const { sim, ctx } = setup({ strictEcho }, { fetch: provider, endpoints: { 'participant.provider': 'http://sut.test/soap' } });
    await sim.handle(new Request('http://t/__polihon/registry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(grant) }));
    const text = await (await sim.handle(soapRequest(body))).text();
    return { text, entry: ctx.journal.entries({ service: 'trembita.soap', kind: 'request' })[0]! };
  }

  it('passes the answer on and records that it did not echo', async () => {
    const { text, entry } = await run(false);
    expect(text).toContain('<CheckResidenceResponse/>');
    expect(text).toContain('requestHash');
    expect(entry).toMatchObject({ to: 'participant', data: { echoed: false, headerDiff: [{ field: 'userId', problem: 'missing' }] } });
  });

  it('under strictEcho refuses it as a consumer security server does', async () => {
    const { text } = await run(true);
    expect(readFault(text)).toMatchObject({ code: 'Server.ClientProxy.ServiceFailed.InconsistentResponse', string: 'Response from server proxy is not consistent with request' });
  });
});
