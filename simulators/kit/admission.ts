// Admission by client certificate (mTLS; XCH-06, EIS-ACC-01): who may call a simulator's participant-facing port.
// The transport (simulators/transport/admission.ts) does what every simulator shares — a certificate presented, chained
// to the test CA, valid at the scenario's virtual instant, not revoked — and then asks the simulator's own rule whether
// this certificate may speak for the client the request claims to be. A simulator names its rule in its registry line
// (`admission`); one without a rule gets the default: the certificate's X-Road subsystem is the claimed one.
import type { ClientCertificate } from '../../core/pki.ts';
import { xroadIdOf } from '../../core/pki.ts';
import { problem } from '../../core/problem.ts';

export type AdmissionVerdict = { ok: true } | { ok: false; reason: string };

/**
 * A simulator's rule: may this certificate (already chained, valid and not revoked) speak for `claimed`, the client
 * the request names (undefined when it names none)? ЄІС МВС's rule asks its ОТД; Трембіта's compares subsystems.
 */
export type Admission = (cert: ClientCertificate, claimed: string | undefined) => AdmissionVerdict;

/** Why a request was refused, in a stable code (journal `data.code`, reports) and a sentence (English, journalled). */
export type RefusalCode = 'no-certificate' | 'unknown-certificate' | 'wrong-ca' | 'expired' | 'not-yet-valid' | 'revoked' | 'wrong-subsystem';

export interface Refusal {
  code: RefusalCode;
  reason: string;
  /** the requirement the refusal enforces: XCH-06 for the chain, the rule's own for the claim (EIS-ACC-01 for the ОТД) */
  requirement: string;
  /** the client the request claimed to be, when it named one */
  claimed?: string;
}

export interface AdmissionRule {
  /**
   * Who the request says it comes from (an X-Road client `instance/class/code/subsystem`), read from a clone so the
   * simulator still gets the whole request; undefined when it names no one (the simulator refuses that itself).
   */
  claimed(request: Request): Promise<string | undefined>;
  admit: Admission;
  /** the refusal in the simulator's own protocol (a SOAP fault, an X-Road REST error, problem+json) */
  refuse(request: Request, refusal: Refusal): Response;
  /** the requirement a refused claim breaks; default XCH-06 */
  requirement?: string;
}

/** Certificates chain to the (test) trusted CA: what every refusal but a rule's own enforces. */
export const CHAIN_REQUIREMENT = 'XCH-06';

/**
 * The default rule: the certificate's X-Road identifier (its xroad: URI) is the claimed client, exactly. A request
 * that claims no one is let through on the certificate alone.
 */
export const sameSubsystem: Admission = (cert, claimed) => {
  if (claimed === undefined) return { ok: true };
  const own = cert.subject ? xroadIdOf(cert.subject) : undefined;
  if (own === undefined) return { ok: false, reason: `the certificate binds no X-Road subsystem; the request claims ${claimed}` };
  if (own !== claimed) return { ok: false, reason: `the certificate is ${own}'s; the request claims ${claimed}` };
  return { ok: true };
};

/** The default rule in full: the X-Road-Client header names the claim, refusals are problem+json 403. */
export const DEFAULT_ADMISSION: AdmissionRule = {
  claimed: async (request) => request.headers.get('x-road-client')?.trim() || undefined,
  admit: sameSubsystem,
  refuse: (_request, refusal) =>
    problem({
      code: `client-certificate-${refusal.code}`,
      title: 'Client certificate refused',
      status: 403,
      detail: refusal.reason,
      hint: 'Present the certificate issued for your subsystem by the test CA (polihon pki issue; POLIHON_CLIENT_CERT in a run).',
    }),
};

/**
 * The refusal code of a failed chain check (core/pki.ts verifyChain says why in words; these are its sentences'
 * beginnings).
 */
export function chainRefusalCode(reason: string): RefusalCode {
  if (reason.startsWith('expired')) return 'expired';
  if (reason.startsWith('not yet valid')) return 'not-yet-valid';
  if (reason.startsWith('revoked')) return 'revoked';
  if (reason.startsWith('not issued by') || reason.startsWith('the test CA')) return 'wrong-ca';
  return 'unknown-certificate';
}
