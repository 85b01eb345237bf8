// HTTP faces of the reference Трембіта provider: the service the security server delivers calls to (SOAP and REST,
// under /trembita) and the test driver (/driver/*, contracts.md §5). Whatever arrives, the answer is a SOAP
// envelope or a JSON body — never an HTML page, never a dropped connection — unless a fault switch says otherwise.
// startProvider is shared by main.ts and the tests.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseFaults, type FaultName } from './config.ts';
import { isValidEdrpou } from './identifiers.ts';
import { queryFromSoap, ResidenceRegister, restAnswer, SERVICE_CODE, SERVICE_VERSION, soapAnswerBody, type Query, type Resident } from './service.ts';
import { contentTypeFor, formatIdentifier, readRequest, soapFault, soapResponse, soapVersionOf, XROAD_NS, type TechnicalError } from './xroad.ts';
import type { XmlElement } from './xml.ts';
import { DEFAULT_IDENTITY, FAILED, guardedServer, JSON_TYPE, readJson, sendJson, type Identity, type JournalRecord, type CommonStartOptions, type RunningParticipant } from '../kit/http.ts';
import { listen } from '../kit/server.ts';

// the default identity is the kit's: polihon's test registration body and its hromada register subsystem, as the
// Трембіта simulator's default registry knows it (simulators/trembita/registry.yaml); main.ts and the tests take it here
export { DEFAULT_IDENTITY, type Identity, type JournalRecord };

/** Where the service lives; the profile's endpoints.provider points here. */
export const SERVICE_BASE = '/trembita';
export const SOAP_PATHS = new Set([SERVICE_BASE, `${SERVICE_BASE}/`, `${SERVICE_BASE}/soap`]);
export const REST_PATH = `${SERVICE_BASE}/residence-status`;

export interface StartOptions extends CommonStartOptions {
  maxBodyBytes?: number;
}

export interface RunningProvider extends RunningParticipant<FaultName> {
  identity: Identity;
  register: ResidenceRegister;
}

/**
 * Starts the provider on `port` (0 = ephemeral).
 * Example: const p = await startProvider({ port: 0, faults: 'no-echo-userid' }); …; await p.close();
 */
export async function startProvider(options: StartOptions = {}): Promise<RunningProvider> {
  const parsed = parseFaults(options.faults);
  if (!parsed.ok) throw new Error(parsed.message);
  const identity: Identity = { ...DEFAULT_IDENTITY, ...options.identity };
  if (identity.memberClass === 'GOV' && !isValidEdrpou(identity.memberCode)) {
    throw new Error(`memberCode '${identity.memberCode}' of a GOV member must be a checksum-valid ЄДРПОУ`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`trembita-provider: ${line}\n`));
  const state: State = {
    faults: parsed.faults,
    identity,
    register: new ResidenceRegister(),
    journal: [],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    simulators: {},
  };
  const server: Server = guardedServer((req, res) => handle(state, req, res), log, (req, res) => {
    // even our own bug answers in the protocol's form
    if (isSoapPath(req)) sendSoapFault(state, res, { soap: soapVersionOf(req.headers['content-type']) ?? '1.1', side: 'server', code: 'InternalError', message: 'Internal error of the service' });
    else sendJson(res, 500, { type: 'InternalError', message: 'Internal error of the service', detail: randomUUID() });
  });
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 7311);
  return {
    port: listening.port,
    host: listening.host,
    url: listening.url,
    faults: parsed.faults,
    identity,
    register: state.register,
    journal: state.journal,
    close: listening.close,
  };
}

interface State {
  faults: Set<FaultName>;
  identity: Identity;
  register: ResidenceRegister;
  journal: JournalRecord[];
  maxBodyBytes: number;
  simulators: Record<string, string>;
}

function pathOf(req: IncomingMessage): { path: string; query: URLSearchParams } {
  try {
    const u = new URL(req.url ?? '/', 'http://x');
    return { path: u.pathname, query: u.searchParams };
  } catch {
    return { path: '/', query: new URLSearchParams() };
  }
}

const isSoapPath = (req: IncomingMessage) => SOAP_PATHS.has(pathOf(req).path);

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const { path, query } = pathOf(req);

  if (path.startsWith('/driver/')) return driver(state, method, path, req, res);

  if (SOAP_PATHS.has(path)) {
    if (method !== 'POST') {
      drain(req);
      return sendSoapFault(state, res, { soap: '1.1', side: 'client', code: 'InvalidHttpMethod', message: `Invalid HTTP method ${method}: SOAP requests are POSTed` }, { allow: 'POST' });
    }
    return soap(state, req, res);
  }

  if (path === REST_PATH) return rest(state, method, query, req, res);

  drain(req);
  return restError(state, res, 404, 'NotFound', `${method} ${path} is not a path of this service; SOAP: POST ${SERVICE_BASE}, REST: GET|POST ${REST_PATH}`);
}

// ---------------------------------------------------------------- SOAP

async function soap(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const contentType = header(req, 'content-type');
  const raw = await readBody(req, state.maxBodyBytes);
  if (raw === TOO_LARGE) {
    return sendSoapFault(state, res, { soap: soapVersionOf(contentType) ?? '1.1', side: 'client', code: 'InvalidRequest', message: `Request larger than ${state.maxBodyBytes} bytes` });
  }
  if (raw === BROKEN) return;
  const time = simTime(req);
  const text = decodeBody(raw, contentType);
  if (text === undefined) {
    return sendSoapFault(state, res, { soap: soapVersionOf(contentType) ?? '1.1', side: 'client', code: 'InvalidContentType', message: `Unsupported charset in '${contentType ?? ''}'` });
  }
  const read = readRequest(text, contentType);
  if (!read.ok) {
    record(state, { messageId: '', direction: 'in', counterpart: 'unknown', service: 'trembita.soap', time, raw });
    return sendSoapFault(state, res, read.error);
  }
  const request = read.request;
  const clientId = formatIdentifier(request.client);
  record(state, { messageId: request.id, direction: 'in', counterpart: clientId, service: `${request.service.serviceCode}`, time, raw });

  if (request.service.serviceCode !== SERVICE_CODE) {
    return sendSoapFault(state, res, { soap: request.soap, side: 'client', code: 'UnknownService', message: `Unknown service: ${formatIdentifier(request.service)}` });
  }
  if (request.service.serviceVersion !== undefined && request.service.serviceVersion !== SERVICE_VERSION) {
    return sendSoapFault(state, res, {
      soap: request.soap,
      side: 'client',
      code: 'UnknownService',
      message: `Unknown service: ${formatIdentifier(request.service)} (this provider serves version ${SERVICE_VERSION})`,
    });
  }
  const answer = state.register.answer(queryFromSoap(request.body));
  if (!answer.ok && state.faults.has('business-error-as-500')) {
    // fault switch: a business error escapes as a transport failure
    return sendText(res, 500, 'text/plain; charset=utf-8', `Internal Server Error: ${answer.code}`);
  }
  const out = soapResponse(request.soap, echoHeader(state, request.headerFields), soapAnswerBody(answer));
  record(state, { messageId: request.id, direction: 'out', counterpart: clientId, service: `${SERVICE_CODE}Response`, time, raw: Buffer.from(out, 'utf8') });
  sendText(res, 200, contentTypeFor(request.soap), out);
}

/** The response header: every request header field with its value, in the request's order (PR-MESS; a security server compares values only) — or not, per a switch. */
function echoHeader(state: State, fields: XmlElement[]): XmlElement[] {
  let out = fields;
  if (state.faults.has('no-echo-userid')) out = out.filter((f) => !(f.ns === XROAD_NS && (f.local === 'userId' || f.local === 'issue')));
  if (state.faults.has('drop-issue')) out = out.filter((f) => !(f.ns === XROAD_NS && f.local === 'issue'));
  const version = state.faults.has('wrong-protocol-version') ? '3.1' : state.faults.has('protocol-version-4-1') ? '4.1' : undefined;
  if (version !== undefined) {
    out = out.map((f) => (f.ns === XROAD_NS && f.local === 'protocolVersion' ? { ...f, children: [version] } : f));
  }
  if (state.faults.has('reorder-header')) {
    const pv = out.filter((f) => f.ns === XROAD_NS && f.local === 'protocolVersion');
    out = [...pv, ...out.filter((f) => !pv.includes(f))];
  }
  return out;
}

function sendSoapFault(state: State, res: ServerResponse, error: TechnicalError, headers: Record<string, string> = {}): void {
  if (state.faults.has('html-500-on-malformed')) return sendHtml500(res);
  // SOAP 1.1 §6.2 (which the X-Road protocol inherits): a fault goes with HTTP 500 and the SOAP content type.
  sendText(res, 500, contentTypeFor(error.soap), soapFault(error, randomUUID()), headers);
}

// ---------------------------------------------------------------- REST

async function rest(state: State, method: string, params: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const time = simTime(req);
  const messageId = header(req, 'x-road-id') ?? header(req, 'uxp-transaction-id') ?? header(req, 'uxp-queryid') ?? '';
  const counterpart = header(req, 'x-road-client') ?? header(req, 'uxp-client') ?? 'unknown';
  let query: Query;
  let raw: Uint8Array = new Uint8Array();
  if (method === 'GET') {
    query = {};
    const unknown = [...params.keys()].filter((k) => k !== 'rnokpp' && k !== 'unzr');
    if (unknown.length) {
      record(state, { messageId, direction: 'in', counterpart, service: 'residence-status', time, raw });
      return restError(state, res, 400, 'BadRequest', `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; use rnokpp or unzr`);
    }
    for (const k of ['rnokpp', 'unzr'] as const) {
      const v = params.get(k);
      if (v !== null) query[k] = v;
    }
  } else if (method === 'POST') {
    const body = await readBody(req, state.maxBodyBytes);
    if (body === BROKEN) return;
    if (body === TOO_LARGE) return restError(state, res, 413, 'PayloadTooLarge', `Request larger than ${state.maxBodyBytes} bytes`);
    raw = body;
    record(state, { messageId, direction: 'in', counterpart, service: 'residence-status', time, raw });
    const type = header(req, 'content-type') ?? '';
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return restError(state, res, 415, 'UnsupportedMediaType', `content type must be application/json, got '${type}'`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch (err) {
      return restError(state, res, 400, 'BadRequest', `the body is not JSON: ${(err as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return restError(state, res, 400, 'BadRequest', 'the body must be a JSON object { rnokpp } or { unzr }');
    const o = parsed as Record<string, unknown>;
    const wrong = Object.entries(o).filter(([k, v]) => !['rnokpp', 'unzr'].includes(k) || typeof v !== 'string');
    if (wrong.length) return restError(state, res, 400, 'BadRequest', `unexpected field${wrong.length > 1 ? 's' : ''} ${wrong.map(([k]) => k).join(', ')} (rnokpp and unzr are strings)`);
    query = o as Query;
  } else {
    drain(req);
    return restError(state, res, 405, 'MethodNotAllowed', `${method} is not served; use GET or POST`, { allow: 'GET, POST' });
  }
  if (method === 'GET') record(state, { messageId, direction: 'in', counterpart, service: 'residence-status', time, raw });
  const answer = state.register.answer(query);
  if (!answer.ok && state.faults.has('business-error-as-500')) return sendText(res, 500, 'text/plain; charset=utf-8', `Internal Server Error: ${answer.code}`);
  const out = restAnswer(answer, randomUUID());
  const text = JSON.stringify(out.body);
  record(state, { messageId, direction: 'out', counterpart, service: 'residence-status', time, raw: Buffer.from(text, 'utf8') });
  sendText(res, out.status, JSON_TYPE, text);
}

/** A malformed REST call: a JSON error body in the X-Road error shape `{ type, message, detail }` with a 4xx. */
function restError(state: State, res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  if (state.faults.has('html-500-on-malformed')) return sendHtml500(res);
  sendText(res, status, JSON_TYPE, JSON.stringify({ type, message, detail: randomUUID() }), headers);
}

// ---------------------------------------------------------------- test driver

async function driver(state: State, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const want = (m: string) => {
    if (method === m) return true;
    drain(req);
    sendJson(res, 405, { error: 'method-not-allowed', message: `${method} ${path} is not served; use ${m}` }, { allow: m });
    return false;
  };
  if (path === '/driver/health') {
    if (!want('GET')) return;
    return sendJson(res, 200, { ok: true, role: 'trembita-provider', identity: state.identity, service: `${SERVICE_CODE}/${SERVICE_VERSION}`, faults: [...state.faults] });
  }
  if (path === '/driver/reset') {
    if (!want('POST')) return;
    const body = await readJson(req, res, { limit: state.maxBodyBytes, emptyOk: true, tooLarge: `bodies are limited to ${state.maxBodyBytes} bytes` });
    if (body === FAILED) return;
    const sims = (body as { simulators?: unknown } | undefined)?.simulators;
    if (sims !== undefined && (typeof sims !== 'object' || sims === null || Object.values(sims).some((v) => typeof v !== 'string'))) {
      return sendJson(res, 422, { error: 'invalid-reset', message: 'simulators must be an object of base URLs' });
    }
    state.register.clear();
    state.journal.length = 0;
    state.simulators = { ...((sims as Record<string, string> | undefined) ?? {}) };
    res.writeHead(204).end();
    return;
  }
  if (path === '/driver/residents') {
    if (!want('POST')) return;
    const body = await readJson(req, res, { limit: state.maxBodyBytes, emptyOk: false, tooLarge: `bodies are limited to ${state.maxBodyBytes} bytes` });
    if (body === FAILED) return;
    const resident = checkResident(body);
    if (typeof resident === 'string') return sendJson(res, 422, { error: 'invalid-resident', message: resident });
    state.register.add(resident);
    return sendJson(res, 201, resident);
  }
  if (path === '/driver/journal') {
    if (!want('GET')) return;
    return sendJson(res, 200, { entries: state.journal });
  }
  drain(req);
  sendJson(res, 404, { error: 'not-found', message: `${method} ${path} is not a driver path; driver: /driver/health, /driver/reset, /driver/residents, /driver/journal` });
}

function checkResident(body: unknown): Resident | string {
  const o = (body ?? {}) as Record<string, unknown>;
  const person = o.person as Record<string, unknown> | undefined;
  const address = o.address as Record<string, unknown> | undefined;
  if (!person || typeof person !== 'object') return 'person is required (an object with rnokpp and/or unzr)';
  if (typeof person.rnokpp !== 'string' && typeof person.unzr !== 'string') return 'person needs rnokpp or unzr';
  if (!address || typeof address !== 'object' || typeof address.katottg !== 'string') return 'address.katottg is required';
  const since = typeof o.since === 'string' ? o.since : new Date().toISOString();
  const pick = (k: string) => (typeof person[k] === 'string' ? { [k]: person[k] as string } : {});
  return {
    person: { ...pick('lastName'), ...pick('firstName'), ...pick('patronymic'), ...pick('birthDate'), ...pick('rnokpp'), ...pick('unzr') },
    address: { katottg: address.katottg as string, ...(typeof address.text === 'string' ? { text: address.text } : {}) },
    since,
  };
}

// ---------------------------------------------------------------- plumbing

const TOO_LARGE = Symbol('too-large');
const BROKEN = Symbol('broken');

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The simulator's time when it says so (X-Polihon-Time), else this machine's. */
function simTime(req: IncomingMessage): string {
  const t = Date.parse(header(req, 'x-polihon-time') ?? '');
  return new Date(Number.isFinite(t) ? t : Date.now()).toISOString();
}

function record(state: State, r: Omit<JournalRecord, 'sha256'> & { raw: Uint8Array }): void {
  if (state.faults.has('no-journal')) return; // fault switch: the exchange journal (XCH-03) is not kept
  const { raw, ...rest } = r;
  state.journal.push({ ...rest, sha256: createHash('sha256').update(raw).digest('hex') });
}

function drain(req: IncomingMessage): void {
  req.resume();
  req.on('error', () => undefined);
}

/** The body bytes; TOO_LARGE past the limit (the rest is read and dropped); BROKEN when the caller went away. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | typeof TOO_LARGE | typeof BROKEN> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? TOO_LARGE : Buffer.concat(chunks)));
    req.on('error', () => resolve(BROKEN));
  });
}

/** Text of a body in the charset its content type names (UTF-8 by default); undefined for an unknown charset. */
function decodeBody(raw: Uint8Array, contentType: string | undefined): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset.toLowerCase(), { ignoreBOM: false }).decode(raw);
  } catch {
    return undefined;
  }
}

function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** fault switch html-500-on-malformed: what a careless web framework answers. */
function sendHtml500(res: ServerResponse): void {
  sendText(
    res,
    500,
    'text/html; charset=utf-8',
    '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error and was unable to complete your request.</p></body></html>\n',
  );
}

