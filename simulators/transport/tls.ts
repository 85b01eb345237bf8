// HTTPS and mutual TLS for the node:http transport: server options from test-PKI PEMs, the request listener
// wrapper that hands the caller's client certificate to the simulator in the x-polihon-client-cert* headers
// (core/pki.ts CLIENT_CERT_HEADERS) after stripping any such header that came from the network, and a small
// fetch over node:https for calls that must present a client certificate or trust the test CA.
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CLIENT_CERT_HEADER_PREFIX, clientCertificateHeaders, derToPem } from '../../core/pki.ts';

export interface TlsServeOptions {
  /** the server's certificate and key (PEM), e.g. a test-PKI security-server certificate */
  certPem: string;
  keyPem: string;
  /** the CA that client certificates must chain to */
  caPem: string;
  /** ask the caller for a client certificate (mTLS); default false */
  requestClientCert?: boolean;
  /**
   * with requestClientCert: refuse the TLS handshake of a caller without a certificate of `caPem` (default true).
   * false lets every caller in; the simulator then sees status 'unverified' or 'none' and can answer with the
   * protocol's own fault.
   */
  rejectUnauthorized?: boolean;
}

/** node:https server options for `tls`. */
export function httpsServerOptions(tls: TlsServeOptions): https.ServerOptions {
  const requestCert = tls.requestClientCert ?? false;
  return {
    cert: tls.certPem,
    key: tls.keyPem,
    ca: tls.caPem,
    requestCert,
    rejectUnauthorized: requestCert ? (tls.rejectUnauthorized ?? true) : false,
    minVersion: 'TLSv1.2',
  };
}

/**
 * Wraps a request listener: removes every x-polihon-client-cert* header the caller sent, then (over TLS) sets
 * them from the TLS session, so a simulator can trust them. Over plain HTTP the headers are only removed.
 */
export function withClientCertHeaders<L extends RequestListener>(listener: L, overTls: boolean): L {
  const wrapped = (req: IncomingMessage, res: ServerResponse) => {
    replaceClientCertHeaders(req, overTls ? headersOf(req.socket) : {});
    return listener(req, res);
  };
  return wrapped as L;
}

/** An http.createServer / https.createServer stand-in for @hono/node-server's `createServer` option. */
export function serverFactory(overTls: boolean): (options: https.ServerOptions, listener: RequestListener) => http.Server | https.Server {
  return (options, listener) => (overTls ? https.createServer(options, withClientCertHeaders(listener, true)) : http.createServer(options, withClientCertHeaders(listener, false)));
}

// one certificate per TLS connection: describe it once
const perSocket = new WeakMap<Socket, Record<string, string>>();

function headersOf(socket: Socket): Record<string, string> {
  const cached = perSocket.get(socket);
  if (cached) return cached;
  const tls = socket as TLSSocket;
  if (typeof tls.getPeerCertificate !== 'function') return {};
  const peer = tls.getPeerCertificate();
  const pem = peer && peer.raw ? derToPem(peer.raw) : undefined;
  const error = tls.authorizationError ? String(tls.authorizationError) : undefined;
  const headers = clientCertificateHeaders(pem, tls.authorized === true, error);
  perSocket.set(socket, headers);
  return headers;
}

function replaceClientCertHeaders(req: IncomingMessage, inject: Record<string, string>): void {
  const isOurs = (name: string) => name.toLowerCase().startsWith(CLIENT_CERT_HEADER_PREFIX);
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!isOurs(raw[i] as string)) kept.push(raw[i] as string, raw[i + 1] as string);
  }
  for (const [name, value] of Object.entries(inject)) kept.push(name, value);
  req.rawHeaders = kept;
  // the parsed form may have been built already (node reads a few headers itself): keep it in step
  const parsed = req.headers;
  for (const name of Object.keys(parsed)) if (isOurs(name)) delete parsed[name];
  Object.assign(parsed, inject);
}

// ---------------------------------------------------------------------------------------------------------

export interface TlsClientOptions {
  /** CA certificate(s) to trust instead of the system's, PEM */
  caPem?: string;
  /** a client certificate and key to present (mTLS), PEM */
  certPem?: string;
  keyPem?: string;
  /** the name the server certificate must carry, when the URL's host is not it */
  servername?: string;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch over node:http(s) that trusts `caPem` and presents `certPem`/`keyPem`, for calls to an mTLS endpoint
 * (the global fetch cannot take a client certificate without an undici dispatcher). No redirects and no content
 * decoding: what the server sends is what the Response holds. Errors reject with a TypeError, as fetch does,
 * with the TLS or socket error as its cause.
 * Example: const f = createTlsFetch({ caPem: pki.ca.certPem, ...participantPair }); await f(`${url}/x`).
 */
export function createTlsFetch(options: TlsClientOptions = {}): FetchLike {
  const agent = new https.Agent({
    keepAlive: false,
    ...(options.caPem ? { ca: options.caPem } : {}),
    ...(options.certPem ? { cert: options.certPem } : {}),
    ...(options.keyPem ? { key: options.keyPem } : {}),
    ...(options.servername ? { servername: options.servername } : {}),
  });
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (body && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? https : http).request(url, { method: request.method, headers, signal: request.signal, ...(secure ? { agent } : {}) }, (res) => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
        const status = res.statusCode ?? 500;
        const empty = request.method === 'HEAD' || status === 204 || status === 205 || status === 304;
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
      req.on('error', (err) => reject(err.name === 'AbortError' ? err : new TypeError(`fetch failed: ${err.message}`, { cause: err })));
      req.end(body);
    });
  };
}
