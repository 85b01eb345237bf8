// The consumer REST face: the participant's own security server taking an X-Road REST r1 call (/r1/…) or a UXP
// REST call (/restapi…) — headers read, r1 metadata handed to the metadata face, the rest checked and routed as the
// SOAP face routes, with the REST shape of the security server's faults.
import type { Context, Hono } from 'hono';
import { formatXRoadId, type XRoadClientId, type XRoadServiceId } from '../../../core/identifiers/xroad-id.ts';
import type { ActiveFault } from '../../../core/simulator.ts';
import { callerOf } from '../../kit/index.ts';
import type { ArchiveRecord } from '../archive.ts';
import { bodyOf, readBytes, tooLarge } from '../envelope.ts';
import { finish, noteMessageId, takeFault, type Exchange, type ExchangeData, type Finished } from '../exchange.ts';
import { clientFault, clientProxyFault, restErrorResponse, serverProxyFault, uxpErrorResponse, X, XRoadFault } from '../faults.ts';
import { callProvider, checkClientCertificate, injected, partyOf, providerUrl, stampHeaders } from '../providers.ts';
import { providerOf } from '../registry.ts';
import { answerHeaders, headerId, lastHeaderValue, parseClientHeader, parseR1Path, parseUxpService, passedHeaders, restRequestHash } from '../rest.ts';
import { BUILTINS, type RestBuiltin } from '../services.ts';
import { iso, TREMBITA_FAULT_TARGETS, TREMBITA_SERVICES, uuid, type TrembitaState } from '../state.ts';
import { META_REST, restMeta } from './metadata.ts';

/** Statuses a fetch Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

interface RestTarget {
  protocol: 'r1' | 'uxp';
  client: XRoadClientId;
  service: XRoadServiceId;
  /** the path after the service, raw */
  servicePath: string;
  /** the query string the provider receives ('' or '?…') */
  search: string;
  messageId: string;
  userId?: string;
  issue?: string;
  /** headers the security server adds for the provider */
  ssHeaders: Record<string, string>;
  /** headers the client receives besides the provider's */
  answerHeaders: Record<string, string>;
}

export function mountConsumerRest(app: Hono, s: TrembitaState): void {
  app.all('/r1/*', (c) => r1Consumer(s, c));
  app.all('/restapi', (c) => uxpConsumer(s, c));
  app.all('/restapi/*', (c) => uxpConsumer(s, c));
}

async function r1Consumer(s: TrembitaState, c: Context): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const data: ExchangeData = { side: 'consumer', protocol: 'r1' };
  const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: callerOf(req), to: s.name, method: req.method, path: url.pathname, requestBody: '', data };
  const accept = req.headers.get('accept');
  const fail = (err: XRoadFault, extra: Record<string, string> = {}): Finished => {
    const detail = uuid(s);
    Object.assign(data, { faultCode: err.code, faultString: err.message, faultDetail: detail, isFault: true });
    return { response: restErrorResponse(err, detail, accept, extra), text: '', outcome: `fault:${err.code}` };
  };
  let fault: ActiveFault | undefined;
  let out: Finished;
  let answerExtra: Record<string, string> = {};
  try {
    const { service, servicePath } = parseR1Path(url.pathname);
    const clientHeader = lastHeaderValue(req.headers.get('x-road-client'));
    if (clientHeader === null || clientHeader.trim() === '') {
      throw clientFault(X.BadRequest, 'The client identifier is missing: send the X-Road-Client header (INSTANCE/CLASS/MEMBER[/SUBSYSTEM])');
    }
    const client = parseClientHeader(clientHeader, 'X-Road-Client');
    const sentId = lastHeaderValue(req.headers.get('x-road-id'));
    const messageId = sentId ?? `${s.registry.instance}-${uuid(s)}`;
    const requestId = uuid(s);
    const userId = req.headers.get('x-road-userid') ?? undefined;
    const issue = req.headers.get('x-road-issue') ?? undefined;
    answerExtra = {
      'x-road-client': headerId(client),
      'x-road-service': headerId(service),
      'x-road-id': messageId,
      'x-road-request-id': requestId,
    };
    const target: RestTarget = {
      protocol: 'r1',
      client,
      service,
      servicePath,
      search: url.search,
      messageId,
      ...(userId !== undefined ? { userId } : {}),
      ...(issue !== undefined ? { issue } : {}),
      // the client's own X-Road-* headers pass as sent (passedHeaders); the security server adds X-Road-Request-Id, and
      // X-Road-Id when the client sent none (ClientRestMessageProcessor) — X-Road-Service is for the answer only
      ssHeaders: { ...(sentId === null ? { 'x-road-id': messageId } : {}), 'x-road-request-id': requestId },
      answerHeaders: answerExtra,
    };
    if (META_REST.has(service.serviceCode) && servicePath === '' && !s.registry.service(service)) {
      out = await restMeta(s, req, target, ex, url);
    } else {
      out = await consumeRest(s, req, target, ex, (f) => (fault = f));
    }
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    out = fail(err, answerExtra);
  }
  return finish(s, ex, out, fault);
}

async function uxpConsumer(s: TrembitaState, c: Context): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const data: ExchangeData = { side: 'consumer', protocol: 'uxp' };
  const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: callerOf(req), to: s.name, method: req.method, path: url.pathname, requestBody: '', data };
  const accept = req.headers.get('accept');
  let fault: ActiveFault | undefined;
  let out: Finished;
  const transactionId = uuid(s);
  const extra = { 'uxp-transaction-id': transactionId };
  try {
    const clientHeader = req.headers.get('uxp-client');
    const serviceHeader = req.headers.get('uxp-service');
    if (!clientHeader) throw clientFault(X.BadRequest, 'The client identifier is missing: send the Uxp-Client header (INSTANCE/CLASS/MEMBER/SUBSYSTEM)');
    if (!serviceHeader) throw clientFault(X.BadRequest, 'The service identifier is missing: send the Uxp-Service header (INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION])');
    const client = parseClientHeader(clientHeader, 'Uxp-Client');
    const service = parseUxpService(serviceHeader);
    // older clients send queryId and userId as query parameters (protocol-facts §4.3); they are the security server's, not the service's
    const query = new URLSearchParams(url.search);
    const messageId = req.headers.get('uxp-queryid') ?? query.get('queryId') ?? uuid(s);
    const userId = query.get('userId') ?? undefined;
    query.delete('queryId');
    query.delete('userId');
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const purpose = req.headers.get('uxp-purpose-ids') ?? undefined;
    const subject = req.headers.get('uxp-subject-id') ?? undefined;
    if (purpose !== undefined) data.purposeIds = purpose;
    if (subject !== undefined) data.subjectId = subject;
    const target: RestTarget = {
      protocol: 'uxp',
      client,
      service,
      servicePath: url.pathname.slice('/restapi'.length),
      search,
      messageId,
      ...(userId !== undefined ? { userId } : {}),
      ssHeaders: {
        'uxp-client': headerId(client),
        'uxp-service': headerId(service),
        'uxp-queryid': messageId,
        'uxp-transaction-id': transactionId,
        ...(purpose !== undefined ? { 'uxp-purpose-ids': purpose } : {}),
        ...(subject !== undefined ? { 'uxp-subject-id': subject } : {}),
      },
      answerHeaders: extra,
    };
    out = await consumeRest(s, req, target, ex, (f) => (fault = f));
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    const detail = uuid(s);
    Object.assign(data, { faultCode: err.code, faultString: err.message, faultDetail: detail, isFault: true });
    out = { response: uxpErrorResponse(err, detail, accept, extra), text: '', outcome: `fault:${err.code}` };
  }
  return finish(s, ex, out, fault);
}

/** The checks and routing r1 and UXP share. Throws XRoadFault for the security server's own errors. */
async function consumeRest(s: TrembitaState, req: Request, target: RestTarget, ex: Exchange, setFault: (f: ActiveFault) => void): Promise<Finished> {
  const { client, service, protocol } = target;
  const data = ex.data;
  const clientText = formatXRoadId(client);
  Object.assign(data, {
    serviceId: formatXRoadId(service),
    clientId: clientText,
    messageId: target.messageId,
    ...(target.userId !== undefined ? { userId: target.userId } : {}),
    ...(target.issue !== undefined ? { issue: target.issue } : {}),
    servicePath: target.servicePath,
  });
  const bytes = await readBytes(s, req);
  if (!bytes) throw clientFault(X.BadRequest, tooLarge(s));
  // passed on as bytes, as a security server passes them: the provider judges its own body's encoding
  ex.requestBody = bytes;
  noteMessageId(s, clientText, target.messageId, data);
  const entry = s.registry.service(service);
  ex.to = partyOf(s, entry, service);
  if (entry) data.provider = entry.config.provider;

  const fault = takeFault(s, entry ?? service, protocol === 'uxp' ? TREMBITA_FAULT_TARGETS.uxp : TREMBITA_FAULT_TARGETS.rest);
  if (fault) {
    setFault(fault);
    data.injectedFault = fault.kind;
  }
  const injectedAnswer = await injected(fault, req.signal);
  if (injectedAnswer instanceof Response) return { response: injectedAnswer, text: '', outcome: `fault:${fault!.kind}` };
  if (injectedAnswer) throw restShape(injectedAnswer);

  if (!s.registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${clientText}' not found`);
  checkClientCertificate(s, req, client, data);
  const providerId = providerOf(service);
  if (!s.registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);
  if (!entry) throw serverProxyFault(X.UnknownService, `Unknown service: ${formatXRoadId(service)}`);
  if (entry.type === 'SOAP') throw serverProxyFault(X.ServiceType, 'Service is a SOAP service and cannot be called using REST interface');
  if (!s.registry.isAllowed(client, entry)) throw serverProxyFault(X.AccessDenied, `Request is not allowed: ${entry.idText}`);
  if (entry.config.disabled) throw serverProxyFault(X.ServiceDisabled, `Service ${entry.idText} is disabled: ${entry.config.disabled}`);

  const forwarded: [string, string][] = [...passedHeaders(req.headers, protocol), ...Object.entries(target.ssHeaders)];
  const hash = restRequestHash(req.method, `${new URL(req.url).pathname}${new URL(req.url).search}`, forwarded, bytes);
  data.requestHash = hash;
  const answerExtra = { ...target.answerHeaders, ...(protocol === 'r1' ? { 'x-road-request-hash': hash } : {}) };
  const archiveBase = (): ArchiveRecord => ({
    queryId: target.messageId,
    client: clientText,
    service: entry.idText,
    protocol,
    time: iso(s),
    request: { contentType: req.headers.get('content-type') ?? '', headers: Object.fromEntries(forwarded), body: bytes.toString('utf8') },
  });

  let status: number;
  let headers: [string, string][];
  let body: Buffer;
  if (entry.provider.kind === 'simulated') {
    const builtin = BUILTINS[entry.provider.name] as RestBuiltin;
    const result = builtin.handle({ method: req.method, path: target.servicePath, query: new URLSearchParams(target.search), body: bytes.toString('utf8') }, s.builtinData);
    status = result.status;
    headers = [['content-type', 'application/json; charset=utf-8']];
    body = Buffer.from(JSON.stringify(result.body));
  } else {
    const url = `${providerUrl(s, entry)}${target.servicePath}${target.search}`;
    let res: Response;
    try {
      res = await callProvider(
        s,
        url,
        {
          method: req.method,
          headers: [...forwarded, ...Object.entries(stampHeaders(s, entry))],
          ...(bytes.byteLength > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? { body: bodyOf(bytes) } : {}),
        },
        req.signal,
      );
    } catch (err) {
      // REST reports an unreachable provider without the ServiceFailed link (PR-REST §4.6, example 2)
      throw err instanceof XRoadFault ? err.withPrefix('Server.ServerProxy') : err;
    }
    status = res.status;
    headers = answerHeaders(res.headers, protocol);
    body = Buffer.from(await res.arrayBuffer());
    data.providerEntry = res.headers.get('x-polihon-journal-entry') ?? undefined;
  }
  const text = body.toString('utf8');
  data.status = status;
  data.isFault = status >= 400;
  const response = new Response(req.method === 'HEAD' || NULL_BODY_STATUSES.has(status) ? null : bodyOf(body), {
    status,
    headers: [...headers, ...Object.entries(answerExtra)],
  });
  return {
    response,
    text,
    outcome: status >= 400 ? 'provider-error' : 'answered',
    archive: { ...archiveBase(), response: { status, contentType: response.headers.get('content-type') ?? '', headers: Object.fromEntries(headers), body: text } },
  };
}

/** Injected SOAP-shaped faults as REST has them: no ServiceFailed link for a transport failure. */
function restShape(err: XRoadFault): XRoadFault {
  return new XRoadFault(err.code.replace('.ServiceFailed.', '.'), err.message);
}
