// Who a login names: a user of a participant's Cabinet (created by registration from the questionnaire, or added by
// the harness) or the participant's applicant. A certificate names one by polihon's own rule (no public spec says
// how the real Cabinet identifies people): a test-PKI `user` certificate carrying the participant's ЄДРПОУ whose
// common name is the user's login (e-mail) or full name; a `participant` certificate — the one that signs the
// application — logs in the participant's applicant.
import type { ClientCertificate } from '../../../core/pki.ts';
import type { EisDeps } from '../deps.ts';
import type { Principal } from './sessions.ts';

type Found = { ok: true; principal: Principal } | { ok: false; code: 'unknown-user' | 'ambiguous-user'; reason: string };

/** A Cabinet user by login (e-mail, any case), in one participant or, unnamed, in the only one that has it. */
export function findUser(d: EisDeps, login: string, edrpou?: string): Found {
  const want = login.trim().toLowerCase();
  const hits = d.state
    .participants()
    .filter((p) => edrpou === undefined || p.edrpou === edrpou)
    .flatMap((p) => p.users.filter((u) => u.login.toLowerCase() === want).map((u) => ({ p, u })));
  if (hits.length === 0) return { ok: false, code: 'unknown-user', reason: `no user ${login}${edrpou ? ` in the Cabinet of ЄДРПОУ ${edrpou}` : ''} (users appear on registration)` };
  if (hits.length > 1) return { ok: false, code: 'ambiguous-user', reason: `${login} is a user of ${hits.map((h) => h.p.edrpou).join(', ')}: name the participant` };
  const { p, u } = hits[0]!;
  return { ok: true, principal: { kind: 'user', edrpou: p.edrpou, login: u.login, fullName: u.fullName, role: u.role } };
}

export type CertificateRefusal = 'no-certificate' | 'untrusted-certificate' | 'wrong-certificate-kind' | 'unknown-user';

/**
 * The principal a presented client certificate logs in: checked against the run's test CA at the virtual instant
 * (the transport checked it at real time only), else — no CA given — as the transport verified it.
 */
export function principalOfCertificate(d: EisDeps, cert: ClientCertificate): { ok: true; principal: Principal } | { ok: false; code: CertificateRefusal; reason: string } {
  if (!cert.certPem || !cert.subject) return { ok: false, code: 'no-certificate', reason: 'no client certificate' };
  if (d.pki) {
    const chain = d.pki.verifyChain(cert.certPem, d.now());
    if (!chain.ok) return { ok: false, code: 'untrusted-certificate', reason: chain.reason };
  } else if (cert.status !== 'verified') {
    return { ok: false, code: 'untrusted-certificate', reason: cert.error ?? 'the transport did not verify it' };
  }
  const s = cert.subject;
  if (!s.edrpou) return { ok: false, code: 'unknown-user', reason: 'the certificate carries no ЄДРПОУ' };
  if (s.kind === 'participant') return { ok: true, principal: { kind: 'applicant', edrpou: s.edrpou, login: `applicant:${s.edrpou}`, fullName: s.commonName, role: 'applicant' } };
  if (s.kind !== 'user') return { ok: false, code: 'wrong-certificate-kind', reason: `a ${s.kind ?? 'unmarked'} certificate` };
  const users = d.state.participant(s.edrpou)?.users ?? [];
  const cn = s.commonName.trim().toLowerCase();
  const u = users.find((x) => x.login.toLowerCase() === cn) ?? users.find((x) => x.fullName.trim().toLowerCase() === cn);
  if (!u) return { ok: false, code: 'unknown-user', reason: `no user named ${s.commonName} in the Cabinet of ЄДРПОУ ${s.edrpou}` };
  return { ok: true, principal: { kind: 'user', edrpou: s.edrpou, login: u.login, fullName: u.fullName, role: u.role } };
}
