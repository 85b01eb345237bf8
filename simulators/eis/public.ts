// What the ЄІС МВС simulator publishes to the rest of polihon besides its registry line (entry.ts): the wire shapes of
// registration, the questionnaire's fields, the three parts of EIS-REG-01, the judges the scenarios' assert forms use,
// and the ОТД admission check the transport's certificate admission calls. Everything else in this folder is the
// simulator's own.
//
// The contract is polihon's own reference contract, not an official one: no technical specification of the ЄІС МВС
// central subsystem is public (simulators/eis/README.md).
import { workingDayDeadline, workingDaysBetween, kyivDate, type CalendarOptions } from '../../core/calendar.ts';
import { canonicalJson } from '../../core/journal.ts';
import { verifyDetached } from '../../core/pki.ts';

/** Services as the journal names them (and as faults are injected by). */
export const EIS_SERVICES = {
  file: 'eis.application.file',
  read: 'eis.application.read',
  rework: 'eis.application.rework',
  decision: 'eis.decision',
  otd: 'eis.otd.file',
  letter: 'eis.letter.read',
  activation: 'eis.activation',
  jointDecision: 'eis.joint-decision',
  users: 'eis.users',
  enrolled: 'eis.enrolled',
} as const;

/** The service's decision on an application (EIS-REG-03). */
export const DECISIONS = ['registered', 'refused', 'rework'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** An application's state: under review until a decision. */
export type ApplicationStatus = 'received' | DecisionKind;

/** The three parts EIS-REG-01 asks for before activation, in the order a refusal names them. */
export const ACTIVATION_PARTS = ['joint-decision', 'registration', 'otd'] as const;
export type ActivationPart = (typeof ACTIVATION_PARTS)[number];

/** The service decides within this many working days of receipt (EIS-REG-03). */
export const DECISION_WORKING_DAYS = 5;

/** The questionnaire's fields (Анкета суб'єкта взаємодії), all required; polihon's own list. */
export const QUESTIONNAIRE_FIELDS = [
  'edrpou',
  'organisationName',
  'headFullName',
  'address',
  'contactEmail',
  'contactPhone',
  'informationSystem',
  'purpose',
  'legalGround',
  'subsystems',
  'users',
] as const;
export type QuestionnaireField = (typeof QUESTIONNAIRE_FIELDS)[number];

export const USER_ROLES = ['administrator', 'operator'] as const;

/** A user to create in the Electronic Cabinet, as the questionnaire names one. */
export interface CabinetUserRequest {
  fullName: string;
  email: string;
  role: (typeof USER_ROLES)[number];
}

export interface Questionnaire {
  /** 8 digits: the participant's ЄДРПОУ, which the signing certificate must carry */
  edrpou: string;
  organisationName: string;
  headFullName: string;
  address: string;
  contactEmail: string;
  /** +380 and 9 digits */
  contactPhone: string;
  /** the participant's information system that will interact with ЄІС МВС */
  informationSystem: string;
  purpose: string;
  legalGround: string;
  /** X-Road subsystem codes of the participant, e.g. RTG_prod */
  subsystems: string[];
  users: CabinetUserRequest[];
}

/** The signed document a participant files: POST /eis/v1/applications and PUT …/{id} (rework). */
export interface ApplicationDocument {
  questionnaire: Questionnaire;
  /** when the participant signed it; older than a day (or in the future) is refused as stale */
  signedAt: string;
}

/** A detached ECDSA P-256 / SHA-256 signature (IEEE P1363 r‖s, base64) over the RFC 8785 canonical JSON of the document. */
export interface DetachedSignature {
  /** the signing participant certificate, PEM, issued by the run's test CA */
  certificate: string;
  value: string;
}

export interface SignedApplication {
  application: ApplicationDocument;
  signature: DetachedSignature;
}

/** One subsystem of the ОТД: the certificates (SHA-256 fingerprints) it presents and the services it uses. */
export interface OtdSubsystem {
  code: string;
  /** SHA-256 of the DER certificate, 64 hex digits */
  certificates: string[];
  services: string[];
}

export interface OtdDocument {
  edrpou: string;
  signedAt: string;
  subsystems: OtdSubsystem[];
}

export interface SignedOtd {
  otd: OtdDocument;
  signature: DetachedSignature;
}

/** A reason of a rework (or refusal): the field it is about, as a JSON pointer into the filed body, and why. */
export interface FieldReason {
  /** JSON pointer, e.g. /application/questionnaire/contactEmail; '' for the application as a whole */
  field: string;
  code: 'missing' | 'invalid' | 'unknown-field' | 'other';
  /** Ukrainian, as the service writes to the participant */
  message: string;
  messageEn: string;
}

export interface DecisionView {
  decision: DecisionKind;
  decidedAt: string;
  by: 'automatic' | 'scenario';
  reasons: FieldReason[];
  /** the submission decided on (1 = the application, 2… = resubmissions after rework) */
  submission: number;
  receivedAt: string;
  deadline: string;
  withinDeadline: boolean;
}

/** 200 of GET /eis/v1/applications/{id} (and 202 of filing and rework). */
export interface ApplicationView {
  id: string;
  edrpou: string;
  status: ApplicationStatus;
  submission: number;
  receivedAt: string;
  /** the end of the 5th working day after receipt (Kyiv) */
  deadline: string;
  decision?: DecisionView;
  /** the rework reasons of the current decision, by field (empty unless status is rework) */
  reasons: FieldReason[];
  links: { self: string; letter?: string };
}

/** An ОТД as the state keeps it (the last one filed per participant). */
export interface OtdRecord {
  edrpou: string;
  version: number;
  filedAt: number;
  subsystems: OtdSubsystem[];
}

export type Admission = { ok: true; edrpou: string; subsystem: string } | { ok: false; reason: string };

/** The bytes a detached signature covers: RFC 8785 canonical JSON of the document (sorted keys, no spaces), UTF-8. */
export function signingInput(document: unknown): string {
  return canonicalJson(document);
}

/** SHA-256 fingerprint in the form the ОТД keeps: lower-case hex without separators. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/:/g, '').toLowerCase();
}

/** An X-Road subsystem id (INSTANCE/CLASS/MEMBER/CODE) or a bare code with the participant's ЄДРПОУ → [edrpou?, code]. */
function subsystemParts(subsystem: string): { edrpou?: string; code: string } {
  const parts = subsystem.split('/');
  if (parts.length === 4) return { edrpou: parts[2]!, code: parts[3]! };
  return { code: subsystem };
}

/**
 * Whether the ОТД admits a client presenting the certificate `certFingerprint` as `subsystem` (EIS-ACC-01): some
 * participant's ОТД binds that certificate to that subsystem. `subsystem` is a full X-Road id
 * (SEVDEIR-TEST/GOV/04054866/RTG_prod) or a bare code (RTG_prod, any participant).
 */
export function otdAdmits(records: Iterable<OtdRecord>, subsystem: string, certFingerprint: string): Admission {
  const want = subsystemParts(subsystem);
  const fp = normaliseFingerprint(certFingerprint);
  if (!/^[0-9a-f]{64}$/.test(fp)) return { ok: false, reason: `'${certFingerprint}' is not a SHA-256 certificate fingerprint` };
  let named = false;
  for (const r of records) {
    if (want.edrpou !== undefined && r.edrpou !== want.edrpou) continue;
    const s = r.subsystems.find((x) => x.code === want.code);
    if (!s) continue;
    named = true;
    if (s.certificates.includes(fp)) return { ok: true, edrpou: r.edrpou, subsystem: s.code };
  }
  return named
    ? { ok: false, reason: `the certificate ${fp} is not bound to subsystem ${subsystem} in its ОТД` }
    : { ok: false, reason: `no ОТД registers subsystem ${subsystem}` };
}

/** The rule a refused claim breaks in an mTLS run: the certificate is not the one the ОТД binds (admission.ts). */
export const OTD_REQUIREMENT = 'EIS-ACC-01';

/** A simulator that can answer otdAdmits for its own state (the ЄІС МВС simulator as created). */
export interface OtdAdmitting {
  otdAdmits(subsystem: string, certFingerprint: string): Admission;
}

/** The simulator's own admission check, when `simulator` is the ЄІС МВС one. */
export function otdAdmitsOf(simulator: object): OtdAdmitting['otdAdmits'] | undefined {
  const f = (simulator as Partial<OtdAdmitting>).otdAdmits;
  return typeof f === 'function' ? f.bind(simulator) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Judges for the scenarios' assert forms: each returns ok and the facts that explain it.

export interface DeadlineJudgement {
  ok: boolean;
  receivedAt: string;
  deadline: string;
  decidedAt?: string;
  /** working days from the day of receipt to the day of the decision (or to now, undecided) */
  workingDays: number;
  reason?: string;
}

/**
 * EIS-REG-03: a decision no later than the end of the 5th working day after the day of receipt (Kyiv, the Ukrainian
 * calendar: weekends and, in peace time, holidays are not working days). Undecided, it is judged at `now`: still
 * within while now is before the deadline.
 */
export function decisionWithinDeadline(receivedAt: number, decidedAt: number | undefined, calendar: CalendarOptions, now?: number): DeadlineJudgement {
  const deadline = workingDayDeadline(receivedAt, DECISION_WORKING_DAYS, calendar);
  const at = decidedAt ?? now;
  const base = { receivedAt: new Date(receivedAt).toISOString(), deadline: new Date(deadline).toISOString() };
  const workingDays = at === undefined ? 0 : workingDaysBetween(kyivDate(receivedAt), kyivDate(at), calendar);
  if (decidedAt === undefined) {
    const ok = now === undefined || now <= deadline;
    return { ok, ...base, workingDays, ...(ok ? {} : { reason: `no decision by ${base.deadline} (${DECISION_WORKING_DAYS} working days after receipt)` }) };
  }
  const ok = decidedAt >= receivedAt && decidedAt <= deadline;
  const decided = new Date(decidedAt).toISOString();
  return {
    ok,
    ...base,
    decidedAt: decided,
    workingDays,
    ...(ok ? {} : { reason: decidedAt < receivedAt ? `decided at ${decided}, before receipt` : `decided at ${decided}, after the deadline ${base.deadline}` }),
  };
}

/**
 * EIS-REG-03's rework: every reason names a field by JSON pointer, and every field in `expected` (pointers) has one.
 * A rework without reasons fails too.
 */
export function reasonsPerField(decision: Pick<DecisionView, 'decision' | 'reasons'>, expected: readonly string[] = []): { ok: boolean; missing: string[]; unlocated: number; reason?: string } {
  const unlocated = decision.reasons.filter((r) => typeof r.field !== 'string' || (r.field !== '' && !r.field.startsWith('/'))).length;
  const named = new Set(decision.reasons.map((r) => r.field));
  const missing = expected.filter((f) => !named.has(f));
  const empty = decision.decision === 'rework' && decision.reasons.length === 0;
  const ok = !empty && unlocated === 0 && missing.length === 0;
  const reason = empty
    ? 'a rework without reasons'
    : unlocated > 0
      ? `${unlocated} reason(s) name no field`
      : missing.length > 0
        ? `no reason for ${missing.join(', ')}`
        : undefined;
  return { ok, missing, unlocated, ...(reason ? { reason } : {}) };
}

/** EIS-REG-01: the parts still missing before activation (none: it may be activated). */
export function missingParts(has: Readonly<Record<ActivationPart, boolean>>): ActivationPart[] {
  return ACTIVATION_PARTS.filter((p) => !has[p]);
}

/** A JSON pointer from path segments (RFC 6901: ~ and / escaped). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

// The messaging modes' judges and wire names, for the scenarios' assert forms (simulators/eis/messaging/README.md).
export {
  ackedNotProcessed,
  deliveryFigures,
  deliveryFindings,
  extraFields,
  missingPurpose,
  outageNoticeInTime,
  processedTwice,
  refusedAcks,
} from './messaging/judge.ts';
export { SERVICES as MESSAGING_SERVICES } from './messaging/contract.ts';
// Where the messaging engine keeps its records across a restart: `polihon serve` under its data dir, a run in its
// report folder (the simulator's `messagingStore` option).
export { fileStore, type FileStoreOptions } from './messaging/store.ts';
export type { MessagingStore } from './messaging/engine.ts';
/** the file the messaging records are kept in, in a data dir or a report folder */
export const MESSAGING_FILE = 'eis-messaging.jsonl';

/** The filings that carry a detached signature, by the journal's service, and the member the document is under. */
export const SIGNED_FILINGS: Readonly<Record<string, 'application' | 'otd'>> = { [EIS_SERVICES.file]: 'application', [EIS_SERVICES.rework]: 'application', [EIS_SERVICES.otd]: 'otd' };

/**
 * XCH-02 judged on what the participant filed (the request body as the journal holds it, `service` its journal
 * service): the signature it carries verifies, with its certificate's key, over the canonical form of the document
 * beside it. `unsigned`: the body carries no signature at all — whether a filing must be signed is the filing's own
 * rule (EIS-REG-02 for the application), judged there; `unreadable`: the body is not the JSON of a filing.
 */
export async function filedSignatureVerifies(service: string, bodyText: string | undefined): Promise<{ verdict: 'verifies' | 'does-not-verify' | 'unsigned' | 'unreadable'; detail?: string }> {
  const member = SIGNED_FILINGS[service];
  let body: unknown;
  try {
    body = JSON.parse(bodyText ?? '');
  } catch {
    return { verdict: 'unreadable', detail: 'the body is not JSON' };
  }
  if (!member || !body || typeof body !== 'object' || Array.isArray(body)) return { verdict: 'unreadable', detail: 'the body is not a filing' };
  const { [member]: document, signature } = body as Record<string, unknown>;
  if (signature === undefined) return { verdict: 'unsigned' };
  const { certificate, value } = (signature && typeof signature === 'object' ? signature : {}) as Record<string, unknown>;
  if (typeof certificate !== 'string' || typeof value !== 'string') return { verdict: 'does-not-verify', detail: 'the signature has no certificate or value' };
  try {
    return (await verifyDetached(certificate, signingInput(document), value)) ? { verdict: 'verifies' } : { verdict: 'does-not-verify', detail: `/${member}: the signature does not verify over its canonical JSON` };
  } catch (err) {
    return { verdict: 'does-not-verify', detail: `/signature/certificate: ${err instanceof Error ? err.message : String(err)}` };
  }
}
