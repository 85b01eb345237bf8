// The phone's pages: the е-Посвідчення as the Дія app shows it (the ten fields, the code as QR / barcode / digits,
// the countdown, "Оновити код"), the camera view (only the QR, for a browser's fake camera), and the refusals.
// Self-contained: inline CSS, JS and SVG, no external resource, so it works offline and a verifier's camera test
// never depends on the network. Every value is escaped — names carry apostrophes (Ім'я), seeds may carry anything.
import { t, type Lang, type MessageRef } from '../../../core/i18n.ts';
import { ean13Svg, groupEan13, isValidEan13 } from './ean13.ts';
import { escapeHtml } from './html.ts';
import { PHONE } from './messages.ts';
import { qrSvg } from './qr.ts';
import type { PhoneCredential, PhoneProblem, PhoneView } from './view.ts';

/** What the page is rendered from: the presentation and the simulators' virtual time at rendering. */
export type PhonePageView = PhoneView & { now: number };

/**
 * Whole seconds the code has left at `now`, rounded down (the phone never promises a second the code does not
 * have); 0 once expired. 179 000 ms left shows 2:59.
 */
export function secondsLeft(view: Pick<PhoneView, 'expiresAt'>, now: number): number {
  return Math.max(0, Math.floor((view.expiresAt - now) / 1000));
}

/** m:ss, as the app's countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** YYYY-MM-DD as the app writes dates (DD.MM.YYYY); anything else as given. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

const STATES: Record<string, MessageRef> = { active: PHONE.stateActive, revoked: PHONE.stateRevoked, expired: PHONE.stateExpired };

const REASONS: Record<string, MessageRef> = {
  'not-authenticated': PHONE.reasonNotAuthenticated,
  'no-credential': PHONE.reasonNoCredential,
  'no-chip': PHONE.reasonNoChip,
  'credential-expired': PHONE.reasonCredentialExpired,
  'credential-revoked': PHONE.reasonCredentialRevoked,
  'hr-unavailable': PHONE.reasonHrUnavailable,
  'hr-data-missing': PHONE.reasonHrDataMissing,
  dismissed: PHONE.reasonDismissed,
};

const STYLE = `
:root{color-scheme:light;--ink:#000;--muted:#4a4a4f;--card:#fff;--line:#d7d7dc;--accent:#000;--bad:#b00020}
*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:linear-gradient(160deg,#d9f0f5,#e7e0f6 60%,#f3e6d8)}
main{max-width:420px;margin:0 auto;padding:16px}
.sim{font-size:12px;color:var(--muted);text-align:center;margin:0 0 12px}
.card{background:var(--card);border-radius:20px;padding:20px;box-shadow:0 2px 12px rgba(0,0,0,.08);margin:0 0 16px}
h1{font-size:22px;margin:0 0 12px}
h2{font-size:18px;margin:0 0 12px}
.person{display:flex;gap:16px;align-items:flex-start;margin:0 0 12px}
.person img,.nophoto{width:96px;height:120px;border-radius:10px;object-fit:cover;flex:none;background:#eee}
.nophoto{display:flex;align-items:center;justify-content:center;font-size:12px;color:var(--muted);text-align:center}
dl{margin:0}
dt{font-size:13px;color:var(--muted);margin-top:8px}
dd{margin:0;font-weight:500;overflow-wrap:anywhere}
.state{display:inline-block;padding:2px 10px;border-radius:12px;background:#dff3e4}
.state.inactive{background:#fde2e4}
.contacts{list-style:none;margin:0;padding:0}
fieldset.toggle{border:0;margin:0 0 12px;padding:0;display:flex;background:#eee;border-radius:12px}
.toggle legend,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.toggle input{position:absolute;opacity:0}
.toggle label{flex:1;text-align:center;padding:8px;border-radius:12px;cursor:pointer}
.toggle input:checked+label{background:#000;color:#fff}
.toggle input:focus-visible+label{outline:3px solid #0057b8;outline-offset:2px}
.panel{display:none;justify-content:center;padding:8px 0}
.panel svg{max-width:100%;height:auto}
#code:has(#show-qr:checked) .panel.qr,#code:has(#show-barcode:checked) .panel.barcode{display:flex}
.digits{font:600 24px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.08em;text-align:center;margin:8px 0}
.countdown{text-align:center;margin:8px 0;color:var(--muted)}
.expired .panels,.expired .digits{opacity:.15}
.expired .countdown{color:var(--bad);font-weight:600}
form{text-align:center;margin:12px 0 0}
button{font:inherit;padding:10px 20px;border-radius:12px;border:2px solid #000;background:#fff;color:#000;cursor:pointer}
.expired button{background:#000;color:#fff}
button:focus-visible{outline:3px solid #0057b8;outline-offset:2px}
.hint{font-size:13px;color:var(--muted);margin:12px 0 0}
`;

// Counts down from the seconds the server computed on the virtual clock; the page itself never reads the wall clock
// as the truth about expiry. At 0 the code is marked no longer valid and the refresh button is the way on.
const SCRIPT = `
(function(){
  var box=document.getElementById('code');
  var out=document.getElementById('countdown');
  if(!box||!out)return;
  var left=Number(box.getAttribute('data-seconds'))||0;
  var live=box.getAttribute('data-text-live')||'';
  var gone=box.getAttribute('data-text-expired')||'';
  function mmss(s){return Math.floor(s/60)+':'+('0'+(s%60)).slice(-2);}
  function show(){
    if(left<=0){box.classList.add('expired');out.textContent=gone;out.setAttribute('aria-live','assertive');return false;}
    out.textContent=live.replace('{time}',mmss(left));return true;
  }
  if(!show())return;
  var timer=setInterval(function(){left-=1;box.setAttribute('data-seconds',String(Math.max(0,left)));if(!show())clearInterval(timer);},1000);
})();
`;

function shell(lang: Lang, title: string, body: string, script = ''): string {
  return (
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>`
  );
}

const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;

function photo(c: PhoneCredential, lang: Lang): string {
  // a data: URI only: anything else would be a request the offline page must not make
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(c.photo)) {
    return `<img src="${escapeHtml(c.photo)}" alt="${escapeHtml(t(PHONE.photoAlt, lang, { name: c.fullName }))}" width="96" height="120">`;
  }
  return `<div class="nophoto" role="img" aria-label="${escapeHtml(t(PHONE.noPhoto, lang))}">${escapeHtml(t(PHONE.noPhoto, lang))}</div>`;
}

function credentialCard(c: PhoneCredential, lang: Lang): string {
  const stateRef = STATES[c.state];
  const state = `<span class="state${c.state === 'active' ? '' : ' inactive'}">${escapeHtml(stateRef ? t(stateRef, lang) : c.state)}</span>`;
  const contacts = [
    c.contacts.phone ? `<li>${escapeHtml(t(PHONE.phone, lang))}: ${escapeHtml(c.contacts.phone)}</li>` : '',
    c.contacts.email ? `<li>${escapeHtml(t(PHONE.email, lang))}: ${escapeHtml(c.contacts.email)}</li>` : '',
  ].join('');
  return (
    `<section class="card" aria-labelledby="doc-title">` +
    `<h1 id="doc-title">${escapeHtml(c.title)}</h1>` +
    `<div class="person">${photo(c, lang)}<dl>` +
    row(t(PHONE.state, lang), state) +
    row(t(PHONE.fullName, lang), `<span data-field="fullName">${escapeHtml(c.fullName)}</span>`) +
    `</dl></div><dl>` +
    row(t(PHONE.position, lang), escapeHtml(c.position)) +
    row(t(PHONE.issueDate, lang), `<time datetime="${escapeHtml(c.issueDate)}">${escapeHtml(formatDate(c.issueDate))}</time>`) +
    row(t(PHONE.seriesNumber, lang), escapeHtml(c.seriesNumber)) +
    row(t(PHONE.issuingBody, lang), escapeHtml(c.issuingBody)) +
    (c.expiryDate ? row(t(PHONE.expiryDate, lang), `<time datetime="${escapeHtml(c.expiryDate)}">${escapeHtml(formatDate(c.expiryDate))}</time>`) : '') +
    row(t(PHONE.contacts, lang), contacts ? `<ul class="contacts">${contacts}</ul>` : escapeHtml(t(PHONE.none, lang))) +
    `</dl></section>`
  );
}

function codeCard(view: PhonePageView, lang: Lang): string {
  const left = secondsLeft(view, view.now);
  const expired = left <= 0;
  const live = t(PHONE.countdown, lang, { time: '{time}' });
  const barcode = isValidEan13(view.barcode)
    ? ean13Svg(view.barcode, { module: 2, label: t(PHONE.barcodeAlt, lang, { code: groupEan13(view.barcode) }) })
    : '';
  const digits = isValidEan13(view.barcode) ? groupEan13(view.barcode) : view.barcode;
  return (
    `<section id="code" class="card${expired ? ' expired' : ''}" aria-labelledby="code-title" data-seconds="${left}"` +
    ` data-expires-at="${escapeHtml(new Date(view.expiresAt).toISOString())}" data-text-live="${escapeHtml(live)}" data-text-expired="${escapeHtml(t(PHONE.expired, lang))}">` +
    `<h2 id="code-title">${escapeHtml(t(PHONE.codeHeading, lang))}</h2>` +
    // radio buttons, not a script: the toggle works without JS and is a labelled group to a screen reader
    `<fieldset class="toggle"><legend>${escapeHtml(t(PHONE.showAs, lang))}</legend>` +
    `<input type="radio" name="show" id="show-qr" value="qr" checked><label for="show-qr">${escapeHtml(t(PHONE.qrTab, lang))}</label>` +
    `<input type="radio" name="show" id="show-barcode" value="barcode"><label for="show-barcode">${escapeHtml(t(PHONE.barcodeTab, lang))}</label>` +
    `</fieldset>` +
    `<div class="panels">` +
    `<div class="panel qr">${qrSvg(view.qrCode, { size: 240, label: t(PHONE.qrAlt, lang), className: 'qr-code' })}</div>` +
    `<div class="panel barcode">${barcode}</div>` +
    `</div>` +
    `<p class="digits" id="digit-code"><span class="sr">${escapeHtml(t(PHONE.digitCode, lang))}: </span>${escapeHtml(digits)}</p>` +
    `<p class="countdown" id="countdown" role="timer" aria-live="off">${escapeHtml(expired ? t(PHONE.expired, lang) : t(PHONE.countdown, lang, { time: formatCountdown(left) }))}</p>` +
    `<form method="post" action="/phone/${escapeHtml(encodeURIComponent(view.presentationId))}/refresh${lang === 'en' ? '?lang=en' : ''}"><button type="submit" id="refresh">${escapeHtml(t(PHONE.refresh, lang))}</button></form>` +
    `<p class="hint">${escapeHtml(t(PHONE.showHint, lang))}</p>` +
    `</section>`
  );
}

/** The е-Посвідчення screen of the Дія app for one presentation, at the virtual time `view.now`. */
export function renderPhonePage(view: PhonePageView, lang: Lang = 'uk'): string {
  const body = `<p class="sim">${escapeHtml(t(PHONE.simulated, lang))}</p>` + credentialCard(view.credential, lang) + codeCard(view, lang);
  return shell(lang, t(PHONE.pageTitle, lang), body, SCRIPT);
}

/** The size a camera page draws the QR at: about 400 px, in whole pixels per module so every module is sharp. */
const CAMERA_QR = 400;

/**
 * What the phone's screen shows a camera: a 640×480 white page with only the QR code, centred and about 400 px
 * with its quiet zone — the frame a browser's fake camera (`--use-file-for-fake-video-capture`) plays to a
 * verifier's scanning page. No text, so nothing but the code is there to decode.
 */
export function renderCameraPage(view: Pick<PhoneView, 'qrCode'>): string {
  const qr = qrSvg(view.qrCode, { size: CAMERA_QR, wholePixels: true, label: 'QR' });
  return (
    `<!doctype html>\n<html lang="uk"><head><meta charset="utf-8"><title>QR</title>` +
    `<style>html,body{margin:0;padding:0;background:#fff}body{width:640px;height:480px;overflow:hidden;display:flex;align-items:center;justify-content:center}svg{display:block}</style>` +
    `</head><body>${qr}</body></html>`
  );
}

/** The page for a presentation Дія does not have (an unknown or mistyped id). */
export function renderNotFoundPage(presentationId: string, lang: Lang = 'uk'): string {
  const body =
    `<p class="sim">${escapeHtml(t(PHONE.simulated, lang))}</p>` +
    `<section class="card"><h1>${escapeHtml(t(PHONE.notFoundTitle, lang))}</h1>` +
    `<p>${escapeHtml(t(PHONE.notFoundText, lang, { id: presentationId }))}</p></section>`;
  return shell(lang, t(PHONE.notFoundTitle, lang), body);
}

/** The page for a refresh Дія refused (the credential revoked meanwhile, HR down, …), with a way back. */
export function renderRefreshFailedPage(presentationId: string, p: PhoneProblem, lang: Lang = 'uk'): string {
  const reason = REASONS[p.code] ?? PHONE.reasonOther;
  const body =
    `<p class="sim">${escapeHtml(t(PHONE.simulated, lang))}</p>` +
    `<section class="card" role="alert"><h1>${escapeHtml(t(PHONE.refreshFailedTitle, lang))}</h1>` +
    `<p>${escapeHtml(t(reason, lang))}</p>` +
    `<p class="hint" data-code="${escapeHtml(p.code)}">${escapeHtml(t(PHONE.problemCode, lang, { code: p.code }))}</p>` +
    `<p><a href="/phone/${escapeHtml(encodeURIComponent(presentationId))}">${escapeHtml(t(PHONE.back, lang))}</a></p></section>`;
  return shell(lang, t(PHONE.refreshFailedTitle, lang), body);
}
