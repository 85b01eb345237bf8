// What the Cabinet shows a participant's users, read from the same state the API answers from (so the two never
// disagree): the participant's applications with their decisions and reasons, the ОТД as filed, the letter, the
// parts of EIS-REG-01, the users — and the notifications (EIS-MODE-02's system-to-user mode): what the central
// subsystem sent the participant and its users, newest first.
import { t, type Bi, type Lang } from '../../../core/i18n.ts';
import type { EisDeps } from '../deps.ts';
import type { OutMessage } from '../messaging/engine.ts';
import type { ApplicationView } from '../public.ts';
import { applicationView, letterView, userView } from '../state.ts';
import { CABINET } from './messages.ts';

export interface OverviewModel {
  edrpou: string;
  organisationName?: string;
  /** newest first */
  applications: ApplicationView[];
  letter?: ReturnType<typeof letterView>;
  otd?: { edrpou: string; version: number; filedAt: string; subsystems: { code: string; certificates: string[]; services: string[] }[] };
  parts: { 'joint-decision': boolean; registration: boolean; otd: boolean };
  activatedAt?: string;
  users: ReturnType<typeof userView>[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function overviewOf(d: EisDeps, edrpou: string): OverviewModel {
  const p = d.state.participant(edrpou);
  const applications = (p?.applications ?? [])
    .map((id) => d.state.application(id))
    .filter((a) => a !== undefined)
    .map((a) => applicationView(a, d.state.deadlineOf))
    .reverse();
  return {
    edrpou,
    ...(p?.organisationName ? { organisationName: p.organisationName } : {}),
    applications,
    ...(p?.letter ? { letter: letterView(p.letter) } : {}),
    ...(p?.otd ? { otd: { edrpou: p.otd.edrpou, version: p.otd.version, filedAt: iso(p.otd.filedAt), subsystems: p.otd.subsystems } } : {}),
    parts: { 'joint-decision': p?.jointDecision !== undefined, registration: p?.registeredAt !== undefined, otd: p?.otd !== undefined },
    ...(p?.activatedAt !== undefined ? { activatedAt: iso(p.activatedAt) } : {}),
    users: (p?.users ?? []).map(userView),
  };
}

export interface Notification {
  at: number;
  kind: 'received' | 'decision' | 'letter' | 'user' | 'otd' | 'joint-decision' | 'activated' | 'message';
  text: Bi;
  /** what it is about: an application id, a letter id, a message id */
  ref?: string;
}

const STATUS_TEXT = { received: CABINET.statusReceived, registered: CABINET.statusRegistered, refused: CABINET.statusRefused, rework: CABINET.statusRework } as const;

export const statusText = (status: keyof typeof STATUS_TEXT, lang: Lang) => t(STATUS_TEXT[status], lang);

const bi = (f: (lang: Lang) => string): Bi => ({ uk: f('uk'), en: f('en') });

/**
 * The participant's notifications up to `now`: what the service did with its applications (receipt, each decision,
 * the letter, users, the ОТД, the joint decision, activation) and the system messages ЄІС МВС sent to the
 * participant's own subsystems (X-Road ids whose member code is its ЄДРПОУ). Decisions scheduled for later are not
 * there yet.
 */
export function notificationsOf(d: EisDeps, edrpou: string, sent: () => readonly OutMessage[] = () => []): Notification[] {
  const now = d.now();
  const p = d.state.participant(edrpou);
  const out: Notification[] = [];
  for (const id of p?.applications ?? []) {
    const a = d.state.application(id);
    if (!a) continue;
    for (const s of a.submissions) {
      const deadline = iso(d.state.deadlineOf(s.receivedAt));
      out.push({ at: s.receivedAt, kind: 'received', ref: a.id, text: bi((l) => t(CABINET.nReceived, l, { id: a.id, n: s.n, deadline: kyivPlain(deadline, l) })) });
    }
    for (const dec of a.decisions) {
      const reasons = dec.reasons.length > 0 ? bi((l) => `; ${t(CABINET.nReasons, l, { n: dec.reasons.length })}`) : { uk: '', en: '' };
      out.push({ at: dec.decidedAt, kind: 'decision', ref: a.id, text: bi((l) => t(CABINET.nDecision, l, { id: a.id, decision: statusText(dec.decision, l) }) + reasons[l]) });
    }
  }
  if (p?.letter) {
    const subject = p.letter.subject;
    out.push({ at: p.letter.issuedAt, kind: 'letter', ref: p.letter.letterId, text: bi((l) => t(CABINET.nLetter, l, { subject: subject[l] })) });
  }
  for (const u of p?.users ?? []) {
    out.push({ at: u.createdAt, kind: 'user', ref: u.login, text: bi((l) => t(CABINET.nUser, l, { login: u.login, role: t(u.role === 'administrator' ? CABINET.roleAdministrator : CABINET.roleOperator, l) })) });
  }
  if (p?.otd) {
    const version = p.otd.version;
    out.push({ at: p.otd.filedAt, kind: 'otd', text: bi((l) => t(CABINET.nOtd, l, { version })) });
  }
  if (p?.jointDecision) out.push({ at: p.jointDecision.at, kind: 'joint-decision', text: bi((l) => t(CABINET.nJoint, l)) });
  if (p?.activatedAt !== undefined) out.push({ at: p.activatedAt, kind: 'activated', text: bi((l) => t(CABINET.nActivated, l)) });
  for (const m of sent()) {
    if (m.to.split('/')[2] !== edrpou) continue;
    out.push({ at: m.createdAt, kind: 'message', ref: m.messageId, text: bi((l) => t(CABINET.nMessage, l, { type: m.type, to: m.to, mode: m.mode, state: m.state })) });
  }
  return out.filter((n) => n.at <= now).sort((x, y) => y.at - x.at || x.kind.localeCompare(y.kind));
}

/** An instant as plain Kyiv text (no markup), for sentences. */
export function kyivPlain(instant: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}
