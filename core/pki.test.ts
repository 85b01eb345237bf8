import { createPrivateKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_CERT_HEADERS,
  clientCertificateHeaders,
  clientCertificateOf,
  createTestPki,
  derToPem,
  describeCertificate,
  loadTestPki,
  sameKey,
  signDetached,
  verifyDetached,
  type PemPair,
  type TestPki,
} from './pki.ts';

const NOW = Date.parse('2026-03-10T08:00:00.000Z');
const DAY = 86_400_000;

let pki: TestPki;
let participant: PemPair;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  participant = await pki.issue({ kind: 'participant', commonName: 'МВС України', edrpou: '00032684', subsystem: 'MIA_prod' });
});

describe('createTestPki', () => {
  it('makes a CA valid from five years before now to ten years after, marked as a CA', () => {
    const ca = describeCertificate(pki.ca.certPem);
    expect(ca).toMatchObject({ commonName: 'Polihon Test CA', kind: 'ca' });
    expect(ca.notBefore).toBe(Math.floor((NOW - 5 * 365 * DAY) / 1000) * 1000);
    expect(ca.notAfter).toBe(Math.floor((NOW + 10 * 365 * DAY) / 1000) * 1000);
    expect(new X509Certificate(pki.ca.certPem).ca).toBe(true);
    expect(pki.ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(sameKey(pki.ca.certPem, pki.ca.keyPem)).toBe(true);
  });

  it('takes a name and a validity window', async () => {
    const other = await createTestPki({ now: NOW, name: 'Інший CA', notBefore: NOW, notAfter: NOW + DAY });
    expect(describeCertificate(other.ca.certPem)).toMatchObject({ commonName: 'Інший CA', notBefore: NOW, notAfter: NOW + DAY });
    await expect(createTestPki({ now: NOW, notBefore: NOW, notAfter: NOW })).rejects.toThrow(/must be after notBefore/);
  });
});

describe('issue and describeCertificate', () => {
  it('binds a participant to its ЄДРПОУ and subsystem and reads them back', () => {
    const s = describeCertificate(participant.certPem);
    expect(s).toMatchObject({
      kind: 'participant',
      commonName: 'МВС України',
      edrpou: '00032684',
      subsystem: 'MIA_prod',
      instance: 'SEVDEIR-TEST',
      memberClass: 'GOV',
      dnsNames: [],
      ipAddresses: [],
    });
    expect(s.serial).toMatch(/^[0-9a-f]{32}$/);
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    // as Node (OpenSSL) sees it: organizationIdentifier NTRUA-<ЄДРПОУ> and the xroad: URI
    const node = new X509Certificate(participant.certPem);
    expect(node.subject).toContain('organizationIdentifier=NTRUA-00032684');
    expect(node.subjectAltName).toBe('URI:xroad:SEVDEIR-TEST/GOV/00032684/MIA_prod');
    expect(node.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(node.checkPrivateKey(createPrivateKey(participant.keyPem))).toBe(true);
  });

  it('gives a security server its loopback names and server+client TLS usage', async () => {
    const ss = await pki.issue({ kind: 'security-server', commonName: 'ss1.polihon.test', edrpou: '43395033' });
    expect(describeCertificate(ss.certPem)).toMatchObject({
      kind: 'security-server',
      commonName: 'ss1.polihon.test',
      edrpou: '43395033',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
    expect(describeCertificate(ss.certPem).subsystem).toBeUndefined();
    const node = new X509Certificate(ss.certPem);
    expect(node.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(node.checkHost('localhost')).toBe('localhost');
    expect(node.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    const custom = await pki.issue({ kind: 'security-server', commonName: 'ss2', dnsNames: ['ss2.polihon.test'], ipAddresses: ['10.0.0.2'] });
    expect(describeCertificate(custom.certPem)).toMatchObject({ dnsNames: ['ss2.polihon.test'], ipAddresses: ['10.0.0.2'] });
    expect(describeCertificate(custom.certPem).edrpou).toBeUndefined();
  });

  it('issues user certificates, with an employer ЄДРПОУ when given', async () => {
    const user = await pki.issue({ kind: 'user', commonName: 'Шевченко Олена Петрівна' });
    expect(describeCertificate(user.certPem)).toMatchObject({ kind: 'user', commonName: 'Шевченко Олена Петрівна' });
    expect(describeCertificate(user.certPem).edrpou).toBeUndefined();
    const official = await pki.issue({ kind: 'user', commonName: 'Коваль Іван', edrpou: '00032684', instance: 'SEVDEIR' });
    expect(describeCertificate(official.certPem)).toMatchObject({ kind: 'user', edrpou: '00032684', instance: 'SEVDEIR' });
  });

  it('takes explicit validity and gives every certificate its own serial', async () => {
    const a = await pki.issue({ kind: 'participant', commonName: 'A', edrpou: '00032684', notBefore: NOW, notAfter: NOW + 30 * DAY });
    const b = await pki.issue({ kind: 'participant', commonName: 'A', edrpou: '00032684' });
    expect(describeCertificate(a.certPem)).toMatchObject({ notBefore: NOW, notAfter: NOW + 30 * DAY });
    expect(describeCertificate(b.certPem).notAfter).toBe(describeCertificate(pki.ca.certPem).notAfter);
    expect(describeCertificate(a.certPem).serial).not.toBe(describeCertificate(b.certPem).serial);
  });

  it('refuses what it cannot bind', async () => {
    await expect(pki.issue({ kind: 'participant', commonName: 'X' })).rejects.toThrow(/needs the ЄДРПОУ/);
    await expect(pki.issue({ kind: 'participant', commonName: 'X', edrpou: '32684' })).rejects.toThrow(/8 digits/);
    await expect(pki.issue({ kind: 'participant', commonName: 'X', edrpou: '00032684', subsystem: 'A/B' })).rejects.toThrow(/subsystem/);
    await expect(pki.issue({ kind: 'user', commonName: 'X', subsystem: 'A' })).rejects.toThrow(/give edrpou/);
    await expect(pki.issue({ kind: 'user', commonName: ' ' })).rejects.toThrow(/commonName/);
    await expect(pki.issue({ kind: 'ca' as 'user', commonName: 'X' })).rejects.toThrow(/kind/);
    await expect(pki.issue({ kind: 'user', commonName: 'X', notBefore: NOW, notAfter: NOW - 1 })).rejects.toThrow(/after notBefore/);
  });

  it('throws on text that is not a certificate', () => {
    expect(() => describeCertificate('hello')).toThrow();
  });
});

describe('verifyChain', () => {
  it('accepts each kind from this CA and returns the subject', async () => {
    for (const opts of [
      { kind: 'security-server', commonName: 'ss' },
      { kind: 'participant', commonName: 'p', edrpou: '43395033', subsystem: 'DIIA' },
      { kind: 'user', commonName: 'u' },
    ] as const) {
      const pair = await pki.issue(opts);
      const r = pki.verifyChain(pair.certPem, NOW);
      expect(r).toEqual({ ok: true, subject: describeCertificate(pair.certPem) });
    }
  });

  it('says expired, and not yet valid, at the given instant', async () => {
    const pair = await pki.issue({ kind: 'participant', commonName: 'p', edrpou: '00032684', notBefore: NOW, notAfter: NOW + DAY });
    expect(pki.verifyChain(pair.certPem, NOW + DAY / 2).ok).toBe(true);
    expect(pki.verifyChain(pair.certPem, NOW + 2 * DAY)).toEqual({ ok: false, reason: expect.stringMatching(/^expired at 2026-03-11T08:00:00\.000Z/) });
    expect(pki.verifyChain(pair.certPem, NOW - 1)).toEqual({ ok: false, reason: expect.stringMatching(/^not yet valid/) });
  });

  it('checks the CA’s own validity too', async () => {
    const caEnd = describeCertificate(pki.ca.certPem).notAfter;
    const outliving = await pki.issue({ kind: 'user', commonName: 'u', notAfter: caEnd + 365 * DAY });
    expect(pki.verifyChain(outliving.certPem, caEnd + DAY)).toEqual({ ok: false, reason: expect.stringMatching(/^the test CA is not valid at/) });
  });

  it('refuses a certificate of another CA, naming both', async () => {
    const other = await createTestPki({ now: NOW, name: 'Foreign CA' });
    const foreign = await other.issue({ kind: 'participant', commonName: 'p', edrpou: '00032684' });
    const r = pki.verifyChain(foreign.certPem, NOW);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('not issued by the test CA') });
    expect(!r.ok && r.reason).toContain('Foreign CA');
    // same subject name as ours, other key: the signature decides
    const twin = await createTestPki({ now: NOW });
    expect(pki.verifyChain((await twin.issue({ kind: 'user', commonName: 'u' })).certPem, NOW).ok).toBe(false);
  });

  it('refuses a revoked certificate and only that one', async () => {
    const a = await pki.issue({ kind: 'participant', commonName: 'a', edrpou: '00032684' });
    const b = await pki.issue({ kind: 'participant', commonName: 'b', edrpou: '00032684' });
    pki.revoke(a.certPem);
    expect(pki.verifyChain(a.certPem, NOW)).toEqual({ ok: false, reason: `revoked (serial ${describeCertificate(a.certPem).serial})` });
    expect(pki.verifyChain(b.certPem, NOW).ok).toBe(true);
  });

  it('says what is wrong with text that is not a certificate', () => {
    expect(pki.verifyChain('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a certificate/) });
  });
});

describe('loadTestPki', () => {
  it('goes on issuing from a cached CA; the original verifies what it issues', async () => {
    const again = await loadTestPki({ certPem: pki.ca.certPem, keyPem: pki.ca.keyPem });
    const pair = await again.issue({ kind: 'participant', commonName: 'p', edrpou: '00032684', subsystem: 'S' });
    expect(pki.verifyChain(pair.certPem, NOW).ok).toBe(true);
    expect(again.verifyChain(participant.certPem, NOW).ok).toBe(true);
    expect(again.ca.certPem).toBe(pki.ca.certPem);
  });

  it('refuses a key that is not the CA’s, and a certificate that is no CA', async () => {
    const other = await createTestPki({ now: NOW });
    await expect(loadTestPki({ certPem: pki.ca.certPem, keyPem: other.ca.keyPem })).rejects.toThrow(/does not belong/);
    await expect(loadTestPki(participant)).rejects.toThrow(/not a CA/);
  });
});

describe('signDetached / verifyDetached', () => {
  it('signs with ECDSA P-256 SHA-256 as 64-byte r‖s, and verifies with the certificate', async () => {
    const sig = await signDetached(participant.keyPem, 'Заява про приєднання');
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(await verifyDetached(participant.certPem, 'Заява про приєднання', sig)).toBe(true);
    expect(await verifyDetached(participant.certPem, new TextEncoder().encode('Заява про приєднання'), sig)).toBe(true);
  });

  it('detects a changed text, a changed signature and the wrong signer', async () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const sig = await signDetached(participant.keyPem, data);
    expect(await verifyDetached(participant.certPem, new Uint8Array([1, 2, 3, 5]), sig)).toBe(false);
    const bytes = Buffer.from(sig, 'base64');
    bytes[10] = (bytes[10] as number) ^ 0x01;
    expect(await verifyDetached(participant.certPem, data, bytes.toString('base64'))).toBe(false);
    expect(await verifyDetached(participant.certPem, data, 'not base64!')).toBe(false);
    expect(await verifyDetached(participant.certPem, data, '')).toBe(false);
    const other = await pki.issue({ kind: 'user', commonName: 'u' });
    expect(await verifyDetached(other.certPem, data, sig)).toBe(false);
  });

  it('also speaks the DER form', async () => {
    const der = await signDetached(participant.keyPem, 'x', 'der');
    expect(Buffer.from(der, 'base64')[0]).toBe(0x30);
    expect(await verifyDetached(participant.certPem, 'x', der, 'der')).toBe(true);
    expect(await verifyDetached(participant.certPem, 'x', der)).toBe(false);
  });
});

describe('client certificate headers', () => {
  it('carry a verified certificate to the simulator, Cyrillic names included, as ASCII', () => {
    const headers = new Headers(clientCertificateHeaders(participant.certPem, true));
    for (const v of headers.values()) expect(v).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(headers.get(CLIENT_CERT_HEADERS.subject)!)).toEqual(describeCertificate(participant.certPem));
    expect(clientCertificateOf(headers)).toEqual({ status: 'verified', certPem: participant.certPem, subject: describeCertificate(participant.certPem) });
  });

  it('say unverified with the reason, or none', () => {
    const h = new Headers(clientCertificateHeaders(participant.certPem, false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'));
    expect(clientCertificateOf(h)).toMatchObject({ status: 'unverified', error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', subject: { edrpou: '00032684' } });
    expect(clientCertificateOf(new Headers(clientCertificateHeaders(undefined, false)))).toEqual({ status: 'none' });
    expect(clientCertificateOf(new Headers())).toEqual({ status: 'none' });
    // a status without a certificate, or a certificate that does not parse, is none
    expect(clientCertificateOf(new Headers({ [CLIENT_CERT_HEADERS.status]: 'verified' }))).toEqual({ status: 'none' });
    expect(clientCertificateOf(new Headers({ [CLIENT_CERT_HEADERS.status]: 'verified', [CLIENT_CERT_HEADERS.pem]: 'junk' }))).toEqual({ status: 'none' });
  });

  it('derToPem gives back the PEM of a DER certificate', () => {
    expect(derToPem(new X509Certificate(participant.certPem).raw)).toBe(participant.certPem);
  });
});
