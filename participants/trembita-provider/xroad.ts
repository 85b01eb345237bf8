// The X-Road message protocol for SOAP (4.x) as a service provider sees it (PR-MESS; docs/en/protocol-facts.md §1):
// reading a request envelope (SOAP 1.1 or 1.2) with its X-Road header, and writing responses that copy every
// header field back in the request's order, and SOAP faults for technical errors.
import { attr, child, elements, escapeAttr, escapeText, onlySpaceText, parseXml, textOf, writeElement, XmlError, type XmlElement } from './xml.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const XROAD_NS = 'http://x-road.eu/xsd/xroad.xsd';
export const ID_NS = 'http://x-road.eu/xsd/identifiers';

export type SoapVersion = '1.1' | '1.2';

export interface XRoadIdentifier {
  objectType: string;
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
  serviceCode?: string;
  serviceVersion?: string;
}

export interface XRoadRequest {
  soap: SoapVersion;
  client: XRoadIdentifier;
  service: XRoadIdentifier & { serviceCode: string };
  id: string;
  userId?: string;
  issue?: string;
  protocolVersion: string;
  /** every element of the SOAP Header, in the request's order — what the response must copy */
  headerFields: XmlElement[];
  /** the body's wrapper element (named after service/serviceCode) */
  body: XmlElement;
}

/** A technical error: answered with a SOAP Fault. `code` is an X-Road-style error code (protocol-facts §1.6). */
export interface TechnicalError {
  soap: SoapVersion;
  side: 'client' | 'server';
  code: string;
  message: string;
}

export type ReadResult = { ok: true; request: XRoadRequest } | { ok: false; error: TechnicalError };

const bad = (soap: SoapVersion, code: string, message: string, side: 'client' | 'server' = 'client'): ReadResult => ({ ok: false, error: { soap, side, code, message } });

/** The SOAP version a content type announces, or undefined for anything that is not a SOAP content type. */
export function soapVersionOf(contentType: string | undefined): SoapVersion | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/xml') return '1.1';
  if (type === 'application/soap+xml') return '1.2';
  return undefined;
}

/**
 * Reads and validates an X-Road SOAP request. The checks and their codes follow the security server's own
 * (protocol-facts §1.3): MissingHeader, MissingHeaderField, DuplicateHeaderField, InvalidProtocolVersion, MissingBody,
 * InvalidBody; plus InvalidXml and InvalidContentType for what is not a SOAP message at all.
 */
export function readRequest(text: string, contentType: string | undefined): ReadResult {
  const declared = soapVersionOf(contentType);
  const guess: SoapVersion = declared ?? '1.1';
  if (!declared) return bad(guess, 'InvalidContentType', `Invalid content type: '${contentType ?? ''}' (expected text/xml or application/soap+xml)`);
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    return bad(guess, 'InvalidXml', `Malformed SOAP message: ${err instanceof XmlError ? err.message : String(err)}`);
  }
  const soap: SoapVersion | undefined = root.ns === SOAP11_NS ? '1.1' : root.ns === SOAP12_NS ? '1.2' : undefined;
  if (root.local !== 'Envelope' || !soap) return bad(guess, 'InvalidSoap', 'Malformed SOAP message: the root element is not a SOAP Envelope');
  if (soap !== declared) return bad(soap, 'InvalidContentType', `SOAP ${soap} envelope sent with content type '${contentType ?? ''}'`);
  const envNs = root.ns;
  const parts = elements(root);
  const header = parts.find((e) => e.ns === envNs && e.local === 'Header');
  const body = parts.find((e) => e.ns === envNs && e.local === 'Body');
  if (parts.some((e) => e.ns !== envNs || (e.local !== 'Header' && e.local !== 'Body')) || !onlySpaceText(root)) {
    return bad(soap, 'InvalidSoap', 'Malformed SOAP message: the Envelope may hold only Header and Body');
  }
  if (!header) return bad(soap, 'MissingHeader', 'Malformed SOAP message: header missing');
  if (!body) return bad(soap, 'MissingBody', 'Malformed SOAP message: body missing');
  if (parts.indexOf(header) > parts.indexOf(body)) return bad(soap, 'InvalidSoap', 'Malformed SOAP message: Header must come before Body');

  const fields = elements(header);
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.ns !== XROAD_NS) continue;
    if (seen.has(f.local)) return bad(soap, 'DuplicateHeaderField', `Duplicate header field '${f.local}'`);
    seen.add(f.local);
  }
  const field = (name: string) => child(header, XROAD_NS, name);
  for (const name of ['client', 'service', 'id', 'protocolVersion']) {
    if (!field(name)) return bad(soap, 'MissingHeaderField', `Required field '${name}' is missing`);
  }
  const client = readIdentifier(field('client') as XmlElement, ['MEMBER', 'SUBSYSTEM']);
  if (typeof client === 'string') return bad(soap, 'InvalidClientIdentifier', `Invalid client identifier: ${client}`);
  const service = readIdentifier(field('service') as XmlElement, ['SERVICE']);
  if (typeof service === 'string') return bad(soap, 'InvalidServiceIdentifier', `Invalid service identifier: ${service}`);
  if (!service.serviceCode) return bad(soap, 'InvalidServiceIdentifier', "Invalid service identifier: 'serviceCode' is missing");
  const id = textOf(field('id') as XmlElement).trim();
  if (!id) return bad(soap, 'MissingHeaderField', "Required field 'id' is missing");
  const protocolVersion = textOf(field('protocolVersion') as XmlElement).trim();
  if (!protocolVersion.startsWith('4.')) {
    return bad(soap, 'InvalidProtocolVersion', `Invalid protocol version (supported: 4.x, provided: ${protocolVersion || 'nothing'})`);
  }
  const optional = (name: string) => {
    const f = field(name);
    return f ? textOf(f).trim() : undefined;
  };

  const wrappers = elements(body);
  if (wrappers.length !== 1 || !onlySpaceText(body)) return bad(soap, 'InvalidBody', 'Malformed SOAP message: the Body must hold exactly one wrapper element');
  const wrapper = wrappers[0] as XmlElement;
  if (wrapper.local !== service.serviceCode) {
    return bad(soap, 'InvalidBody', `Malformed SOAP message: the body element '${wrapper.local}' does not match serviceCode '${service.serviceCode}'`);
  }
  const userId = optional('userId');
  const issue = optional('issue');
  return {
    ok: true,
    request: {
      soap,
      client,
      service: service as XRoadIdentifier & { serviceCode: string },
      id,
      ...(userId !== undefined ? { userId } : {}),
      ...(issue !== undefined ? { issue } : {}),
      protocolVersion,
      headerFields: fields,
      body: wrapper,
    },
  };
}

const ID_PARTS = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'] as const;

function readIdentifier(el: XmlElement, types: string[]): XRoadIdentifier | string {
  const objectType = attr(el, ID_NS, 'objectType');
  if (!objectType) return `the objectType attribute is missing on '${el.local}'`;
  if (!types.includes(objectType)) return `objectType ${objectType} is not allowed here (expected ${types.join(' or ')})`;
  const out: Record<string, string> = { objectType };
  for (const part of ID_PARTS) {
    const c = child(el, ID_NS, part);
    if (c) out[part] = textOf(c).trim();
  }
  for (const part of ['xRoadInstance', 'memberClass', 'memberCode'] as const) if (!out[part]) return `'${part}' is missing`;
  if (objectType === 'SUBSYSTEM' && !out.subsystemCode) return "'subsystemCode' is missing";
  return out as unknown as XRoadIdentifier;
}

/** The textual form: 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod', 'SERVICE:…/Code/v1'. */
export function formatIdentifier(id: XRoadIdentifier): string {
  const parts = ID_PARTS.map((p) => id[p]).filter((v): v is string => v !== undefined && v !== '');
  return `${id.objectType}:${parts.join('/')}`;
}

// ---------------------------------------------------------------- writing

const PREFIXES = { [XROAD_NS]: 'xrd', [ID_NS]: 'id' };

function envelopeOpen(soap: SoapVersion): string {
  const ns = soap === '1.1' ? SOAP11_NS : SOAP12_NS;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${ns}" xmlns:xrd="${XROAD_NS}" xmlns:id="${ID_NS}">`;
}

export function contentTypeFor(soap: SoapVersion): string {
  return soap === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8';
}

/**
 * A response envelope whose Header carries `headerFields` (normally the request's, all of them, in order) and
 * whose Body carries `bodyXml` (a `<serviceCodeResponse>` element written by the caller).
 */
export function soapResponse(soap: SoapVersion, headerFields: XmlElement[], bodyXml: string): string {
  const header = headerFields.map((f) => writeElement(f, { ...PREFIXES, [soap === '1.1' ? SOAP11_NS : SOAP12_NS]: 'soapenv' })).join('');
  return `${envelopeOpen(soap)}<soapenv:Header>${header}</soapenv:Header><soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`;
}

/**
 * A SOAP Fault for a technical error (protocol-facts §1.6): SOAP 1.1 `faultcode` `soapenv:Client.<code>` or
 * `soapenv:Server.<code>`, `faultstring`, empty `faultactor`, `detail/faultDetail` with the error id; SOAP 1.2
 * `Code/Value` Sender or Receiver with the same text and detail.
 */
export function soapFault(error: TechnicalError, errorId: string): string {
  if (error.soap === '1.1') {
    const code = `soapenv:${error.side === 'client' ? 'Client' : 'Server'}.${error.code}`;
    return (
      `${envelopeOpen('1.1')}<soapenv:Body><soapenv:Fault><faultcode>${escapeText(code)}</faultcode>` +
      `<faultstring>${escapeText(error.message)}</faultstring><faultactor></faultactor>` +
      `<detail><faultDetail>${escapeText(errorId)}</faultDetail></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
    );
  }
  return (
    `${envelopeOpen('1.2')}<soapenv:Body><soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:${error.side === 'client' ? 'Sender' : 'Receiver'}</soapenv:Value></soapenv:Code>` +
    `<soapenv:Reason><soapenv:Text xml:lang="en">${escapeText(`${error.code}: ${error.message}`)}</soapenv:Text></soapenv:Reason>` +
    `<soapenv:Detail><faultDetail code="${escapeAttr(error.code)}">${escapeText(errorId)}</faultDetail></soapenv:Detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}
