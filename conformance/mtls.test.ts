// What an mTLS run prepares: the run's certificates as files, the participant's env, the profile's own pair checked.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestPki, describeCertificate } from '../core/pki.ts';
import { mtlsWanted, prepareMtls } from './mtls.ts';
import { parseProfile, type SutProfile } from './sut-profile.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const YAML = (extra: string) =>
  `name: p\nversion: "1"\nroles: [trembita-consumer]\nendpoints: { driver: "http://127.0.0.1:1/driver" }\nlaunch: { url: "http://127.0.0.1:1" }\n${extra}`;

describe('the profile field certificate', () => {
  it('takes issue or { cert, key }, and nothing else', () => {
    expect(parseProfile(YAML('certificate: issue\n'), 'p.yaml').certificate).toBe('issue');
    expect(parseProfile(YAML('certificate: { cert: a.pem, key: b.pem }\n'), 'p.yaml').certificate).toEqual({ cert: 'a.pem', key: 'b.pem' });
    expect(() => parseProfile(YAML('certificate: yes\n'), 'p.yaml')).toThrow(expect.objectContaining({ code: 'E_PROFILE_INVALID' }));
    expect(() => parseProfile(YAML('certificate: { cert: a.pem }\n'), 'p.yaml')).toThrow(expect.objectContaining({ code: 'E_PROFILE_INVALID' }));
    expect(mtlsWanted(parseProfile(YAML(''), 'p.yaml'), undefined)).toBe(false);
    expect(mtlsWanted(parseProfile(YAML(''), 'p.yaml'), true)).toBe(true);
    expect(mtlsWanted(parseProfile(YAML('certificate: issue\n'), 'p.yaml'), false)).toBe(true);
  });
});

describe('prepareMtls', () => {
  const profile = (certificate: SutProfile['certificate'], file = '/x/p.yaml'): SutProfile => ({
    ...parseProfile(YAML(''), file),
    identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678', subsystem: 'MY_prod' },
    ...(certificate ? { certificate } : {}),
  });

  it('issues the participant a certificate for its identity, writes it with the CA, and says where in the env', async () => {
    const pki = await createTestPki({ now: NOW });
    const dir = await mkdtemp(join(tmpdir(), 'polihon-mtls-unit-'));
    const m = await prepareMtls(profile('issue'), { pki, dir }, NOW);
    expect(m.env).toEqual({ POLIHON_CLIENT_CERT: join(dir, 'cert.pem'), POLIHON_CLIENT_KEY: join(dir, 'key.pem'), POLIHON_CA: join(dir, 'ca.pem') });
    const cert = await readFile(m.env.POLIHON_CLIENT_CERT!, 'utf8');
    expect(describeCertificate(cert)).toMatchObject({ kind: 'participant', edrpou: '12345678', subsystem: 'MY_prod', instance: 'SEVDEIR-TEST' });
    expect(pki.verifyChain(cert, NOW).ok).toBe(true);
    expect(await readFile(m.env.POLIHON_CA!, 'utf8')).toBe(pki.ca.certPem);
    if (process.platform !== 'win32') expect((await stat(m.env.POLIHON_CLIENT_KEY!)).mode & 0o077).toBe(0);
    expect(m.tls).toMatchObject({ requestClientCert: true, rejectUnauthorized: false, caPem: pki.ca.certPem });
    expect(describeCertificate(m.tls.certPem)).toMatchObject({ kind: 'security-server', ipAddresses: expect.arrayContaining(['127.0.0.1']) });
  });

  it('uses the profile’s own pair, relative to the profile, and refuses a missing file or a key of another certificate', async () => {
    const pki = await createTestPki({ now: NOW });
    const dir = await mkdtemp(join(tmpdir(), 'polihon-mtls-unit-'));
    const a = await pki.issue({ kind: 'participant', commonName: 'a', edrpou: '12345678', subsystem: 'MY_prod' });
    const b = await pki.issue({ kind: 'participant', commonName: 'b', edrpou: '12345678', subsystem: 'MY_prod' });
    await writeFile(join(dir, 'a.pem'), a.certPem);
    await writeFile(join(dir, 'a.key'), a.keyPem);
    await writeFile(join(dir, 'b.key'), b.keyPem);
    const file = join(dir, 'polihon.sut.yaml');
    const m = await prepareMtls(profile({ cert: 'a.pem', key: 'a.key' }, file), { pki, dir }, NOW);
    // the SHA-256 of its DER names it where an ОТД binds it (ЄІС МВС's `enrolled`)
    expect(m.certificate).toEqual({ source: 'profile', certPath: join(dir, 'a.pem'), sha256: createHash('sha256').update(new X509Certificate(a.certPem).raw).digest('hex') });
    expect(m.env.POLIHON_CLIENT_KEY).toBe(join(dir, 'a.key'));
    await expect(prepareMtls(profile({ cert: 'a.pem', key: 'b.key' }, file), { pki, dir }, NOW)).rejects.toMatchObject({ code: 'E_PROFILE_INVALID', message: expect.stringContaining('is not the key of the certificate') });
    await expect(prepareMtls(profile({ cert: 'none.pem', key: 'a.key' }, file), { pki, dir }, NOW)).rejects.toMatchObject({ code: 'E_PROFILE_INVALID', message: expect.stringContaining('ENOENT') });
    await expect(prepareMtls(profile({ cert: 'a.key', key: 'a.key' }, file), { pki, dir }, NOW)).rejects.toMatchObject({ code: 'E_PROFILE_INVALID', message: expect.stringContaining('not usable') });
  });
});
