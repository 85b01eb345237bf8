// A plain HTTP target for benchmarks: one request per iteration over a keep-alive pool of at most maxVUs sockets.
// node:http rather than fetch: less client work per request, so the generator is not the bottleneck.
import { Agent, request } from 'node:http';
import type { IterationOutcome, LoadTarget } from '../engines/embedded.ts';
import { classifyNetworkError, statusError } from '../metrics.ts';
import { assertLoopback, type LoadProfile } from '../profile.ts';

export function createHttpTarget(http: NonNullable<LoadProfile['http']>, options: { maxSockets: number; timeoutMs: number }): LoadTarget {
  assertLoopback(http.url, 'the http target');
  const url = new URL(http.url);
  if (url.protocol !== 'http:') throw new RangeError(`the embedded engine speaks plain http; ${url.protocol} is not supported`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const body = http.body === undefined ? undefined : typeof http.body === 'string' ? http.body : JSON.stringify(http.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && typeof http.body !== 'string' ? { 'content-type': 'application/json' } : {}),
    ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...http.headers,
  };
  const method = http.method ?? 'GET';
  return {
    describe: `${method} ${http.url}`,
    splitsTime: false,
    iterate: (_i, signal) =>
      new Promise<IterationOutcome>((resolve) => {
        let settled = false;
        const finish = (out: IterationOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(out);
        };
        const req = request(url, { method, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
          res.on('end', () => {
            const err = statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
            finish(err ? { error: err } : {});
          });
          res.on('error', (e) => finish({ error: classifyNetworkError(e) }));
        });
        const timer = setTimeout(() => {
          finish({ error: { kind: 'timeout', message: `no complete answer within ${options.timeoutMs} ms` } });
          req.destroy();
        }, options.timeoutMs);
        const onAbort = () => {
          finish({ error: { kind: 'other', message: 'interrupted at the end of the run' } });
          req.destroy();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (e) => finish({ error: classifyNetworkError(e) }));
        req.end(body);
      }),
    close: async () => agent.destroy(),
  };
}
