// The Cabinet's pages as HTML strings: pure functions of what the face read from the state, in the page's language.
// Every value from outside (the questionnaire, reasons, answers, ids) goes through escapeHtml.
import { t, type Lang, type MessageRef } from '../../../core/i18n.ts';
import type { ApplicationView } from '../public.ts';
import { DOCUMENT_TYPES } from '../messaging/requests.ts';
import { escapeHtml, href, kyivTime, page, tx } from './html.ts';
import { CABINET } from './messages.ts';
import type { Session } from './sessions.ts';
import { statusText, type Notification, type OverviewModel } from './view.ts';

/** A refusal or notice shown on a page: a message and, when the refusal is located, the field it is about. */
export interface Notice {
  kind: 'alert' | 'ok';
  text: string;
  fields?: { field: string; message: string }[];
}

function notice(n: Notice | undefined, lang: Lang): string {
  if (!n) return '';
  const fields = n.fields?.length
    ? `<table><thead><tr><th scope="col">${tx(CABINET.refusedField, lang)}</th><th scope="col">${tx(CABINET.reasonText, lang)}</th></tr></thead><tbody>${n.fields
        .map((f) => `<tr><td><code>${escapeHtml(f.field || '/')}</code></td><td>${escapeHtml(f.message)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  return `<div class="${n.kind}" ${n.kind === 'alert' ? 'role="alert"' : 'role="status"'}><p>${escapeHtml(n.text)}</p>${fields}</div>`;
}

export function renderLogin(lang: Lang, n?: Notice, next?: string): string {
  const action = href('/login', lang, next ? { next } : {});
  const certAction = href('/login/certificate', lang, next ? { next } : {});
  return page({
    title: t(CABINET.loginTitle, lang),
    lang,
    path: '/login',
    body: `${notice(n, lang)}
<p>${tx(CABINET.loginIntro, lang)}</p>
<form method="post" action="${action}">
<label for="code">${tx(CABINET.codeLabel, lang)}</label>
<p id="code-hint">${tx(CABINET.codeHint, lang)}</p>
<input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="text" spellcheck="false" maxlength="20" required aria-describedby="code-hint">
<div><button type="submit">${tx(CABINET.loginSubmit, lang)}</button></div>
</form>
<h2>${tx(CABINET.certHeading, lang)}</h2>
<p>${tx(CABINET.certIntro, lang)}</p>
<form method="post" action="${certAction}"><button type="submit">${tx(CABINET.certSubmit, lang)}</button></form>
<p><small>${tx(CABINET.loginStandIn, lang)}</small></p>`,
  });
}

const dl = (rows: [MessageRef, string][], lang: Lang) => `<dl>${rows.map(([k, v]) => `<dt>${tx(k, lang)}</dt><dd>${v}</dd>`).join('')}</dl>`;

function reasonsTable(a: ApplicationView, lang: Lang): string {
  if (a.reasons.length === 0) return '';
  const rows = a.reasons
    .map((r) => `<tr><td><code>${escapeHtml(r.field || '/')}</code></td><td>${escapeHtml(lang === 'en' ? r.messageEn : r.message)}</td></tr>`)
    .join('');
  return `<h3>${tx(CABINET.reasonsTitle, lang)}</h3>
<table id="reasons"><caption>${tx(CABINET.reasonsCaption, lang)}</caption><thead><tr><th scope="col">${tx(CABINET.reasonField, lang)}</th><th scope="col">${tx(CABINET.reasonText, lang)}</th></tr></thead><tbody>${rows}</tbody></table>
<p>${tx(CABINET.reworkHint, lang)} <a href="${href('/filing', lang)}">${tx(CABINET.reworkSubmit, lang)}</a></p>`;
}

function applicationSection(a: ApplicationView, lang: Lang, current: boolean): string {
  const d = a.decision;
  const decision = d
    ? dl(
        [
          [CABINET.decision, `<strong>${escapeHtml(statusText(d.decision, lang))}</strong>`],
          [CABINET.decidedAt, `${kyivTime(d.decidedAt, lang)} — ${tx(d.withinDeadline ? CABINET.decidedWithin : CABINET.decidedLate, lang)}`],
        ],
        lang,
      )
    : `<p>${tx(CABINET.noDecision, lang)}</p>`;
  return `<section aria-labelledby="app-${escapeHtml(a.id)}">
<h2 id="app-${escapeHtml(a.id)}">${tx(CABINET.application, lang, { id: a.id })}</h2>
${dl(
  [
    [CABINET.status, `<strong id="${current ? 'status' : `status-${escapeHtml(a.id)}`}">${escapeHtml(statusText(a.status, lang))}</strong>`],
    [CABINET.submission, escapeHtml(String(a.submission))],
    [CABINET.receivedAt, kyivTime(a.receivedAt, lang)],
    [CABINET.deadline, `${kyivTime(a.deadline, lang)} (${tx(CABINET.deadlineNote, lang)})`],
  ],
  lang,
)}
${decision}
${reasonsTable(a, lang)}
</section>`;
}

export function renderOverview(m: OverviewModel, session: Session, lang: Lang): string {
  const [current, ...older] = m.applications;
  const part = (ok: boolean) => tx(ok ? CABINET.partPresent : CABINET.partMissing, lang);
  const letter = m.letter
    ? `<p><a id="download-letter" href="${href('/letter', lang)}" download="eis-letter-${escapeHtml(m.letter.letterId)}.json">${tx(CABINET.downloadLetter, lang)}</a></p>
<article aria-labelledby="letter-title"><h3 id="letter-title">${tx(CABINET.letterTitle, lang, { subject: m.letter.subject[lang] })}</h3>
${m.letter.paragraphs.map((p) => `<p>${escapeHtml(p[lang])}</p>`).join('\n')}</article>`
    : `<p>${tx(CABINET.noLetter, lang)}</p>`;
  const otd = m.otd
    ? `<p><a id="download-otd" href="${href('/otd', lang)}" download="eis-otd-${escapeHtml(m.edrpou)}-v${m.otd.version}.json">${tx(CABINET.downloadOtd, lang)}</a></p>`
    : `<p>${tx(CABINET.noOtd, lang)}</p>`;
  const users = m.users.length
    ? `<table><caption>${tx(CABINET.users, lang)}</caption><thead><tr><th scope="col">${tx(CABINET.user, lang)}</th><th scope="col">${tx(CABINET.role, lang)}</th></tr></thead><tbody>${m.users
        .map((u) => `<tr><td>${escapeHtml(u.fullName)} &lt;${escapeHtml(u.login)}&gt;</td><td>${tx(u.role === 'administrator' ? CABINET.roleAdministrator : CABINET.roleOperator, lang)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  return page({
    title: t(CABINET.overviewTitle, lang),
    lang,
    session,
    path: '/',
    body: `${dl([[CABINET.participant, escapeHtml(m.organisationName ?? '—')], [CABINET.edrpou, escapeHtml(m.edrpou)]], lang)}
${current ? applicationSection(current, lang, true) : `<p>${tx(CABINET.noApplication, lang)} <a href="${href('/filing', lang)}">${tx(CABINET.navFiling, lang)}</a></p>`}
<section aria-labelledby="documents"><h2 id="documents">${tx(CABINET.documents, lang)}</h2>
${letter}
${otd}
</section>
<section aria-labelledby="parts"><h2 id="parts">${tx(CABINET.parts, lang)}</h2>
${dl(
  [
    [CABINET.partJoint, part(m.parts['joint-decision'])],
    [CABINET.partRegistration, part(m.parts.registration)],
    [CABINET.partOtd, part(m.parts.otd)],
    ...(m.activatedAt ? ([[CABINET.activatedAt, kyivTime(m.activatedAt, lang)]] as [MessageRef, string][]) : []),
  ],
  lang,
)}
${users}
</section>
${older.map((a) => applicationSection(a, lang, false)).join('\n')}`,
  });
}

const csrfField = (s: Session) => `<input type="hidden" name="csrf" value="${escapeHtml(s.csrf)}">`;

function uploadForm(action: string, submit: MessageRef, session: Session, lang: Lang, id: string): string {
  return `<form method="post" action="${action}" enctype="multipart/form-data">
${csrfField(session)}
<label for="${id}-file">${tx(CABINET.fileLabel, lang)}</label>
<input id="${id}-file" name="document" type="file" accept="application/json,.json">
<label for="${id}-text">${tx(CABINET.textLabel, lang)}</label>
<textarea id="${id}-text" name="documentText" rows="8" spellcheck="false"></textarea>
<div><button type="submit">${tx(submit, lang)}</button></div>
</form>`;
}

export function renderFiling(m: OverviewModel, session: Session, lang: Lang, n?: Notice): string {
  const current = m.applications[0];
  const open = current && (current.status === 'received' || current.status === 'rework');
  let body: string;
  if (current?.status === 'rework') {
    body = `<h2>${tx(CABINET.reworkTitle, lang, { id: current.id })}</h2>
<p>${tx(CABINET.reworkIntro, lang, { id: current.id })}</p>
${reasonsTable(current, lang)}
${uploadForm(href(`/applications/${encodeURIComponent(current.id)}/rework`, lang), CABINET.reworkSubmit, session, lang, 'rework')}`;
  } else if (open || m.parts.registration) {
    body = `<p>${tx(CABINET.filingClosed, lang, { why: t(open ? CABINET.whyOpen : CABINET.whyRegistered, lang) })} <a href="${href('/', lang)}">${tx(CABINET.navOverview, lang)}</a></p>`;
  } else {
    body = `<p>${tx(CABINET.filingIntro, lang)}</p>
${uploadForm(href('/applications', lang), CABINET.fileSubmit, session, lang, 'filing')}`;
  }
  return page({ title: t(CABINET.filingTitle, lang), lang, session, path: '/filing', body: `${notice(n, lang)}\n${body}` });
}

export interface RequestForm {
  documentType?: string;
  documentNumber?: string;
  purpose?: string;
  legalGround?: string;
}

export type RequestResult = { ok: true; answer: Record<string, unknown> } | { ok: false; notice: Notice };

const STATUS_WORDS: Record<string, MessageRef> = {
  valid: CABINET['st-valid'],
  invalid: CABINET['st-invalid'],
  lost: CABINET['st-lost'],
  stolen: CABINET['st-stolen'],
  expired: CABINET['st-expired'],
  'not-found': CABINET['st-not-found'],
};

function answerSection(r: RequestResult | undefined, lang: Lang): string {
  if (!r) return '';
  if (!r.ok) return `<section aria-labelledby="answer"><h2 id="answer">${tx(CABINET.answerRefused, lang)}</h2>${notice(r.notice, lang)}</section>`;
  const rows = Object.entries(r.answer)
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      const shown = k === 'status' && typeof v === 'string' && STATUS_WORDS[v] ? `${t(STATUS_WORDS[v], lang)} (${v})` : text;
      return `<tr><th scope="row"><code>${escapeHtml(k)}</code></th><td${k === 'status' ? ' id="answer-status"' : ''}>${escapeHtml(shown)}</td></tr>`;
    })
    .join('');
  return `<section aria-labelledby="answer"><h2 id="answer">${tx(CABINET.answerTitle, lang)}</h2><table><tbody>${rows}</tbody></table></section>`;
}

export function renderRequest(session: Session, lang: Lang, form: RequestForm = {}, result?: RequestResult): string {
  const options = DOCUMENT_TYPES.map((d) => `<option value="${d}"${form.documentType === d ? ' selected' : ''}>${tx(CABINET[`doc-${d}`], lang)}</option>`).join('');
  const value = (v: string | undefined) => (v === undefined ? '' : ` value="${escapeHtml(v)}"`);
  return page({
    title: t(CABINET.requestTitle, lang),
    lang,
    session,
    path: '/request',
    body: `<p>${tx(CABINET.requestIntro, lang)}</p>
<form method="post" action="${href('/request', lang)}">
${csrfField(session)}
<label for="service">${tx(CABINET.service, lang)}</label>
<select id="service" name="service"><option value="document-status">${tx(CABINET.serviceDocumentStatus, lang)}</option></select>
<label for="documentType">${tx(CABINET.documentType, lang)}</label>
<select id="documentType" name="documentType">${options}</select>
<label for="documentNumber">${tx(CABINET.documentNumber, lang)}</label>
<input id="documentNumber" name="documentNumber" type="text" maxlength="12" spellcheck="false" required${value(form.documentNumber)}>
<label for="purpose">${tx(CABINET.purpose, lang)}</label>
<textarea id="purpose" name="purpose" rows="2" maxlength="500" required>${escapeHtml(form.purpose ?? '')}</textarea>
<label for="legalGround">${tx(CABINET.legalGround, lang)}</label>
<textarea id="legalGround" name="legalGround" rows="2" maxlength="500" required>${escapeHtml(form.legalGround ?? '')}</textarea>
<div><button type="submit">${tx(CABINET.send, lang)}</button></div>
</form>
${answerSection(result, lang)}`,
  });
}

export function renderNotifications(list: readonly Notification[], session: Session, lang: Lang): string {
  const body = list.length
    ? `<table id="notifications"><caption>${tx(CABINET.notificationsTitle, lang)}</caption><thead><tr><th scope="col">${tx(CABINET.when, lang)}</th><th scope="col">${tx(CABINET.what, lang)}</th></tr></thead><tbody>${list
        .map((n) => `<tr><td>${kyivTime(n.at, lang)}</td><td>${escapeHtml(n.text[lang])}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p>${tx(CABINET.noNotifications, lang)}</p>`;
  return page({ title: t(CABINET.notificationsTitle, lang), lang, session, path: '/notifications', body: `<p>${tx(CABINET.notificationsIntro, lang)}</p>\n${body}` });
}

export function renderMessage(title: MessageRef, lang: Lang, n: Notice, session?: Session): string {
  return page({ title: t(title, lang), lang, path: '/', ...(session ? { session } : {}), body: `${notice(n, lang)}<p><a href="${href('/', lang)}">${tx(CABINET.navOverview, lang)}</a></p>` });
}
