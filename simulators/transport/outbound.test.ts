import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundFetch } from './outbound.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function serve(answer: (req: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('createOutboundFetch', () => {
  it('sends a body in one request with fetch’s default headers and answers as fetch does', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(201, 'Made', { 'content-type': 'text/xml', 'set-cookie': ['a=1', 'b=2'] });
      res.end('<ok/>');
    });
    const f = createOutboundFetch();
    const res = await f(`${url}/soap?x=1`, { method: 'POST', headers: { soapaction: '"s"' }, body: 'тіло' });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.headers.get('content-type')).toBe('text/xml');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.text()).toBe('<ok/>');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/soap?x=1', body: 'тіло' });
    expect(seen[0]!.headers).toMatchObject({ soapaction: '"s"', 'content-type': 'text/plain;charset=UTF-8', 'content-length': String(Buffer.byteLength('тіло')), accept: '*/*', 'user-agent': 'node' });
    // the same socket again: the pool keeps connections alive
    await (await f(`${url}/again`, { method: 'POST', body: new Uint8Array([1, 2, 3]) })).arrayBuffer();
    expect(seen[1]!.headers.connection).toBe('keep-alive');
  });

  it('gives a redirect as it is with redirect: manual, and follows it otherwise (POST → GET after a 302)', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/from') res.writeHead(302, { location: '/to' }).end();
      else res.writeHead(200).end(`${req.method} ${req.body.length}`);
    });
    const f = createOutboundFetch();
    const manual = await f(`${url}/from`, { method: 'POST', body: 'x', redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/to');
    const followed = await f(`${url}/from`, { method: 'POST', body: 'x' });
    expect(await followed.text()).toBe('GET 0');
    expect(seen.map((s) => s.url)).toEqual(['/from', '/from', '/to']);
    await expect(f(`${url}/from`, { method: 'POST', body: 'x', redirect: 'error' })).rejects.toThrow('fetch failed');
  });

  it('decodes a gzip answer and has no body for 204', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/none') res.writeHead(204).end();
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('стиснуто'));
    });
    const f = createOutboundFetch();
    expect(await (await f(`${url}/zip`)).text()).toBe('стиснуто');
    const none = await f(`${url}/none`, { method: 'DELETE' });
    expect(none.status).toBe(204);
    expect(none.body).toBeNull();
  });

  it('fails as fetch fails: TypeError with the cause, and the signal’s reason on abort', async () => {
    const { url } = await serve(() => undefined);
    const f = createOutboundFetch();
    const timeout = AbortSignal.timeout(50);
    await expect(f(`${url}/never`, { signal: timeout })).rejects.toMatchObject({ name: 'TimeoutError' });
    server!.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = undefined;
    const err = await f(`${url}/gone`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('hands what it does not do itself to the fallback (https:, a Request, a stream body)', async () => {
    const calls: string[] = [];
    const f = createOutboundFetch({ fallback: () => async (input) => (calls.push(String(input instanceof Request ? input.url : input)), new Response('fb')) });
    await f('https://example.test/a');
    await f(new Request('http://example.test/b'));
    await f('http://example.test/c', { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit);
    expect(calls).toEqual(['https://example.test/a', 'http://example.test/b', 'http://example.test/c']);
  });
});
