import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki, describeCertificate } from '../core/pki.ts';
import { createTlsFetch } from '../simulators/transport/tls.ts';
import { serveCommand } from './commands/serve.ts';
import type { Args } from './main.ts';
import { createMemoryOutput } from './output.ts';
import { loadOrCreatePki } from './pki-cache.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const YEAR = 365 * 86_400_000;
const posix = process.platform !== 'win32';

let work: string;
let dir: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'polihon-pki-'));
  dir = join(work, '.polihon', 'pki');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('loadOrCreatePki', () => {
  it('makes the CA once, keeps the key owner-only, and reuses it after', async () => {
    const first = await loadOrCreatePki(dir, NOW);
    expect(first).toMatchObject({ state: 'created', dir, caCertPath: join(dir, 'ca.pem'), caKeyPath: join(dir, 'ca.key') });
    expect(first.message).toContain(join(dir, 'ca.pem'));
    expect(await readFile(first.caCertPath, 'utf8')).toBe(first.pki.ca.certPem);
    expect(await readFile(first.caKeyPath, 'utf8')).toBe(first.pki.ca.keyPem);
    if (posix) {
      expect((await stat(first.caKeyPath)).mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o077).toBe(0);
    }

    const again = await loadOrCreatePki(dir, NOW + YEAR);
    expect(again.state).toBe('reused');
    expect(again.message).toBeUndefined();
    expect(again.pki.ca.certPem).toBe(first.pki.ca.certPem);
    // what the reused CA issues chains to the first one's certificate
    const cert = await again.pki.issue({ kind: 'participant', commonName: 'p', edrpou: '00032684' });
    expect(first.pki.verifyChain(cert.certPem, NOW).ok).toBe(true);
  });

  it('makes a new CA, saying why, when the cached one has expired or is about to', async () => {
    const first = await loadOrCreatePki(dir, NOW);
    const end = describeCertificate(first.pki.ca.certPem).notAfter;
    const later = await loadOrCreatePki(dir, end + 1);
    expect(later.state).toBe('regenerated');
    expect(later.message).toMatch(/because it expired on \d{4}-\d\d-\d\dT/);
    expect(later.message).toContain('must load');
    expect(later.pki.ca.certPem).not.toBe(first.pki.ca.certPem);
    expect(await readFile(later.caCertPath, 'utf8')).toBe(later.pki.ca.certPem);
    expect(describeCertificate(later.pki.ca.certPem).notAfter).toBeGreaterThan(end);

    const laterEnd = describeCertificate(later.pki.ca.certPem).notAfter;
    expect((await loadOrCreatePki(dir, laterEnd - 3_600_000)).message).toMatch(/because it expires on/);
  });

  it('makes a new CA, saying why, when the cached one is unreadable, half there or not matching', async () => {
    await loadOrCreatePki(dir, NOW);
    await writeFile(join(dir, 'ca.pem'), 'not a certificate');
    const garbled = await loadOrCreatePki(dir, NOW);
    expect(garbled).toMatchObject({ state: 'regenerated', message: expect.stringContaining('because it is unusable') });

    await rm(join(dir, 'ca.key'));
    const half = await loadOrCreatePki(dir, NOW);
    expect(half).toMatchObject({ state: 'regenerated', message: expect.stringContaining('ca.key is missing') });

    const foreign = await createTestPki({ now: NOW });
    await writeFile(join(dir, 'ca.key'), foreign.ca.keyPem);
    const mismatched = await loadOrCreatePki(dir, NOW);
    expect(mismatched).toMatchObject({ state: 'regenerated', message: expect.stringContaining('does not belong') });
    expect((await loadOrCreatePki(dir, NOW)).state).toBe('reused');
  });

  it.runIf(posix)('tightens a cached key left readable by others', async () => {
    const first = await loadOrCreatePki(dir, NOW);
    await chmod(first.caKeyPath, 0o644);
    expect((await loadOrCreatePki(dir, NOW)).state).toBe('reused');
    expect((await stat(first.caKeyPath)).mode & 0o777).toBe(0o600);
  });

  it('says where it could not write', async () => {
    // a file where the directory should be: fails for root too
    await writeFile(join(work, 'blocked'), '');
    const target = join(work, 'blocked', 'pki');
    await expect(loadOrCreatePki(target, NOW)).rejects.toMatchObject({ code: 'E_INTERNAL', message: expect.stringContaining(`could not write the test CA to ${target}`) });
  });
});

describe('polihon serve --tls', () => {
  it('serves HTTPS with a security-server certificate of the cached CA and says where ca.pem is', async () => {
    const out = createMemoryOutput();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const args = { values: { tls: true, port: '0', start: '2026-03-10T08:00:00Z' }, positionals: ['hromada'] } as unknown as Args;
    const running = serveCommand(args, out, stopped, dir);
    while (!out.out.join('').includes('Ctrl-C')) {
      if (out.err.some((e) => e.startsWith('E_'))) throw new Error(out.err.join(''));
      await new Promise((r) => setTimeout(r, 10));
    }
    const text = out.out.join('');
    const url = /hromada\s+(https:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const caCertPath = join(dir, 'ca.pem');
    expect(text).toContain(`TLS: trust the test CA ${caCertPath}`);
    expect(out.err.join('')).toContain('made a test CA for this workspace');
    const ca = await readFile(caCertPath, 'utf8');
    const res = await createTlsFetch({ caPem: ca })(`${url}/__polihon/health`);
    expect(await res.json()).toEqual({ ok: true, simulator: 'hromada' });
    stop();
    expect(await running).toBe(0);
    expect((await loadOrCreatePki(dir, Date.now())).state).toBe('reused');
  });
});
