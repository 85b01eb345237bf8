// The check of a signed document (an application, a rework, an ОТД): the detached signature is a test-PKI participant
// certificate's — standing in for a qualified electronic signature — over the document's canonical JSON, the
// certificate chains to the run's test CA at the virtual instant, and it carries the ЄДРПОУ the document names. Each
// refusal says which field (JSON pointer) is wrong and why.
import { describeCertificate, verifyDetached, type CertSubject, type TestPki } from '../../core/pki.ts';
import { sha256 } from '../../core/journal.ts';
import { signingInput } from './public.ts';

export type SignatureRefusalCode = 'missing-signature' | 'invalid-certificate' | 'untrusted-certificate' | 'wrong-certificate-kind' | 'bad-signature' | 'edrpou-mismatch';

export type SignatureCheck =
  | { ok: true; signer: CertSubject; documentHash: string; chain: 'checked' | 'unchecked' }
  | { ok: false; code: SignatureRefusalCode; field: string; detail: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks `signature` (the body's `signature` member) over `document`, signed by a participant certificate of ЄДРПОУ
 * `edrpou`. Without `pki` the chain cannot be checked (said in the result: a conformance run always gives the CA).
 */
export async function checkSignature(document: unknown, signature: unknown, edrpou: string, pki: TestPki | undefined, now: number): Promise<SignatureCheck> {
  if (!isObject(signature)) return { ok: false, code: 'missing-signature', field: '/signature', detail: 'the body has no signature object {certificate, value}' };
  const { certificate, value } = signature;
  if (typeof certificate !== 'string' || certificate.trim() === '') {
    return { ok: false, code: 'missing-signature', field: '/signature/certificate', detail: 'the signing certificate (PEM) is missing' };
  }
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, code: 'missing-signature', field: '/signature/value', detail: 'the signature value (base64) is missing' };
  let signer: CertSubject;
  try {
    signer = describeCertificate(certificate);
  } catch (err) {
    return { ok: false, code: 'invalid-certificate', field: '/signature/certificate', detail: `not a PEM certificate: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (pki) {
    const chain = pki.verifyChain(certificate, now);
    if (!chain.ok) return { ok: false, code: 'untrusted-certificate', field: '/signature/certificate', detail: chain.reason };
  }
  if (signer.kind !== 'participant') {
    return { ok: false, code: 'wrong-certificate-kind', field: '/signature/certificate', detail: `'${signer.commonName}' is a ${signer.kind ?? 'unmarked'} certificate; sign with a participant certificate` };
  }
  const input = signingInput(document);
  if (!(await verifyDetached(certificate, input, value))) {
    return {
      ok: false,
      code: 'bad-signature',
      field: '/signature/value',
      detail: `the signature does not verify with the certificate's key over the document's canonical JSON (RFC 8785, ${Buffer.byteLength(input)} bytes)`,
    };
  }
  if (signer.edrpou !== edrpou) {
    return { ok: false, code: 'edrpou-mismatch', field: '/signature/certificate', detail: `the certificate is of ЄДРПОУ ${signer.edrpou ?? '(none)'}, the document names ${edrpou}` };
  }
  return { ok: true, signer, documentHash: sha256(input), chain: pki ? 'checked' : 'unchecked' };
}
