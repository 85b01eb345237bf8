// The outbound fetch of served simulators (`polihon serve`, the bench's targets): plain-HTTP calls go over node:http
// with a keep-alive pool, the body in one write and the answer read as bytes into one Response. WHATWG fetch (undici)
// cost Трембіта about a fifth of its CPU per relayed message over HTTP: `redirect: 'manual'` clones each request and
// tees its body stream, the body is written chunk by chunk, and web streams run both ways (docs/performance.md).
// It answers as fetch does for what the simulators send — a URL, a method, headers, a string or bytes body, a
// signal, any redirect mode; fetch's default request headers; gzip/deflate/br answers decoded; a failure is
// TypeError('fetch failed') with the cause. Anything else (a Request, a stream or form body, https:) goes to
// `fallback`, globalThis.fetch by default, so TLS keeps the process's one configuration.
import http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FetchLike } from './tls.ts';

export interface OutboundFetchOptions {
  /** where calls this fetch does not make itself go; read at each call, so msw or a test can swap it late */
  fallback?: () => FetchLike;
  /** sockets per origin (default: unbounded, as undici's pool) */
  maxSockets?: number;
}

// fetch's own request headers (undici, Node 20), so a provider sees the same request whichever fetch sent it
const DEFAULT_HEADERS: [string, string][] = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const DECODE: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/** Example: createSimulatorHost({ …, fetch: createOutboundFetch() }). */
export function createOutboundFetch(options: OutboundFetchOptions = {}): FetchLike {
  // idle sockets close after 4 s, before node:http servers' default 5 s keep-alive: reusing one the server is closing
  // would fail the call (undici's pool does the same)
  const agent = new http.Agent({ keepAlive: true, timeout: 4_000, ...(options.maxSockets ? { maxSockets: options.maxSockets } : {}) });
  const fallback = options.fallback ?? (() => globalThis.fetch);
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? safeUrl(input) : input instanceof URL ? input : undefined;
    const body = init.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || ArrayBuffer.isView(body) || body instanceof ArrayBuffer;
    if (!url || url.protocol !== 'http:' || !simpleBody) return fallback()(input, init);
    const headers = new Headers(init.headers);
    for (const [k, v] of DEFAULT_HEADERS) if (!headers.has(k)) headers.set(k, v);
    if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    let method = (init.method ?? 'GET').toUpperCase();
    let bytes = toBuffer(body);
    if ((method === 'GET' || method === 'HEAD') && bytes) throw new TypeError('Request with GET/HEAD method cannot have body.');
    const signal = init.signal ?? undefined;
    let target = url;
    for (let hops = 0; ; hops++) {
      const res = await send(agent, target, method, headers, bytes, signal);
      const location = res.headers.location;
      if (!REDIRECT.has(res.statusCode) || init.redirect === 'manual' || typeof location !== 'string') return toResponse(res, method);
      if (init.redirect === 'error' || hops >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect') });
      const next = safeUrl(location, target);
      if (!next) throw new TypeError('fetch failed', { cause: new Error(`invalid redirect location ${location}`) });
      // fetch's rule: 303, and 301/302 after a POST, become a GET without a body
      if (res.statusCode === 303 ? method !== 'HEAD' : (res.statusCode === 301 || res.statusCode === 302) && method === 'POST') {
        method = 'GET';
        bytes = undefined;
        for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(h);
      }
      if (next.protocol !== 'http:') return fallback()(next, { ...init, method, headers, body: (bytes as Uint8Array<ArrayBuffer> | undefined) ?? null });
      if (next.origin !== target.origin) headers.delete('authorization');
      target = next;
    }
  };
}

interface RawAnswer {
  statusCode: number;
  statusMessage: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(agent: http.Agent, url: URL, method: string, headers: Headers, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const out: Record<string, string | string[]> = {};
    headers.forEach((v, k) => (out[k] = v));
    const cookies = headers.getSetCookie();
    if (cookies.length > 1) out['set-cookie'] = cookies;
    if (body) out['content-length'] = String(body.byteLength);
    else if (method !== 'GET' && method !== 'HEAD') out['content-length'] = '0';
    const req = http.request(url, { agent, method, headers: out });
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = () => {
      fail(signal!.reason);
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
      res.on('close', () => {
        if (!res.complete) fail(new TypeError('fetch failed', { cause: new Error('the answer was cut off') }));
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({ statusCode: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      });
    });
    req.end(body);
  });
}

async function toResponse(res: RawAnswer, method: string): Promise<Response> {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode;
  if (status < 200 || status > 599) throw new TypeError('fetch failed', { cause: new Error(`status ${status}`) });
  const empty = NULL_BODY.has(status) || method === 'HEAD';
  let body = res.body;
  const coding = res.headers['content-encoding']?.trim().toLowerCase();
  if (!empty && body.byteLength > 0 && coding && DECODE[coding]) {
    try {
      body = await DECODE[coding]!(body);
    } catch (err) {
      throw new TypeError('fetch failed', { cause: err });
    }
  }
  return new Response(empty ? null : (body as Uint8Array<ArrayBuffer>), { status, statusText: res.statusMessage, headers });
}

function toBuffer(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  const view = body as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function safeUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
