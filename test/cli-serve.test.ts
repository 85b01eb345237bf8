// `polihon serve` as a developer runs it: simulators on loopback, health and clock answer, the control API on its own
// port behind the token it prints, Ctrl-C stops cleanly; --tls --client-ca refuses a client without a certificate.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../cli/commands/serve.ts';
import { createMemoryOutput } from '../cli/output.ts';
import { loadOrCreatePki } from '../cli/pki-cache.ts';
import { createTlsFetch } from '../simulators/transport/tls.ts';
import { ROOT } from './helpers.ts';

describe('polihon serve', { timeout: 30_000 }, () => {
  it('serves the simulators on loopback until SIGINT', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), 'serve', 'dms', 'hromada', '--port', '0', '--start', '2026-03-10T08:00:00Z'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', POLIHON_LANG: 'en' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 20_000;
    while (!/Ctrl-C stops/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const dms = /^dms\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
    const hromada = /^hromada\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
    expect(dms, out).toBeDefined();
    expect(hromada, out).toBeDefined();
    // every URL is printed, the published contracts among them, and each answers
    for (const url of [`${dms}/dms/v1/openapi.yaml`, `${hromada}/hromada/v1/openapi.yaml`, `${dms}/dms/web/`, `${dms}/__polihon/clock`]) {
      expect(out).toContain(url);
      expect((await fetch(url)).status, url).toBe(200);
    }
    const health = (await (await fetch(`${dms}/__polihon/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const clock = (await (await fetch(`${hromada}/__polihon/clock`)).json()) as { now: string; mode: string };
    expect(clock).toMatchObject({ now: '2026-03-10T08:00:00.000Z', mode: 'virtual' });
    // bad input keeps the server serving
    const bad = await fetch(`${dms}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(`${dms}/__polihon/health`)).status).toBe(200);

    // the control API is not on the simulators' ports: refused, and serve says where it is
    const moveOn = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"advance":"1h"}' });
    expect((await moveOn(`${dms}/__polihon/clock`)).status).toBe(404);
    const control = /^control\s+(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
    const token = /Authorization: Bearer (\S+)/.exec(out)?.[1];
    expect([control, token], out).toEqual([expect.any(String), expect.stringMatching(/^[\w-]{32}$/)]);
    expect(out).toContain(`${control}/dms/__polihon/journal`);
    expect(out).toMatch(new RegExp(`refused on dms's port: POST /__polihon/clock; the control API is at ${control}/dms/__polihon/clock`));
    // on the control port: with the token only, and every call journalled
    expect((await moveOn(`${control}/dms/__polihon/clock`)).status).toBe(401);
    expect((await moveOn(`${control}/dms/__polihon/clock`, { authorization: 'Bearer nope' })).status).toBe(401);
    const moved = await moveOn(`${control}/dms/__polihon/clock`, { authorization: `Bearer ${token}` });
    expect(((await moved.json()) as { now: string }).now).toBe('2026-03-10T09:00:00.000Z');
    const journal = (await (await fetch(`${control}/hromada/__polihon/journal?service=polihon.control`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      entries: { from: string; status: number; outcome: string }[];
    };
    expect(journal.entries.map((e) => [e.from, e.status, e.outcome])).toEqual([
      ['participant', 404, 'refused'],
      ['control-client', 401, 'unauthorized'],
      ['control-client', 401, 'unauthorized'],
      ['control-client', 200, 'served'],
    ]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped/);
  });

  it('a port another process holds: exit 3, and the hint names --port', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), 'serve', 'dms', '--port', String(port)], { cwd: ROOT, env: { ...process.env, POLIHON_LANG: 'en' } });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code).toBe(3);
      expect(err).toMatch(/E_PORT: .*EADDRINUSE/);
      expect(err).toMatch(/hint: .*--port \d+, or --port 0/);
    } finally {
      holder.close();
    }
  });

  it('refuses an unknown simulator with exit 2', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), 'serve', 'dsm'], { cwd: ROOT, env: { ...process.env, POLIHON_LANG: 'en' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/unknown simulator 'dsm': did you mean 'dms'\?/);
  });
});

describe('polihon serve, in-process', { timeout: 30_000 }, () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'polihon-serve-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** Starts serveCommand with `values`; `stop()` ends it and gives its exit code. */
  async function serve(values: Record<string, string | boolean>, positionals = ['hromada']) {
    const out = createMemoryOutput();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const args = { values: { port: '0', start: '2026-03-10T08:00:00Z', ...values }, positionals, lang: 'en' } as unknown as Parameters<typeof serveCommand>[0];
    const running = serveCommand(args, out, stopped, join(work, 'pki'));
    for (;;) {
      const settled = await Promise.race([running.then((code) => ({ code }), (err: unknown) => ({ err })), new Promise((r) => setTimeout(() => r(undefined), 20))]);
      if (settled) return { out, settled, stop: async () => 0 };
      if (out.out.join('').includes('Ctrl-C')) break;
    }
    return { out, settled: undefined, stop: async () => (stop(), running) };
  }

  it('warns, in the language asked, when the simulators or the control port listen beyond loopback', async () => {
    const s = await serve({ host: '0.0.0.0', 'control-host': '0.0.0.0' });
    const err = s.out.err.join('');
    expect(err).toContain('warning: --host 0.0.0.0 opens the simulators beyond this machine');
    expect(err).toContain('warning: --control-host 0.0.0.0 opens the control API beyond this machine: only the token guards it, and without --tls the token crosses the network in clear');
    expect(await s.stop()).toBe(0);
    const quiet = await serve({});
    expect(quiet.out.err.join('')).not.toContain('warning');
    expect(await quiet.stop()).toBe(0);
  });

  it('--tls --client-ca refuses a client without a certificate of that CA at the TLS handshake, on every port', async () => {
    const cached = await loadOrCreatePki(join(work, 'pki'), Date.now());
    const s = await serve({ tls: true, 'client-ca': cached.caCertPath });
    expect(s.settled).toBeUndefined();
    const text = s.out.out.join('');
    expect(text).toContain(`a client certificate of the CA ${cached.caCertPath} is required`);
    const hromada = /^hromada\s+(https:\/\/\S+)$/m.exec(text)![1]!;
    const control = /^control\s+(https:\/\/\S+)$/m.exec(text)![1]!;
    const token = /Authorization: Bearer (\S+)/.exec(text)![1]!;
    const participant = await cached.pki.issue({ kind: 'participant', commonName: 'Громада', edrpou: '04054866', subsystem: 'RTG_prod' });
    const withCert = createTlsFetch({ caPem: cached.pki.ca.certPem, ...participant });
    const without = createTlsFetch({ caPem: cached.pki.ca.certPem });
    expect((await withCert(`${hromada}/__polihon/health`)).status).toBe(200);
    expect((await withCert(`${control}/hromada/__polihon/clock`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    for (const url of [`${hromada}/__polihon/health`, `${control}/hromada/__polihon/clock`]) {
      await expect(without(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text()), url).rejects.toThrow();
    }
    expect(await s.stop()).toBe(0);
  });

  it('keeps ЄІС МВС\'s messages in --data-dir: a restart over it resends what was never acknowledged', async () => {
    // the participant: refuses every delivery until told to take them, then acks each in its answer
    let taking = false;
    const deliveries: { messageId: string; try: number }[] = [];
    const participant = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string; envelopeId: string; try: number };
        deliveries.push({ messageId: n.messageId, try: n.try });
        if (!taking) return void res.writeHead(503).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: n.messageId, envelopeId: n.envelopeId, code: 100, from: 'SEVDEIR-TEST/GOV/04054866/RTG_prod' }));
      });
    });
    await new Promise<void>((r) => participant.listen(0, '127.0.0.1', r));
    const provider = `http://127.0.0.1:${(participant.address() as AddressInfo).port}`;
    const dataDir = join(work, 'data');
    const control = (text: string) => ({ url: /^control\s+(http:\/\/\S+)$/m.exec(text)![1]!, token: /Authorization: Bearer (\S+)/.exec(text)![1]! });
    const call = async (c: { url: string; token: string }, path: string, body?: unknown) => {
      const res = await fetch(`${c.url}/eis/__polihon/messaging/${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return (await res.json()) as { counters: { sent: number; resent: number; acked: number; pending: number } };
    };
    try {
      const first = await serve({ provider, 'data-dir': dataDir }, ['eis']);
      const text = first.out.out.join('');
      expect(text).toContain(`ЄІС МВС messaging records: ${join(dataDir, 'eis-messaging.jsonl')}`);
      expect((await call(control(text), 'notify', { count: 3 })).counters).toMatchObject({ sent: 3, acked: 0, pending: 3 });
      expect(await first.stop()).toBe(0);
      expect(readFileSync(join(dataDir, 'eis-messaging.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(6);

      // ten minutes on: the first tries' acks are overdue, so the new process resends at once
      taking = true;
      const second = await serve({ provider, 'data-dir': dataDir, start: '2026-03-10T08:10:00Z' }, ['eis']);
      const c = control(second.out.out.join(''));
      let counters = (await call(c, 'messages')).counters;
      for (let i = 0; i < 100 && counters.acked < 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        counters = (await call(c, 'messages')).counters;
      }
      expect(counters).toMatchObject({ sent: 3, resent: 3, acked: 3, pending: 0 });
      expect(deliveries.filter((d) => d.try === 2)).toHaveLength(3);
      expect(await second.stop()).toBe(0);
    } finally {
      participant.closeAllConnections();
      await new Promise<void>((r) => participant.close(() => r()));
    }
  });

  it('--client-ca needs --tls and a CA certificate', async () => {
    const noTls = await serve({ 'client-ca': join(work, 'none.pem') });
    expect(noTls.settled).toMatchObject({ err: { code: 'E_USAGE', message: '--client-ca works only with --tls' } });
    const missing = await serve({ tls: true, 'client-ca': join(work, 'none.pem') });
    expect(missing.settled).toMatchObject({ err: { code: 'E_USAGE', message: expect.stringContaining('--client-ca: cannot read a CA certificate') } });
  });
});
