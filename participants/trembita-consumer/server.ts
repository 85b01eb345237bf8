// The reference Трембіта consumer: an agency's client system that calls other bodies' services through its own
// security server (the Трембіта simulator's consumer side). The test driver (/driver/*) stands in for the officer
// whose action triggers a call. Before calling a service it asks the security server which services it may call
// (allowedMethods, cached until reset) and does not call one it has not been granted. startConsumer is shared by
// main.ts and the tests.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseFaults, type FaultName } from './config.ts';
import { participantFetch, type FetchLike } from '../kit/https.ts';
import { DEFAULT_IDENTITY, FAILED, guardedServer, journalEntry, methodGuard, readJson as readKitJson, requestPath, sendJson, type Identity, type JournalRecord, type CommonStartOptions, type RunningParticipant } from '../kit/http.ts';
import { listen } from '../kit/server.ts';
import { SimClock } from '../kit/sim-clock.ts';
import {
  clientPath,
  formatClient,
  formatService,
  parseServiceId,
  readSoapAnswer,
  sameService,
  servicePath,
  servicesFromJson,
  servicesFromSoap,
  soapRequest,
  XROAD_NS,
  type ClientId,
  type ServiceId,
  type SoapAnswer,
  wsdlNamespace,
} from './xroad.ts';

// by default it calls out as polihon's test registration body from its hromada register subsystem (the kit's
// DEFAULT_IDENTITY; simulators/trembita/registry.yaml grants it МВС services); main.ts and the tests take it from here
export { DEFAULT_IDENTITY, type Identity, type JournalRecord };
/** The officer on whose behalf calls go when the driver names nobody: country prefix + РНОКПП (protocol-facts §1.3). */
export const DEFAULT_USER_ID = 'UA2245134075';
/** Namespace of the request wrapper when neither the driver nor the service's WSDL gives one. */
export const DEFAULT_BODY_NS = 'http://x-road.eu/xsd/producer';

export interface StartOptions extends CommonStartOptions {
  /** the security server before any reset */
  trembita?: string;
  userId?: string;
  timeoutMs?: number;
  /** outbound calls; default: presents POLIHON_CLIENT_CERT and trusts POLIHON_CA when they are set (participants/kit/https.ts) */
  fetch?: FetchLike;
}

export interface RunningConsumer extends RunningParticipant<FaultName> {
  client: ClientId;
}

interface State {
  faults: Set<FaultName>;
  client: ClientId;
  trembita: string | undefined;
  userId: string;
  timeoutMs: number;
  journal: JournalRecord[];
  /** allowedMethods per provider (key: clientPath of the provider) */
  allowed: Map<string, ServiceId[] | null>;
  firstMessageId: string | undefined;
  /** the request wrapper's namespace per service, read from its WSDL (cached until reset) */
  namespaces: Map<string, string>;
  /**
   * The simulator clock for the journal (contracts.md §3): read from the reset's clock URL, then from every answer's
   * X-Polihon-Time; a real clock runs on with the local clock in between, a virtual one stands still. Wall time
   * only before anything is known.
   */
  clock: SimClock;
  log: (line: string) => void;
  fetch: FetchLike;
}

/** Starts the consumer. Example: const c = await startConsumer({ port: 0, trembita: 'http://127.0.0.1:7400' }). */
export async function startConsumer(options: StartOptions = {}): Promise<RunningConsumer> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const identity = { ...DEFAULT_IDENTITY, ...options.identity };
  const client: ClientId = { xRoadInstance: identity.instance, memberClass: identity.memberClass, memberCode: identity.memberCode, subsystemCode: identity.subsystem };
  const log = options.log ?? ((line: string) => process.stderr.write(`trembita-consumer: ${line}\n`));
  const outbound = options.fetch ?? participantFetch();
  const state: State = {
    faults: parsed.faults,
    client,
    trembita: options.trembita,
    userId: options.userId ?? DEFAULT_USER_ID,
    timeoutMs: options.timeoutMs ?? 4000,
    fetch: outbound,
    clock: new SimClock((url, init) => outbound(url, init)),
    journal: [],
    allowed: new Map(),
    firstMessageId: undefined,
    namespaces: new Map(),
    log,
  };
  const server: Server = guardedServer((req, res) => handle(state, req, res), log);
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 7321);
  return {
    port: listening.port,
    host: listening.host,
    url: listening.url,
    faults: parsed.faults,
    client,
    journal: state.journal,
    close: listening.close,
  };
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = requestPath(req);
  const want = methodGuard(req, res, method, path);
  switch (path) {
    case '/driver/health':
      if (!want('GET')) return;
      return sendJson(res, 200, { ok: true, role: 'trembita-consumer', client: formatClient(state.client), trembita: state.trembita ?? null, faults: [...state.faults] });
    case '/driver/reset': {
      if (!want('POST')) return;
      const body = await readJson(req, res, true);
      if (body === FAILED) return;
      const sims = (body as { simulators?: Record<string, unknown> } | undefined)?.simulators;
      if (sims !== undefined && (typeof sims !== 'object' || sims === null)) return sendJson(res, 422, { error: 'invalid-reset', message: 'simulators must be an object of base URLs' });
      const trembita = sims?.trembita;
      if (trembita !== undefined && (typeof trembita !== 'string' || !/^https?:\/\//.test(trembita))) {
        return sendJson(res, 422, { error: 'invalid-reset', message: 'simulators.trembita must be an http(s) URL' });
      }
      if (typeof trembita === 'string') state.trembita = trembita;
      const clock = (body as { clock?: unknown } | undefined)?.clock;
      await state.clock.reset(typeof clock === 'string' ? clock : undefined);
      state.journal.length = 0;
      state.allowed.clear();
      state.namespaces.clear();
      state.firstMessageId = undefined;
      res.writeHead(204).end();
      return;
    }
    case '/driver/calls': {
      if (!want('POST')) return;
      const body = await readJson(req, res, false);
      if (body === FAILED) return;
      const call = checkCall(body);
      if (typeof call === 'string') return sendJson(res, 422, { error: 'invalid-call', message: call });
      if (!state.trembita) return sendJson(res, 409, { error: 'not-configured', message: 'no security server yet: POST /driver/reset with simulators.trembita, or set TREMBITA_URL' });
      return sendJson(res, 200, await performCall(state, call));
    }
    case '/driver/metadata': {
      if (!want('POST')) return;
      const body = await readJson(req, res, false);
      if (body === FAILED) return;
      const m = checkMetadata(body);
      if (typeof m === 'string') return sendJson(res, 422, { error: 'invalid-metadata', message: m });
      if (!state.trembita) return sendJson(res, 409, { error: 'not-configured', message: 'no security server yet' });
      return sendJson(res, 200, await metadata(state, m));
    }
    case '/driver/journal':
      if (!want('GET')) return;
      return sendJson(res, 200, { entries: state.journal });
    default:
      req.resume();
      return sendJson(res, 404, { error: 'not-found', message: `${method} ${path} is not a driver path; driver: /driver/health, /driver/reset, /driver/calls, /driver/metadata, /driver/journal` });
  }
}

// ---------------------------------------------------------------- calls

export interface CallRequest {
  protocol: 'soap' | 'rest';
  service: ServiceId;
  params?: Record<string, unknown>;
  userId?: string;
  issue?: string;
  /** SOAP: namespace of the request wrapper; by default the one the service's WSDL declares for it */
  namespace?: string;
  /** REST: HTTP method and the path after the service code ('/persons/1?x=1') */
  method?: string;
  path?: string;
}

function checkCall(body: unknown): CallRequest | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  const o = body as Record<string, unknown>;
  if (o.protocol !== 'soap' && o.protocol !== 'rest') return "protocol must be 'soap' or 'rest'";
  let service: ServiceId | undefined;
  if (typeof o.service === 'string') service = parseServiceId(o.service);
  else if (o.service && typeof o.service === 'object') {
    const s = o.service as Record<string, unknown>;
    if (['xRoadInstance', 'memberClass', 'memberCode', 'serviceCode'].every((k) => typeof s[k] === 'string')) service = s as unknown as ServiceId;
  }
  if (!service) return "service must be a service id such as 'SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1'";
  if (o.params !== undefined && (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params))) return 'params must be an object';
  for (const k of ['userId', 'issue', 'namespace', 'method', 'path'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string') return `${k} must be a string`;
  }
  if (typeof o.path === 'string' && o.path !== '' && !o.path.startsWith('/')) return "path must start with '/'";
  if (typeof o.method === 'string' && !/^(GET|POST|PUT|PATCH|DELETE|HEAD)$/.test(o.method)) return 'method must be GET, POST, PUT, PATCH, DELETE or HEAD';
  return {
    protocol: o.protocol,
    service,
    ...(o.params ? { params: o.params as Record<string, unknown> } : {}),
    ...(typeof o.userId === 'string' ? { userId: o.userId } : {}),
    ...(typeof o.issue === 'string' ? { issue: o.issue } : {}),
    ...(typeof o.namespace === 'string' ? { namespace: o.namespace } : {}),
    ...(typeof o.method === 'string' ? { method: o.method } : {}),
    ...(typeof o.path === 'string' ? { path: o.path } : {}),
  };
}

/** userId with the ISO country prefix the protocol recommends: a bare РНОКПП becomes 'UA…'. */
export const withCountry = (userId: string): string => (/^\d+$/.test(userId) ? `UA${userId}` : userId);

function nextMessageId(state: State): string {
  if (state.faults.has('reuse-message-id') && state.firstMessageId) return state.firstMessageId;
  const id = randomUUID();
  state.firstMessageId ??= id;
  return id;
}

async function performCall(state: State, call: CallRequest): Promise<Record<string, unknown>> {
  const service = formatService(call.service);
  if (!state.faults.has('call-ungranted')) {
    const allowed = await allowedFor(state, call.service, call.protocol);
    if (allowed && !allowed.some((s) => sameService(s, call.service))) {
      return {
        called: false,
        refused: 'not-granted',
        service,
        message: `${formatClient(state.client)} is not granted ${service} (allowedMethods of its provider does not list it); the call was not made`,
        allowed: allowed.map(formatService),
      };
    }
  }
  return call.protocol === 'soap' ? soapCall(state, call) : restCall(state, call);
}

/**
 * The fault code of a call its security server says timed out: X-Road's ServiceFailed.IOError or NetworkError (the
 * provider did not answer in time, or could not be reached). No answer from the security server at all counts too.
 */
const TIMED_OUT = /\.(IOError|NetworkError)$/;

/**
 * 'security-server' and 'retry' go to the security server, 'direct' to the provider's own address: polihon's
 * Трембіта simulator serves its built-in providers' information systems at `/provider/{provider subsystem}` beside its
 * security-server faces, so the address comes from the same reset payload (`simulators.trembita`, or TREMBITA_URL).
 * Only the bypass-security-server fault switch goes there.
 */
type Route = 'security-server' | 'retry' | 'direct';
const DIRECT = '/provider';

/**
 * Where a call goes after a timeout: nowhere (the officer sees the failure), once more through the security server
 * (retry-after-timeout), or straight to the provider (bypass-security-server, XCH-05). Never twice.
 */
function afterTimeout(state: State, route: Route): Route | undefined {
  if (route !== 'security-server') return undefined;
  if (state.faults.has('bypass-security-server')) return 'direct';
  if (state.faults.has('retry-after-timeout')) return 'retry';
  return undefined;
}
const encodedPath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

async function soapCall(state: State, call: CallRequest, route: Route = 'security-server'): Promise<Record<string, unknown>> {
  const namespace = call.namespace ?? (await namespaceFor(state, call.service));
  const messageId = nextMessageId(state);
  const userId = withCountry(call.userId ?? state.userId);
  const xml = soapRequest(
    {
      ...(state.faults.has('missing-client-header') ? {} : { client: state.client }),
      service: call.service,
      id: messageId,
      ...(state.faults.has('no-userid') ? {} : { userId }),
      ...(call.issue !== undefined ? { issue: call.issue } : {}),
      protocolVersion: state.faults.has('wrong-protocol-version') ? '3.1' : state.faults.has('protocol-version-4-1') ? '4.1' : '4.0',
    },
    call.params ?? {},
    namespace,
  );
  const answer = await exchange(state, {
    url: route === 'direct' ? `${base(state)}${DIRECT}/${encodedPath(clientPath(call.service))}` : `${base(state)}/`,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: xml,
    messageId,
    service: formatService(call.service),
    counterpart: clientPath(call.service),
  });
  if ('error' in answer) {
    const next = afterTimeout(state, route);
    return next ? soapCall(state, call, next) : { called: true, protocol: 'soap', service: formatService(call.service), messageId, userId, error: answer.error };
  }
  const read = readSoapAnswer(answer.text);
  const next = TIMED_OUT.test(read.fault?.code ?? '') && afterTimeout(state, route);
  if (next) return soapCall(state, call, next);
  return {
    called: true,
    protocol: 'soap',
    service: formatService(call.service),
    messageId,
    userId,
    status: answer.status,
    contentType: answer.contentType,
    ...soapSummary(read, messageId),
  };
}

function soapSummary(read: SoapAnswer, messageId: string): Record<string, unknown> {
  return {
    ok: !read.fault && !read.businessFault && !read.unreadable,
    ...(read.fault ? { fault: read.fault } : {}),
    ...(read.businessFault ? { businessFault: read.businessFault } : {}),
    ...(read.unreadable ? { unreadable: read.unreadable } : {}),
    ...(read.header ? { header: read.header, answersOurId: read.header.id === messageId } : {}),
    ...(read.response ? { response: read.response } : {}),
  };
}

async function restCall(state: State, call: CallRequest, route: Route = 'security-server'): Promise<Record<string, unknown>> {
  const messageId = nextMessageId(state);
  const userId = withCountry(call.userId ?? state.userId);
  const method = call.method ?? (call.params ? 'POST' : 'GET');
  let path = call.path ?? '';
  let body: string | undefined;
  if (call.params && (method === 'GET' || method === 'HEAD' || method === 'DELETE')) {
    const q = new URLSearchParams(Object.entries(call.params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    path += `${path.includes('?') ? '&' : '?'}${q}`;
  } else if (call.params) body = JSON.stringify(call.params);
  const headers: Record<string, string> = { accept: 'application/json', 'x-road-id': messageId, 'x-road-userid': userId };
  if (!state.faults.has('rest-no-client-header')) headers['x-road-client'] = clientPath(state.client);
  if (call.issue !== undefined) headers['x-road-issue'] = call.issue;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await exchange(state, {
    url: `${base(state)}${route === 'direct' ? DIRECT : '/r1'}/${encodedPath(servicePath(call.service))}${path}`,
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    messageId,
    service: formatService(call.service),
    counterpart: clientPath(call.service),
  });
  if ('error' in answer) {
    const next = afterTimeout(state, route);
    return next ? restCall(state, call, next) : { called: true, protocol: 'rest', service: formatService(call.service), messageId, userId, error: answer.error };
  }
  const next = TIMED_OUT.test(answer.headers['x-road-error'] ?? '') && afterTimeout(state, route);
  if (next) return restCall(state, call, next);
  let json: unknown = answer.text;
  if (/json/.test(answer.contentType)) {
    try {
      json = JSON.parse(answer.text);
    } catch {
      /* keep text */
    }
  }
  const xroad = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => k.startsWith('x-road-')));
  return {
    called: true,
    protocol: 'rest',
    service: formatService(call.service),
    messageId,
    userId,
    status: answer.status,
    contentType: answer.contentType,
    ok: answer.status >= 200 && answer.status < 300,
    headers: xroad,
    ...(xroad['x-road-error'] ? { error: { type: xroad['x-road-error'], ...(typeof json === 'object' && json ? (json as object) : {}) } } : {}),
    body: json,
  };
}

// ---------------------------------------------------------------- metadata

interface MetadataRequest {
  method: 'listClients' | 'listMethods' | 'allowedMethods';
  provider?: ClientId;
  protocol: 'soap' | 'rest';
}

function checkMetadata(body: unknown): MetadataRequest | string {
  const o = (body ?? {}) as Record<string, unknown>;
  if (o.method !== 'listClients' && o.method !== 'listMethods' && o.method !== 'allowedMethods') return "method must be 'listClients', 'listMethods' or 'allowedMethods'";
  const protocol = o.protocol === undefined ? 'soap' : o.protocol;
  if (protocol !== 'soap' && protocol !== 'rest') return "protocol must be 'soap' or 'rest'";
  if (o.method === 'listClients') return { method: o.method, protocol };
  const text = typeof o.provider === 'string' ? o.provider.replace(/^(SUBSYSTEM|MEMBER):/, '') : '';
  const parts = text.split('/');
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => !p)) return "provider must be a member or subsystem id such as 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod'";
  const [xRoadInstance, memberClass, memberCode, subsystemCode] = parts as [string, string, string, string?];
  return { method: o.method, protocol, provider: { xRoadInstance, memberClass, memberCode, ...(subsystemCode ? { subsystemCode } : {}) } };
}

async function metadata(state: State, m: MetadataRequest): Promise<Record<string, unknown>> {
  if (m.method === 'listClients') {
    const answer = await exchange(state, { url: `${base(state)}/listClients`, method: 'GET', headers: { accept: 'application/json' }, messageId: '', service: 'listClients' });
    if ('error' in answer) return { error: answer.error };
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      json = undefined;
    }
    const members = ((json as { member?: unknown[] } | undefined)?.member ?? []) as { id?: Record<string, string> }[];
    return { status: answer.status, clients: members.map((x) => x.id).filter(Boolean) };
  }
  const list = await serviceList(state, m.provider as ClientId, m.method, m.protocol);
  return list.services ? { status: list.status, services: list.services.map(formatService) } : { status: list.status, error: list.error ?? 'no list' };
}

async function serviceList(
  state: State,
  provider: ClientId,
  method: 'listMethods' | 'allowedMethods',
  protocol: 'soap' | 'rest',
): Promise<{ status?: number; services?: ServiceId[]; error?: string }> {
  // Metadata queries are the system's own, built by this one code path; the fault switches model mistakes in how
  // the officer-triggered calls are built, so they leave these alone (each switch breaks exactly one rule).
  const messageId = randomUUID();
  if (protocol === 'rest') {
    const headers: Record<string, string> = { accept: 'application/json', 'x-road-id': messageId, 'x-road-client': clientPath(state.client) };
    const answer = await exchange(state, {
      url: `${base(state)}/r1/${clientPath(provider).split('/').map(encodeURIComponent).join('/')}/${method}`,
      method: 'GET',
      headers,
      messageId,
      service: `${method}:${clientPath(provider)}`,
      counterpart: clientPath(provider),
    });
    if ('error' in answer) return { error: answer.error };
    if (answer.status !== 200) return { status: answer.status, error: answer.text.slice(0, 300) };
    try {
      return { status: answer.status, services: servicesFromJson(JSON.parse(answer.text)) };
    } catch {
      return { status: answer.status, error: 'not JSON' };
    }
  }
  const xml = soapRequest(
    { client: state.client, service: { ...provider, serviceCode: method }, id: messageId, userId: withCountry(state.userId), protocolVersion: '4.0' },
    {},
    XROAD_NS,
  );
  const answer = await exchange(state, {
    url: `${base(state)}/`,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: xml,
    messageId,
    service: `${method}:${clientPath(provider)}`,
    counterpart: clientPath(provider),
  });
  if ('error' in answer) return { error: answer.error };
  const read = readSoapAnswer(answer.text);
  if (read.fault || read.unreadable) return { status: answer.status, error: read.fault ? `${read.fault.code}: ${read.fault.string}` : read.unreadable };
  return { status: answer.status, services: servicesFromSoap(read, answer.text) };
}

/** The services this client may call at the service's provider; null when the security server could not say. */
async function allowedFor(state: State, service: ServiceId, protocol: 'soap' | 'rest'): Promise<ServiceId[] | null> {
  const provider: ClientId = { xRoadInstance: service.xRoadInstance, memberClass: service.memberClass, memberCode: service.memberCode, ...(service.subsystemCode ? { subsystemCode: service.subsystemCode } : {}) };
  const key = `${protocol}:${clientPath(provider)}`;
  if (state.allowed.has(key)) return state.allowed.get(key) ?? null;
  const list = await serviceList(state, provider, 'allowedMethods', protocol);
  const value = list.services ?? null;
  if (!value) state.log(`allowedMethods of ${clientPath(provider)} unavailable (${list.error ?? list.status}); relying on the security server`);
  state.allowed.set(key, value);
  return value;
}

/**
 * The namespace of a SOAP service's request element, as a client generated from the WSDL would know it: the WSDL
 * comes from the security server's UXP form `GET /wsdl?xRoadInstance=…&serviceCode=…` (protocol-facts §4.2), and the
 * answer is the targetNamespace of the schema declaring the element named after serviceCode.
 */
async function namespaceFor(state: State, service: ServiceId): Promise<string> {
  const key = servicePath(service);
  const known = state.namespaces.get(key);
  if (known) return known;
  const q = new URLSearchParams({
    xRoadInstance: service.xRoadInstance,
    memberClass: service.memberClass,
    memberCode: service.memberCode,
    ...(service.subsystemCode ? { subsystemCode: service.subsystemCode } : {}),
    serviceCode: service.serviceCode,
    ...(service.serviceVersion ? { serviceVersion: service.serviceVersion } : {}),
  });
  const answer = await exchange(state, { url: `${base(state)}/wsdl?${q}`, method: 'GET', headers: { accept: 'text/xml' }, messageId: '', service: `getWsdl:${key}` });
  const ns = 'error' in answer || answer.status !== 200 ? undefined : wsdlNamespace(answer.text, service.serviceCode);
  if (!ns) state.log(`no WSDL namespace for ${key}; using ${DEFAULT_BODY_NS}`);
  else state.namespaces.set(key, ns);
  return ns ?? DEFAULT_BODY_NS;
}

// ---------------------------------------------------------------- HTTP out

interface Outgoing {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  messageId: string;
  service: string;
  /** whom the message is for, as the journal names the counterpart: the X-Road subsystem that provides the service */
  counterpart?: string;
}

const base = (state: State) => (state.trembita ?? '').replace(/\/+$/, '');

async function exchange(state: State, o: Outgoing): Promise<{ status: number; contentType: string; text: string; headers: Record<string, string> } | { error: string }> {
  // a metadata query of the security server itself (listClients, WSDL) has no other party behind it
  const counterpart = o.counterpart ?? 'security-server';
  record(state, { messageId: o.messageId, direction: 'out', counterpart, service: o.service, bytes: o.body ?? '' });
  let res: Response;
  try {
    res = await state.fetch(o.url, { method: o.method, headers: o.headers, ...(o.body !== undefined ? { body: o.body } : {}), signal: AbortSignal.timeout(state.timeoutMs) });
  } catch (err) {
    return { error: `the security server did not answer ${o.method} ${o.url}: ${(err as Error).message}` };
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  state.clock.note(res.headers.get('x-polihon-time'));
  record(state, { messageId: o.messageId, direction: 'in', counterpart, service: o.service, bytes });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: new TextDecoder().decode(bytes), headers: Object.fromEntries(res.headers) };
}

function record(state: State, r: { messageId: string; direction: 'in' | 'out'; counterpart: string; service: string; bytes: string | Uint8Array }): void {
  if (state.faults.has('no-journal')) return; // fault switch: the exchange journal (XCH-03) is not kept
  state.journal.push(journalEntry({ ...r, time: new Date(state.clock.known()).toISOString() }));
}

// ---------------------------------------------------------------- plumbing

const readJson = (req: IncomingMessage, res: ServerResponse, emptyOk: boolean) => readKitJson(req, res, { limit: 256 * 1024, emptyOk, tooLarge: 'driver bodies are limited to 256 KiB' });
