// X-Road message protocol 4.x for SOAP (protocol-facts §1): reading an envelope's X-Road header with the security server's
// checks and fault texts, the echo rule, requestHash, and writing envelopes. Faults come back unprefixed
// (`InvalidSoap`); the caller adds `Client.` or `Server.ServerProxy.ServiceFailed.` by who sent the message.
import { createHash } from 'node:crypto';
import { formatXRoadId, type XRoadClientId, type XRoadServiceId } from '../../core/identifiers/xroad-id.ts';
import { NS_SOAP11, NS_SOAP12, X, XRoadFault, type SoapVersion } from './faults.ts';
import {
  attr,
  canonical,
  child,
  elements,
  escapeAttr,
  escapeText,
  parseXml,
  prefixFor,
  textOf,
  type XmlElement,
} from './xml.ts';

export const NS_XROAD = 'http://x-road.eu/xsd/xroad.xsd';
export const NS_ID = 'http://x-road.eu/xsd/identifiers';
export const NS_REPR = 'http://x-road.eu/xsd/representation.xsd';
/** requestHash/@algorithmId in every example of the protocol. */
export const SHA512_URI = 'http://www.w3.org/2001/04/xmlenc#sha512';
/** The protocolVersion this simulator writes; any "4.x" is accepted. */
export const PROTOCOL_VERSION = '4.0';

const OBJECT_TYPES = new Set(['MEMBER', 'SUBSYSTEM', 'SERVER', 'GLOBALGROUP', 'LOCALGROUP', 'SECURITYCATEGORY', 'SERVICE', 'CENTRALSERVICE']);
const CLIENT_PARTS = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'];
const SERVICE_PARTS = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'];
const SERVER_PARTS = ['xRoadInstance', 'memberClass', 'memberCode', 'serverCode'];

export interface XRoadHeader {
  client?: XRoadClientId;
  service?: XRoadServiceId;
  id?: string;
  userId?: string;
  issue?: string;
  protocolVersion?: string;
  requestHash?: { algorithmId?: string; value: string };
}

export interface SoapFaultInfo {
  code: string;
  string: string;
}

export interface SoapMessage {
  version: SoapVersion;
  text: string;
  envelope: XmlElement;
  header?: XmlElement;
  body: XmlElement;
  /** X-Road header elements (xroad.xsd and representation.xsd namespaces) in document order */
  fields: XmlElement[];
  xroad: XRoadHeader;
  /** the body's wrapper element (undefined for a fault) */
  wrapper?: XmlElement;
  /** set when the body holds a SOAP Fault */
  fault?: SoapFaultInfo;
}

function envelopeNs(version: SoapVersion): string {
  return version === '1.2' ? NS_SOAP12 : NS_SOAP11;
}

const fault = (code: string, message: string) => new XRoadFault(code, message);
const qn = (el: XmlElement) => `{${el.ns}}${el.local}`;

/**
 * Reads a request envelope as a security server's client proxy does, in its order: XML, envelope, header fields
 * (duplicates, objectType, protocol version), required fields, body. Throws an unprefixed XRoadFault.
 */
export function readRequest(text: string, version: SoapVersion): SoapMessage & { wrapper: XmlElement } {
  const msg = readEnvelope(text, version);
  if (msg.fault) throw fault(X.InvalidMessage, 'Request is a SOAP fault, not a request');
  requireHeader(msg);
  const wrapper = requireWrapper(msg);
  // The spec says the wrapper MUST be named serviceCode; real security servers check only a prefix (README).
  if (wrapper.local !== msg.xroad.service!.serviceCode) {
    throw fault(X.InconsistentHeaders, 'Malformed SOAP message: service code does not match in header and body');
  }
  return { ...msg, wrapper };
}

/**
 * Reads a provider's answer: a fault passes as it is; a response needs the header and one wrapper starting with the
 * service code (the security server's own check; `<serviceCode>Response` exactly is judged apart).
 */
export function readResponse(text: string, version: SoapVersion): SoapMessage {
  const msg = readEnvelope(text, version);
  if (msg.fault) return msg;
  requireHeader(msg);
  const wrapper = requireWrapper(msg);
  if (!wrapper.local.startsWith(msg.xroad.service!.serviceCode)) {
    throw fault(X.InconsistentHeaders, 'Malformed SOAP message: service code does not match in header and body');
  }
  return { ...msg, wrapper };
}

function requireHeader(msg: SoapMessage): void {
  const h = msg.xroad;
  if (!msg.header) throw fault(X.MissingHeader, 'Malformed SOAP message: header missing');
  if (h.protocolVersion === undefined) throw fault(X.MissingHeaderField, "Required field 'protocolVersion' is missing");
  if (h.client === undefined) throw fault(X.MissingHeaderField, "Required field 'client' is missing");
  if (h.id === undefined) throw fault(X.MissingHeaderField, "Required field 'id' is missing");
  if (h.service === undefined) throw fault(X.MissingHeaderField, 'Message header must contain service id');
}

function requireWrapper(msg: SoapMessage): XmlElement {
  const children = elements(msg.body);
  if (children.length !== 1) throw fault(X.InvalidBody, 'Malformed SOAP message: body must have exactly one child element');
  return children[0]!;
}

/** Parses the envelope and its X-Road header fields; checks that hold for requests, responses and faults alike. */
export function readEnvelope(text: string, version: SoapVersion): SoapMessage {
  const parsed = parseXml(text);
  if (!parsed.ok) throw fault(X.InvalidSoap, parsed.error.message);
  const envelope = parsed.root;
  const ns = envelopeNs(version);
  if (envelope.local !== 'Envelope' || envelope.ns !== ns) throw fault(X.InvalidSoap, 'Malformed SOAP message: envelope missing');
  const header = child(envelope, ns, 'Header');
  const body = child(envelope, ns, 'Body');
  const xroad: XRoadHeader = {};
  const fields: XmlElement[] = [];
  if (header) {
    const seen = new Set<string>();
    for (const el of elements(header)) {
      if (el.ns !== NS_XROAD && el.ns !== NS_REPR) continue;
      fields.push(el);
      const known = el.ns === NS_REPR ? el.local === 'representedParty' : ['client', 'service', 'id', 'userId', 'issue', 'protocolVersion', 'requestHash', 'securityServer', 'centralService'].includes(el.local);
      if (!known) continue;
      if (seen.has(qn(el))) throw fault(X.DuplicateHeaderField, `SOAP header contains duplicate field '${qn(el)}'`);
      seen.add(qn(el));
      if (el.ns === NS_REPR) continue;
      switch (el.local) {
        case 'client':
          xroad.client = readIdentifier(el, ['MEMBER', 'SUBSYSTEM'], CLIENT_PARTS) as unknown as XRoadClientId;
          break;
        case 'service':
          xroad.service = readIdentifier(el, ['SERVICE'], SERVICE_PARTS) as unknown as XRoadServiceId;
          break;
        case 'securityServer':
          readIdentifier(el, ['SERVER'], SERVER_PARTS);
          break;
        case 'centralService':
          readIdentifier(el, ['CENTRALSERVICE'], ['xRoadInstance', 'serviceCode']);
          break;
        case 'protocolVersion': {
          const v = textOf(el);
          if (!v.startsWith('4.')) throw fault(X.InvalidProtocolVersion, `Invalid protocol version (supported: 4.x, provided: ${v})`);
          xroad.protocolVersion = v;
          break;
        }
        case 'requestHash':
          xroad.requestHash = { value: textOf(el).replace(/\s+/g, ''), ...optional('algorithmId', attr(el, '', 'algorithmId')) };
          break;
        default:
          (xroad as Record<string, string>)[el.local] = textOf(el);
      }
    }
  }
  if (!body) throw fault(X.MissingBody, 'Malformed SOAP message: body missing');
  const faultEl = child(body, ns, 'Fault');
  const msg: SoapMessage = { version, text, envelope, ...(header ? { header } : {}), body, fields, xroad };
  if (faultEl) msg.fault = readFault(faultEl, version);
  return msg;
}

/**
 * The X-Road header fields of a message without any of the security server's checks: what the harness sent on
 * purpose broken (a wrong protocol version, a missing field) still has a header the answer is compared with.
 */
export function readHeaderLoose(text: string, version: SoapVersion): { fields: XmlElement[]; xroad: XRoadHeader } {
  const parsed = parseXml(text);
  if (!parsed.ok) return { fields: [], xroad: {} };
  const ns = envelopeNs(version);
  const header = parsed.root.local === 'Envelope' && parsed.root.ns === ns ? child(parsed.root, ns, 'Header') : undefined;
  if (!header) return { fields: [], xroad: {} };
  const fields = elements(header).filter((el) => el.ns === NS_XROAD || el.ns === NS_REPR);
  const xroad: XRoadHeader = {};
  for (const f of fields) {
    if (f.ns !== NS_XROAD) continue;
    if (f.local === 'id' || f.local === 'userId' || f.local === 'issue' || f.local === 'protocolVersion') {
      (xroad as Record<string, string>)[f.local] ??= textOf(f);
    }
  }
  return { fields, xroad };
}

function optional<K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [k]: v } as Record<K, string>);
}

function readIdentifier(el: XmlElement, expected: string[], allowed: string[]): Record<string, string> {
  const objectType = attr(el, NS_ID, 'objectType');
  if (objectType === undefined) throw fault(X.InvalidXml, 'Missing objectType attribute');
  if (!OBJECT_TYPES.has(objectType)) throw fault(X.InvalidXml, `Unknown objectType: ${objectType}`);
  if (!expected.includes(objectType)) throw fault(X.InvalidXml, `Unexpected objectType: ${objectType}`);
  const id: Record<string, string> = { objectType };
  for (const part of elements(el)) {
    if (part.ns !== NS_ID || !allowed.includes(part.local)) continue;
    if (id[part.local] !== undefined) throw fault(X.DuplicateHeaderField, `SOAP header contains duplicate field '${qn(part)}'`);
    id[part.local] = textOf(part);
  }
  const required = objectType === 'CENTRALSERVICE' ? ['xRoadInstance', 'serviceCode'] : ['xRoadInstance', 'memberClass', 'memberCode'];
  if (objectType === 'SUBSYSTEM') required.push('subsystemCode');
  if (objectType === 'SERVICE') required.push('serviceCode');
  if (objectType === 'SERVER') required.push('serverCode');
  for (const r of required) {
    if (id[r] === undefined || id[r] === '') throw fault(X.MissingHeaderField, `Required field '${r}' is missing in ${el.local}`);
  }
  if (objectType === 'MEMBER' && id.subsystemCode !== undefined) throw fault(X.InvalidXml, 'Unexpected subsystemCode in a MEMBER identifier');
  return id;
}

function readFault(el: XmlElement, version: SoapVersion): SoapFaultInfo {
  if (version === '1.2') {
    const code = child(el, NS_SOAP12, 'Code');
    const value = code ? child(code, NS_SOAP12, 'Value') : undefined;
    const sub = code ? child(code, NS_SOAP12, 'Subcode') : undefined;
    const subValue = sub ? child(sub, NS_SOAP12, 'Value') : undefined;
    const reason = child(el, NS_SOAP12, 'Reason');
    const t = reason ? child(reason, NS_SOAP12, 'Text') : undefined;
    return { code: (subValue ? textOf(subValue) : value ? textOf(value) : '').trim(), string: t ? textOf(t) : '' };
  }
  const code = elements(el).find((c) => c.local === 'faultcode');
  const string = elements(el).find((c) => c.local === 'faultstring');
  return { code: code ? textOf(code).trim() : '', string: string ? textOf(string) : '' };
}

// ---------------------------------------------------------------------------------------------------------
// The echo rule

export interface HeaderDiff {
  /** the header field's local name */
  field: string;
  problem: 'missing' | 'changed' | 'extra';
  expected?: string;
  actual?: string;
}

/** A header field in short form for a diff: an identifier as 'SUBSYSTEM:...', other fields as their text. */
export function fieldText(el: XmlElement): string {
  const type = attr(el, NS_ID, 'objectType');
  if (type) {
    const parts: Record<string, string> = {};
    for (const p of elements(el)) if (p.ns === NS_ID) parts[p.local] = textOf(p);
    if (type !== 'MEMBER' && type !== 'SUBSYSTEM' && type !== 'SERVICE') return `${type}:${Object.values(parts).join('/')}`;
    try {
      return formatXRoadId({ ...parts, objectType: type } as unknown as XRoadServiceId);
    } catch {
      return canonical(el);
    }
  }
  return textOf(el);
}

/**
 * The header fields a real security server compares between request and response, by value: X-Road 7.x
 * SoapHeader's @CheckConsistency fields (client, service, userId, representedParty, issue, id), which
 * SoapUtils.checkConsistency compares with equals() — so neither order, prefixes nor other fields count.
 */
const CONSISTENT: readonly (readonly [string, string])[] = [
  [NS_XROAD, 'client'],
  [NS_XROAD, 'service'],
  [NS_XROAD, 'id'],
  [NS_XROAD, 'userId'],
  [NS_XROAD, 'issue'],
  [NS_REPR, 'representedParty'],
];
/** ProtocolVersion.validate(): any version with this prefix is accepted, in a request and in a response alike. */
export const PROTOCOL_VERSION_PREFIX = '4.';

/**
 * The echo rule as X-Road 7.x enforces it (docs/en/trembita-fidelity.md): each consistency field has the same value
 * in the response as in the request, absent where the request had none (SoapUtils.checkConsistency →
 * InconsistentResponse); protocolVersion is present and 4.x (RequiredHeaderFieldsChecker, ProtocolVersion), not
 * necessarily the request's. Order, prefixes and other fields do not count. requestHash is the security server's.
 */
export function compareEcho(request: XmlElement[], response: XmlElement[]): { echoed: boolean; diff: HeaderDiff[] } {
  const res = response.filter((f) => !(f.ns === NS_XROAD && f.local === 'requestHash'));
  const diff: HeaderDiff[] = [];
  const find = (list: XmlElement[], ns: string, local: string) => list.find((f) => f.ns === ns && f.local === local);
  for (const [ns, local] of CONSISTENT) {
    const req = find(request, ns, local);
    const got = find(res, ns, local);
    if (req && !got) diff.push({ field: local, problem: 'missing', expected: fieldText(req) });
    else if (!req && got) diff.push({ field: local, problem: 'extra', actual: fieldText(got) });
    else if (req && got && valueOf(req) !== valueOf(got)) diff.push({ field: local, problem: 'changed', expected: fieldText(req), actual: fieldText(got) });
  }
  const pv = find(res, NS_XROAD, 'protocolVersion');
  const sentPv = find(request, NS_XROAD, 'protocolVersion');
  if (!pv) diff.push({ field: 'protocolVersion', problem: 'missing', ...(sentPv ? { expected: fieldText(sentPv) } : {}) });
  else if (!textOf(pv).startsWith(PROTOCOL_VERSION_PREFIX)) diff.push({ field: 'protocolVersion', problem: 'changed', expected: `${PROTOCOL_VERSION_PREFIX}x`, actual: textOf(pv) });
  return { echoed: diff.length === 0, diff };
}

/** A field's value as equals() sees it: an identifier by its parts (any order, any prefix), other fields by their text. */
function valueOf(el: XmlElement): string {
  return attr(el, NS_ID, 'objectType') ? fieldText(el) : el.ns === NS_REPR ? canonical(el) : textOf(el);
}

// ---------------------------------------------------------------------------------------------------------
// requestHash

/** Base64 SHA-512 of the request's SOAP bytes (the whole body, or the first MIME part). */
export function requestHash(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/**
 * The answer with the provider security server's requestHash as the last header field; a requestHash the service
 * put there itself is removed first (PR-MESS: the security server replaces it). Offsets come from `msg`, read from
 * this same text.
 */
export function withRequestHash(msg: SoapMessage, hash: string): string {
  if (!msg.header) return msg.text;
  return msg.text.slice(0, msg.header.start) + headerWithHash(msg, hash) + msg.text.slice(msg.header.end);
}

/** The message's Header element (its source text) with requestHash as the last field and any other one removed. */
function headerWithHash(msg: SoapMessage, hash: string): string {
  const { text } = msg;
  const header = msg.header!;
  const own = msg.fields.filter((f) => f.ns === NS_XROAD && f.local === 'requestHash');
  const used = msg.fields.find((f) => f.ns === NS_XROAD && f.local !== 'requestHash');
  // a prefix the header's content can use without declaring it, else a declaration on the element
  const p = used && used.prefix && header.scope[used.prefix] === NS_XROAD ? used.prefix : prefixFor(header.scope, NS_XROAD);
  const element = p
    ? `<${p}:requestHash algorithmId="${SHA512_URI}">${hash}</${p}:requestHash>`
    : `<xrd:requestHash xmlns:xrd="${NS_XROAD}" algorithmId="${SHA512_URI}">${hash}</xrd:requestHash>`;
  if (header.selfClosing) {
    // <h:Header/> becomes <h:Header>…</h:Header>
    return text.slice(header.start, header.end).replace(/\s*\/>$/, '>') + element + `</${header.qname}>`;
  }
  let out = text.slice(header.start, header.openEnd);
  let at = header.openEnd;
  for (const r of own) {
    out += text.slice(at, r.start);
    at = r.end;
  }
  return out + text.slice(at, header.closeStart) + element + text.slice(header.closeStart, header.end);
}

// ---------------------------------------------------------------------------------------------------------
// Writing envelopes

/** An identifier element: `<xro:client iden:objectType="SUBSYSTEM"><iden:xRoadInstance>…`. */
export function identifierXml(element: string, id: XRoadClientId | XRoadServiceId, idPrefix = 'iden'): string {
  const parts: [string, string | undefined][] = [
    ['xRoadInstance', id.xRoadInstance],
    ['memberClass', id.memberClass],
    ['memberCode', id.memberCode],
    ['subsystemCode', id.subsystemCode],
  ];
  if (id.objectType === 'SERVICE') parts.push(['serviceCode', id.serviceCode], ['serviceVersion', id.serviceVersion]);
  const inner = parts
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${idPrefix}:${k}>${escapeText(v!)}</${idPrefix}:${k}>`)
    .join('');
  return `<${element} ${idPrefix}:objectType="${id.objectType}">${inner}</${element}>`;
}

export interface RequestSpec {
  client: XRoadClientId;
  service: XRoadServiceId;
  id: string;
  userId?: string;
  issue?: string;
  protocolVersion?: string;
  /** the whole content of the SOAP Body (the wrapper element) */
  bodyXml: string;
  version?: SoapVersion;
}

/** A request envelope with the prefixes the Трембіта guide prescribes (soapenv, xro, iden), fields in spec order. */
export function buildRequest(spec: RequestSpec): string {
  const env = envelopeNs(spec.version ?? '1.1');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${env}" xmlns:xro="${NS_XROAD}" xmlns:iden="${NS_ID}">` +
    '<soapenv:Header>' +
    identifierXml('xro:client', spec.client) +
    identifierXml('xro:service', spec.service) +
    `<xro:id>${escapeText(spec.id)}</xro:id>` +
    (spec.userId === undefined ? '' : `<xro:userId>${escapeText(spec.userId)}</xro:userId>`) +
    (spec.issue === undefined ? '' : `<xro:issue>${escapeText(spec.issue)}</xro:issue>`) +
    `<xro:protocolVersion>${escapeText(spec.protocolVersion ?? PROTOCOL_VERSION)}</xro:protocolVersion>` +
    '</soapenv:Header>' +
    `<soapenv:Body>${spec.bodyXml}</soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

/**
 * A service's response to `req`: `<serviceCode>Response` in the request wrapper's namespace around `innerXml`
 * (unqualified children), in the envelope of `responseEnvelope`.
 */
export function buildResponse(req: SoapMessage & { wrapper: XmlElement }, innerXml: string, hash?: string): string {
  const { wrapper } = req;
  const name = `${wrapper.local}Response`;
  if (wrapper.ns === '') return responseEnvelope(req, `<${name} xmlns="">${innerXml}</${name}>`, hash);
  const p = wrapper.prefix || 'tns';
  // xmlns="" keeps unqualified children out of any default namespace the envelope declared
  return responseEnvelope(req, `<${p}:${name} xmlns:${p}="${escapeAttr(wrapper.ns)}" xmlns="">${innerXml}</${p}:${name}>`, hash);
}

/**
 * A response envelope around `bodyXml`: the request's envelope, header and body tags reused verbatim (so every
 * prefix the copied header fields use stays declared) and the header fields copied byte for byte — the echo rule.
 * With `hash`, the provider security server's requestHash is already in (no second parse of the response).
 */
export function responseEnvelope(req: SoapMessage, bodyXml: string, hash?: string): string {
  const { text, envelope, header, body } = req;
  const tag = (el: XmlElement) => text.slice(el.start, el.openEnd);
  const headerXml = header ? (hash === undefined ? text.slice(header.start, header.end) : headerWithHash(req, hash)) : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    tag(envelope) +
    headerXml +
    (body.selfClosing ? tag(body).replace(/\s*\/>$/, '>') : tag(body)) +
    bodyXml +
    `</${body.qname}></${envelope.qname}>`
  );
}

/** A service's own SOAP fault (not a security server's): faultcode and faultstring only. */
export function serviceFaultXml(code: string, message: string, version: SoapVersion = '1.1'): string {
  if (version === '1.2') {
    const value = code.startsWith('Client') ? 'env:Sender' : 'env:Receiver';
    return (
      `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${NS_SOAP12}"><env:Body><env:Fault>` +
      `<env:Code><env:Value>${value}</env:Value></env:Code><env:Reason><env:Text xml:lang="uk">${escapeText(message)}</env:Text></env:Reason>` +
      '</env:Fault></env:Body></env:Envelope>'
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP11}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    `<faultcode>SOAP-ENV:${escapeText(code)}</faultcode><faultstring>${escapeText(message)}</faultstring>` +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}

/** Simple XML from a JSON-like value: keys become unqualified elements, arrays repeat their key. */
export function xmlFromObject(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return escapeText(String(value));
  let out = '';
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(k)) continue;
    for (const item of Array.isArray(v) ? v : [v]) out += `<${k}>${xmlFromObject(item)}</${k}>`;
  }
  return out;
}
