// The Cabinet's page frame and the one escaping rule for everything it writes into HTML: text and attribute values
// alike (a questionnaire, a rework reason or an answer may carry anything a participant sent). Pages load nothing
// from anywhere — no scripts at all, inline style only — and the security policy makes a slip fail in a browser.
import { t, type Lang, type MessageRef, type Params } from '../../../core/i18n.ts';
import { escapeHtml } from '../../kit/index.ts';
import { CABINET } from './messages.ts';
import type { Session } from './sessions.ts';

export const CABINET_ROOT = '/cabinet';

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export { escapeHtml };

/** A message in the page's language, escaped. */
export const tx = (ref: MessageRef, lang: Lang, params: Params = {}) => escapeHtml(t(ref, lang, params));

/** A Cabinet path with the page's language kept (`?lang=en`), escaped for an attribute. */
export function href(path: string, lang: Lang, query: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...query, ...(lang === 'en' ? { lang: 'en' } : {}) }).toString();
  return escapeHtml(`${CABINET_ROOT}${path}${q ? `?${q}` : ''}`);
}

/** An instant as Kyiv people read it: 10.03.2026, 12:00 (Київ). */
export function kyivTime(ms: number | string, lang: Lang): string {
  const d = typeof ms === 'string' ? new Date(ms) : new Date(ms);
  if (Number.isNaN(d.getTime())) return escapeHtml(String(ms));
  const text = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', {
    timeZone: 'Europe/Kyiv',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
  return `<time datetime="${escapeHtml(d.toISOString())}">${escapeHtml(text)} (${lang === 'en' ? 'Kyiv' : 'Київ'})</time>`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header{background:#0b3d66;color:#fff;padding:12px 20px}header a{color:#fff}
.sim{margin:0 0 6px;font-size:.85em;background:#ffe58a;color:#1a1a1a;padding:4px 8px;display:inline-block}
.site{font-size:1.2em;font-weight:600;margin:0}
nav ul{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:16px}
.who{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:6px 0 0}
main{padding:16px 20px;max-width:60em}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #888;padding:4px 8px;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:4px 0}
.alert{border-left:6px solid #b00020;background:#fdecee;padding:8px 12px}
.ok{border-left:6px solid #1b6e20;background:#e8f5e9;padding:8px 12px}
label{display:block;font-weight:600;margin-top:10px}input,select,textarea{font:inherit;margin-top:2px}
textarea{width:100%;max-width:48em}button{font:inherit;margin-top:12px;padding:4px 12px}
code{background:#f1f1f1;padding:0 3px}
`;

export interface Frame {
  title: string;
  lang: Lang;
  /** the signed-in session: navigation, who, the logout form */
  session?: Session;
  /** the page's own path, for the language switch */
  path: string;
  body: string;
}

function roleText(session: Session, lang: Lang): string {
  const role = session.principal.role;
  return t(role === 'administrator' ? CABINET.roleAdministrator : role === 'operator' ? CABINET.roleOperator : CABINET.roleApplicant, lang);
}

/** The page: the simulation notice, the site's name, navigation for a session, and the main content. */
export function page(f: Frame): string {
  const { lang, session } = f;
  const other: Lang = lang === 'en' ? 'uk' : 'en';
  const switchHref = escapeHtml(`${CABINET_ROOT}${f.path}${other === 'en' ? '?lang=en' : ''}`);
  const nav = session
    ? `<nav aria-label="${tx(CABINET.nav, lang)}"><ul>
<li><a href="${href('/', lang)}">${tx(CABINET.navOverview, lang)}</a></li>
<li><a href="${href('/filing', lang)}">${tx(CABINET.navFiling, lang)}</a></li>
<li><a href="${href('/request', lang)}">${tx(CABINET.navRequest, lang)}</a></li>
<li><a href="${href('/notifications', lang)}">${tx(CABINET.navNotifications, lang)}</a></li>
</ul></nav>
<div class="who"><p>${tx(CABINET.signedInAs, lang, { who: `${session.principal.fullName ?? session.principal.login} (${roleText(session, lang)}, ЄДРПОУ ${session.principal.edrpou})` })}</p>
<form method="post" action="${href('/logout', lang)}"><input type="hidden" name="csrf" value="${escapeHtml(session.csrf)}"><button type="submit">${tx(CABINET.logout, lang)}</button></form></div>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(f.title)} · ${tx(CABINET.siteName, lang)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${tx(CABINET.skip, lang)}</a>
<header>
<p class="sim">${tx(CABINET.simulated, lang)}</p>
<p class="site">${tx(CABINET.siteName, lang)}</p>
${nav}
<p><a href="${switchHref}" lang="${other}" hreflang="${other}">${tx(CABINET.language, lang)}</a></p>
</header>
<main id="main">
<h1>${escapeHtml(f.title)}</h1>
${f.body}
</main>
</body>
</html>
`;
}

export const htmlResponse = (body: string, status = 200, extra: Record<string, string> = {}) => new Response(body, { status, headers: { ...HTML_HEADERS, ...extra } });
