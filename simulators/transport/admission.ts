// The mTLS admission check on the simulators' participant-facing ports (simulators/kit/admission.ts says what a rule
// is). Node's TLS asks every caller for a certificate but lets the handshake through whatever it presents
// (rejectUnauthorized false), so that a refusal can say why, in the protocol's own form, and be journalled: a failed
// handshake says nothing to a participant's developer. Node has checked proof of possession of the key; the chain,
// the validity and revocation are judged here at the scenario's virtual instant (the run's clock), not at the real one
// — a certificate is as valid as it is on the day the scenario plays.
import { X509Certificate } from 'node:crypto';
import type { Journal, JournalEntry } from '../../core/journal.ts';
import { clientCertificateOf, xroadIdOf, type ChainCheck } from '../../core/pki.ts';
import { CHAIN_REQUIREMENT, chainRefusalCode, DEFAULT_ADMISSION, type AdmissionRule, type Refusal } from '../kit/admission.ts';
import { controlPathOf } from './control-port.ts';

/** The journal's `service` of a refused admission. */
export const ADMISSION_SERVICE = 'polihon.admission';

export interface AdmissionOptions {
  /** the chain check at the virtual instant: `(pem) => pki.verifyChain(pem, clock.now())` */
  verify: (certPem: string) => ChainCheck;
  /** each simulator's rule, by name; a simulator without one gets DEFAULT_ADMISSION */
  rules?: Readonly<Record<string, AdmissionRule | undefined>>;
  /** told of every refusal, after it is journalled (the runner puts them in the report) */
  onRefused?: (refused: AdmissionRefused) => void;
  /**
   * The paths of a simulator's pages for people (its registry line's `web`: Дія's phone, the ЄІС МВС Cabinet): a
   * person's browser presents no system's certificate, so they are not judged here — the system-to-system channel is.
   */
  forPeople?: (simulator: string, path: string) => boolean;
}

export interface AdmissionRefused extends Refusal {
  simulator: string;
  method: string;
  path: string;
  /** the journal entry that records it */
  entry: JournalEntry;
}

/**
 * A check for the participant's ports: undefined lets the request through; otherwise the simulator's refusal,
 * journalled (from 'participant', service polihon.admission, outcome 'refused', data: code, reason, claimed, the
 * certificate's identity). The control paths a participant may read (clock, health) are not exchanges and pass, and
 * so do the pages for people (`forPeople`).
 */
export function createAdmissionGuard(journal: Journal, options: AdmissionOptions): (simulator: string, request: Request) => Promise<Response | undefined> {
  return async (simulator, request) => {
    if (controlPathOf(request) !== undefined) return undefined;
    if (options.forPeople?.(simulator, new URL(request.url).pathname)) return undefined;
    const rule = options.rules?.[simulator] ?? DEFAULT_ADMISSION;
    const cert = clientCertificateOf(request.headers);
    let claimed: string | undefined;
    try {
      claimed = await rule.claimed(request.clone());
    } catch {
      // a body the rule cannot read names no one: the simulator refuses it in its own words
      claimed = undefined;
    }
    const refusal = judge(cert.certPem, claimed, options, rule, cert);
    if (!refusal) return undefined;
    const path = new URL(request.url).pathname.slice(0, 200);
    const entry = journal.append({
      kind: 'event',
      channel: 'control',
      from: 'participant',
      to: simulator,
      service: ADMISSION_SERVICE,
      method: request.method,
      path,
      status: 403,
      outcome: 'refused',
      data: {
        code: refusal.code,
        reason: refusal.reason,
        requirement: refusal.requirement,
        ...(claimed !== undefined ? { claimed } : {}),
        ...(cert.subject ? { certificate: { id: xroadIdOf(cert.subject) ?? null, commonName: cert.subject.commonName, serial: cert.subject.serial, sha256: cert.subject.sha256 } } : {}),
      },
    });
    options.onRefused?.({ ...refusal, simulator, method: request.method, path, entry });
    return rule.refuse(request, refusal);
  };
}

function judge(certPem: string | undefined, claimed: string | undefined, options: AdmissionOptions, rule: AdmissionRule, cert: ReturnType<typeof clientCertificateOf>): Refusal | undefined {
  const withClaim = (r: Omit<Refusal, 'claimed' | 'requirement'>, requirement = CHAIN_REQUIREMENT): Refusal => ({ ...r, requirement, ...(claimed !== undefined ? { claimed } : {}) });
  if (!certPem) return withClaim({ code: 'no-certificate', reason: `no client certificate was presented${claimed ? ` for ${claimed}` : ''}` });
  if (selfSigned(certPem)) return withClaim({ code: 'unknown-certificate', reason: 'the client certificate is self-signed: no CA vouches for it' });
  const chain = options.verify(certPem);
  if (!chain.ok) return withClaim({ code: chainRefusalCode(chain.reason), reason: `client certificate refused: ${chain.reason}` });
  const verdict = rule.admit(cert, claimed);
  return verdict.ok ? undefined : withClaim({ code: 'wrong-subsystem', reason: verdict.reason }, rule.requirement);
}

function selfSigned(pem: string): boolean {
  try {
    const cert = new X509Certificate(pem);
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/**
 * `forPeople` from each simulator's `web` paths as its registry line writes them ('/phone/{presentationId}',
 * '/cabinet/'): a `{name}` is one path segment; a path is matched with whatever lies below it.
 * Example: pagesForPeople({ diia: ['/phone/{presentationId}'] })('diia', '/phone/p1/camera') -> true
 */
export function pagesForPeople(web: Readonly<Record<string, readonly string[]>>): (simulator: string, path: string) => boolean {
  const patterns = new Map(
    Object.entries(web).map(([name, paths]) => [
      name,
      paths.map((p) => new RegExp(`^${p.replace(/\/+$/, '').split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}(?:/|$)`)),
    ]),
  );
  return (simulator, path) => patterns.get(simulator)?.some((re) => re.test(path)) ?? false;
}
