// What the Дія simulator publishes to the rest of polihon besides its registry line (entry.ts): its address on
// Трембіта, the wire shapes of its answers and the identifier's forms. Everything else in this folder is Дія's own;
// the linter refuses an import of it from outside (docs/decisions/0001-layout-and-dependency-rule.md).
//
// The contract is polihon's own reference contract, not an official one: no technical specification of the civil
// servant's е-Посвідчення is public (simulators/diia/README.md).

/** Дія's subsystem on Трембіта's test instance (simulators/trembita/registry.yaml). */
export const DIIA_XROAD_CLIENT = 'SEVDEIR-TEST/GOV/43395033/DIIA_prod';

/** Service codes on Трембіта: Дія's own two, and the participant's two that Дія calls. */
export const DIIA_XROAD_SERVICES = {
  /** REST (OPENAPI), provider Дія, path /diia/v1 */
  verification: 'ECredentialVerification_v1',
  /** SOAP, provider Дія, path /diia/soap; version v1 */
  soap: 'VerifyECredential',
  soapVersion: 'v1',
  /** REST, provider the participant (hr-system role) */
  hr: 'HrPersonnelRecords_v1',
  /** REST, provider the participant (copy-recipient role) */
  copies: 'ECredentialCopies_v1',
} as const;

/** The SOAP messages' namespace (VerifyECredential/v1). */
export const DIIA_SOAP_NAMESPACE = 'http://diia.polihon.test/trembita/api/VerifyECredential';

/** Services as the journal names them (and as faults are injected by). */
export const DIIA_SERVICES = {
  verify: 'diia.verify',
  resolve: 'diia.code.resolve',
  copyRequest: 'diia.copy.request',
  hrFetch: 'diia.hr.fetch',
  copyDeliver: 'diia.copy.deliver',
  present: 'diia.present',
} as const;

/** The document type of an е-Посвідчення in QR links and in `documentType`. */
export const E_CREDENTIAL_TYPE = 'e-credential';
/** The credential's title as the app shows it, unless the HR record names another. */
export const E_CREDENTIAL_TITLE = 'Службове посвідчення';
/** A code lives 180 s from generation (Дія's documentVerificationLinkExpirationMS = 3 minutes). */
export const CODE_TTL_MS = 180_000;

/** The ten things an е-Посвідчення shows (DIIA-07), exactly these keys; `expiryDate` absent when it has none. */
export interface ECredential {
  state: 'active';
  title: string;
  fullName: string;
  position: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** 'АБ 123456' */
  seriesNumber: string;
  issuingBody: string;
  /** data:image/svg+xml;base64,… — a synthetic face, never a real one */
  photo: string;
  expiryDate?: string;
  contacts: { phone?: string; email?: string };
}

/** 201 of the `present` and `refresh` actions: one presentation, its identifier in three forms. */
export interface PresentAnswer {
  presentationId: string;
  documentId: string;
  otp: string;
  /** the QR's content: https://diia.app/documents/e-credential/<documentId>/verify/<otp> */
  qrCode: string;
  /** EAN-13, 13 digits */
  barcode: string;
  /** the same 13 digits as the phone groups them: '4 820000 123456' */
  digitCode: string;
  generatedAt: string;
  expiresAt: string;
  /** the phone page's path on the Дія simulator */
  phone: string;
}

/** Refusals of a verification (and of a copy request), in the order Дія checks them. */
export const VERIFY_REFUSALS = [
  'no-identifier',
  'malformed-code',
  'unknown-code',
  'code-used',
  'wrong-document-type',
  'code-expired',
  'credential-revoked',
  'credential-expired',
  'hr-data-missing',
  'diia-unavailable',
] as const;
export type VerifyRefusal = (typeof VERIFY_REFUSALS)[number];

/** Refusals of `present`: why the app shows no е-Посвідчення. */
export const PRESENT_REFUSALS = [
  'not-authenticated',
  'no-credential',
  'no-chip',
  'credential-expired',
  'credential-revoked',
  'hr-unavailable',
  'hr-data-missing',
  'dismissed',
] as const;
export type PresentRefusal = (typeof PRESENT_REFUSALS)[number];

/** 200 of POST …/verifications. */
export interface VerificationValid {
  result: 'valid';
  verificationId: string;
  verifiedAt: string;
  credential: ECredential;
}

/** The copy-request states a participant sees at GET …/copy-requests/{requestId}. */
export type CopyRequestStatus = 'awaiting-consent' | 'refused' | 'delivered' | 'delivery-failed';

/** The JSON inside the copy's `encodeData` field (base64). */
export interface CopyMetadata {
  requestId: string;
  barcode: string;
  documentTypes: ['e-credential'];
  data: { 'e-credential': ECredential };
  purpose: string;
  keepUntil: string;
}

const QR_RE = /^https:\/\/diia\.app\/documents\/([a-z0-9-]{1,64})\/([A-Za-z0-9_-]{1,64})\/verify\/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

/** The QR's content for a presentation. */
export function qrLink(documentId: string, otp: string, documentType: string = E_CREDENTIAL_TYPE): string {
  return `https://diia.app/documents/${documentType}/${documentId}/verify/${otp}`;
}

/** A QR link's parts, or undefined when the text is not a Дія verification link. */
export function parseQrLink(text: string): { documentType: string; documentId: string; otp: string } | undefined {
  const m = QR_RE.exec(text);
  return m ? { documentType: m[1]!, documentId: m[2]!, otp: m[3]! } : undefined;
}

// EAN-13 is core's (core/identifiers/ean13.ts); Дія's barcode is one more use of it
export { ean13CheckDigit, isValidEan13 as isEan13 } from '../../core/identifiers/ean13.ts';

/** The 13 digits as printed under an EAN-13 barcode and shown on the phone: 1 + 6 + 6. */
export function groupDigits(barcode: string): string {
  return `${barcode.slice(0, 1)} ${barcode.slice(1, 7)} ${barcode.slice(7)}`;
}

// The participant's HR answer judged from Дія's journal (role hr-system; conformance/steps/assert/hr-answer.ts)
export { judgeHrAnswer, type HrFinding, type HrJudgeSpec } from './judge-hr.ts';
export { DIIA_HR } from './messages.ts';

// how a verifier's word is held against Дія's (the `diiaShown` assertion form reports with these)
export { credentialDifferences, credentialOf, diiaAnswers, type DiiaVerificationAnswer, type FieldDifference } from './judge.ts';
