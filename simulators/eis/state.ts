// ЄІС МВС registration as a pure state machine: participants (by ЄДРПОУ), their applications and each submission's
// decision with its 5-working-day deadline, the Electronic Cabinet's users, the ОТД (each subsystem bound to its
// certificates and services), joint decisions, the letter, and activation once the three parts of EIS-REG-01 exist.
// Time is always passed in (the virtual clock); nothing awaits, so a check and the change it allows are one step.
// Every refusal leaves the state as it was.
import { addWorkingDays, kyivDate, kyivInstant, workingDayDeadline, type CalendarOptions } from '../../core/calendar.ts';
import { t, type Bi } from '../../core/i18n.ts';
import type { Rng } from '../../core/random.ts';
import { EIS } from './messages.ts';
import {
  DECISION_WORKING_DAYS,
  missingParts,
  otdAdmits,
  type ActivationPart,
  type Admission,
  type ApplicationStatus,
  type ApplicationView,
  type CabinetUserRequest,
  type DecisionKind,
  type DecisionView,
  type FieldReason,
  type OtdRecord,
  type OtdSubsystem,
} from './public.ts';

export interface Submission {
  n: number;
  receivedAt: number;
  /** SHA-256 of the signed document's canonical JSON */
  documentHash: string;
  /** SHA-256 fingerprint of the signing certificate */
  signer: string;
  questionnaire: Record<string, unknown>;
}

export interface Decision {
  decision: DecisionKind;
  decidedAt: number;
  by: 'automatic' | 'scenario';
  reasons: FieldReason[];
  submission: number;
  receivedAt: number;
  deadline: number;
}

export interface Scheduled {
  decision: DecisionKind;
  reasons: FieldReason[];
  at: number;
  by: 'automatic' | 'scenario';
}

export interface Application {
  id: string;
  edrpou: string;
  status: ApplicationStatus;
  submissions: Submission[];
  decisions: Decision[];
  /** the decision the service will make on the current submission, and when */
  scheduled?: Scheduled;
}

export interface CabinetUser extends CabinetUserRequest {
  id: string;
  /** the login in the Electronic Cabinet: the e-mail */
  login: string;
  createdAt: number;
  source: 'questionnaire' | 'harness';
}

export interface Letter {
  letterId: string;
  applicationId: string;
  edrpou: string;
  issuedAt: number;
  subject: Bi;
  paragraphs: Bi[];
}

export interface Participant {
  edrpou: string;
  organisationName?: string;
  applications: string[];
  registeredAt?: number;
  users: CabinetUser[];
  otd?: OtdRecord;
  jointDecision?: { at: number; reference?: string };
  activatedAt?: number;
  letter?: Letter;
}

export type RefusalCode =
  | 'replayed-document'
  | 'application-open'
  | 'already-registered'
  | 'unknown-application'
  | 'not-in-rework'
  | 'edrpou-mismatch'
  | 'unknown-participant'
  | 'invalid-document'
  | 'invalid-decision'
  | 'not-registered'
  | 'already-active';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  detail: string;
  /** JSON pointer of the field the refusal is about, when one is */
  field?: string;
}

export interface FilingInput {
  edrpou: string;
  questionnaire: Record<string, unknown>;
  documentHash: string;
  signer: string;
  /** the questionnaire's problems, by field: a non-empty list makes the automatic decision a rework */
  reasons: FieldReason[];
}

export interface EisStateOptions {
  calendar: CalendarOptions;
  rng: Rng;
  /** the service decides by itself (default); false: only the scenario's `decide` decides */
  automatic?: boolean;
  /** the automatic decision falls on this working day after receipt, at 10:00 Kyiv (default 2) */
  reviewWorkingDays?: number;
}

/** An applied decision and what it caused, for the journal. */
export interface Applied {
  application: Application;
  decision: Decision;
  users: CabinetUser[];
  letter?: Letter;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createEisState(options: EisStateOptions) {
  const { calendar, rng } = options;
  const reviewDays = options.reviewWorkingDays ?? 2;
  let automatic = options.automatic ?? true;
  const participants = new Map<string, Participant>();
  const applications = new Map<string, Application>();
  const seen = new Set<string>();

  function uuid(): string {
    const b = Array.from({ length: 16 }, () => rng.int(0, 255));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  const refuse = (code: RefusalCode, detail: string, field?: string): Refusal => ({ ok: false, code, detail, ...(field === undefined ? {} : { field }) });

  function participant(edrpou: string): Participant {
    let p = participants.get(edrpou);
    if (!p) {
      p = { edrpou, applications: [], users: [] };
      participants.set(edrpou, p);
    }
    return p;
  }

  /** The current submission of an application. */
  const current = (a: Application): Submission => a.submissions[a.submissions.length - 1]!;

  const deadlineOf = (receivedAt: number) => workingDayDeadline(receivedAt, DECISION_WORKING_DAYS, calendar);

  function scheduleAutomatic(a: Application, reasons: FieldReason[]): void {
    if (!automatic) return;
    const at = kyivInstant(addWorkingDays(kyivDate(current(a).receivedAt), reviewDays, calendar), '10:00');
    a.scheduled = { decision: reasons.length > 0 ? 'rework' : 'registered', reasons, at, by: 'automatic' };
  }

  function replayed(hash: string): Refusal | undefined {
    return seen.has(hash) ? refuse('replayed-document', 'this signed document was filed already; sign a new one (a new signedAt) to file again', '/signature/value') : undefined;
  }

  function letterFor(a: Application, p: Participant, at: number): Letter {
    const q = current(a).questionnaire;
    const organisation = typeof q.organisationName === 'string' ? q.organisationName : p.edrpou;
    const body: Bi = { uk: t(EIS.letterBody, 'uk', { organisation, edrpou: p.edrpou }), en: t(EIS.letterBody, 'en', { organisation, edrpou: p.edrpou }) };
    return {
      letterId: uuid(),
      applicationId: a.id,
      edrpou: p.edrpou,
      issuedAt: at,
      subject: EIS.letterSubject.text,
      paragraphs: [body, EIS.letterOtd.text, EIS.letterCertificates.text, EIS.letterJoint.text, EIS.letterActivation.text, EIS.letterModes.text],
    };
  }

  function apply(a: Application, s: Scheduled): Applied {
    const sub = current(a);
    const decision: Decision = { decision: s.decision, decidedAt: s.at, by: s.by, reasons: s.reasons, submission: sub.n, receivedAt: sub.receivedAt, deadline: deadlineOf(sub.receivedAt) };
    a.decisions.push(decision);
    a.status = s.decision;
    delete a.scheduled;
    const out: Applied = { application: a, decision, users: [] };
    if (s.decision === 'registered') {
      const p = participant(a.edrpou);
      p.registeredAt = s.at;
      const wanted = Array.isArray(sub.questionnaire.users) ? (sub.questionnaire.users as CabinetUserRequest[]) : [];
      out.users = addUsersTo(p, wanted, s.at, 'questionnaire');
      p.letter = letterFor(a, p, s.at);
      out.letter = p.letter;
    }
    return out;
  }

  function addUsersTo(p: Participant, wanted: readonly CabinetUserRequest[], at: number, source: CabinetUser['source']): CabinetUser[] {
    const made: CabinetUser[] = [];
    for (const u of wanted) {
      if (p.users.some((x) => x.login === u.email)) continue;
      const user: CabinetUser = { id: uuid(), fullName: u.fullName, email: u.email, role: u.role, login: u.email, createdAt: at, source };
      p.users.push(user);
      made.push(user);
    }
    return made;
  }

  return {
    uuid,
    get automatic() {
      return automatic;
    },
    setAutomatic(on: boolean) {
      automatic = on;
    },

    /** Files an application (EIS-REG-02): received now, decided within 5 working days. */
    file(input: FilingInput, now: number): { ok: true; application: Application } | Refusal {
      const r = replayed(input.documentHash);
      if (r) return r;
      const p = participants.get(input.edrpou);
      const open = p?.applications.map((id) => applications.get(id)!).find((a) => a.status === 'received' || a.status === 'rework');
      if (open) return refuse('application-open', `application ${open.id} of ЄДРПОУ ${input.edrpou} is ${open.status === 'rework' ? 'returned for rework: resubmit it with PUT' : 'under review'}`, '/application/questionnaire/edrpou');
      if (p?.registeredAt !== undefined) return refuse('already-registered', `ЄДРПОУ ${input.edrpou} was registered at ${iso(p.registeredAt)}`, '/application/questionnaire/edrpou');
      const a: Application = {
        id: uuid(),
        edrpou: input.edrpou,
        status: 'received',
        submissions: [{ n: 1, receivedAt: now, documentHash: input.documentHash, signer: input.signer, questionnaire: input.questionnaire }],
        decisions: [],
      };
      seen.add(input.documentHash);
      applications.set(a.id, a);
      const owner = participant(input.edrpou);
      owner.applications.push(a.id);
      if (typeof input.questionnaire.organisationName === 'string') owner.organisationName = input.questionnaire.organisationName;
      scheduleAutomatic(a, input.reasons);
      return { ok: true, application: a };
    },

    /** Resubmits an application returned for rework: a new submission, a new 5-working-day term. */
    rework(id: string, input: FilingInput, now: number): { ok: true; application: Application } | Refusal {
      const a = applications.get(id);
      if (!a) return refuse('unknown-application', `no application ${id}`);
      if (a.status !== 'rework') return refuse('not-in-rework', `application ${id} is ${a.status}; only one returned for rework may be resubmitted`);
      if (input.edrpou !== a.edrpou) return refuse('edrpou-mismatch', `application ${id} is of ЄДРПОУ ${a.edrpou}, the resubmission names ${input.edrpou}`, '/application/questionnaire/edrpou');
      const r = replayed(input.documentHash);
      if (r) return r;
      seen.add(input.documentHash);
      a.submissions.push({ n: a.submissions.length + 1, receivedAt: now, documentHash: input.documentHash, signer: input.signer, questionnaire: input.questionnaire });
      a.status = 'received';
      const p = participant(a.edrpou);
      if (typeof input.questionnaire.organisationName === 'string') p.organisationName = input.questionnaire.organisationName;
      scheduleAutomatic(a, input.reasons);
      return { ok: true, application: a };
    },

    /**
     * The scenario's decision on the current submission: made at `at` (default now; not before receipt). A later `at`
     * schedules it in place of the automatic one; it is applied when the clock gets there.
     */
    decide(id: string, d: { decision: DecisionKind; reasons?: FieldReason[]; at?: number }, now: number): { ok: true; applied?: Applied; scheduled?: Scheduled } | Refusal {
      const a = applications.get(id);
      if (!a) return refuse('unknown-application', `no application ${id}`, '/application');
      if (a.status !== 'received') return refuse('invalid-decision', `application ${id} is ${a.status} already; a decision is made once per submission`, '/application');
      const reasons = d.reasons ?? [];
      if (d.decision === 'rework' && reasons.length === 0) return refuse('invalid-decision', 'a rework names its reasons, one per field', '/reasons');
      const at = d.at ?? now;
      const receivedAt = current(a).receivedAt;
      if (at < receivedAt) return refuse('invalid-decision', `${iso(at)} is before the submission was received (${iso(receivedAt)})`, '/at');
      const s: Scheduled = { decision: d.decision, reasons, at, by: 'scenario' };
      if (at > now) {
        a.scheduled = s;
        return { ok: true, scheduled: s };
      }
      return { ok: true, applied: apply(a, s) };
    },

    /** Applies every scheduled decision due by `now`, earliest first. */
    due(now: number): Applied[] {
      const ready = [...applications.values()].filter((a) => a.scheduled && a.scheduled.at <= now).sort((x, y) => x.scheduled!.at - y.scheduled!.at);
      return ready.map((a) => apply(a, a.scheduled!));
    },

    /** The joint decision on interaction (one of EIS-REG-01's parts), made outside the API: the harness records it. */
    jointDecision(edrpou: string, at: number, reference?: string): Participant {
      const p = participant(edrpou);
      p.jointDecision = { at, ...(reference === undefined ? {} : { reference }) };
      return p;
    },

    /** Files (or replaces) the participant's ОТД. Its subsystems must be the questionnaire's. */
    fileOtd(edrpou: string, subsystems: OtdSubsystem[], documentHash: string, now: number): { ok: true; otd: OtdRecord } | Refusal {
      const p = participants.get(edrpou);
      const latest = p?.applications.map((id) => applications.get(id)!).filter((a) => a.status !== 'refused').at(-1);
      if (!p || !latest) return refuse('unknown-participant', `ЄДРПОУ ${edrpou} has no application (other than refused ones); file one first`, '/otd/edrpou');
      const declared = current(latest).questionnaire.subsystems;
      const known = Array.isArray(declared) ? (declared as unknown[]) : [];
      const stray = subsystems.findIndex((s) => !known.includes(s.code));
      if (stray !== -1) {
        return refuse('invalid-document', `subsystem ${subsystems[stray]!.code} is not in the questionnaire of application ${latest.id} (${known.join(', ') || 'none'})`, `/otd/subsystems/${stray}/code`);
      }
      const r = replayed(documentHash);
      if (r) return r;
      seen.add(documentHash);
      p.otd = { edrpou, version: (p.otd?.version ?? 0) + 1, filedAt: now, subsystems: subsystems.map((s) => ({ code: s.code, certificates: [...s.certificates], services: [...s.services] })) };
      return { ok: true, otd: p.otd };
    },

    /** Activation: only once the three parts of EIS-REG-01 exist; a refusal names every missing one. */
    activate(edrpou: string, now: number): { ok: true; participant: Participant } | { ok: false; code: 'activation-refused'; missing: ActivationPart[] } | Refusal {
      const p = participants.get(edrpou);
      const missing = missingParts({ 'joint-decision': p?.jointDecision !== undefined, registration: p?.registeredAt !== undefined, otd: p?.otd !== undefined });
      if (!p || missing.length > 0) return { ok: false, code: 'activation-refused', missing };
      if (p.activatedAt !== undefined) return refuse('already-active', `ЄДРПОУ ${edrpou} was activated at ${iso(p.activatedAt)}`, '/edrpou');
      p.activatedAt = now;
      return { ok: true, participant: p };
    },

    /**
     * A participant registered before the scenario began (an exchange scenario's starting point): joint decision,
     * registration, an ОТД binding `subsystem` to `certificates`, access activated — all at `now`, no application.
     */
    enrol(edrpou: string, subsystem: string, certificates: readonly string[], now: number): Participant {
      const p = participant(edrpou);
      p.jointDecision ??= { at: now };
      p.registeredAt ??= now;
      p.otd = { edrpou, version: (p.otd?.version ?? 0) + 1, filedAt: now, subsystems: [{ code: subsystem, certificates: [...certificates], services: [] }] };
      p.activatedAt ??= now;
      return p;
    },

    /** Users added by the harness to a registered participant's Cabinet. */
    addUsers(edrpou: string, wanted: readonly CabinetUserRequest[], now: number): { ok: true; added: CabinetUser[]; users: CabinetUser[] } | Refusal {
      const p = participants.get(edrpou);
      if (!p || p.registeredAt === undefined) return refuse('not-registered', `ЄДРПОУ ${edrpou} is not registered: the Cabinet has no users before registration`, '/participant');
      const added = addUsersTo(p, wanted, now, 'harness');
      return { ok: true, added, users: [...p.users] };
    },

    application: (id: string) => applications.get(id),
    applications: () => [...applications.values()],
    participant: (edrpou: string) => participants.get(edrpou),
    participants: () => [...participants.values()],
    otds: () => [...participants.values()].flatMap((p) => (p.otd ? [p.otd] : [])),
    otdAdmits(subsystem: string, certFingerprint: string): Admission {
      return otdAdmits(this.otds(), subsystem, certFingerprint);
    },
    current,
    deadlineOf,

    reset() {
      participants.clear();
      applications.clear();
      seen.clear();
      automatic = options.automatic ?? true;
    },
  };
}

export type EisState = ReturnType<typeof createEisState>;

export function decisionView(d: Decision): DecisionView {
  return {
    decision: d.decision,
    decidedAt: iso(d.decidedAt),
    by: d.by,
    reasons: d.reasons,
    submission: d.submission,
    receivedAt: iso(d.receivedAt),
    deadline: iso(d.deadline),
    withinDeadline: d.decidedAt >= d.receivedAt && d.decidedAt <= d.deadline,
  };
}

/** The application as GET /eis/v1/applications/{id} shows it. */
export function applicationView(a: Application, deadlineOf: (receivedAt: number) => number): ApplicationView {
  const sub = a.submissions[a.submissions.length - 1]!;
  const last = a.decisions.at(-1);
  const decision = last && last.submission === sub.n ? last : undefined;
  const self = `/eis/v1/applications/${a.id}`;
  return {
    id: a.id,
    edrpou: a.edrpou,
    status: a.status,
    submission: sub.n,
    receivedAt: iso(sub.receivedAt),
    deadline: iso(deadlineOf(sub.receivedAt)),
    ...(decision ? { decision: decisionView(decision) } : {}),
    reasons: a.status === 'rework' && decision ? decision.reasons : [],
    links: { self, ...(a.status === 'registered' ? { letter: `${self}/letter` } : {}) },
  };
}

export function letterView(l: Letter) {
  return { letterId: l.letterId, applicationId: l.applicationId, edrpou: l.edrpou, issuedAt: iso(l.issuedAt), subject: l.subject, paragraphs: l.paragraphs };
}

export function userView(u: CabinetUser) {
  return { id: u.id, login: u.login, fullName: u.fullName, email: u.email, role: u.role, createdAt: iso(u.createdAt), source: u.source };
}
