// The Трембіта simulator: a security-server pair on instance SEVDEIR-TEST. Its consumer side takes the participant's
// calls (X-Road SOAP 4.x, r1 REST, UXP /restapi) and routes them to built-in services, other polihon simulators or the
// participant's own endpoint; its provider side delivers calls to the participant's services on the harness's word.
// Faults, headers, hashes and metadata as a real security server has them (protocol-facts §1–§4; README for the API).
import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import { formatXRoadId, xRoadPath, type XRoadClientId, type XRoadServiceId } from '../../core/identifiers/xroad-id.ts';
import type { JournalEntry } from '../../core/journal.ts';
import { clientCertificateOf, type TestPki } from '../../core/pki.ts';
import { json, problem } from '../../core/problem.ts';
import { createRng, deriveSeed, type Rng } from '../../core/random.ts';
import { createFaultSet, type ActiveFault, type Simulator, type SimulatorContext } from '../../core/simulator.ts';
import {
  callerOf,
  CHANNEL_HEADER,
  connectionReset,
  createBackgroundWork,
  createSimulatorApp,
  faultAnswer,
  isUtf8Charset,
  journalInbound,
  malformedText,
  mountControl,
  parseBody,
  readBytesLimited,
  readJson,
  SIMULATOR_HEADER,
  TIME_HEADER,
} from '../control.ts';
import { createMessageArchive, createSeededSigner, createTestPkiSigner, type ArchiveRecord, type ArchiveSigner } from './archive.ts';
import {
  asciiHeader,
  clientFault,
  clientProxyFault,
  faultResponse,
  restErrorResponse,
  serverProxyFault,
  serviceFailed,
  SOAP11_CONTENT_TYPE,
  SOAP12_CONTENT_TYPE,
  uxpErrorResponse,
  X,
  XRoadFault,
  type SoapVersion,
} from './faults.ts';
import { buildMultipart, decodeText, parseContentType, parseMultipart, rootPart, type MimePart } from './mime.ts';
import {
  createRegistry,
  loadRegistryYaml,
  mergeRegistry,
  parseClientText,
  parseServiceText,
  providerOf,
  RegistryPatchSchema,
  validateRegistry,
  type RegistryConfig,
  type RegistryInput,
  type ServiceEntry,
  type TrembitaRegistry,
} from './registry.ts';
import { answerHeaders, headerId, lastHeaderValue, parseClientHeader, parseR1Path, parseUxpService, passedHeaders, restRequestHash } from './rest.ts';
import { BUILTIN_CATALOG, BUILTINS, BuiltinSeedSchema, createBuiltinData, defaultNamespace, type RestBuiltin, type SoapBuiltin } from './services.ts';
import {
  buildRequest,
  buildResponse,
  compareEcho,
  identifierXml,
  NS_ID,
  NS_XROAD,
  readRequest,
  readHeaderLoose,
  readResponse,
  requestHash,
  responseEnvelope,
  serviceFaultXml,
  withRequestHash,
  xmlFromObject,
  type HeaderDiff,
  type SoapMessage,
} from './soap.ts';
import { genericOpenApi, rewriteWsdlAddresses, serviceWsdl } from './wsdl.ts';
import { childByLocal, escapeText, textOf, type XmlElement } from './xml.ts';

/** Journal `service` names of the Трембіта simulator's exchanges. */
export const TREMBITA_SERVICES = {
  soap: 'trembita.soap',
  rest: 'trembita.rest',
  meta: 'trembita.meta',
} as const;

/** Fault-injection names for a whole protocol (a service's own id text works too, see README). */
export const TREMBITA_FAULT_TARGETS = { soap: 'trembita.soap', rest: 'trembita.rest', uxp: 'trembita.uxp', deliver: 'trembita.deliver' } as const;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000;
export const REGISTRY_YAML_URL = new URL('./registry.yaml', import.meta.url);

const META_SOAP = new Set(['listMethods', 'allowedMethods', 'getWsdl']);
/** Statuses a fetch Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const META_REST = new Set(['listMethods', 'allowedMethods', 'getOpenAPI']);

export interface TrembitaOptions {
  /** the registry: an object in the registry.yaml shape, or YAML text; default simulators/trembita/registry.yaml */
  registry?: RegistryInput | { yaml: string; file?: string };
  /** largest request body in bytes; larger ones get a fault (default 1 MiB) */
  bodyLimit?: number;
  /** signs the message archive; default a security-server certificate from `pki`, else a seeded Ed25519 key */
  signer?: ArchiveSigner;
  /** the run's test PKI: the archive's signing certificate comes from it, and client certificates are checked against it */
  pki?: TestPki;
  /**
   * How the participant's information system authenticates to its security server (X-Road's connection type):
   * 'none' (default) takes any caller; 'https' wants a TLS client certificate that the transport verified, that
   * chains to `pki` when given, and whose ЄДРПОУ (if it carries one) is the client's member code.
   */
  clientAuth?: 'none' | 'https';
  /**
   * Enforce the echo rule as a real consumer security server does: a participant provider's response whose header
   * differs from the request's becomes Server.ClientProxy.ServiceFailed.InconsistentResponse. Default false: the
   * answer passes and the journal records `echoed`, for the conformance engine to judge.
   */
  strictEcho?: boolean;
  /** real ms a provider may take before the call fails (default 30 s) */
  providerTimeoutMs?: number;
  settle?: () => Promise<void>;
}

let defaultRegistry: RegistryConfig | undefined;

/** The bundled registry.yaml, validated once. */
export function loadDefaultRegistry(): RegistryConfig {
  defaultRegistry ??= loadRegistryYaml(readFileSync(REGISTRY_YAML_URL, 'utf8'), 'simulators/trembita/registry.yaml', BUILTIN_CATALOG);
  return structuredClone(defaultRegistry);
}

function initialRegistry(input: TrembitaOptions['registry']): RegistryConfig {
  if (input === undefined) return loadDefaultRegistry();
  if ('yaml' in input && typeof input.yaml === 'string') return loadRegistryYaml(input.yaml, input.file ?? 'trembita registry', BUILTIN_CATALOG);
  return validateRegistry(input, BUILTIN_CATALOG);
}

/** A UUID v4 from the seeded generator, so a run's message ids and fault details reproduce. */
export function seededUuid(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(rng.int(0, 255));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

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

interface Finished {
  response: Response;
  /** the answer body as the journal records it */
  text: string;
  outcome: string;
  archive?: ArchiveRecord;
}

/** What every journalled exchange carries in `data` (README, "Journal"). */
type ExchangeData = Record<string, unknown> & {
  side: 'consumer' | 'provider';
  protocol: 'soap' | 'r1' | 'uxp' | 'meta';
};

interface Exchange {
  service: string;
  from: string;
  to: string;
  method: string;
  path: string;
  /** the body as received; bytes are kept so the journal hashes them exactly */
  requestBody: string | Uint8Array;
  data: ExchangeData;
}

export function createTrembitaSimulator(ctx: SimulatorContext, options: TrembitaOptions = {}): Simulator {
  const name = 'trembita';
  const faults = createFaultSet();
  const background = createBackgroundWork();
  const builtinData = createBuiltinData();
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const providerTimeout = options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  const initial = initialRegistry(options.registry);
  let registry: TrembitaRegistry = createRegistry(initial);
  // the signing key has its own stream, so signing never shifts the ids and fault details a run draws
  const signer =
    options.signer ??
    (options.pki ? createTestPkiSigner(options.pki, { now: () => ctx.clock.now() }) : createSeededSigner(createRng(deriveSeed(ctx.rng.seed, 'trembita.archive'))));
  const archive = createMessageArchive(signer);
  // UXP transaction ids of SOAP answers come from their own stream, so adding them shifts no other id a run draws
  const transactionRng = createRng(deriveSeed(ctx.rng.seed, 'trembita.transaction'));
  /** `${client} ${messageId}` -> seq of the first request entry with it (TRB-06) */
  const seenIds = new Map<string, number>();

  const app = createSimulatorApp({ name, ctx });
  const iso = () => new Date(ctx.clock.now()).toISOString();
  const uuid = () => seededUuid(ctx.rng);

  // ------------------------------------------------------------------------------------------------------
  // Journal and archive

  function record(ex: Exchange, out: Finished): JournalEntry {
    const messageId = typeof ex.data.messageId === 'string' ? ex.data.messageId : undefined;
    if (out.archive) archive.put(out.archive);
    const entry = journalInbound(
      ctx,
      {
        channel: 'trembita',
        from: ex.from,
        to: ex.to,
        service: ex.service,
        method: ex.method,
        path: ex.path,
        requestBody: ex.requestBody,
        ...(messageId ? { messageId } : {}),
        data: ex.data,
      },
      { status: out.response.status, body: out.text, outcome: out.outcome, data: ex.data },
    );
    remember(ex.data, entry.seq);
    return entry;
  }

  /** The first request entry of a (client, message id) pair, known once it is journalled. */
  function remember(data: ExchangeData, seq: number): void {
    if (data.duplicate === false && typeof data.clientId === 'string' && typeof data.messageId === 'string') seenIds.set(`${data.clientId} ${data.messageId}`, seq);
  }

  /** Marks a repeated (client, message id) pair; the message is still delivered, as X-Road does (TRB-06). */
  function noteMessageId(client: string, messageId: string, data: ExchangeData): void {
    const k = `${client} ${messageId}`;
    const first = seenIds.get(k);
    if (first !== undefined) {
      data.duplicate = true;
      // 0 while the first exchange is still in flight (the seq is set when it is journalled)
      if (first > 0) data.duplicateOf = first;
    } else {
      data.duplicate = false;
      // other simulators may journal before this exchange does (a relayed call): the seq comes from record()
      seenIds.set(k, 0);
    }
  }

  function takeFault(service: ServiceEntry | XRoadServiceId | undefined, protocol: string): ActiveFault | undefined {
    const id = service === undefined ? undefined : 'idText' in service ? service.id : service;
    return (id ? (faults.take(formatXRoadId(id)) ?? faults.take(xRoadPath(id))) : undefined) ?? faults.take(protocol);
  }

  // ------------------------------------------------------------------------------------------------------
  // Reading bodies and envelopes

  const readBytes = (request: Request) => readBytesLimited(request, bodyLimit);

  const tooLarge = () => `Request body exceeds the size limit of ${bodyLimit} bytes`;

  interface Envelope {
    version: SoapVersion;
    text: string;
    /** the SOAP part's bytes: the whole body, or the root MIME part */
    soapBytes: Buffer;
    multipart?: { data: Buffer; root: MimePart; boundary: string };
  }

  /** The SOAP envelope of a message by its content type; throws an unprefixed fault. */
  function extractEnvelope(contentType: string | null, data: Buffer): Envelope {
    const ct = parseContentType(contentType);
    if (!ct) throw new XRoadFault(X.InvalidRequest, 'Could not get content type from request');
    if (ct.type === 'multipart/related') {
      const boundary = ct.params.boundary;
      if (!boundary) throw new XRoadFault(X.MimeParsingFailed, 'Multipart content type has no boundary parameter');
      const parsed = parseMultipart(data, boundary);
      if (!parsed.ok) throw new XRoadFault(X.MimeParsingFailed, parsed.reason);
      const root = rootPart(parsed.parts, ct.params.start)!;
      const partType = parseContentType(root.headers['content-type'] ?? 'text/xml');
      const version = soapVersionOf(partType?.type ?? '', partType?.params['start-info'] ?? ct.params['start-info'] ?? ct.params.type);
      const text = soapText(root.body, partType?.params.charset, root.bodyStart);
      return { version, text, soapBytes: root.body, multipart: { data, root, boundary } };
    }
    const version = soapVersionOf(ct.type, ct.params['start-info']);
    return { version, text: soapText(data, ct.params.charset, 0), soapBytes: data };
  }

  /**
   * The SOAP part as text in its charset, or the fault a security server's XML parser gives for bytes that are not
   * in it (`start` places the part in the whole message, so the offset named is the message's).
   */
  function soapText(bytes: Buffer, charset: string | undefined, start: number): string {
    const decoded = decodeText(bytes, charset);
    if (decoded.ok) return decoded.text;
    if (decoded.unsupported) throw new XRoadFault(X.InvalidContentType, `Unsupported charset: ${charset}`);
    const where = decoded.offset === undefined ? '' : ` at byte offset ${start + decoded.offset}`;
    throw new XRoadFault(X.InvalidSoap, `Malformed SOAP message: the message is not valid ${isUtf8Charset(charset?.trim().toLowerCase()) ? 'UTF-8' : charset}${where}`);
  }

  function soapVersionOf(type: string, startInfo: string | undefined): SoapVersion {
    if (type === 'text/xml') return '1.1';
    if (type === 'application/soap+xml') return '1.2';
    if (type === 'application/xop+xml') return /soap\+xml/i.test(startInfo ?? '') ? '1.2' : '1.1';
    throw new XRoadFault(X.InvalidContentType, `Invalid content type: ${type}`);
  }

  /** The SOAP version a fault should take before the request could be read. */
  function guessVersion(contentType: string | null): SoapVersion {
    return /application\/soap\+xml/i.test(contentType ?? '') ? '1.2' : '1.1';
  }

  function soapContentType(version: SoapVersion): string {
    return version === '1.2' ? SOAP12_CONTENT_TYPE : SOAP11_CONTENT_TYPE;
  }

  // ------------------------------------------------------------------------------------------------------
  // Providers

  function providerBase(entry: ServiceEntry): string | undefined {
    const p = entry.provider;
    if (p.kind === 'simulator') return ctx.endpoints[p.name];
    if (p.kind === 'participant') {
      return entry.type === 'SOAP' ? ctx.endpoints['participant.provider'] : (ctx.endpoints['participant.rest'] ?? ctx.endpoints['participant.provider']);
    }
    return undefined;
  }

  function providerUrl(entry: ServiceEntry): string {
    const base = providerBase(entry);
    if (!base) throw serverProxyFault(X.ServiceMissingUrl, `Service address not specified for '${entry.idText}'`);
    return trimSlash(base) + (entry.config.path ?? '');
  }

  /** The party a journal entry names for a provider: 'participant', a simulator's name, or the member id. */
  function partyOf(entry: ServiceEntry | undefined, service: XRoadServiceId | undefined): string {
    if (entry?.provider.kind === 'participant') return 'participant';
    if (service) return formatXRoadId(providerOf(service));
    return name;
  }

  async function callProvider(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(providerTimeout);
    try {
      return await ctx.fetch(url, { ...init, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (timeout.aborted) throw new XRoadFault(X.IOError, 'Read timed out');
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new XRoadFault(X.NetworkError, `${err instanceof Error ? err.message : String(err)}${cause}`);
    }
  }

  function stampHeaders(entry: ServiceEntry): Record<string, string> {
    // another simulator learns the channel (it journals the exchange as 'trembita'); the participant gets the clock
    return {
      [TIME_HEADER]: iso(),
      ...(entry.provider.kind === 'simulator' ? { [CHANNEL_HEADER]: 'trembita' } : {}),
    };
  }

  /** Applies an injected fault before the call goes on; a Response when the fault answers instead. */
  async function injected(fault: ActiveFault | undefined, signal: AbortSignal): Promise<XRoadFault | Response | undefined> {
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'latency':
        await faultAnswer(fault, signal);
        return undefined;
      case 'timeout':
        await faultAnswer(fault, signal);
        return serviceFailed(X.IOError, fault.message ?? 'Read timed out');
      case 'reset':
        return connectionReset();
      case 'error': {
        const status = fault.status ?? 500;
        return serviceFailed(X.HttpError, fault.message ?? `Server responded with error ${status}: ${reasonPhrase(status)}`);
      }
      case 'outage':
        return clientProxyFault(X.NetworkError, fault.message ?? `Could not connect to any target host (outage window, fault ${fault.id})`);
      default:
        return undefined;
    }
  }

  /**
   * The caller's TLS client certificate as the transport saw it, noted in `data`; under clientAuth 'https' a missing
   * or foreign one is refused as X-Road's IsAuthentication refuses it.
   */
  function checkClientCertificate(req: Request, client: XRoadClientId, data: ExchangeData): void {
    const cert = clientCertificateOf(req.headers);
    data.clientCert = cert.status;
    if (cert.subject?.edrpou) data.clientCertEdrpou = cert.subject.edrpou;
    if (options.clientAuth !== 'https') return;
    const who = formatXRoadId(client);
    if (cert.status === 'none' || !cert.certPem) throw clientProxyFault(X.SslAuthenticationFailed, `Client (${who}) specifies HTTPS but did not supply TLS certificate`);
    const chains = cert.status === 'verified' && (!options.pki || options.pki.verifyChain(cert.certPem, ctx.clock.now()).ok);
    const owner = cert.subject?.edrpou === undefined || cert.subject.edrpou === client.memberCode;
    if (!chains || !owner) throw clientProxyFault(X.SslAuthenticationFailed, `Client (${who}) TLS certificate does not match any IS certificates`);
  }

  // ------------------------------------------------------------------------------------------------------
  // SOAP, consumer side: the participant calls a service

  async function soapConsumer(c: Context): Promise<Response> {
    const req = c.req.raw;
    const url = new URL(req.url);
    const data: ExchangeData = { side: 'consumer', protocol: 'soap' };
    const ex: Exchange = { service: TREMBITA_SERVICES.soap, from: callerOf(req), to: name, method: req.method, path: url.pathname, requestBody: '', data };
    let version = guessVersion(req.headers.get('content-type'));
    let fault: ActiveFault | undefined;
    let out: Finished;
    try {
      out = await consumeSoap(req, ex, (v) => (version = v), (f) => (fault = f));
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      out = ssFault(err, data, version);
    }
    if (out.response.type !== 'error') {
      // a Трембіта (UXP) security server names the transaction on every answer, SOAP as well as REST (Трембіта guide)
      const transactionId = seededUuid(transactionRng);
      out.response.headers.set('uxp-transaction-id', transactionId);
      data.transactionId = transactionId;
    }
    return finish(ex, out, fault);
  }

  /** A security server's own fault answer, noted in the exchange's data. */
  function ssFault(err: XRoadFault, data: ExchangeData, version: SoapVersion): Finished {
    const detail = uuid();
    data.faultCode = err.code;
    data.faultString = err.message;
    data.faultDetail = detail;
    data.isFault = true;
    const response = faultResponse(err, detail, version);
    return { response, text: '', outcome: `fault:${err.code}` };
  }

  async function finish(ex: Exchange, out: Finished, fault: ActiveFault | undefined): Promise<Response> {
    if (out.response.type === 'error') {
      const entry = ctx.journal.append({
        kind: 'request',
        channel: 'trembita',
        from: ex.from,
        to: ex.to,
        service: ex.service,
        method: ex.method,
        path: ex.path,
        body: ex.requestBody,
        outcome: out.outcome,
        ...(typeof ex.data.messageId === 'string' ? { messageId: ex.data.messageId } : {}),
        data: ex.data,
      });
      remember(ex.data, entry.seq);
      return out.response;
    }
    let response = out.response;
    let text = out.text || (await response.clone().text());
    let outcome = out.outcome;
    if (fault?.kind === 'malformed') {
      text = malformedText(text);
      response = new Response(text, { status: response.status, headers: response.headers });
      outcome = 'fault:malformed';
    }
    if (out.archive?.response) out.archive.response.body = text;
    record(ex, { ...out, text, outcome });
    return response;
  }

  async function consumeSoap(req: Request, ex: Exchange, setVersion: (v: SoapVersion) => void, setFault: (f: ActiveFault) => void): Promise<Finished> {
    const data = ex.data;
    if (req.method !== 'POST') throw clientFault(X.InvalidHttpMethod, `Must use POST request method instead of ${req.method}`);
    const bytes = await readBytes(req);
    if (!bytes) throw clientFault(X.InvalidMessage, tooLarge());
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
    noteMessageId(clientText, id, data);
    const entry = registry.service(service);
    ex.to = partyOf(entry, service);
    if (entry) data.provider = entry.config.provider;

    const fault = takeFault(entry ?? service, TREMBITA_FAULT_TARGETS.soap);
    if (fault) {
      setFault(fault);
      data.injectedFault = fault.kind;
    }
    const injectedAnswer = await injected(fault, req.signal);
    if (injectedAnswer instanceof Response) return { response: injectedAnswer, text: '', outcome: `fault:${fault!.kind}` };
    if (injectedAnswer) throw injectedAnswer;

    if (!registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${clientText}' not found`);
    checkClientCertificate(req, client, data);
    const providerId = providerOf(service);
    if (!registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);

    const archiveBase = (): ArchiveRecord => ({
      queryId: id,
      client: clientText,
      service: formatXRoadId(service),
      protocol: 'soap',
      time: iso(),
      request: { contentType: req.headers.get('content-type') ?? '', body: env.text },
    });

    if (META_SOAP.has(service.serviceCode) && !entry) {
      const answer = await soapMeta(msg, client, providerId, hash);
      const text = answer.text;
      const body = answer.attachment ? getWsdlMultipart(text, answer.attachment) : undefined;
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
    if (!registry.isAllowed(client, entry)) throw serverProxyFault(X.AccessDenied, `Request is not allowed: ${entry.idText}`);
    if (entry.config.disabled) throw serverProxyFault(X.ServiceDisabled, `Service ${entry.idText} is disabled: ${entry.config.disabled}`);

    const answer = await soapProvider(entry, msg, env, req, hash);
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
  async function soapProvider(entry: ServiceEntry, msg: SoapMessage & { wrapper: XmlElement }, env: Envelope, req: Request, hash: string): Promise<ProviderAnswer> {
    if (entry.provider.kind === 'simulated') {
      const builtin = BUILTINS[entry.provider.name] as SoapBuiltin;
      const ns = entry.config.namespace;
      if (ns !== undefined && msg.wrapper.ns !== ns) {
        // the service's own check of its operation's namespace, as a SOAP stack does
        const text = serviceFaultXml('Client', `Unexpected element {${msg.wrapper.ns}}${msg.wrapper.local}: the operation is {${ns}}${entry.id.serviceCode}`, env.version);
        return passFault(text, env.version, { faultCode: 'Client', businessFault: undefined });
      }
      const outcome = builtin.handle(msg.wrapper, builtinData);
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
        providerUrl(entry),
        {
          method: 'POST',
          headers: {
            'content-type': req.headers.get('content-type') ?? soapContentType(env.version),
            ...(req.headers.has('soapaction') ? { soapaction: req.headers.get('soapaction')! } : {}),
            ...stampHeaders(entry),
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
    if (options.strictEcho && !analysed.echoed) {
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

  interface SoapAnalysis {
    status: number;
    contentType: string;
    text: string;
    version?: SoapVersion;
    /** what the provider's security server makes of an answer it cannot pass on */
    ssFault?: XRoadFault;
    fault?: { code: string; string: string };
    echoed: boolean;
    headerDiff: HeaderDiff[];
    wrapper?: string;
    /** the answer as the client receives it: requestHash added */
    forwardBody?: Buffer | string;
    forwardText?: string;
  }

  /** Reads a provider's SOAP answer as the provider's security server does, and judges the echo rule. */
  async function analyseSoapAnswer(res: Response, requestFields: XmlElement[], hash: string): Promise<SoapAnalysis> {
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const base: SoapAnalysis = { status: res.status, contentType, text: bytes.toString('utf8'), echoed: false, headerDiff: [] };
    const failed = (err: unknown): SoapAnalysis => {
      if (!(err instanceof XRoadFault)) throw err;
      return { ...base, ssFault: err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`) };
    };
    if (res.status !== 200 && res.status !== 500) {
      return { ...base, ssFault: serviceFailed(X.HttpError, `Server responded with error ${res.status}: ${res.statusText || reasonPhrase(res.status)}`) };
    }
    let env: Envelope;
    let msg: SoapMessage;
    try {
      env = extractEnvelope(contentType, bytes);
      msg = readResponse(env.text, env.version);
    } catch (err) {
      return failed(err);
    }
    if (msg.fault) return { ...base, version: env.version, fault: msg.fault, text: env.text };
    const echo = compareEcho(requestFields, msg.fields);
    const hashed = withRequestHash(msg, hash);
    let forwardBody: Buffer | string = hashed;
    if (env.multipart) {
      const { data, root } = env.multipart;
      forwardBody = Buffer.concat([data.subarray(0, root.bodyStart), Buffer.from(hashed, 'utf8'), data.subarray(root.bodyEnd)]);
    }
    return {
      ...base,
      version: env.version,
      echoed: echo.echoed,
      headerDiff: echo.diff,
      ...(msg.wrapper ? { wrapper: msg.wrapper.local } : {}),
      forwardBody,
      forwardText: typeof forwardBody === 'string' ? forwardBody : forwardBody.toString('utf8'),
    };
  }

  // ------------------------------------------------------------------------------------------------------
  // SOAP metadata services (PR-META §3, §4)

  async function soapMeta(
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
      const target = findService(providerId, serviceCode, serviceVersion);
      if (!target) {
        const id = { ...providerId, objectType: 'SERVICE', serviceCode, ...(serviceVersion ? { serviceVersion } : {}) } as XRoadServiceId;
        throw serverProxyFault(X.UnknownService, `Could not find wsdl URL for service ${formatXRoadId(id)}`);
      }
      attachment = await wsdlFor(target);
      inner = `<${p}:serviceCode>${escapeText(serviceCode)}</${p}:serviceCode>` + (serviceVersion ? `<${p}:serviceVersion>${escapeText(serviceVersion)}</${p}:serviceVersion>` : '');
    } else {
      const services = registry.servicesOf(providerId).filter((s) => s.type === 'SOAP' && (code === 'listMethods' || registry.isAllowed(client, s)));
      inner = services.map((s) => identifierXml(`${p}:service`, s.id, 'id')).join('');
    }
    return { text: responseEnvelope(msg, open + inner + close, hash), ...(attachment ? { attachment } : {}) };
  }

  function getWsdlMultipart(envelope: string, wsdl: string): { data: Buffer; contentType: string } {
    const boundary = `xtop${uuid().replace(/-/g, '')}`;
    const data = buildMultipart(boundary, [
      { headers: { 'content-type': 'text/xml; charset=UTF-8', 'content-transfer-encoding': '8bit', 'content-id': '<rootpart>' }, body: envelope },
      { headers: { 'content-type': 'text/xml; charset=UTF-8', 'content-transfer-encoding': '8bit', 'content-id': '<wsdl>' }, body: wsdl },
    ]);
    return { data, contentType: `multipart/related; type="text/xml"; start="<rootpart>"; charset=UTF-8; boundary="${boundary}"` };
  }

  /** A provider's service by code; without a version, the unversioned one, else the only one of that code. */
  function findService(providerId: XRoadClientId, code: string, version: string | undefined): ServiceEntry | undefined {
    const list = registry.servicesOf(providerId).filter((s) => s.id.serviceCode === code);
    if (version !== undefined) return list.find((s) => s.id.serviceVersion === version);
    return list.find((s) => s.id.serviceVersion === undefined) ?? (list.length === 1 ? list[0] : undefined);
  }

  async function wsdlFor(entry: ServiceEntry): Promise<string> {
    if (entry.type !== 'SOAP') throw serverProxyFault(X.ServiceType, 'Service is a REST service and does not have a WSDL');
    if (entry.provider.kind === 'simulated') return serviceWsdl(entry, BUILTINS[entry.provider.name] as SoapBuiltin);
    if (!entry.config.wsdl) return serviceWsdl(entry);
    return rewriteWsdlAddresses(await fetchDescription(entry, entry.config.wsdl));
  }

  /** A description the provider publishes: an absolute URL, or a path on the provider's base URL. */
  async function fetchDescription(entry: ServiceEntry, where: string): Promise<string> {
    const url = /^https?:\/\//.test(where) ? where : `${trimSlash(providerBase(entry) ?? '')}${where}`;
    if (!/^https?:\/\//.test(url)) throw serverProxyFault(X.ServiceMissingUrl, `Service address not specified for '${entry.idText}'`);
    let res: Response;
    try {
      res = await callProvider(url, { method: 'GET', headers: stampHeaders(entry) });
    } catch (err) {
      throw err instanceof XRoadFault ? err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`) : err;
    }
    if (!res.ok) throw serverProxyFault(X.InternalError, `Failed reading service description from ${url}. Status: ${res.status} Reason: ${res.statusText}`);
    return res.text();
  }

  // ------------------------------------------------------------------------------------------------------
  // REST, consumer side: r1 and UXP

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

  async function r1Consumer(c: Context): Promise<Response> {
    const req = c.req.raw;
    const url = new URL(req.url);
    const data: ExchangeData = { side: 'consumer', protocol: 'r1' };
    const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: callerOf(req), to: name, method: req.method, path: url.pathname, requestBody: '', data };
    const accept = req.headers.get('accept');
    const fail = (err: XRoadFault, extra: Record<string, string> = {}): Finished => {
      const detail = uuid();
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
      const messageId = sentId ?? `${registry.instance}-${uuid()}`;
      const requestId = uuid();
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
      if (META_REST.has(service.serviceCode) && servicePath === '' && !registry.service(service)) {
        out = await restMeta(req, target, ex, url);
      } else {
        out = await consumeRest(req, target, ex, (f) => (fault = f));
      }
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      out = fail(err, answerExtra);
    }
    return finish(ex, out, fault);
  }

  async function uxpConsumer(c: Context): Promise<Response> {
    const req = c.req.raw;
    const url = new URL(req.url);
    const data: ExchangeData = { side: 'consumer', protocol: 'uxp' };
    const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: callerOf(req), to: name, method: req.method, path: url.pathname, requestBody: '', data };
    const accept = req.headers.get('accept');
    let fault: ActiveFault | undefined;
    let out: Finished;
    const transactionId = uuid();
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
      const messageId = req.headers.get('uxp-queryid') ?? query.get('queryId') ?? uuid();
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
      out = await consumeRest(req, target, ex, (f) => (fault = f));
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      const detail = uuid();
      Object.assign(data, { faultCode: err.code, faultString: err.message, faultDetail: detail, isFault: true });
      out = { response: uxpErrorResponse(err, detail, accept, extra), text: '', outcome: `fault:${err.code}` };
    }
    return finish(ex, out, fault);
  }

  /** The checks and routing r1 and UXP share. Throws XRoadFault for the security server's own errors. */
  async function consumeRest(req: Request, target: RestTarget, ex: Exchange, setFault: (f: ActiveFault) => void): Promise<Finished> {
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
    const bytes = await readBytes(req);
    if (!bytes) throw clientFault(X.BadRequest, tooLarge());
    // passed on as bytes, as a security server passes them: the provider judges its own body's encoding
    ex.requestBody = bytes;
    noteMessageId(clientText, target.messageId, data);
    const entry = registry.service(service);
    ex.to = partyOf(entry, service);
    if (entry) data.provider = entry.config.provider;

    const fault = takeFault(entry ?? service, protocol === 'uxp' ? TREMBITA_FAULT_TARGETS.uxp : TREMBITA_FAULT_TARGETS.rest);
    if (fault) {
      setFault(fault);
      data.injectedFault = fault.kind;
    }
    const injectedAnswer = await injected(fault, req.signal);
    if (injectedAnswer instanceof Response) return { response: injectedAnswer, text: '', outcome: `fault:${fault!.kind}` };
    if (injectedAnswer) throw restShape(injectedAnswer);

    if (!registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${clientText}' not found`);
    checkClientCertificate(req, client, data);
    const providerId = providerOf(service);
    if (!registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);
    if (!entry) throw serverProxyFault(X.UnknownService, `Unknown service: ${formatXRoadId(service)}`);
    if (entry.type === 'SOAP') throw serverProxyFault(X.ServiceType, 'Service is a SOAP service and cannot be called using REST interface');
    if (!registry.isAllowed(client, entry)) throw serverProxyFault(X.AccessDenied, `Request is not allowed: ${entry.idText}`);
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
      time: iso(),
      request: { contentType: req.headers.get('content-type') ?? '', headers: Object.fromEntries(forwarded), body: bytes.toString('utf8') },
    });

    let status: number;
    let headers: [string, string][];
    let body: Buffer;
    if (entry.provider.kind === 'simulated') {
      const builtin = BUILTINS[entry.provider.name] as RestBuiltin;
      const result = builtin.handle({ method: req.method, path: target.servicePath, query: new URLSearchParams(target.search), body: bytes.toString('utf8') }, builtinData);
      status = result.status;
      headers = [['content-type', 'application/json; charset=utf-8']];
      body = Buffer.from(JSON.stringify(result.body));
    } else {
      const url = `${providerUrl(entry)}${target.servicePath}${target.search}`;
      let res: Response;
      try {
        res = await callProvider(
          url,
          {
            method: req.method,
            headers: [...forwarded, ...Object.entries(stampHeaders(entry))],
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

  /** r1 metadata: listMethods, allowedMethods, getOpenAPI (PR-MREST). */
  async function restMeta(req: Request, target: RestTarget, ex: Exchange, url: URL): Promise<Finished> {
    const { client, service } = target;
    const data = ex.data;
    Object.assign(data, { protocol: 'r1', meta: service.serviceCode, clientId: formatXRoadId(client), messageId: target.messageId });
    ex.service = TREMBITA_SERVICES.rest;
    if (req.method !== 'GET') throw clientFault(X.InvalidHttpMethod, `Must use GET request method instead of ${req.method}`);
    if (!registry.hasClient(client)) throw clientProxyFault(X.UnknownMember, `Client '${formatXRoadId(client)}' not found`);
    const providerId = providerOf(service);
    if (!registry.hasClient(providerId)) throw clientProxyFault(X.UnknownMember, `Could not find addresses for service provider "${formatXRoadId(providerId)}"`);
    ex.to = formatXRoadId(providerId);
    const forwarded: [string, string][] = [...passedHeaders(req.headers, 'r1'), ...Object.entries(target.ssHeaders)];
    const headers = { ...target.answerHeaders, 'x-road-request-hash': restRequestHash('GET', `${url.pathname}${url.search}`, forwarded, new Uint8Array()) };
    if (service.serviceCode === 'getOpenAPI') {
      const code = url.searchParams.get('serviceCode');
      if (!code) throw serverProxyFault(X.InvalidRequest, 'Missing serviceCode in message body');
      const entry = findService(providerId, code, undefined);
      const id = { ...providerId, objectType: 'SERVICE', serviceCode: code } as XRoadServiceId;
      if (!entry || entry.type === 'SOAP') throw serverProxyFault(X.InternalError, `Service not found: ${formatXRoadId(id)}`);
      if (entry.type !== 'OPENAPI') throw serverProxyFault(X.InternalError, `Invalid service type: ${entry.type}`);
      let text: string;
      let type = 'application/json; charset=utf-8';
      if (entry.provider.kind === 'simulated') text = JSON.stringify((BUILTINS[entry.provider.name] as RestBuiltin).openapi(entry.config.title ?? code), null, 2);
      else if (entry.config.openapi) {
        text = await fetchDescription(entry, entry.config.openapi);
        type = /^\s*[{[]/.test(text) ? type : 'text/yaml; charset=utf-8';
      } else text = JSON.stringify(genericOpenApi(entry), null, 2);
      return { response: new Response(text, { status: 200, headers: { 'content-type': type, ...headers } }), text, outcome: 'answered' };
    }
    const list = registry
      .servicesOf(providerId)
      .filter((s) => s.type !== 'SOAP' && (service.serviceCode === 'listMethods' || registry.isAllowed(client, s)))
      .map((s) => ({
        member_class: s.id.memberClass,
        member_code: s.id.memberCode,
        object_type: 'SERVICE',
        service_code: s.id.serviceCode,
        service_type: s.type,
        subsystem_code: s.id.subsystemCode,
        xroad_instance: s.id.xRoadInstance,
        ...(s.config.endpoints ? { endpoint_list: s.config.endpoints.map((e) => ({ method: e.method, path: e.path })) } : {}),
      }));
    const text = JSON.stringify({ service: list });
    return { response: json({ service: list }, 200, headers), text, outcome: 'answered' };
  }

  // ------------------------------------------------------------------------------------------------------
  // Plain-GET metadata: listClients, the UXP WSDL form, the message archive

  async function meta(c: Context, produce: () => Promise<Finished>): Promise<Response> {
    const req = c.req.raw;
    const url = new URL(req.url);
    const data: ExchangeData = { side: 'consumer', protocol: 'meta', meta: url.pathname.slice(1) };
    const ex: Exchange = { service: TREMBITA_SERVICES.meta, from: callerOf(req), to: name, method: req.method, path: `${url.pathname}${url.search}`, requestBody: '', data };
    let out: Finished;
    try {
      out = await produce();
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      out = ssFault(err, data, '1.1');
    }
    return finish(ex, out, undefined);
  }

  app.get('/listClients', (c) =>
    meta(c, async () => {
      const instance = c.req.query('xRoadInstance');
      const clients = instance && instance !== registry.instance ? [] : registry.clients();
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
    }),
  );

  app.get('/wsdl', (c) =>
    meta(c, async () => {
      const q = (k: string) => c.req.query(k) || undefined;
      const [instance, memberClass, memberCode, subsystemCode, serviceCode] = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode'].map(q);
      const version = q('serviceVersion') ?? q('version');
      if (!instance || !memberClass || !memberCode || !serviceCode) {
        throw serverProxyFault(X.InvalidRequest, 'Missing parameter: xRoadInstance, memberClass, memberCode and serviceCode are required');
      }
      const providerId: XRoadClientId = subsystemCode
        ? { objectType: 'SUBSYSTEM', xRoadInstance: instance, memberClass, memberCode, subsystemCode }
        : { objectType: 'MEMBER', xRoadInstance: instance, memberClass, memberCode };
      const entry = findService(providerId, serviceCode, version);
      if (!entry) {
        const id = { ...providerId, objectType: 'SERVICE', serviceCode, ...(version ? { serviceVersion: version } : {}) } as XRoadServiceId;
        throw serverProxyFault(X.UnknownService, `Could not find wsdl URL for service ${formatXRoadId(id)}`);
      }
      const text = await wsdlFor(entry);
      return { response: new Response(text, { headers: { 'content-type': 'text/xml; charset=utf-8' } }), text, outcome: 'answered' };
    }),
  );

  app.get('/signature', async (c) => {
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
    const found = archive.get(queryId, client);
    if (!found) {
      return problem({
        code: 'unknown-query-id',
        title: 'No archived message',
        status: 404,
        detail: `no message with queryId ${queryId}${client ? ` from ${client}` : ''} in the archive`,
      });
    }
    const signed = await archive.signed(found);
    return json(signed, 200, { 'content-disposition': `attachment; filename="${asciiHeader(queryId).replace(/["\\]/g, '_')}.json"` });
  });

  // ------------------------------------------------------------------------------------------------------
  // Participant-facing routes

  app.all('/r1/*', r1Consumer);
  app.all('/restapi', uxpConsumer);
  app.all('/restapi/*', uxpConsumer);

  // ------------------------------------------------------------------------------------------------------
  // Provider side: the harness makes Трембіта deliver a call to the participant's service

  async function deliver(spec: DeliverSpec): Promise<Response> {
    const serviceId = parseServiceText(spec.service);
    if (typeof serviceId === 'string') return problem({ code: 'invalid-service', title: 'Not a service id', status: 422, detail: serviceId, errors: [{ field: 'service', message: serviceId }] });
    const entry = registry.service(serviceId);
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
    const client = clientText ? parseClientText(clientText) : registry.deliverClient();
    if (client === undefined) {
      return problem({ code: 'no-client', title: 'Who calls?', status: 422, detail: 'give client, or set deliver.client in the registry', errors: [{ field: 'client', message: 'required' }] });
    }
    if (typeof client === 'string') return problem({ code: 'invalid-client', title: 'Not a client id', status: 422, detail: client, errors: [{ field: 'client', message: client }] });
    const base = providerBase(entry);
    if (!base) {
      const key = entry.type === 'SOAP' ? "endpoints['participant.provider']" : "endpoints['participant.rest'] (or 'participant.provider')";
      return problem({ code: 'no-endpoint', title: 'No participant endpoint', status: 409, detail: `${key} is not set`, hint: "Set the participant's provider endpoint in its profile or the host's endpoints." });
    }
    const fault = takeFault(entry, TREMBITA_FAULT_TARGETS.deliver);
    if (fault?.kind === 'withhold') return json({ withheld: true, fault: fault.id, status: 0 });
    if (fault?.kind === 'latency') await faultAnswer(fault);
    const times = fault?.kind === 'duplicate' ? 2 : 1;
    let result: Record<string, unknown> = {};
    for (let i = 0; i < times; i++) {
      result = wantSoap ? await deliverSoap(spec, entry, client, base) : await deliverRest(spec, entry, client, base);
    }
    return json(times > 1 ? { ...result, deliveries: times } : result);
  }

  async function deliverSoap(spec: DeliverSpec, entry: ServiceEntry, client: XRoadClientId, base: string): Promise<Record<string, unknown>> {
    const version: SoapVersion = spec.soapVersion ?? '1.1';
    const id = spec.id ?? uuid();
    const userId = spec.userId ?? registry.config.deliver?.userId;
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
    if (typeof data.messageId === 'string') noteMessageId(clientText, data.messageId, data);
    const url = trimSlash(base) + (entry.config.path ?? '');
    const ex: Exchange = { service: TREMBITA_SERVICES.soap, from: clientText, to: 'participant', method: 'POST', path: safePath(url), requestBody: text, data };
    const headers = { 'content-type': contentType, ...(version === '1.1' ? { soapaction: '""' } : {}), [TIME_HEADER]: iso(), [SIMULATOR_HEADER]: name, ...spec.headers };
    let res: Response;
    try {
      res = await callProvider(url, { method: 'POST', headers, body: bodyOf(bytes) });
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      const ssFault = err.withPrefix(`Server.ServerProxy.${X.ServiceFailed}`);
      Object.assign(data, { transportError: err.message, ssFaultCode: ssFault.code, isFault: false, echoed: false });
      remember(data, ctx.journal.append({ kind: 'request', channel: 'trembita', from: ex.from, to: ex.to, service: ex.service, method: 'POST', path: ex.path, body: text, outcome: 'delivery-failed', ...(typeof data.messageId === 'string' ? { messageId: data.messageId } : {}), data }).seq);
      return { status: 0, error: err.message, isFault: false, echoed: false, ssFault: { code: ssFault.code, message: ssFault.message }, requestHash: hash, messageId: data.messageId };
    }
    const responseHeaders = Object.fromEntries(res.headers);
    const analysis = await analyseSoapAnswer(res, request.fields, hash);
    const faultCode = analysis.fault?.code;
    Object.assign(data, {
      status: res.status,
      contentType: analysis.contentType,
      isFault: analysis.fault !== undefined,
      echoed: analysis.echoed,
      ...(analysis.headerDiff.length ? { headerDiff: analysis.headerDiff } : {}),
      ...(faultCode !== undefined ? { faultCode, faultString: analysis.fault!.string } : {}),
      ...(analysis.ssFault ? { ssFaultCode: analysis.ssFault.code, ssFaultString: analysis.ssFault.message } : {}),
      ...(analysis.wrapper ? { responseWrapper: analysis.wrapper } : {}),
    });
    const outcome = analysis.ssFault ? `provider-error:${analysis.ssFault.code}` : analysis.fault ? 'service-fault' : analysis.echoed ? 'answered' : 'answered:not-echoed';
    record(ex, {
      response: new Response(null, { status: res.status }),
      text: analysis.text,
      outcome,
      ...(typeof data.messageId === 'string'
        ? {
            archive: {
              queryId: data.messageId,
              client: clientText,
              service: entry.idText,
              protocol: 'soap',
              time: iso(),
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
      ...(analysis.headerDiff.length ? { headerDiff: analysis.headerDiff } : {}),
      ...(faultCode !== undefined ? { faultCode, faultString: analysis.fault!.string } : {}),
      ...(analysis.ssFault ? { ssFault: { code: analysis.ssFault.code, message: analysis.ssFault.message } } : {}),
      ...(analysis.wrapper ? { responseWrapper: analysis.wrapper } : {}),
      requestHash: hash,
      messageId: data.messageId,
    };
  }

  async function deliverRest(spec: DeliverSpec, entry: ServiceEntry, client: XRoadClientId, base: string): Promise<Record<string, unknown>> {
    const uxp = spec.protocol === 'uxp';
    const id = spec.id ?? (uxp ? uuid() : `${registry.instance}-${uuid()}`);
    const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
    const clientText = formatXRoadId(client);
    const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    const ssHeaders: Record<string, string> = uxp
      ? {
          'uxp-client': headerId(client),
          'uxp-service': headerId(entry.id),
          'uxp-queryid': id,
          'uxp-transaction-id': uuid(),
          ...(spec.userId !== undefined ? { 'uxp-subject-id': spec.userId } : {}),
        }
      : {
          // what a provider's security server sends on: the client's X-Road-* headers and its own X-Road-Request-Id; the
          // service is the path's, X-Road-Service is an answer header only (RestRequest, RestResponse)
          'x-road-client': headerId(client),
          'x-road-id': id,
          'x-road-request-id': uuid(),
          ...(spec.userId !== undefined ? { 'x-road-userid': spec.userId } : {}),
          ...(spec.issue !== undefined ? { 'x-road-issue': spec.issue } : {}),
        };
    const headers: Record<string, string> = {
      ...(body !== undefined ? { 'content-type': typeof spec.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' } : {}),
      ...ssHeaders,
      [TIME_HEADER]: iso(),
      [SIMULATOR_HEADER]: name,
      ...spec.headers,
    };
    const url = trimSlash(base) + (entry.config.path ?? '') + (spec.path ?? '');
    const data: ExchangeData = { side: 'provider', protocol: uxp ? 'uxp' : 'r1', serviceId: entry.idText, clientId: clientText, messageId: id, ...(spec.userId !== undefined ? { userId: spec.userId } : {}) };
    noteMessageId(clientText, id, data);
    const ex: Exchange = { service: TREMBITA_SERVICES.rest, from: clientText, to: 'participant', method, path: safePath(url), requestBody: body ?? '', data };
    let res: Response;
    try {
      res = await callProvider(url, { method, headers, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
    } catch (err) {
      if (!(err instanceof XRoadFault)) throw err;
      Object.assign(data, { transportError: err.message, ssFaultCode: `Server.ServerProxy.${err.code}` });
      remember(data, ctx.journal.append({ kind: 'request', channel: 'trembita', from: ex.from, to: ex.to, service: ex.service, method, path: ex.path, body: body ?? '', outcome: 'delivery-failed', messageId: id, data }).seq);
      return { status: 0, error: err.message, isFault: false, ssFault: { code: `Server.ServerProxy.${err.code}`, message: err.message }, messageId: id };
    }
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let parsed: unknown;
    try {
      parsed = /json/i.test(contentType) ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const errorBody = res.status < 400 ? undefined : /json/i.test(contentType) ? (parsed === undefined ? 'invalid-json' : 'json') : /html/i.test(contentType) ? 'html' : text === '' ? 'none' : 'text';
    Object.assign(data, { status: res.status, contentType, isFault: res.status >= 400, ...(errorBody ? { errorBody } : {}) });
    record(ex, {
      response: new Response(null, { status: res.status }),
      text,
      outcome: res.status >= 400 ? 'provider-error' : 'answered',
      archive: { queryId: id, client: clientText, service: entry.idText, protocol: uxp ? 'uxp' : 'r1', time: iso(), request: { headers, body: body ?? '' }, response: { status: res.status, contentType, body: text } },
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

  // ------------------------------------------------------------------------------------------------------
  // Control API

  function reset(): void {
    registry = createRegistry(structuredClone(initial));
    faults.clear();
    seenIds.clear();
    archive.clear();
    builtinData.reset();
  }

  mountControl(app, {
    name,
    ctx,
    faults,
    reset,
    ...(options.settle ? { settle: options.settle } : {}),
    seed: { schema: BuiltinSeedSchema, apply: (d) => ({ added: builtinData.seed(d) }) },
  });

  app.get('/__polihon/registry', (c) => c.json(registryView()));

  app.post('/__polihon/registry', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const patch = parseBody(RegistryPatchSchema, read.value, 'invalid-registry', 'Not a registry change');
    if (!patch.ok) return patch.response;
    try {
      const next = validateRegistry(mergeRegistry(registry.config, patch.value), BUILTIN_CATALOG, 'registry change');
      registry = createRegistry(next);
    } catch (err) {
      if (!(err instanceof PolihonError)) throw err;
      return problem({
        code: 'invalid-registry',
        title: 'The registry would not be valid',
        status: 422,
        detail: err.details.map((d) => `${d.where}: ${d.message}`).join('; '),
        errors: err.details.map((d) => ({ field: d.where.replace(/^registry change: /, ''), message: d.message })),
      });
    }
    return c.json(registryView());
  });

  app.post('/__polihon/deliver', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const spec = parseBody(DeliverSchema, read.value, 'invalid-delivery', 'Not a delivery');
    if (!spec.ok) return spec.response;
    return background.track(deliver(spec.value));
  });

  // X-Road's ClientMessageHandler is the client proxy's default handler: every request the REST and metadata
  // handlers leave is a SOAP call, whatever its path — '/', '/cgi-bin/consumer_proxy', or the WSDL's soap:address
  // when a client uses the security server as its HTTP proxy (an absolute request target; its path counts for nothing).
  app.all('*', (c) => (new URL(c.req.url).pathname.startsWith('/__polihon/') ? c.notFound() : soapConsumer(c)));

  function registryView() {
    const services = registry.clients().flatMap((cl) => (cl.id.objectType === 'SUBSYSTEM' ? registry.servicesOf(cl.id) : []));
    return {
      instance: registry.instance,
      config: registry.config,
      services: services.map((s) => ({
        id: s.idText,
        type: s.type,
        provider: s.config.provider,
        allowedClients: registry
          .clients()
          .filter((cl) => registry.isAllowed(cl.id, s))
          .map((cl) => formatXRoadId(cl.id)),
      })),
    };
  }

  return {
    name,
    title: { uk: 'Трембіта (сервер безпеки)', en: 'Трембіта (security server)' },
    handle: async (request) => app.fetch(request),
    reset,
    faults,
    idle: () => background.idle(),
  };
}

function textOrUndefined(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = textOf(el).trim();
  return t === '' ? undefined : t;
}

/** A Buffer as a fetch body (Node's Buffers sit on plain ArrayBuffers, which the DOM typings want spelled out). */
function bodyOf(b: Buffer): Uint8Array<ArrayBuffer> {
  return b as unknown as Uint8Array<ArrayBuffer>;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return phrases[status] ?? 'Error';
}
