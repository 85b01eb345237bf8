// The metadata face: what a security server tells about the instance rather than calls — SOAP listMethods,
// allowedMethods and getWsdl (PR-META §3, §4), r1 listMethods, allowedMethods and getOpenAPI (PR-MREST), and the
// plain GETs: listClients, UXP's /wsdl form and the signed message archive (/signature).
import type { Context, Hono } from 'hono';
import { formatXRoadId, type XRoadClientId, type XRoadServiceId } from '../../../core/identifiers/xroad-id.ts';
import { json, problem } from '../../../core/problem.ts';
import { callerOf } from '../../kit/index.ts';
import { finish, ssFault, type Exchange, type ExchangeData, type Finished } from '../exchange.ts';
import { asciiHeader, clientFault, clientProxyFault, serverProxyFault, X, XRoadFault } from '../faults.ts';
import { buildMultipart } from '../mime.ts';
import { fetchDescription } from '../providers.ts';
import { providerOf, type ServiceEntry } from '../registry.ts';
import { passedHeaders, restRequestHash } from '../rest.ts';
import { BUILTINS, type RestBuiltin, type SoapBuiltin } from '../services.ts';
import { identifierXml, NS_ID, NS_XROAD, responseEnvelope, type SoapMessage } from '../soap.ts';
import { TREMBITA_SERVICES, uuid, type TrembitaState } from '../state.ts';
import { genericOpenApi, rewriteWsdlAddresses, serviceWsdl } from '../wsdl.ts';
import { childByLocal, escapeText, textOf, type XmlElement } from '../xml.ts';

/** SOAP service codes a security server answers itself when the provider has no service of that code. */
export const META_SOAP = new Set(['listMethods', 'allowedMethods', 'getWsdl']);
/** r1 service codes a security server answers itself, likewise. */
export const META_REST = new Set(['listMethods', 'allowedMethods', 'getOpenAPI']);

// ------------------------------------------------------------------------------------------------------
// SOAP metadata services, reached through the consumer SOAP face

/** The body of a SOAP metadata answer, and getWsdl's WSDL to attach. */
export async function soapMeta(
  s: TrembitaState,
  msg: SoapMessage & { wrapper: XmlElement },
  client: XRoadClientId,
  providerId: XRoadClientId,
  hash: string,
): Promise<{ text: string; attachment?: string }> {
  const code = msg.xroad.service!.serviceCode;
  const p = 'xrd';
  const open = `<${p}:${code}Response xmlns:${p}="${NS_XROAD}" xmlns:id="${NS_ID}">`;
  const close = `</${p}:${code}Response>`;
  let inner = '';
  let attachment: string | undefined;
  if (code === 'getWsdl') {
    const serviceCode = textOrUndefined(childByLocal(msg.wrapper, 'serviceCode'));
    const serviceVersion = textOrUndefined(childByLocal(msg.wrapper, 'serviceVersion'));
    if (!serviceCode) throw serverProxyFault(X.InvalidRequest, 'Missing serviceCode in message body');
    const target = findService(s, providerId, serviceCode, serviceVersion);
    if (!target) {
      const id = { ...providerId, objectType: 'SERVICE', serviceCode, ...(serviceVersion ? { serviceVersion } : {}) } as XRoadServiceId;
      throw serverProxyFault(X.UnknownService, `Could not find wsdl URL for service ${formatXRoadId(id)}`);
    }
    attachment = await wsdlFor(s, target);
    inner = `<${p}:serviceCode>${escapeText(serviceCode)}</${p}:serviceCode>` + (serviceVersion ? `<${p}:serviceVersion>${escapeText(serviceVersion)}</${p}:serviceVersion>` : '');
  } else {
    const services = s.registry.servicesOf(providerId).filter((sv) => sv.type === 'SOAP' && (code === 'listMethods' || s.registry.isAllowed(client, sv)));
    inner = services.map((sv) => identifierXml(`${p}:service`, sv.id, 'id')).join('');
  }
  return { text: responseEnvelope(msg, open + inner + close, hash), ...(attachment ? { attachment } : {}) };
}

/** getWsdl's answer: the envelope first, the WSDL second, as multipart/related. */
export function getWsdlMultipart(s: TrembitaState, envelope: string, wsdl: string): { data: Buffer; contentType: string } {
  const boundary = `xtop${uuid(s).replace(/-/g, '')}`;
  const data = buildMultipart(boundary, [
    { headers: { 'content-type': 'text/xml; charset=UTF-8', 'content-transfer-encoding': '8bit', 'content-id': '<rootpart>' }, body: envelope },
    { headers: { 'content-type': 'text/xml; charset=UTF-8', 'content-transfer-encoding': '8bit', 'content-id': '<wsdl>' }, body: wsdl },
  ]);
  return { data, contentType: `multipart/related; type="text/xml"; start="<rootpart>"; charset=UTF-8; boundary="${boundary}"` };
}

/** A provider's service by code; without a version, the unversioned one, else the only one of that code. */
function findService(s: TrembitaState, providerId: XRoadClientId, code: string, version: string | undefined): ServiceEntry | undefined {
  const list = s.registry.servicesOf(providerId).filter((sv) => sv.id.serviceCode === code);
  if (version !== undefined) return list.find((sv) => sv.id.serviceVersion === version);
  return list.find((sv) => sv.id.serviceVersion === undefined) ?? (list.length === 1 ? list[0] : undefined);
}

async function wsdlFor(s: TrembitaState, entry: ServiceEntry): Promise<string> {
  if (entry.type !== 'SOAP') throw serverProxyFault(X.ServiceType, 'Service is a REST service and does not have a WSDL');
  if (entry.provider.kind === 'simulated') return serviceWsdl(entry, BUILTINS[entry.provider.name] as SoapBuiltin);
  if (!entry.config.wsdl) return serviceWsdl(entry);
  return rewriteWsdlAddresses(await fetchDescription(s, entry, entry.config.wsdl));
}

// ------------------------------------------------------------------------------------------------------
// r1 metadata, reached through the consumer REST face

/** What r1 metadata needs of the consumer REST face's reading of a request. */
export interface MetaTarget {
  client: XRoadClientId;
  service: XRoadServiceId;
  messageId: string;
  /** headers the security server adds for the provider */
  ssHeaders: Record<string, string>;
  /** headers the client receives */
  answerHeaders: Record<string, string>;
}

/** r1 metadata: listMethods, allowedMethods, getOpenAPI (PR-MREST). */
export async function restMeta(s: TrembitaState, req: Request, target: MetaTarget, ex: Exchange, url: URL): Promise<Finished> {
  const { client, service } = target;
  const data = ex.data;
  Object.assign(data, { protocol: 'r1', meta: service.serviceCode, clientId: formatXRoadId(client), messageId: target.messageId });
  ex.service = TREMBITA_SERVICES.rest;
  if (req.method !== 'GET') throw clientFault(X.InvalidHttpMethod, `Must use GET request method instead of ${req.method}`);
  if (!s.registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${formatXRoadId(client)}' not found`);
  const providerId = providerOf(service);
  if (!s.registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);
  ex.to = formatXRoadId(providerId);
  const forwarded: [string, string][] = [...passedHeaders(req.headers, 'r1'), ...Object.entries(target.ssHeaders)];
  const headers = { ...target.answerHeaders, 'x-road-request-hash': restRequestHash('GET', `${url.pathname}${url.search}`, forwarded, new Uint8Array()) };
  if (service.serviceCode === 'getOpenAPI') {
    const code = url.searchParams.get('serviceCode');
    if (!code) throw serverProxyFault(X.InvalidRequest, 'Missing serviceCode in message body');
    const entry = findService(s, providerId, code, undefined);
    const id = { ...providerId, objectType: 'SERVICE', serviceCode: code } as XRoadServiceId;
    if (!entry || entry.type === 'SOAP') throw serverProxyFault(X.InternalError, `Service not found: ${formatXRoadId(id)}`);
    if (entry.type !== 'OPENAPI') throw serverProxyFault(X.InternalError, `Invalid service type: ${entry.type}`);
    let text: string;
    let type = 'application/json; charset=utf-8';
    if (entry.provider.kind === 'simulated') text = JSON.stringify((BUILTINS[entry.provider.name] as RestBuiltin).openapi(entry.config.title ?? code), null, 2);
    else if (entry.config.openapi) {
      text = await fetchDescription(s, entry, entry.config.openapi);
      type = /^\s*[{[]/.test(text) ? type : 'text/yaml; charset=utf-8';
    } else text = JSON.stringify(genericOpenApi(entry), null, 2);
    return { response: new Response(text, { status: 200, headers: { 'content-type': type, ...headers } }), text, outcome: 'answered' };
  }
  const list = s.registry
    .servicesOf(providerId)
    .filter((sv) => sv.type !== 'SOAP' && (service.serviceCode === 'listMethods' || s.registry.isAllowed(client, sv)))
    .map((sv) => ({
      member_class: sv.id.memberClass,
      member_code: sv.id.memberCode,
      object_type: 'SERVICE',
      service_code: sv.id.serviceCode,
      service_type: sv.type,
      subsystem_code: sv.id.subsystemCode,
      xroad_instance: sv.id.xRoadInstance,
      ...(sv.config.endpoints ? { endpoint_list: sv.config.endpoints.map((e) => ({ method: e.method, path: e.path })) } : {}),
    }));
  const text = JSON.stringify({ service: list });
  return { response: json({ service: list }, 200, headers), text, outcome: 'answered' };
}

// ------------------------------------------------------------------------------------------------------
// Plain-GET metadata: listClients, the UXP WSDL form, the message archive

async function meta(s: TrembitaState, c: Context, produce: () => Promise<Finished>): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const data: ExchangeData = { side: 'consumer', protocol: 'meta', meta: url.pathname.slice(1) };
  const ex: Exchange = { service: TREMBITA_SERVICES.meta, from: callerOf(req), to: s.name, method: req.method, path: `${url.pathname}${url.search}`, requestBody: '', data };
  let out: Finished;
  try {
    out = await produce();
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    out = ssFault(s, err, data, '1.1');
  }
  return finish(s, ex, out, undefined);
}

function listClients(s: TrembitaState, c: Context): Finished {
  const instance = c.req.query('xRoadInstance');
  const clients = instance && instance !== s.registry.instance ? [] : s.registry.clients();
  if (/application\/json/i.test(c.req.header('accept') ?? '')) {
    const body = {
      member: clients.map((m) => ({
        id: {
          member_class: m.id.memberClass,
          member_code: m.id.memberCode,
          ...(m.id.subsystemCode !== undefined ? { subsystem_code: m.id.subsystemCode } : {}),
          object_type: m.id.objectType,
          xroad_instance: m.id.xRoadInstance,
        },
        name: m.name,
        ...(m.subsystemName ? { subsystem_name: m.subsystemName } : {}),
      })),
    };
    const text = JSON.stringify(body);
    return { response: json(body), text, outcome: 'answered' };
  }
  const text =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<ns2:clientList xmlns:ns1="${NS_ID}" xmlns:ns2="${NS_XROAD}">` +
    clients
      .map(
        (m) =>
          `<ns2:member>${identifierXml('ns2:id', m.id, 'ns1')}<ns2:name>${escapeText(m.name)}</ns2:name>` +
          (m.subsystemName ? `<ns2:subsystemName>${escapeText(m.subsystemName)}</ns2:subsystemName>` : '') +
          '</ns2:member>',
      )
      .join('') +
    '</ns2:clientList>';
  return { response: new Response(text, { headers: { 'content-type': 'text/xml; charset=utf-8' } }), text, outcome: 'answered' };
}

async function wsdlByQuery(s: TrembitaState, c: Context): Promise<Finished> {
  const q = (k: string) => c.req.query(k) || undefined;
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode'].map(q);
  const version = q('serviceVersion') ?? q('version');
  if (!instance || !memberClass || !memberCode || !serviceCode) {
    throw serverProxyFault(X.InvalidRequest, 'Missing parameter: xRoadInstance, memberClass, memberCode and serviceCode are required');
  }
  const providerId: XRoadClientId = subsystemCode
    ? { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass, memberCode, subsystemCode }
    : { objectType: 'MEMBER', xRoadInstance: instance, memberClass, memberCode };
  const entry = findService(s, providerId, serviceCode, version);
  if (!entry) {
    const id = { ...providerId, objectType: 'SERVICE', serviceCode, ...(version ? { serviceVersion: version } : {}) } as XRoadServiceId;
    throw serverProxyFault(X.UnknownService, `Could not find wsdl URL for service ${formatXRoadId(id)}`);
  }
  const text = await wsdlFor(s, entry);
  return { response: new Response(text, { headers: { 'content-type': 'text/xml; charset=utf-8' } }), text, outcome: 'answered' };
}

/** The signed archive record of one message; not journalled, as a security server's archive reading is not a call. */
async function signature(s: TrembitaState, c: Context): Promise<Response> {
  const queryId = c.req.query('queryId');
  if (!queryId) {
    return problem({ code: 'missing-query-id', title: 'Which message?', status: 400, detail: 'queryId is required', errors: [{ field: 'queryId', message: 'required' }] });
  }
  const [instance, memberClass, memberCode, subsystemCode] = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'].map((k) => c.req.query(k) || undefined);
  const client =
    instance && memberClass && memberCode
      ? formatXRoadId(
          subsystemCode
            ? { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass, memberCode, subsystemCode }
            : { objectType: 'MEMBER', xRoadInstance: instance, memberClass, memberCode },
        )
      : undefined;
  const found = s.archive.get(queryId, client);
  if (!found) {
    return problem({
      code: 'unknown-query-id',
      title: 'No archived message',
      status: 404,
      detail: `no message with queryId ${queryId}${client ? ` from ${client}` : ''} in the archive`,
    });
  }
  const signed = await s.archive.signed(found);
  return json(signed, 200, { 'content-disposition': `attachment; filename="${asciiHeader(queryId).replace(/["\\]/g, '_')}.json"` });
}

/** Mounts the plain-GET metadata paths. */
export function mountMetadata(app: Hono, s: TrembitaState): void {
  app.get('/listClients', (c) => meta(s, c, async () => listClients(s, c)));
  app.get('/wsdl', (c) => meta(s, c, () => wsdlByQuery(s, c)));
  app.get('/signature', (c) => signature(s, c));
}

function textOrUndefined(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = textOf(el).trim();
  return t === '' ? undefined : t;
}
