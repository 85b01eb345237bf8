// The Electronic Cabinet of ЄІС МВС (EIS-MODE-02, EIS-ACC-02): a Ukrainian web UI at /cabinet/ for the participant's
// users, on the ЄІС МВС simulator's own app. polihon's own design: no part of the real Cabinet is public.
//
//   GET  /cabinet/login                   the login page (a one-time code, or a user certificate over mTLS)
//   POST /cabinet/login                   code → session cookie → 303 to the page asked for
//   POST /cabinet/login/certificate       the presented client certificate → session cookie
//   POST /cabinet/logout
//   GET  /cabinet/                        the application's state, decision, reasons per field, deadline; documents
//   GET  /cabinet/filing                  the forms: file an application, or rework the one returned
//   POST /cabinet/applications            → POST /eis/v1/applications (the same route the API serves)
//   POST /cabinet/applications/:id/rework → PUT /eis/v1/applications/:id
//   GET  /cabinet/letter, /cabinet/otd    downloads (JSON)
//   GET|POST /cabinet/request             a user-system request (document status) → POST /eis/v1/requests
//   GET  /cabinet/notifications           what the central subsystem sent the participant and its users
//   GET  /cabinet/api/{session,overview,notifications}   the same as JSON; 401 problem+json without a session
//   POST /__polihon/cabinet/login         the harness's `cabinet-login` action: {user?, participant?} → {code}
//
// Without a session every page answers 401 with the login page, every API call 401 problem+json; all of it is
// journalled (channel eis, services eis.cabinet.*). Filing, rework and requests are passed to the API's own routes
// on this app, so the UI and the API cannot disagree — the API's refusal is what the page shows.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Lang } from '../../../core/i18n.ts';
import { t } from '../../../core/i18n.ts';
import { clientCertificateOf } from '../../../core/pki.ts';
import { json, problem } from '../../../core/problem.ts';
import { inbound, JOURNAL_ENTRY_HEADER, parseBody, readBytesLimited, readJson, BODY_LIMIT, type Answer, type Face } from '../../kit/index.ts';
import { settleDue, type EisDeps } from '../deps.ts';
import { EIS } from '../messages.ts';
import type { OutMessage } from '../messaging/engine.ts';
import { CABINET_ROOT, htmlResponse } from './html.ts';
import { CABINET } from './messages.ts';
import { renderFiling, renderLogin, renderMessage, renderNotifications, renderOverview, renderRequest, type Notice, type RequestResult } from './pages.ts';
import { findUser, principalOfCertificate } from './principal.ts';
import { createCabinetAuth, type AuthOptions, type Principal, type Session } from './sessions.ts';
import { notificationsOf, overviewOf } from './view.ts';

export const CABINET_COOKIE = 'eis_cabinet';

export const CABINET_SERVICES = {
  login: 'eis.cabinet.login',
  logout: 'eis.cabinet.logout',
  page: 'eis.cabinet.page',
  file: 'eis.cabinet.file',
  rework: 'eis.cabinet.rework',
  download: 'eis.cabinet.download',
  request: 'eis.cabinet.request',
  api: 'eis.cabinet.api',
  code: 'eis.cabinet.code',
} as const;

export interface CabinetOptions extends AuthOptions {
  /** the system messages ЄІС МВС sent (the messaging engine's), for the notifications list */
  sent?: () => readonly OutMessage[];
}

export interface CabinetHandle {
  /** every code and session gone (the simulator's reset) */
  reset(): void;
}

const LoginCodeSchema = z
  .strictObject({ user: z.string().trim().min(3).max(254).optional(), participant: z.string().regex(/^\d{8}$/, '8 digits').optional() })
  .refine((v) => v.user !== undefined || v.participant !== undefined, { message: 'name the user (e-mail) or the participant (ЄДРПОУ)', path: ['user'] });

const langOf = (c: Context): Lang => (c.req.query('lang') === 'en' ? 'en' : 'uk');

/** Where to go after logging in: a Cabinet page, never anywhere else. */
function nextOf(c: Context): string | undefined {
  const next = c.req.query('next');
  return next && /^\/cabinet\/[A-Za-z0-9/_-]*$/.test(next) && !next.includes('//') ? next : undefined;
}

function cookieOf(req: Request): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === CABINET_COOKIE) return v.join('=');
  }
  return undefined;
}

function setCookie(req: Request, value: string, clear = false): string {
  const secure = new URL(req.url).protocol === 'https:' ? '; Secure' : '';
  return `${CABINET_COOKIE}=${clear ? '' : value}; Path=${CABINET_ROOT}; HttpOnly; SameSite=Strict${secure}${clear ? '; Max-Age=0' : ''}`;
}

const see = (location: string, headers: Record<string, string> = {}) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', ...headers } });
const withLang = (path: string, lang: Lang) => (lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);

/** A form body (urlencoded or multipart), at most twice the API's body limit. */
async function readForm(req: Request): Promise<FormData | 'too-large' | 'unreadable'> {
  const bytes = await readBytesLimited(req, 2 * BODY_LIMIT);
  if (!bytes) return 'too-large';
  try {
    return await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': req.headers.get('content-type') ?? 'application/x-www-form-urlencoded' }, body: new Uint8Array(bytes) }).formData();
  } catch {
    return 'unreadable';
  }
}

const str = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : undefined;
};

/** A problem+json answer of the API as a notice: its title in the page's language when ЄІС МВС has one, and its fields. */
async function noticeOfProblem(res: Response, lang: Lang): Promise<Notice> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; title?: string; detail?: string; errors?: { field?: string; message?: string }[] };
  const known = body.code && body.code in EIS ? (EIS as Record<string, { text: { uk: string; en: string } }>)[body.code]!.text[lang] : undefined;
  const title = known ?? body.title ?? `HTTP ${res.status}`;
  const fields = (body.errors ?? []).map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }));
  return { kind: 'alert', text: body.detail ? `${title}: ${body.detail}` : title, ...(fields.length ? { fields } : {}) };
}

export function mountCabinet(app: Hono, d: EisDeps, options: CabinetOptions = {}): CabinetHandle {
  const auth = createCabinetAuth(options);
  const face: Face = { name: 'eis', ctx: d.ctx, faults: d.faults };
  const route = (service: string) => ({ service, channel: 'eis' as const, body: 'none' as const });
  const sent = options.sent ?? (() => []);

  /** The request's session, its principal still in the Cabinet (a reset or a new run takes users away). */
  function sessionOf(c: Context): { ok: true; session: Session } | { ok: false; code: string } {
    const found = auth.find(cookieOf(c.req.raw), d.now());
    if (!found.ok) return found;
    const p = found.session.principal;
    if (p.kind === 'user' && !findUser(d, p.login, p.edrpou).ok) {
      auth.drop(found.session);
      return { ok: false, code: 'user-gone' };
    }
    return found;
  }

  const who = (s: Session) => ({ session: s.id, login: s.principal.login, edrpou: s.principal.edrpou });

  /** A page or download behind the session: 401 with the login page (or problem+json for the API) without one. */
  const guarded = (service: string, api: boolean, handler: (c: Context, s: Session, lang: Lang) => Answer | Promise<Answer>) =>
    inbound(face, route(service), async ({ c }): Promise<Answer> => {
      settleDue(d);
      const lang = langOf(c);
      const s = sessionOf(c);
      if (!s.ok) {
        const path = new URL(c.req.url).pathname;
        const clear: Record<string, string> = s.code === 'no-session' ? {} : { 'set-cookie': setCookie(c.req.raw, '', true) };
        const response = api
          ? problem({ code: 'unauthenticated', title: t(CABINET.unauthenticated, 'en'), status: 401, detail: `${s.code}: log in to the Cabinet first (EIS-ACC-02)`, errors: [{ field: 'cookie', message: s.code }] }, { 'www-authenticate': 'Cookie realm="eis-cabinet"', ...clear })
          : htmlResponse(renderLogin(lang, { kind: 'alert', text: `${t(CABINET.unauthenticated, lang)}. ${t(CABINET.loginNeeded, lang)}` }, path.startsWith('/cabinet/') && path !== '/cabinet/login' ? path : undefined), 401, clear);
        return { response, outcome: 'unauthenticated', intact: true, data: { code: s.code, path } };
      }
      return handler(c, s.session, lang);
    });

  /** A state-changing form: the session, then its form token, then the handler with the form read. */
  const posted = (service: string, handler: (c: Context, s: Session, lang: Lang, form: FormData) => Promise<Answer>) =>
    guarded(service, false, async (c, s, lang) => {
      const form = await readForm(c.req.raw);
      if (form === 'too-large') return { response: htmlResponse(renderMessage(CABINET['too-large'], lang, { kind: 'alert', text: t(CABINET['too-large'], lang) }, s), 413), outcome: 'rejected', intact: true, data: { ...who(s), code: 'too-large' } };
      if (form === 'unreadable' || str(form, 'csrf') !== s.csrf) {
        return { response: htmlResponse(renderMessage(CABINET['bad-csrf'], lang, { kind: 'alert', text: t(CABINET['bad-csrf'], lang) }, s), 403), outcome: 'rejected', intact: true, data: { ...who(s), code: 'bad-csrf' } };
      }
      return handler(c, s, lang, form);
    });

  const page = (body: string, s: Session, extra: Record<string, unknown> = {}, status = 200): Answer => ({ response: htmlResponse(body, status), outcome: status < 400 ? 'shown' : 'refused', data: { ...who(s), ...extra } });

  // ---- logging in and out

  const opened = (c: Context, principal: Principal, method: 'code' | 'certificate'): Answer => {
    const { token, session } = auth.open(principal, method, d.now());
    const next = nextOf(c) ?? `${CABINET_ROOT}/`;
    return {
      response: see(withLang(next, langOf(c)), { 'set-cookie': setCookie(c.req.raw, token) }),
      outcome: 'logged-in',
      data: { ...who(session), method, role: principal.role, expiresAt: new Date(session.expiresAt).toISOString() },
    };
  };
  const loginRefused = (c: Context, code: string, text: string, extra: Record<string, unknown> = {}): Answer => ({
    response: htmlResponse(renderLogin(langOf(c), { kind: 'alert', text }, nextOf(c)), 401),
    outcome: 'refused',
    intact: true,
    data: { code, ...extra },
  });

  app.get(
    `${CABINET_ROOT}/login`,
    inbound(face, route(CABINET_SERVICES.page), ({ c }): Answer => {
      const lang = langOf(c);
      const s = sessionOf(c);
      if (s.ok) return { response: see(withLang(`${CABINET_ROOT}/`, lang)), outcome: 'logged-in-already', data: who(s.session) };
      const n: Notice | undefined = c.req.query('out') === '1' ? { kind: 'ok', text: t(CABINET.loggedOut, lang) } : undefined;
      return { response: htmlResponse(renderLogin(lang, n, nextOf(c))), outcome: 'shown', data: { page: 'login' } };
    }),
  );

  app.post(
    `${CABINET_ROOT}/login`,
    inbound(face, route(CABINET_SERVICES.login), async ({ c }): Promise<Answer> => {
      settleDue(d);
      const lang = langOf(c);
      const form = await readForm(c.req.raw);
      const typed = form instanceof FormData ? (str(form, 'code') ?? '') : '';
      const r = auth.redeem(typed, d.now());
      if (!r.ok) return loginRefused(c, r.code, t(CABINET[r.code], lang), { method: 'code' });
      // a user removed since the code was issued (the simulator reset) cannot log in with it
      if (r.principal.kind === 'user' && !findUser(d, r.principal.login, r.principal.edrpou).ok) return loginRefused(c, 'user-gone', t(CABINET['user-gone'], lang), { method: 'code' });
      return opened(c, r.principal, 'code');
    }),
  );

  app.post(
    `${CABINET_ROOT}/login/certificate`,
    inbound(face, route(CABINET_SERVICES.login), ({ c }): Answer => {
      settleDue(d);
      const lang = langOf(c);
      const r = principalOfCertificate(d, clientCertificateOf(c.req.raw.headers));
      if (!r.ok) return loginRefused(c, r.code, t(CABINET[r.code], lang, { reason: r.reason }), { method: 'certificate', reason: r.reason });
      return opened(c, r.principal, 'certificate');
    }),
  );

  app.post(
    `${CABINET_ROOT}/logout`,
    posted(CABINET_SERVICES.logout, async (c, s, lang) => {
      auth.close(cookieOf(c.req.raw));
      return { response: see(withLang(`${CABINET_ROOT}/login?out=1`, lang), { 'set-cookie': setCookie(c.req.raw, '', true) }), outcome: 'logged-out', data: who(s) };
    }),
  );

  // ---- pages

  const overview = guarded(CABINET_SERVICES.page, false, (_c, s, lang) => page(renderOverview(overviewOf(d, s.principal.edrpou), s, lang), s, { page: 'overview' }));
  app.get(CABINET_ROOT, (c) => c.redirect(withLang(`${CABINET_ROOT}/`, langOf(c)), 301));
  app.get(`${CABINET_ROOT}/`, overview);

  app.get(`${CABINET_ROOT}/filing`, guarded(CABINET_SERVICES.page, false, (_c, s, lang) => page(renderFiling(overviewOf(d, s.principal.edrpou), s, lang), s, { page: 'filing' })));

  /** The uploaded document's text: the file if one was chosen, else the pasted text. */
  const documentText = async (form: FormData): Promise<string | undefined> => {
    const file = form.get('document');
    if (file instanceof Blob && file.size > 0) return await file.text();
    const text = str(form, 'documentText')?.trim();
    return text ? text : undefined;
  };

  /** Refuses a document filed for another ЄДРПОУ than the session's, before the API sees it. */
  const foreignEdrpou = (text: string, own: string): string | undefined => {
    try {
      const doc = JSON.parse(text) as { application?: { questionnaire?: { edrpou?: unknown } } };
      const other = doc?.application?.questionnaire?.edrpou;
      return typeof other === 'string' && other !== own ? other : undefined;
    } catch {
      // not JSON: the API refuses it with its own located reason
      return undefined;
    }
  };

  /** Passes the document to the API's own route and shows its answer: back to the overview, or the refusal. */
  const throughApi = async (s: Session, lang: Lang, form: FormData, method: 'POST' | 'PUT', path: string, step: 'file' | 'rework'): Promise<Answer> => {
    const refusedPage = (n: Notice, status: number, extra: Record<string, unknown>): Answer => ({
      response: htmlResponse(renderFiling(overviewOf(d, s.principal.edrpou), s, lang, n), status),
      outcome: 'refused',
      intact: true,
      data: { ...who(s), step, ...extra },
    });
    const text = await documentText(form);
    if (text === undefined) return refusedPage({ kind: 'alert', text: t(CABINET.noDocument, lang) }, 422, { code: 'no-document' });
    const other = foreignEdrpou(text, s.principal.edrpou);
    if (other) return refusedPage({ kind: 'alert', text: t(CABINET.wrongParticipant, lang, { other, own: s.principal.edrpou }), fields: [{ field: '/application/questionnaire/edrpou', message: other }] }, 403, { code: 'edrpou-mismatch' });
    const res = await app.request(path, { method, headers: { 'content-type': 'application/json; charset=utf-8' }, body: text });
    const api = res.headers.get(JOURNAL_ENTRY_HEADER) ?? undefined;
    if (res.status !== 202) return refusedPage(await noticeOfProblem(res, lang), res.status, { status: res.status, ...(api ? { api } : {}) });
    const filed = (await res.json()) as { id: string };
    return { response: see(withLang(`${CABINET_ROOT}/`, lang)), outcome: 'received', data: { ...who(s), step, applicationId: filed.id, ...(api ? { api } : {}) } };
  };

  app.post(`${CABINET_ROOT}/applications`, posted(CABINET_SERVICES.file, (_c, s, lang, form) => throughApi(s, lang, form, 'POST', '/eis/v1/applications', 'file')));

  app.post(
    `${CABINET_ROOT}/applications/:id/rework`,
    posted(CABINET_SERVICES.rework, async (c, s, lang, form) => {
      const id = c.req.param('id') ?? '';
      if (d.state.application(id)?.edrpou !== s.principal.edrpou) {
        return { response: htmlResponse(renderMessage(CABINET.notFound, lang, { kind: 'alert', text: t(CABINET.notOwnApplication, lang, { id }) }, s), 404), outcome: 'refused', intact: true, data: { ...who(s), code: 'unknown-application', applicationId: id } };
      }
      return throughApi(s, lang, form, 'PUT', `/eis/v1/applications/${encodeURIComponent(id)}`, 'rework');
    }),
  );

  // ---- downloads

  const download = (name: string, body: unknown) =>
    new Response(JSON.stringify(body, null, 2), { headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
  const nothing = (s: Session, lang: Lang, text: string, what: string): Answer => ({
    response: htmlResponse(renderMessage(CABINET.notFound, lang, { kind: 'alert', text }, s), 404),
    outcome: 'refused',
    intact: true,
    data: { ...who(s), what, code: 'not-yet' },
  });

  app.get(
    `${CABINET_ROOT}/letter`,
    guarded(CABINET_SERVICES.download, false, (_c, s, lang) => {
      const letter = overviewOf(d, s.principal.edrpou).letter;
      if (!letter) return nothing(s, lang, t(CABINET.noLetter, lang), 'letter');
      return { response: download(`eis-letter-${letter.letterId}.json`, letter), outcome: 'letter', data: { ...who(s), letterId: letter.letterId } };
    }),
  );
  app.get(
    `${CABINET_ROOT}/otd`,
    guarded(CABINET_SERVICES.download, false, (_c, s, lang) => {
      const otd = overviewOf(d, s.principal.edrpou).otd;
      if (!otd) return nothing(s, lang, t(CABINET.noOtd, lang), 'otd');
      return { response: download(`eis-otd-${otd.edrpou}-v${otd.version}.json`, otd), outcome: 'otd', data: { ...who(s), version: otd.version } };
    }),
  );

  // ---- a user-system request (EIS-MODE-02), through the API's request–response route

  app.get(`${CABINET_ROOT}/request`, guarded(CABINET_SERVICES.page, false, (_c, s, lang) => page(renderRequest(s, lang), s, { page: 'request' })));

  app.post(
    `${CABINET_ROOT}/request`,
    posted(CABINET_SERVICES.request, async (_c, s, lang, form) => {
      const input = { documentType: str(form, 'documentType') ?? '', documentNumber: (str(form, 'documentNumber') ?? '').trim(), purpose: str(form, 'purpose') ?? '', legalGround: str(form, 'legalGround') ?? '' };
      const body = { service: str(form, 'service') ?? 'document-status', purpose: input.purpose, legalGround: input.legalGround, params: { documentType: input.documentType, documentNumber: input.documentNumber } };
      const res = await app.request('/eis/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
      const api = res.headers.get(JOURNAL_ENTRY_HEADER) ?? undefined;
      const result: RequestResult = res.ok ? { ok: true, answer: (await res.json()) as Record<string, unknown> } : { ok: false, notice: await noticeOfProblem(res, lang) };
      const status = res.ok ? 200 : res.status;
      return { response: htmlResponse(renderRequest(s, lang, input, result), status), outcome: res.ok ? 'answered' : 'refused', intact: !res.ok, data: { ...who(s), service: body.service, status: res.status, ...(api ? { api } : {}) } };
    }),
  );

  app.get(
    `${CABINET_ROOT}/notifications`,
    guarded(CABINET_SERVICES.page, false, (_c, s, lang) => page(renderNotifications(notificationsOf(d, s.principal.edrpou, sent), s, lang), s, { page: 'notifications' })),
  );

  // ---- the same as JSON

  app.get(
    `${CABINET_ROOT}/api/session`,
    guarded(CABINET_SERVICES.api, true, (_c, s) => ({ response: json({ session: s.id, method: s.method, principal: s.principal, expiresAt: new Date(s.expiresAt).toISOString() }), outcome: 'shown', data: who(s) })),
  );
  app.get(`${CABINET_ROOT}/api/overview`, guarded(CABINET_SERVICES.api, true, (_c, s) => ({ response: json(overviewOf(d, s.principal.edrpou)), outcome: 'shown', data: who(s) })));
  app.get(
    `${CABINET_ROOT}/api/notifications`,
    guarded(CABINET_SERVICES.api, true, (_c, s) => ({
      response: json({ notifications: notificationsOf(d, s.principal.edrpou, sent).map((n) => ({ ...n, at: new Date(n.at).toISOString() })) }),
      outcome: 'shown',
      data: who(s),
    })),
  );
  app.all(
    `${CABINET_ROOT}/api/*`,
    guarded(CABINET_SERVICES.api, true, (c, s) => ({ response: problem({ code: 'not-found', title: 'No such resource', status: 404, detail: `the Cabinet's API has no ${c.req.method} ${new URL(c.req.url).pathname}` }), outcome: 'refused', intact: true, data: who(s) })),
  );
  // anything else under /cabinet/: nothing is said of what exists to someone not logged in
  app.all(
    `${CABINET_ROOT}/*`,
    guarded(CABINET_SERVICES.page, false, (_c, s, lang) => ({ response: htmlResponse(renderMessage(CABINET.notFound, lang, { kind: 'alert', text: t(CABINET.notFound, lang) }, s), 404), outcome: 'refused', intact: true, data: who(s) })),
  );

  // ---- the harness: a one-time code for a user (or the applicant), as the real Cabinet would send one

  app.post('/__polihon/cabinet/login', async (c) => {
    settleDue(d);
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const b = parseBody(LoginCodeSchema, read.value, 'invalid-cabinet-login', 'The action’s body does not match');
    if (!b.ok) return b.response;
    let principal: Principal;
    if (b.value.user !== undefined) {
      const u = findUser(d, b.value.user, b.value.participant);
      if (!u.ok) return problem({ code: u.code, title: u.code === 'ambiguous-user' ? 'More than one participant has this user' : 'No such user in the Cabinet', status: u.code === 'ambiguous-user' ? 409 : 404, detail: u.reason, errors: [{ field: u.code === 'ambiguous-user' ? '/participant' : '/user', message: u.reason }] });
      principal = u.principal;
    } else {
      const edrpou = b.value.participant!;
      const organisation = d.state.participant(edrpou)?.organisationName;
      principal = { kind: 'applicant', edrpou, login: `applicant:${edrpou}`, role: 'applicant', ...(organisation ? { fullName: organisation } : {}) };
    }
    const { code, expiresAt } = auth.issueCode(principal, d.now());
    const at = new Date(expiresAt).toISOString();
    // the code itself stays out of the journal: it opens a session
    d.ctx.journal.append({ kind: 'event', channel: 'eis', from: 'harness', to: 'eis', service: CABINET_SERVICES.code, outcome: 'issued', data: { login: principal.login, edrpou: principal.edrpou, role: principal.role, expiresAt: at } });
    return json({ code, expiresAt: at, login: principal.login, participant: principal.edrpou, role: principal.role, loginPage: `${CABINET_ROOT}/login` });
  });

  return { reset: () => auth.reset() };
}
