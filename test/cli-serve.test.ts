// `polihon serve` as a developer runs it: simulators on loopback, health and clock answer, Ctrl-C stops cleanly.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
