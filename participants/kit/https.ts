// Outbound calls of a reference participant that presents its client certificate (mTLS): when the harness sets
// POLIHON_CLIENT_CERT and POLIHON_CLIENT_KEY (PEM files) and POLIHON_CA (the CA the simulators' certificates chain
// to), calls to https: URLs go over node:https with that certificate and trust that CA — the global fetch cannot
// present a client certificate without an undici dispatcher, which is not a dependency. Without those variables it
// is the global fetch. Imports nothing of polihon.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface ClientTls {
  certPem?: string;
  keyPem?: string;
  caPem?: string;
}

/**
 * The TLS material the environment names; undefined when it names none. Throws, naming the variable, for a file
 * that cannot be read or a certificate given without its key.
 */
export function clientTlsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientTls | undefined {
  const read = (name: string): string | undefined => {
    const path = env[name]?.trim();
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${name} (${path}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const certPem = read('POLIHON_CLIENT_CERT');
  const keyPem = read('POLIHON_CLIENT_KEY');
  const caPem = read('POLIHON_CA');
  if ((certPem === undefined) !== (keyPem === undefined)) throw new Error('POLIHON_CLIENT_CERT and POLIHON_CLIENT_KEY go together: set both or neither');
  if (!certPem && !caPem) return undefined;
  return { ...(certPem ? { certPem } : {}), ...(keyPem ? { keyPem } : {}), ...(caPem ? { caPem } : {}) };
}

/**
 * A fetch for the participant's outbound calls. Example: const f = participantFetch(); await f(`${trembita}/r1/…`).
 * With TLS material, https: goes over node:https (no redirects followed, the body as the server sent it); http:
 * stays with the global fetch.
 */
export function participantFetch(tls: ClientTls | undefined = clientTlsFromEnv()): FetchLike {
  if (!tls) return (input, init) => fetch(input, init);
  const agent = new https.Agent({
    keepAlive: true,
    ...(tls.caPem ? { ca: tls.caPem } : {}),
    ...(tls.certPem ? { cert: tls.certPem } : {}),
    ...(tls.keyPem ? { key: tls.keyPem } : {}),
  });
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:') return fetch(request);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (body && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(url, { method: request.method, headers, agent, signal: request.signal }, (res: IncomingMessage) => {
        const out = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 500;
        const empty = request.method === 'HEAD' || status === 204 || status === 304;
        if (empty) res.resume();
        resolve(new Response(empty ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage ?? '', headers: out }));
      });
      req.on('error', (err) => reject(err.name === 'AbortError' ? err : new TypeError(`fetch failed: ${err.message}`, { cause: err })));
      req.end(body);
    });
  };
}
