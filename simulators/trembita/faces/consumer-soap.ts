// The consumer SOAP face: the participant's own security server taking an X-Road SOAP 4.x call — the envelope
// checked, the client and provider looked up, injected faults applied, then the call answered by a built-in service,
// a metadata service, another simulator or the participant's provider, with the security server's faults on the way.
import type { Context, Hono } from 'hono';
import { formatXRoadId } from '../../../core/identifiers/xroad-id.ts';
import type { ActiveFault } from '../../../core/simulator.ts';
import { callerOf } from '../../kit/index.ts';
import type { ArchiveRecord } from '../archive.ts';
import { bodyOf, extractEnvelope, guessVersion, readBytes, soapContentType, tooLarge, type Envelope } from '../envelope.ts';
import { finish, noteMessageId, ssFault, takeFault, type Exchange, type ExchangeData, type Finished } from '../exchange.ts';
import { clientFault, clientProxyFault, serverProxyFault, X, XRoadFault, type SoapVersion } from '../faults.ts';
import { callProvider, checkClientCertificate, injected, partyOf, providerUrl, stampHeaders } from '../providers.ts';
import { providerOf, type ServiceEntry } from '../registry.ts';
import { BUILTINS, type SoapBuiltin } from '../services.ts';
import { buildResponse, readRequest, requestHash, serviceFaultXml, type SoapMessage } from '../soap.ts';
import { iso, seededUuid, TREMBITA_FAULT_TARGETS, TREMBITA_SERVICES, type TrembitaState } from '../state.ts';
import type { XmlElement } from '../xml.ts';
import { analyseSoapAnswer } from './judge.ts';
import { getWsdlMultipart, META_SOAP, soapMeta } from './metadata.ts';

/**
 * Mounts SOAP as the default route. X-Road's ClientMessageHandler is the client proxy's default handler: every
 * request the REST and metadata handlers leave is a SOAP call, whatever its path — '/', '/cgi-bin/consumer_proxy', or
 * the WSDL's soap:address when a client uses the security server as its HTTP proxy (an absolute request target; its
 * path counts for nothing). Mount it last.
 */
export function mountConsumerSoap(app: Hono, s: TrembitaState): void {
  app.all('*', (c) => (new URL(c.req.url).pathname.startsWith('/__polihon/') ? c.notFound() : soapConsumer(s, c)));
}

async function soapConsumer(s: TrembitaState, c: Context): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const data: ExchangeData = { side: 'consumer', protocol: 'soap' };
  const ex: Exchange = { service: TREMBITA_SERVICES.soap, from: callerOf(req), to: s.name, method: req.method, path: url.pathname, requestBody: '', data };
  let version = guessVersion(req.headers.get('content-type'));
  let fault: ActiveFault | undefined;
  let out: Finished;
  try {
    out = await consumeSoap(s, req, ex, (v) => (version = v), (f) => (fault = f));
  } catch (err) {
    if (!(err instanceof XRoadFault)) throw err;
    out = ssFault(s, err, data, version);
  }
  if (out.response.type !== 'error') {
    // a Трембіта (UXP) security server names the transaction on every answer, SOAP as well as REST (Трембіта guide)
    const transactionId = seededUuid(s.transactionRng);
    out.response.headers.set('uxp-transaction-id', transactionId);
    data.transactionId = transactionId;
  }
  return finish(s, ex, out, fault);
}

async function consumeSoap(s: TrembitaState, req: Request, ex: Exchange, setVersion: (v: SoapVersion) => void, setFault: (f: ActiveFault) => void): Promise<Finished> {
  const data = ex.data;
  if (req.method !== 'POST') throw clientFault(X.InvalidHttpMethod, `Must use POST request method instead of ${req.method}`);
  const bytes = await readBytes(s, req);
  if (!bytes) throw clientFault(X.InvalidMessage, tooLarge(s));
  ex.requestBody = bytes;
  let env: Envelope;
  let msg: SoapMessage & { wrapper: XmlElement };
  try {
    env = extractEnvelope(req.headers.get('content-type'), bytes);
    setVersion(env.version);
    data.soapVersion = env.version;
    if (env.version === '1.1') checkSoapAction(req.headers.get('soapaction'));
    msg = readRequest(env.text, env.version);
  } catch (err) {
    throw err instanceof XRoadFault ? err.withPrefix('Client') : err;
  }
  const client = msg.xroad.client!;
  const service = msg.xroad.service!;
  const id = msg.xroad.id!;
  const hash = requestHash(env.soapBytes);
  const clientText = formatXRoadId(client);
  Object.assign(data, {
    serviceId: formatXRoadId(service),
    clientId: clientText,
    messageId: id,
    ...(msg.xroad.userId !== undefined ? { userId: msg.xroad.userId } : {}),
    ...(msg.xroad.issue !== undefined ? { issue: msg.xroad.issue } : {}),
    protocolVersion: msg.xroad.protocolVersion,
    requestHash: hash,
    wrapper: msg.wrapper.local,
    headerFields: msg.fields.map((f) => f.local),
  });
  noteMessageId(s, clientText, id, data);
  const entry = s.registry.service(service);
  ex.to = partyOf(s, entry, service);
  if (entry) data.provider = entry.config.provider;

  const fault = takeFault(s, entry ?? service, TREMBITA_FAULT_TARGETS.soap);
  if (fault) {
    setFault(fault);
    data.injectedFault = fault.kind;
  }
  const injectedAnswer = await injected(fault, req.signal);
  if (injectedAnswer instanceof Response) return { response: injectedAnswer, text: '', outcome: `fault:${fault!.kind}` };
  if (injectedAnswer) throw injectedAnswer;

  if (!s.registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${clientText}' not found`);
  checkClientCertificate(s, req, client, data);
  const providerId = providerOf(service);
  if (!s.registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);

  const archiveBase = (): ArchiveRecord => ({
    queryId: id,
    client: clientText,
    service: formatXRoadId(service),
    protocol: 'soap',
    time: iso(s),
    request: { contentType: req.headers.get('content-type') ?? '', body: env.text },
  });

  if (META_SOAP.has(service.serviceCode) && !entry) {
    const answer = await soapMeta(s, msg, client, providerId, hash);
    const text = answer.text;
    const body = answer.attachment ? getWsdlMultipart(s, text, answer.attachment) : undefined;
    const response = body
      ? new Response(bodyOf(body.data), { status: 200, headers: { 'content-type': body.contentType } })
      : new Response(text, { status: 200, headers: { 'content-type': soapContentType(env.version) } });
    return {
      response,
      text: body ? body.data.toString('utf8') : text,
      outcome: 'answered',
      archive: { ...archiveBase(), response: { status: 200, contentType: response.headers.get('content-type') ?? '', body: text } },
    };
  }
  if (!entry) throw serverProxyFault(X.UnknownService, `Unknown service: ${formatXRoadId(service)}`);
  if (entry.type !== 'SOAP') throw serverProxyFault(X.ServiceType, 'Service is a REST service and cannot be called using SOAP interface');
  if (!s.registry.isAllowed(client, entry)) throw serverProxyFault(X.AccessDenied, `Request is not allowed: ${entry.idText}`);
  if (entry.config.disabled) throw serverProxyFault(X.ServiceDisabled, `Service ${entry.idText} is disabled: ${entry.config.disabled}`);

  const answer = await soapProvider(s, entry, msg, env, req, hash);
  Object.assign(data, answer.data);
  return {
    response: answer.response,
    text: answer.text,
    outcome: answer.outcome,
    archive: { ...archiveBase(), response: { status: answer.response.status, contentType: answer.response.headers.get('content-type') ?? '', body: answer.text } },
  };
}

function checkSoapAction(value: string | null): void {
  if (value === null || value === '' || value === '""') return;
  if (value.length > 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      // a relative reference or URN parses against a dummy base; a bad one throws
      new URL(value.slice(1, -1), 'http://x.invalid/');
      return;
    } catch {
      // fall through
    }
  }
  throw new XRoadFault(X.InvalidSoapAction, 'Malformed SOAPAction header');
}

interface ProviderAnswer {
  response: Response;
  text: string;
  outcome: string;
  data: Record<string, unknown>;
}

/** Routes a valid, allowed SOAP request to its provider and returns what the client receives. */
async function soapProvider(s: TrembitaState, entry: ServiceEntry, msg: SoapMessage & { wrapper: XmlElement }, env: Envelope, req: Request, hash: string): Promise<ProviderAnswer> {
  if (entry.provider.kind === 'simulated') {
    const builtin = BUILTINS[entry.provider.name] as SoapBuiltin;
    const ns = entry.config.namespace;
    if (ns !== undefined && msg.wrapper.ns !== ns) {
      // the service's own check of its operation's namespace, as a SOAP stack does
      const text = serviceFaultXml('Client', `Unexpected element {${msg.wrapper.ns}}${msg.wrapper.local}: the operation is {${ns}}${entry.id.serviceCode}`, env.version);
      return passFault(text, env.version, { faultCode: 'Client', businessFault: undefined });
    }
    const outcome = builtin.handle(msg.wrapper, s.builtinData);
    if (outcome.kind === 'fault') return passFault(serviceFaultXml(outcome.code, outcome.message, env.version), env.version, { faultCode: outcome.code });
    const text = buildResponse(msg, outcome.innerXml, hash);
    return {
      response: new Response(text, { status: 200, headers: { 'content-type': soapContentType(env.version) } }),
      text,
      outcome: outcome.businessFault ? 'business-fault' : 'answered',
      data: { echoed: true, isFault: false, ...(outcome.businessFault ? { businessFault: outcome.businessFault } : {}) },
    };
  }
  let res: Response;
  try {
    res = await callProvider(
      s,
      providerUrl(s, entry),
      {
        method: 'POST',
        headers: {
          'content-type': req.headers.get('content-type') ?? soapContentType(env.version),
          ...(req.headers.has('soapaction') ? { soapaction: req.headers.get('soapaction')! } : {}),
          ...stampHeaders(s, entry),
        },
        body: bodyOf(env.multipart?.data ?? env.soapBytes),
      },
      req.signal,
    );
  } catch (err) {
    throw err instanceof XRoadFault && !err.code.startsWith('Server.') ? err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`) : err;
  }
  const analysed = await analyseSoapAnswer(res, msg.fields, hash);
  if (analysed.ssFault) throw analysed.ssFault;
  if (analysed.fault) {
    // a service's fault reaches the client as the security server sends faults: HTTP 200, its XML untouched
    return passFault(analysed.text, analysed.version ?? env.version, { faultCode: analysed.fault.code, faultString: analysed.fault.string });
  }
  if (s.strictEcho && !analysed.echoed) {
    throw new XRoadFault(`Server.ClientProxy.${X.ServiceFailed}.${X.InconsistentResponse}`, 'Response from server proxy is not consistent with request');
  }
  return {
    response: new Response(typeof analysed.forwardBody === 'string' ? analysed.forwardBody : bodyOf(analysed.forwardBody!), { status: 200, headers: { 'content-type': res.headers.get('content-type')! } }),
    text: analysed.forwardText!,
    outcome: 'answered',
    data: { echoed: analysed.echoed, headerDiff: analysed.headerDiff, isFault: false, responseWrapper: analysed.wrapper, status: res.status },
  };
}

function passFault(text: string, version: SoapVersion, data: Record<string, unknown>): ProviderAnswer {
  return {
    response: new Response(text, { status: 200, headers: { 'content-type': soapContentType(version), soapaction: '""' } }),
    text,
    outcome: 'service-fault',
    data: { ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)), isFault: true },
  };
}
