// The delivery face: Трембіта's provider side, calling the participant's service on the harness's word
// (POST /__polihon/deliver) as a provider's security server would, and reporting what came back with the judge's
// reading of it. The participant's answer is journalled; so is a delivery that never got one.
import type { Hono } from 'hono';
import { z } from 'zod';
import { formatXRoadId, type XRoadClientId } from '../../../core/identifiers/xroad-id.ts';
import { json, problem } from '../../../core/problem.ts';
import { faultAnswer, parseBody, readJson, SIMULATOR_HEADER, TIME_HEADER } from '../../kit/index.ts';
import { bodyOf, soapContentType } from '../envelope.ts';
import { noteMessageId, record, recordRequest, takeFault, type Exchange, type ExchangeData } from '../exchange.ts';
import { X, XRoadFault, type SoapVersion } from '../faults.ts';
import { callProvider, providerBase, safePath, trimSlash } from '../providers.ts';
import { parseClientText, parseServiceText, type ServiceEntry } from '../registry.ts';
import { headerId } from '../rest.ts';
import { defaultNamespace } from '../services.ts';
import { buildRequest, readHeaderLoose, requestHash, xmlFromObject } from '../soap.ts';
import { iso, TREMBITA_FAULT_TARGETS, TREMBITA_SERVICES, uuid, type TrembitaState } from '../state.ts';
import { analyseRestAnswer, analyseSoapAnswer, soapOutcome, soapVerdict } from './judge.ts';

const DeliverSchema = z.strictObject({
  protocol: z.enum(['soap', 'rest', 'uxp']),
  /** the participant's service: 'SEVDEIR-TEST/GOV/04054866/RTG_prod/CheckResidence/v1' (prefix 'SERVICE:' optional) */
  service: z.string().min(1),
  /** the calling client; default the registry's deliver.client */
  client: z.string().min(1).optional(),
  /** SOAP: the Body's content (a string of XML) or the wrapper's children as an object; REST: the body (object = JSON) */
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  /** extra HTTP headers to send */
  headers: z.record(z.string(), z.string()).optional(),
  userId: z.string().optional(),
  issue: z.string().optional(),
  /** the message id (SOAP id, X-Road-Id, Uxp-QueryID); default a fresh UUID */
  id: z.string().min(1).optional(),
  /** SOAP: send exactly this text as the HTTP body (malformed-input checks) */
  raw: z.string().optional(),
  /** the Content-Type of `raw` (default the SOAP version's) */
  contentType: z.string().optional(),
  soapVersion: z.enum(['1.1', '1.2']).optional(),
  protocolVersion: z.string().optional(),
  /** REST: the method (default POST with a body, GET without) */
  method: z.string().regex(/^[A-Z]+$/).optional(),
  /** REST: the path after the service, '/…' */
  path: z.string().regex(/^(\/|\?|$)/).optional(),
});
type DeliverSpec = z.infer<typeof DeliverSchema>;

export function mountDelivery(app: Hono, s: TrembitaState): void {
  app.post('/__polihon/deliver', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const spec = parseBody(DeliverSchema, read.value, 'invalid-delivery', 'Not a delivery');
    if (!spec.ok) return spec.response;
    return s.background.track(deliver(s, spec.value));
  });
}

async function deliver(s: TrembitaState, spec: DeliverSpec): Promise<Response> {
  const serviceId = parseServiceText(spec.service);
  if (typeof serviceId === 'string') return problem({ code: 'invalid-service', title: 'Not a service id', status: 422, detail: serviceId, errors: [{ field: 'service', message: serviceId }] });
  const entry = s.registry.service(serviceId);
  if (!entry) {
    return problem({
      code: 'unknown-service',
      title: 'No such service in the registry',
      status: 404,
      detail: `${formatXRoadId(serviceId)} is not registered`,
      hint: 'Register it first with POST /__polihon/registry (see README).',
    });
  }
  if (entry.provider.kind !== 'participant') {
    return problem({ code: 'not-participant', title: 'Not the participant’s service', status: 409, detail: `${entry.idText} is provided by ${entry.config.provider}; deliveries go to the participant’s services` });
  }
  const wantSoap = spec.protocol === 'soap';
  if (wantSoap !== (entry.type === 'SOAP')) {
    return problem({ code: 'wrong-protocol', title: 'Protocol does not match the service', status: 409, detail: `${entry.idText} is a ${entry.type} service; protocol ${spec.protocol} was asked` });
  }
  const clientText = spec.client;
  const client = clientText ? parseClientText(clientText) : s.registry.deliverClient();
  if (client === undefined) {
    return problem({ code: 'no-client', title: 'Who calls?', status: 422, detail: 'give client, or set deliver.client in the registry', errors: [{ field: 'client', message: 'required' }] });
  }
  if (typeof client === 'string') return problem({ code: 'invalid-client', title: 'Not a client id', status: 422, detail: client, errors: [{ field: 'client', message: client }] });
  const base = providerBase(s, entry);
  if (!base) {
    const key = entry.type === 'SOAP' ? "endpoints['participant.provider']" : "endpoints['participant.rest'] (or 'participant.provider')";
    return problem({ code: 'no-endpoint', title: 'No participant endpoint', status: 409, detail: `${key} is not set`, hint: "Set the participant's provider endpoint in its profile or the host's endpoints." });
  }
  const fault = takeFault(s, entry, TREMBITA_FAULT_TARGETS.deliver);
  if (fault?.kind === 'withhold') return json({ withheld: true, fault: fault.id, status: 0 });
  if (fault?.kind === 'latency') await faultAnswer(fault);
  const times = fault?.kind === 'duplicate' ? 2 : 1;
  let result: Record<string, unknown> = {};
  for (let i = 0; i < times; i++) {
    result = wantSoap ? await deliverSoap(s, spec, entry, client, base) : await deliverRest(s, spec, entry, client, base);
  }
  return json(times > 1 ? { ...result, deliveries: times } : result);
}

async function deliverSoap(s: TrembitaState, spec: DeliverSpec, entry: ServiceEntry, client: XRoadClientId, base: string): Promise<Record<string, unknown>> {
  const version: SoapVersion = spec.soapVersion ?? '1.1';
  const id = spec.id ?? uuid(s);
  const userId = spec.userId ?? s.registry.config.deliver?.userId;
  const ns = entry.config.namespace ?? defaultNamespace(entry.id.serviceCode);
  const code = entry.id.serviceCode;
  const bodyXml =
    typeof spec.body === 'string'
      ? spec.body
      : spec.body === undefined
        ? `<tns:${code} xmlns:tns="${ns}"/>`
        : `<tns:${code} xmlns:tns="${ns}">${xmlFromObject(spec.body)}</tns:${code}>`;
  const text =
    spec.raw ??
    buildRequest({
      client,
      service: entry.id,
      id,
      ...(userId !== undefined ? { userId } : {}),
      ...(spec.issue !== undefined ? { issue: spec.issue } : {}),
      ...(spec.protocolVersion !== undefined ? { protocolVersion: spec.protocolVersion } : {}),
      bodyXml,
      version,
    });
  const contentType = spec.contentType ?? soapContentType(version);
  const bytes = Buffer.from(text, 'utf8');
  const hash = requestHash(bytes);
  const clientText = formatXRoadId(client);
  const data: ExchangeData = { side: 'provider', protocol: 'soap', soapVersion: version, serviceId: entry.idText, clientId: clientText, requestHash: hash, raw: spec.raw !== undefined };
  // the header the participant must echo: read back from what is sent (a raw message may be broken on purpose)
  const request = readHeaderLoose(text, version);
  Object.assign(data, {
    ...(request.xroad.id !== undefined ? { messageId: request.xroad.id } : {}),
    ...(request.xroad.userId !== undefined ? { userId: request.xroad.userId } : {}),
    ...(request.xroad.issue !== undefined ? { issue: request.xroad.issue } : {}),
    ...(request.xroad.protocolVersion !== undefined ? { protocolVersion: request.xroad.protocolVersion } : {}),
  });
  if (typeof data.messageId === 'string') noteMessageId(s, clientText, data.messageId, data);
  const url = trimSlash(base) + (entry.config.path ?? '');
  const ex: Exchange = { service: TREMBITA_SERVICES.soap, from: clientText, to: 'participant', method: 'POST', path: safePath(url), requestBody: text, data };
  const headers = { 'content-type': contentType, ...(version === '1.1' ? { soapaction: '""' } : {}), [TIME_HEADER]: iso(s), [SIMULATOR_HEADER]: s.name, ...spec.headers };
  let res: Response;
  try {
    res = await callProvider(s, url, { method: 'POST', headers, body: bodyOf(bytes) });
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    const ssFault = err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`);
    Object.assign(data, { transportError: err.message, ssFaultCode: ssFault.code, isFault: false, echoed: false });
    recordRequest(s, ex, text, 'delivery-failed');
    return { status: 0, error: err.message, isFault: false, echoed: false, ssFault: { code: ssFault.code, message: ssFault.message }, requestHash: hash, messageId: data.messageId };
  }
  const responseHeaders = Object.fromEntries(res.headers);
  const analysis = await analyseSoapAnswer(res, request.fields, hash);
  const verdict = soapVerdict(analysis);
  Object.assign(data, {
    status: res.status,
    contentType: analysis.contentType,
    isFault: analysis.fault !== undefined,
    echoed: analysis.echoed,
    ...verdict,
    ...(analysis.ssFault ? { ssFaultCode: analysis.ssFault.code, ssFaultString: analysis.ssFault.message } : {}),
    ...(analysis.wrapper ? { responseWrapper: analysis.wrapper } : {}),
  });
  record(s, ex, {
    response: new Response(null, { status: res.status }),
    text: analysis.text,
    outcome: soapOutcome(analysis),
    ...(typeof data.messageId === 'string'
      ? {
          archive: {
            queryId: data.messageId,
            client: clientText,
            service: entry.idText,
            protocol: 'soap',
            time: iso(s),
            request: { contentType, body: text },
            response: { status: res.status, contentType: analysis.contentType, body: analysis.forwardText ?? analysis.text },
          },
        }
      : {}),
  });
  return {
    status: res.status,
    headers: responseHeaders,
    contentType: analysis.contentType,
    body: analysis.text,
    isFault: analysis.fault !== undefined,
    echoed: analysis.echoed,
    ...verdict,
    ...(analysis.ssFault ? { ssFault: { code: analysis.ssFault.code, message: analysis.ssFault.message } } : {}),
    ...(analysis.wrapper ? { responseWrapper: analysis.wrapper } : {}),
    requestHash: hash,
    messageId: data.messageId,
  };
}

async function deliverRest(s: TrembitaState, spec: DeliverSpec, entry: ServiceEntry, client: XRoadClientId, base: string): Promise<Record<string, unknown>> {
  const uxp = spec.protocol === 'uxp';
  const id = spec.id ?? (uxp ? uuid(s) : `${s.registry.instance}-${uuid(s)}`);
  const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
  const clientText = formatXRoadId(client);
  const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  const ssHeaders: Record<string, string> = uxp
    ? {
        'uxp-client': headerId(client),
        'uxp-service': headerId(entry.id),
        'uxp-queryid': id,
        'uxp-transaction-id': uuid(s),
        ...(spec.userId !== undefined ? { 'uxp-subject-id': spec.userId } : {}),
      }
    : {
        // what a provider's security server sends on: the client's X-Road-* headers and its own X-Road-Request-Id; the
        // service is the path's, X-Road-Service is an answer header only (RestRequest, RestResponse)
        'x-road-client': headerId(client),
        'x-road-id': id,
        'x-road-request-id': uuid(s),
        ...(spec.userId !== undefined ? { 'x-road-userid': spec.userId } : {}),
        ...(spec.issue !== undefined ? { 'x-road-issue': spec.issue } : {}),
      };
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': typeof spec.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' } : {}),
    ...ssHeaders,
    [TIME_HEADER]: iso(s),
    [SIMULATOR_HEADER]: s.name,
    ...spec.headers,
  };
  const url = trimSlash(base) + (entry.config.path ?? '') + (spec.path ?? '');
  const data: ExchangeData = { side: 'provider', protocol: uxp ? 'uxp' : 'r1', serviceId: entry.idText, clientId: clientText, messageId: id, ...(spec.userId !== undefined ? { userId: spec.userId } : {}) };
  noteMessageId(s, clientText, id, data);
  const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: clientText, to: 'participant', method, path: safePath(url), requestBody: body ?? '', data };
  let res: Response;
  try {
    res = await callProvider(s, url, { method, headers, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    Object.assign(data, { transportError: err.message, ssFaultCode: `Server.ServerProxy.${err.code}` });
    recordRequest(s, ex, body ?? '', 'delivery-failed');
    return { status: 0, error: err.message, isFault: false, ssFault: { code: `Server.ServerProxy.${err.code}`, message: err.message }, messageId: id };
  }
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const { parsed, errorBody } = analyseRestAnswer(res.status, contentType, text);
  Object.assign(data, { status: res.status, contentType, isFault: res.status >= 400, ...(errorBody ? { errorBody } : {}) });
  record(s, ex, {
    response: new Response(null, { status: res.status }),
    text,
    outcome: res.status >= 400 ? 'provider-error' : 'answered',
    archive: { queryId: id, client: clientText, service: entry.idText, protocol: uxp ? 'uxp' : 'r1', time: iso(s), request: { headers, body: body ?? '' }, response: { status: res.status, contentType, body: text } },
  });
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    contentType,
    body: text,
    ...(parsed !== undefined ? { json: parsed } : {}),
    isFault: res.status >= 400,
    ...(errorBody ? { errorBody } : {}),
    messageId: id,
  };
}
