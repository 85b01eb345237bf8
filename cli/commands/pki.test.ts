// `polihon pki`: issue, show and revoke against a test CA in a temporary workspace folder.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../core/errors.ts';
import { createTestPki, describeCertificate, sameKey } from '../../core/pki.ts';
import type { Args, Values } from '../main.ts';
import { createMemoryOutput } from '../output.ts';
import { loadOrCreatePki, readRevocations } from '../pki-cache.ts';
import { pkiCommand } from './pki.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;
const SUBSYSTEM = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

let work: string;
let pkiDir: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'polihon-pki-cmd-'));
  pkiDir = join(work, '.polihon', 'pki');
});
afterEach(() => rm(work, { recursive: true, force: true }));

const args = (positionals: string[], values: Values = {}): Args => ({ positionals, values, lang: 'en' });
async function pki(positionals: string[], values: Values = {}, now = NOW) {
  const out = createMemoryOutput();
  const code = await pkiCommand(args(positionals, values), out, pkiDir, now);
  return { code, text: out.out.join(''), err: out.err.join('') };
}

describe('polihon pki issue', () => {
  it('writes cert.pem, key.pem (owner only) and ca.pem for the subsystem, valid from the CA’s start for --days', async () => {
    const out = join(work, 'cert');
    const r = await pki(['issue'], { subsystem: SUBSYSTEM, days: '30', out });
    expect(r.code).toBe(EXIT.ok);
    expect(r.text).toContain(`issued a participant certificate for ${SUBSYSTEM}`);
    expect(r.text).toContain(`certificate: { cert: ${join(out, 'cert.pem')}, key: ${join(out, 'key.pem')} }`);
    const [cert, key, ca] = await Promise.all(['cert.pem', 'key.pem', 'ca.pem'].map((f) => readFile(join(out, f), 'utf8')));
    expect(sameKey(cert!, key!)).toBe(true);
    const s = describeCertificate(cert!);
    expect(s).toMatchObject({ kind: 'participant', edrpou: '04054866', instance: 'SEVDEIR-TEST', memberClass: 'GOV', subsystem: 'RTG_prod', commonName: SUBSYSTEM });
    expect(s.notAfter).toBe(NOW + 30 * DAY);
    expect(s.notBefore).toBe(describeCertificate(ca!).notBefore);
    const cached = await loadOrCreatePki(pkiDir, NOW);
    expect(ca).toBe(cached.pki.ca.certPem);
    expect(cached.pki.verifyChain(cert!, NOW).ok).toBe(true);
    if (process.platform !== 'win32') expect((await stat(join(out, 'key.pem'))).mode & 0o077).toBe(0);
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const out = join(work, 'cert');
    await pki(['issue'], { subsystem: SUBSYSTEM, out });
    const first = await readFile(join(out, 'cert.pem'), 'utf8');
    await expect(pki(['issue'], { subsystem: SUBSYSTEM, out })).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('cert.pem, key.pem, ca.pem') });
    expect(await readFile(join(out, 'cert.pem'), 'utf8')).toBe(first);
    expect((await pki(['issue'], { subsystem: SUBSYSTEM, out, force: true })).code).toBe(EXIT.ok);
    expect(await readFile(join(out, 'cert.pem'), 'utf8')).not.toBe(first);
  });

  it.each([
    ['no subsystem for a participant', { out: 'x' }, /needs --subsystem/],
    ['a subsystem that is not one', { subsystem: 'SEVDEIR-TEST/GOV/RTG_prod', out: 'x' }, /not an X-Road subsystem identifier/],
    ['a member code that is no ЄДРПОУ', { subsystem: 'SEVDEIR-TEST/GOV/123/RTG_prod', out: 'x' }, /not an X-Road subsystem identifier/],
    ['a bad kind', { kind: 'ca', subsystem: SUBSYSTEM, out: 'x' }, /--kind 'ca'/],
    ['bad days', { days: '0', subsystem: SUBSYSTEM, out: 'x' }, /--days '0'/],
    ['no --out', { subsystem: SUBSYSTEM }, /--out <dir>/],
  ] as const)('refuses %s (E_USAGE), writing nothing', async (_what, values, message) => {
    await expect(pki(['issue'], values as Values)).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(message) });
  });

  it('issues a user certificate without a subsystem', async () => {
    const out = join(work, 'user');
    expect((await pki(['issue'], { kind: 'user', name: 'Оператор', out })).code).toBe(EXIT.ok);
    expect(describeCertificate(await readFile(join(out, 'cert.pem'), 'utf8'))).toMatchObject({ kind: 'user', commonName: 'Оператор' });
  });
});

describe('polihon pki show and revoke', () => {
  it('shows who a certificate belongs to and that it chains; after revoke it does not, and the workspace CA knows', async () => {
    const out = join(work, 'cert');
    await pki(['issue'], { subsystem: SUBSYSTEM, out });
    const file = join(out, 'cert.pem');
    const shown = await pki(['show', file]);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.text).toContain(`ЄДРПОУ: 04054866; X-Road: ${SUBSYSTEM}`);
    expect(shown.text).toContain("chain: leads to the workspace's test CA");

    const revoked = await pki(['revoke', file]);
    expect(revoked.text).toContain(`revoked: ${SUBSYSTEM}`);
    expect((await pki(['issue'], { revoke: file })).text).toContain('already revoked');
    const after = await pki(['show', file]);
    expect(after.code).toBe(EXIT.conformanceFailures);
    expect(after.text).toContain('chain: not accepted — revoked');
    const cached = await loadOrCreatePki(pkiDir, NOW);
    expect(cached.pki.verifyChain(await readFile(file, 'utf8'), NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('revoked') });
    expect(await readRevocations(pkiDir, cached.pki.ca.certPem)).toHaveLength(1);
  });

  it('says a certificate of another CA does not chain, and will not put it on the list', async () => {
    const foreign = await (await createTestPki({ now: NOW })).issue({ kind: 'participant', commonName: 'x', edrpou: '04054866' });
    const file = join(work, 'foreign.pem');
    await writeFile(file, foreign.certPem);
    const shown = await pki(['show', file]);
    expect(shown.code).toBe(EXIT.conformanceFailures);
    expect(shown.text).toContain('not issued by the test CA');
    await expect(pki(['revoke', file])).rejects.toMatchObject({ code: 'E_USAGE' });
  });

  it('refuses what is not a certificate, and a verb it does not know', async () => {
    const file = join(work, 'junk.pem');
    await writeFile(file, 'not a certificate');
    await expect(pki(['show', file])).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('could not be read') });
    await expect(pki(['show', join(work, 'missing.pem')])).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(pki(['frobnicate'])).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
