import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NS_SOAP11 } from './faults.ts';
import { buildRequest, compareEcho, readEnvelope, readHeaderLoose, readRequest, readResponse, requestHash, SHA512_URI, withRequestHash } from './soap.ts';
import { envelope } from './test-support.ts';

describe('requestHash', () => {
  it('is the base64 SHA-512 of the request bytes, checked against a hand-computed digest', () => {
    // SHA-512("abc") from FIPS 180-2, appendix C.1
    const hex = 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f';
    expect(requestHash(Buffer.from('abc'))).toBe(Buffer.from(hex, 'hex').toString('base64'));
    // bytes, not characters: a BOM and non-ASCII text change the hash
    const text = envelope({ userId: 'UAШ' });
    expect(requestHash(Buffer.from(text))).toBe(createHash('sha512').update(Buffer.from(text, 'utf8')).digest('base64'));
    expect(requestHash(Buffer.from(`\uFEFF${text}`))).not.toBe(requestHash(Buffer.from(text)));
  });

  it('goes last in the header, replacing one the service put there, with the prefix the header uses', () => {
    const own = envelope().replace('</SOAP-ENV:Header>', `<xrd:requestHash algorithmId="${SHA512_URI}">forged</xrd:requestHash></SOAP-ENV:Header>`);
    const out = withRequestHash(readEnvelope(own, '1.1'), 'HASH');
    expect(out).not.toContain('forged');
    expect(out).toContain(`<xrd:protocolVersion>4.0</xrd:protocolVersion><xrd:requestHash algorithmId="${SHA512_URI}">HASH</xrd:requestHash></SOAP-ENV:Header>`);
  });

  it('declares its namespace when no X-Road prefix is in scope, and opens a self-closing header', () => {
    const bare = `<S:Envelope xmlns:S="${NS_SOAP11}"><S:Header/><S:Body><x/></S:Body></S:Envelope>`;
    expect(withRequestHash(readEnvelope(bare, '1.1'), 'H')).toBe(
      `<S:Envelope xmlns:S="${NS_SOAP11}"><S:Header><xrd:requestHash xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" algorithmId="${SHA512_URI}">H</xrd:requestHash></S:Header><S:Body><x/></S:Body></S:Envelope>`,
    );
  });
});

describe('reading envelopes', () => {
  it('reads the header fields in order, with identifiers', () => {
    const msg = readRequest(envelope({ issue: 'case' }), '1.1');
    expect(msg.fields.map((f) => f.local)).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    expect(msg.xroad).toMatchObject({
      client: { objectType: 'SUBSYSTEM', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystemCode: 'RTG_prod' },
      service: { objectType: 'SERVICE', serviceCode: 'CheckPassportStatus', serviceVersion: 'v0.1' },
      id: '4894e35d-bf0f-44a6-867a-8e51f1daa7e0',
      issue: 'case',
      protocolVersion: '4.0',
    });
  });

  it('accepts any 4.x protocol version and a MEMBER client', () => {
    expect(readRequest(envelope({ protocolVersion: '4.7', client: 'SEVDEIR-TEST/GOV/04054866' }), '1.1').xroad.client).toEqual({
      objectType: 'MEMBER',
      xRoadInstance: 'SEVDEIR-TEST',
      memberClass: 'GOV',
      memberCode: '04054866',
    });
  });

  it('reads a fault as a fault, in both SOAP versions', () => {
    const f11 = `<S:Envelope xmlns:S="${NS_SOAP11}"><S:Body><S:Fault><faultcode>S:Server</faultcode><faultstring>boom</faultstring></S:Fault></S:Body></S:Envelope>`;
    expect(readResponse(f11, '1.1').fault).toEqual({ code: 'S:Server', string: 'boom' });
    const f12 = `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:Receiver</e:Value><e:Subcode><e:Value>Server.X</e:Value></e:Subcode></e:Code><e:Reason><e:Text>r</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`;
    expect(readResponse(f12, '1.2').fault).toEqual({ code: 'Server.X', string: 'r' });
  });

  it('takes a response wrapper that starts with the service code, as a security server does', () => {
    const text = envelope({ body: '<m:CheckPassportStatusResponse xmlns:m="urn:m"/>' });
    expect(readResponse(text, '1.1').wrapper!.local).toBe('CheckPassportStatusResponse');
    expect(() => readResponse(envelope({ body: '<m:Other xmlns:m="urn:m"/>' }), '1.1')).toThrow('service code does not match');
  });

  it('reads a broken request’s header loosely, for judging what was sent on purpose', () => {
    expect(readHeaderLoose(envelope({ protocolVersion: '3.0', omit: ['client'] }), '1.1').xroad).toEqual({ id: '4894e35d-bf0f-44a6-867a-8e51f1daa7e0', userId: 'UA3287300123', protocolVersion: '3.0' });
    expect(readHeaderLoose('not xml', '1.1')).toEqual({ fields: [], xroad: {} });
  });
});

describe('compareEcho', () => {
  const req = readRequest(envelope({ issue: 'i' }), '1.1').fields;
  it('accepts the same fields with other prefixes and indentation, and ignores requestHash', () => {
    const response = envelope({ issue: 'i' })
      .replaceAll('xrd:', 'x:')
      .replace('xmlns:xrd=', 'xmlns:x=')
      .replace('<SOAP-ENV:Header>', '<SOAP-ENV:Header>\n  ')
      .replace('</SOAP-ENV:Header>', '<x:requestHash algorithmId="a">h</x:requestHash></SOAP-ENV:Header>');
    expect(compareEcho(req, readEnvelope(response, '1.1').fields)).toEqual({ echoed: true, diff: [] });
  });

  it('names a consistency field that is missing or changed, and ignores fields X-Road does not compare', () => {
    const res = readEnvelope(envelope({ issue: 'j', omit: ['userId'], extraHeader: '<xrd:centralService id:objectType="CENTRALSERVICE"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:serviceCode>x</id:serviceCode></xrd:centralService>' }), '1.1').fields;
    expect(compareEcho(req, res)).toEqual({
      echoed: false,
      diff: [
        { field: 'userId', problem: 'missing', expected: 'UA3287300123' },
        { field: 'issue', problem: 'changed', expected: 'i', actual: 'j' },
      ],
    });
  });

  it('compares by value as SoapUtils.checkConsistency does: any order, any 4.x protocolVersion; an issue dropped or added counts', () => {
    const noIssue = readRequest(envelope({}), '1.1').fields;
    const reordered = [...req].reverse();
    expect(compareEcho(req, reordered)).toEqual({ echoed: true, diff: [] });
    const v41 = readEnvelope(envelope({ issue: 'i', protocolVersion: '4.1' }), '1.1').fields;
    expect(compareEcho(req, v41)).toEqual({ echoed: true, diff: [] });
    expect(compareEcho(req, noIssue).diff).toEqual([{ field: 'issue', problem: 'missing', expected: 'i' }]);
    expect(compareEcho(noIssue, req).diff).toEqual([{ field: 'issue', problem: 'extra', actual: 'i' }]);
    const v31 = readHeaderLoose(envelope({ issue: 'i', protocolVersion: '3.1' }), '1.1').fields;
    expect(compareEcho(req, v31).diff).toEqual([{ field: 'protocolVersion', problem: 'changed', expected: '4.x', actual: '3.1' }]);
  });
});

describe('buildRequest', () => {
  it('writes the Трембіта guide’s prefixes and the fields in the spec’s order, and reads back', () => {
    const text = buildRequest({
      client: { objectType: 'SUBSYSTEM', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '37508470', subsystemCode: 'DMS_prod' },
      service: { objectType: 'SERVICE', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystemCode: 'RTG_prod', serviceCode: 'CheckResidence', serviceVersion: 'v1' },
      id: 'm&1',
      userId: 'UA1',
      bodyXml: '<r:CheckResidence xmlns:r="urn:r"/>',
    });
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/" xmlns:xro="http:\/\/x-road.eu\/xsd\/xroad.xsd" xmlns:iden="http:\/\/x-road.eu\/xsd\/identifiers">/);
    const msg = readRequest(text, '1.1');
    expect(msg.fields.map((f) => f.local)).toEqual(['client', 'service', 'id', 'userId', 'protocolVersion']);
    expect(msg.xroad.id).toBe('m&1');
  });
});
