// The X-Road protocols as a client system uses them against its own security server (docs/en/protocol-facts.md
// §1–§3): SOAP 4.0 requests with the full header, REST r1 requests with X-Road-* headers, the metadata services,
// and reading what comes back (responses, the security server's faults, Annex D.2 business faults). Responses are
// read with txml, resolving namespace prefixes here (txml itself keeps qualified names as written).
import { parse as parseTxml, type TNode } from 'txml/txml';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const XROAD_NS = 'http://x-road.eu/xsd/xroad.xsd';
export const ID_NS = 'http://x-road.eu/xsd/identifiers';

export interface ClientId {
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

export interface ServiceId extends ClientId {
  serviceCode: string;
  serviceVersion?: string;
}

/**
 * Reads a service identifier from its text forms: 'SERVICE:INST/CLASS/MEMBER/SUB/CODE[/VERSION]' or the same
 * without the prefix; four parts name a member-level service, five a subsystem's, six add the version.
 * Example: parseServiceId('SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1').serviceVersion -> 'v0.1'.
 */
export function parseServiceId(text: string): ServiceId | undefined {
  const body = text.trim().replace(/^SERVICE:/, '');
  const parts = body.split('/');
  if (parts.some((p) => p === '') || parts.length < 4 || parts.length > 6) return undefined;
  const [xRoadInstance, memberClass, memberCode, a, b, c] = parts as [string, string, string, string, string?, string?];
  if (parts.length === 4) return { xRoadInstance, memberClass, memberCode, serviceCode: a };
  return { xRoadInstance, memberClass, memberCode, subsystemCode: a, serviceCode: b as string, ...(c ? { serviceVersion: c } : {}) };
}

/** 'SEVDEIR-TEST/GOV/41052736/PD_AdminServices_prod' — the r1 header and path form. */
export const clientPath = (c: ClientId): string => [c.xRoadInstance, c.memberClass, c.memberCode, c.subsystemCode].filter(Boolean).join('/');
export const servicePath = (s: ServiceId): string => [clientPath(s), s.serviceCode, s.serviceVersion].filter(Boolean).join('/');
export const formatClient = (c: ClientId): string => `${c.subsystemCode ? 'SUBSYSTEM' : 'MEMBER'}:${clientPath(c)}`;
export const formatService = (s: ServiceId): string => `SERVICE:${servicePath(s)}`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function idParts(o: ClientId | ServiceId): string {
  const order = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'] as const;
  return order
    .map((k) => (o as unknown as Record<string, string | undefined>)[k])
    .map((v, i) => (v === undefined ? '' : `<iden:${order[i]}>${esc(v)}</iden:${order[i]}>`))
    .join('');
}

export interface SoapHeader {
  client?: ClientId;
  service: ServiceId;
  id: string;
  userId?: string;
  issue?: string;
  protocolVersion?: string;
}

/** A name usable as an XML element name (params keys are written as elements). */
const isXmlName = (k: string) => /^[A-Za-z_][\w.-]*$/.test(k);

/** Params as child elements: strings/numbers/booleans as text, arrays as repeated elements, objects nested. */
export function paramsXml(params: unknown): string {
  if (params === null || params === undefined) return '';
  if (typeof params !== 'object') return esc(String(params));
  return Object.entries(params as Record<string, unknown>)
    .filter(([k, v]) => isXmlName(k) && v !== undefined && v !== null)
    .map(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `<${k}>${paramsXml(item)}</${k}>`).join(''))
    .join('');
}

/**
 * An X-Road SOAP 1.1 request (the Трембіта guide's prefixes soapenv, xro, iden). Header fields in the protocol's
 * order: client, service, id, userId, issue, protocolVersion. The body wrapper is named after serviceCode.
 */
export function soapRequest(h: SoapHeader, params: unknown, bodyNs: string): string {
  const fields = [
    h.client ? `<xro:client iden:objectType="${h.client.subsystemCode ? 'SUBSYSTEM' : 'MEMBER'}">${idParts(h.client)}</xro:client>` : '',
    `<xro:service iden:objectType="SERVICE">${idParts(h.service)}</xro:service>`,
    `<xro:id>${esc(h.id)}</xro:id>`,
    h.userId !== undefined ? `<xro:userId>${esc(h.userId)}</xro:userId>` : '',
    h.issue !== undefined ? `<xro:issue>${esc(h.issue)}</xro:issue>` : '',
    h.protocolVersion !== undefined ? `<xro:protocolVersion>${esc(h.protocolVersion)}</xro:protocolVersion>` : '',
  ].join('');
  const code = h.service.serviceCode;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:xro="${XROAD_NS}" xmlns:iden="${ID_NS}">` +
    `<soapenv:Header>${fields}</soapenv:Header>` +
    `<soapenv:Body><prod:${code} xmlns:prod="${esc(bodyNs)}">${paramsXml(params)}</prod:${code}></soapenv:Body></soapenv:Envelope>`
  );
}

// ---------------------------------------------------------------- reading

export interface Element {
  local: string;
  ns: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
}

/** Parses with txml and resolves prefixes; undefined when there is no element at all. */
export function readXml(text: string): Element | undefined {
  let nodes: (TNode | string)[];
  try {
    nodes = parseTxml(text.replace(/^\uFEFF/, ''), { decodeEntities: true, keepComments: false });
  } catch {
    return undefined;
  }
  const root = nodes.find((n): n is TNode => typeof n !== 'string' && !n.tagName.startsWith('?') && !n.tagName.startsWith('!'));
  return root ? resolve(root, new Map()) : undefined;
}

function resolve(node: TNode, parent: Map<string, string>): Element {
  const scope = new Map(parent);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes)) {
    if (k === 'xmlns') scope.set('', v ?? '');
    else if (k.startsWith('xmlns:')) scope.set(k.slice(6), v ?? '');
  }
  for (const [k, v] of Object.entries(node.attributes)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [p, l] = k.includes(':') ? (k.split(':') as [string, string]) : ['', k];
    attrs[p ? `{${scope.get(p) ?? p}}${l}` : l] = v ?? '';
  }
  const [prefix, local] = node.tagName.includes(':') ? (node.tagName.split(':') as [string, string]) : ['', node.tagName];
  return {
    local,
    ns: scope.get(prefix) ?? '',
    attrs,
    children: node.children.map((c) => (typeof c === 'string' ? c : resolve(c, scope))),
  };
}

export const elementsOf = (e: Element): Element[] => e.children.filter((c): c is Element => typeof c !== 'string');
export const textOf = (e: Element): string => e.children.filter((c): c is string => typeof c === 'string').join('').trim();
const find = (e: Element | undefined, ns: string | null, local: string) => (e ? elementsOf(e).find((c) => (ns === null || c.ns === ns) && c.local === local) : undefined);

/** An element as plain data: text-only → string; otherwise children by name (repeated names → arrays). */
export function toData(e: Element): unknown {
  const kids = elementsOf(e);
  if (kids.length === 0) return textOf(e);
  const out: Record<string, unknown> = {};
  for (const k of kids) {
    const v = toData(k);
    if (k.local in out) {
      const prev = out[k.local];
      out[k.local] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else out[k.local] = v;
  }
  return out;
}

function readId(e: Element | undefined): Record<string, string> | undefined {
  if (!e) return undefined;
  const out: Record<string, string> = {};
  const type = e.attrs[`{${ID_NS}}objectType`];
  if (type) out.objectType = type;
  for (const c of elementsOf(e)) out[c.local] = textOf(c);
  return out;
}

export interface SoapAnswer {
  /** a SOAP Fault (technical: from the security server or the service) */
  fault?: { code: string; string: string; detail?: string };
  /** an X-Road non-technical fault (Annex D.2) inside a normal response */
  businessFault?: { code: string; string: string };
  header?: { fields: string[]; client?: Record<string, string>; service?: Record<string, string>; id?: string; userId?: string; issue?: string; protocolVersion?: string; requestHash?: string };
  /** the response wrapper's local name and content */
  response?: { element: string; data: unknown };
  /** the text could not be read as a SOAP envelope */
  unreadable?: string;
}

/** Reads a SOAP response (1.1 or 1.2). */
export function readSoapAnswer(text: string): SoapAnswer {
  const root = readXml(text);
  if (!root || root.local !== 'Envelope' || (root.ns !== SOAP11_NS && root.ns !== SOAP12_NS)) return { unreadable: 'not a SOAP envelope' };
  const env = root.ns;
  const header = find(root, env, 'Header');
  const body = find(root, env, 'Body');
  const out: SoapAnswer = {};
  if (header) {
    const f = (n: string) => find(header, XROAD_NS, n);
    const t = (n: string) => {
      const el = f(n);
      return el ? textOf(el) : undefined;
    };
    const h: NonNullable<SoapAnswer['header']> = { fields: elementsOf(header).map((e) => (e.ns === XROAD_NS ? e.local : `{${e.ns}}${e.local}`)) };
    const client = readId(f('client'));
    const service = readId(f('service'));
    if (client) h.client = client;
    if (service) h.service = service;
    for (const n of ['id', 'userId', 'issue', 'protocolVersion', 'requestHash'] as const) {
      const v = t(n);
      if (v !== undefined) h[n] = v;
    }
    out.header = h;
  }
  const content = body ? elementsOf(body)[0] : undefined;
  if (!content) return { ...out, unreadable: 'the Body is empty' };
  if (content.local === 'Fault' && content.ns === env) {
    if (env === SOAP11_NS) {
      const detail = find(content, null, 'detail');
      const fd = detail ? find(detail, null, 'faultDetail') : undefined;
      out.fault = {
        code: textOf(find(content, null, 'faultcode') ?? { local: '', ns: '', attrs: {}, children: [] }),
        string: textOf(find(content, null, 'faultstring') ?? { local: '', ns: '', attrs: {}, children: [] }),
        ...(fd ? { detail: textOf(fd) } : {}),
      };
    } else {
      const code = find(find(content, env, 'Code'), env, 'Value');
      const reason = find(find(content, env, 'Reason'), env, 'Text');
      out.fault = { code: code ? textOf(code) : '', string: reason ? textOf(reason) : '' };
    }
    return out;
  }
  const data = toData(content);
  const bf = find(content, null, 'fault');
  if (bf) {
    const c = find(bf, null, 'faultCode');
    const s = find(bf, null, 'faultString');
    out.businessFault = { code: c ? textOf(c) : '', string: s ? textOf(s) : '' };
  }
  out.response = { element: content.local, data };
  return out;
}

/** The service identifiers of a listMethods / allowedMethods answer, SOAP (XML) or REST (JSON). */
export function servicesFromSoap(answer: SoapAnswer, text: string): ServiceId[] {
  const root = readXml(text);
  const body = root ? find(root, root.ns, 'Body') : undefined;
  const wrapper = body ? elementsOf(body)[0] : undefined;
  if (!wrapper || answer.fault) return [];
  const out: ServiceId[] = [];
  for (const s of elementsOf(wrapper).filter((e) => e.local === 'service')) {
    const id = readId(s) ?? {};
    if (id.xRoadInstance && id.memberClass && id.memberCode && id.serviceCode) out.push(id as unknown as ServiceId);
  }
  return out;
}

export function servicesFromJson(json: unknown): ServiceId[] {
  const list = (json as { service?: unknown })?.service;
  if (!Array.isArray(list)) return [];
  return list
    .filter((s): s is Record<string, string> => !!s && typeof s === 'object')
    .filter((s) => s.xroad_instance && s.member_class && s.member_code && s.service_code)
    .map((s) => ({
      xRoadInstance: s.xroad_instance as string,
      memberClass: s.member_class as string,
      memberCode: s.member_code as string,
      ...(s.subsystem_code ? { subsystemCode: s.subsystem_code } : {}),
      serviceCode: s.service_code as string,
      ...(s.service_version ? { serviceVersion: s.service_version } : {}),
    }));
}

/** Same service, ignoring the version when the list does not give one. */
export function sameService(a: ServiceId, b: ServiceId): boolean {
  return (
    a.xRoadInstance === b.xRoadInstance &&
    a.memberClass === b.memberClass &&
    a.memberCode === b.memberCode &&
    (a.subsystemCode ?? '') === (b.subsystemCode ?? '') &&
    a.serviceCode === b.serviceCode &&
    (a.serviceVersion === undefined || b.serviceVersion === undefined || a.serviceVersion === b.serviceVersion)
  );
}

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/**
 * The targetNamespace of the schema in a WSDL that declares the top-level element `element` (the request wrapper);
 * the definitions' targetNamespace when no schema declares it; undefined for what is not a WSDL.
 */
export function wsdlNamespace(text: string, element: string): string | undefined {
  const root = readXml(text);
  if (!root || root.local !== 'definitions' || root.ns !== WSDL_NS) return undefined;
  const types = find(root, WSDL_NS, 'types');
  for (const schema of types ? elementsOf(types).filter((e) => e.ns === XSD_NS && e.local === 'schema') : []) {
    if (elementsOf(schema).some((e) => e.ns === XSD_NS && e.local === 'element' && e.attrs.name === element)) return schema.attrs.targetNamespace;
  }
  return root.attrs.targetNamespace || undefined;
}
