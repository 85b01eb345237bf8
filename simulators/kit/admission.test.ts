// The default admission rule and how a chain check's sentence becomes a refusal code.
import { describe, expect, it } from 'vitest';
import { createTestPki, describeCertificate, type ClientCertificate } from '../../core/pki.ts';
import { T0 } from '../testing.ts';
import { chainRefusalCode, DEFAULT_ADMISSION, sameSubsystem } from './admission.ts';

describe('sameSubsystem', () => {
  it('admits the certificate of the claimed subsystem, or any certificate when nothing is claimed; refuses others, saying whose it is', async () => {
    const pki = await createTestPki({ now: T0 });
    const pair = await pki.issue({ kind: 'participant', commonName: 'x', edrpou: '04054866', subsystem: 'RTG_prod' });
    const member = await pki.issue({ kind: 'participant', commonName: 'm', edrpou: '04054866' });
    const user = await pki.issue({ kind: 'user', commonName: 'u' });
    const cert = (pem: string): ClientCertificate => ({ status: 'verified', certPem: pem, subject: describeCertificate(pem) });
    expect(sameSubsystem(cert(pair.certPem), 'SEVDEIR-TEST/GOV/04054866/RTG_prod')).toEqual({ ok: true });
    expect(sameSubsystem(cert(pair.certPem), undefined)).toEqual({ ok: true });
    expect(sameSubsystem(cert(pair.certPem), 'SEVDEIR-TEST/GOV/04054866/OTHER')).toEqual({ ok: false, reason: "the certificate is SEVDEIR-TEST/GOV/04054866/RTG_prod's; the request claims SEVDEIR-TEST/GOV/04054866/OTHER" });
    // a member-level certificate speaks for the member, not for one of its subsystems
    expect(sameSubsystem(cert(member.certPem), 'SEVDEIR-TEST/GOV/04054866/RTG_prod')).toMatchObject({ ok: false });
    expect(sameSubsystem(cert(user.certPem), 'SEVDEIR-TEST/GOV/04054866/RTG_prod')).toMatchObject({ ok: false, reason: expect.stringContaining('binds no X-Road subsystem') });
  });

  it('reads the claim from X-Road-Client, and refuses with problem+json naming the code', async () => {
    expect(await DEFAULT_ADMISSION.claimed(new Request('http://x/', { headers: { 'x-road-client': ' A/B/12345678/C ' } }))).toBe('A/B/12345678/C');
    expect(await DEFAULT_ADMISSION.claimed(new Request('http://x/'))).toBeUndefined();
    const res = DEFAULT_ADMISSION.refuse(new Request('http://x/'), { code: 'revoked', reason: 'revoked (serial 1)', requirement: 'XCH-06' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'client-certificate-revoked', detail: 'revoked (serial 1)' });
  });
});

describe('chainRefusalCode', () => {
  it.each([
    ['expired at 2026-01-01T00:00:00.000Z (checked at …)', 'expired'],
    ['not yet valid at …', 'not-yet-valid'],
    ['revoked (serial ab)', 'revoked'],
    ["not issued by the test CA 'x'", 'wrong-ca'],
    ['the test CA is not valid at …', 'wrong-ca'],
    ['not a certificate: …', 'unknown-certificate'],
  ] as const)('%s → %s', (reason, code) => expect(chainRefusalCode(reason)).toBe(code));
});
