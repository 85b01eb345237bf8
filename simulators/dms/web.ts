// The ДМС web registry (DMS-03, user-system): the pages an officer of a hromada without its own system uses to
// enter a registration action. Self-contained Ukrainian HTML, no external assets; labels for every field.
import { escapeHtml } from '../kit/index.ts';
import type { Act, ActKind, FieldIssue, RegistrationBody } from './schemas.ts';
import type { ActRecord } from './state.ts';

const KIND_LABELS: Record<ActKind, string> = {
  declaration: 'Декларування місця проживання',
  registration: 'Реєстрація місця проживання',
  removal: 'Зняття із задекларованого (зареєстрованого) місця проживання',
  cancellation: 'Скасування дії',
};

/** Form field names are the act's JSON paths, so an issue's `field` names the input it belongs to. */
const FIELDS = [
  'kind',
  'person.lastName',
  'person.firstName',
  'person.patronymic',
  'person.birthDate',
  'person.sex',
  'person.rnokpp',
  'person.unzr',
  'person.document.type',
  'person.document.number',
  'address.katottg',
  'address.text',
  'cancelsActId',
  'firstEntry',
] as const;

export type FormValues = Partial<Record<(typeof FIELDS)[number], string>>;

/** Reads the posted form, keeping only known fields and trimming them. */
export function readForm(body: string): FormValues {
  const params = new URLSearchParams(body);
  const out: FormValues = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v !== null) out[f] = v.trim();
  }
  return out;
}

/** The act the form describes; empty inputs are left out so the act rules report what is missing. */
export function formToAct(
  form: FormValues,
  fixed: { actId: string; performedAt: string; registrationBody: RegistrationBody },
): Record<string, unknown> {
  const v = (k: keyof FormValues) => (form[k] ? form[k] : undefined);
  const person: Record<string, unknown> = {
    lastName: v('person.lastName'),
    firstName: v('person.firstName'),
    patronymic: v('person.patronymic'),
    birthDate: v('person.birthDate'),
    sex: v('person.sex'),
    rnokpp: v('person.rnokpp'),
    unzr: v('person.unzr'),
  };
  if (v('person.document.number')) {
    person.document = { type: v('person.document.type') ?? 'id-card', number: v('person.document.number') };
  }
  const act: Record<string, unknown> = dropUndefined({
    actId: fixed.actId,
    kind: v('kind'),
    performedAt: fixed.performedAt,
    registrationBody: fixed.registrationBody,
    person: dropUndefined(person),
  });
  if (v('address.katottg') || v('address.text')) {
    act.address = { katottg: v('address.katottg') ?? '', text: v('address.text') ?? '' };
  }
  if (v('cancelsActId')) act.cancelsActId = v('cancelsActId');
  if (form.firstEntry === 'on' || form.firstEntry === 'true') act.firstEntry = true;
  return act;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
}


const STYLE = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#5a5a60;--line:#c9c9d0;--accent:#0057b8;--bad:#b00020;--ok:#1b6e2a}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f7f9}
header{background:var(--accent);color:#fff;padding:12px 24px}
header p{margin:0;font-size:14px;opacity:.9}
main{max-width:760px;margin:24px auto;padding:0 24px}
h1{font-size:24px;margin:0 0 16px}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 16px;padding:12px 16px;background:#fff}
legend{font-weight:600;padding:0 6px}
.field{margin:8px 0}
label{display:block;font-weight:500}
input,select{width:100%;padding:8px;border:1px solid var(--line);border-radius:4px;font:inherit}
input[type=checkbox]{width:auto;margin-right:8px}
.check label{display:inline}
[aria-invalid=true]{border-color:var(--bad);outline:1px solid var(--bad)}
.error{color:var(--bad);font-size:14px;margin:2px 0 0}
.summary{border:2px solid var(--bad);background:#fff;padding:12px 16px;border-radius:6px;margin-bottom:16px}
.done{border:2px solid var(--ok);background:#fff;padding:12px 16px;border-radius:6px}
.note{color:var(--muted);font-size:14px}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;cursor:pointer}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
dt{color:var(--muted)}dd{margin:0;font-weight:600}
`;

/** Only inline styles; nothing is loaded from anywhere, so the page works on a closed network. */
export const WEB_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function page(title: string, body: string, registrationBody: RegistrationBody): string {
  return `<!doctype html>
<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Реєстр територіальної громади (ДМС)</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<strong>Реєстр територіальної громади — вебзастосунок ДМС</strong>
<p>${escapeHtml(registrationBody.name ?? 'Орган реєстрації')} · ЄДРПОУ ${escapeHtml(registrationBody.edrpou)} · симулятор polihon, дані синтетичні</p>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function input(
  name: (typeof FIELDS)[number],
  label: string,
  values: FormValues,
  errors: Map<string, FieldIssue>,
  attrs = '',
): string {
  const id = `f-${name.replace(/\./g, '-')}`;
  const err = errors.get(name);
  return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
<input id="${id}" name="${name}" value="${escapeHtml(values[name] ?? '')}" ${attrs}${err ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${err ? `<p class="error" id="${id}-error">${escapeHtml(err.uk)}</p>` : ''}
</div>`;
}

function select(
  name: (typeof FIELDS)[number],
  label: string,
  options: [string, string][],
  values: FormValues,
  errors: Map<string, FieldIssue>,
): string {
  const id = `f-${name.replace(/\./g, '-')}`;
  const err = errors.get(name);
  const current = values[name] ?? '';
  return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
<select id="${id}" name="${name}"${err ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${options.map(([v, t]) => `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(t)}</option>`).join('\n')}
</select>
${err ? `<p class="error" id="${id}-error">${escapeHtml(err.uk)}</p>` : ''}
</div>`;
}

/** Field labels in Ukrainian, for the error summary. */
const FIELD_LABELS: Record<string, string> = {
  kind: 'Вид дії',
  'person.lastName': 'Прізвище',
  'person.firstName': "Ім'я",
  'person.patronymic': 'По батькові',
  'person.birthDate': 'Дата народження',
  'person.sex': 'Стать',
  'person.rnokpp': 'РНОКПП',
  'person.unzr': 'УНЗР',
  'person.document.type': 'Вид документа',
  'person.document.number': 'Номер документа',
  address: 'Адреса',
  'address.katottg': 'Код КАТОТТГ',
  'address.text': 'Адреса',
  cancelsActId: 'Номер акта, що скасовується',
  performedAt: 'Час дії',
};

/** The form, filled with `values` and showing `issues` beside their fields and in a summary on top. */
export function renderForm(
  registrationBody: RegistrationBody,
  values: FormValues = {},
  issues: readonly FieldIssue[] = [],
  notice?: string,
): string {
  // Issues on a whole object (address) are shown on its first input.
  const errors = new Map<string, FieldIssue>();
  for (const i of issues) {
    const field = i.field === 'address' ? 'address.katottg' : i.field;
    if (!errors.has(field)) errors.set(field, i);
  }
  const summary =
    issues.length > 0 || notice
      ? `<div class="summary" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">Дію не внесено</h2>
${notice ? `<p>${escapeHtml(notice)}</p>` : ''}
${issues.length > 0 ? `<ul>${issues.map((i) => `<li>${escapeHtml(FIELD_LABELS[i.field] ?? i.field)}: ${escapeHtml(i.uk)}</li>`).join('')}</ul>` : ''}
</div>`
      : '';
  const body = `<h1>Внесення відомостей до реєстру</h1>
${summary}
<form method="post" action="/dms/web/acts" accept-charset="utf-8" novalidate>
<fieldset><legend>Дія</legend>
${select('kind', 'Вид дії', (Object.entries(KIND_LABELS) as [string, string][]), values, errors)}
${input('cancelsActId', 'Номер акта, що скасовується', values, errors, 'autocomplete="off"')}
<p class="note">Заповнюється лише для скасування дії.</p>
</fieldset>
<fieldset><legend>Особа</legend>
${input('person.lastName', 'Прізвище', values, errors, 'autocomplete="off"')}
${input('person.firstName', "Ім'я", values, errors, 'autocomplete="off"')}
${input('person.patronymic', 'По батькові', values, errors, 'autocomplete="off"')}
${input('person.birthDate', 'Дата народження', values, errors, 'type="date"')}
${select('person.sex', 'Стать', [['', '— оберіть —'], ['female', 'Жіноча'], ['male', 'Чоловіча']], values, errors)}
${input('person.rnokpp', 'РНОКПП', values, errors, 'inputmode="numeric" autocomplete="off"')}
${input('person.unzr', 'УНЗР', values, errors, 'autocomplete="off" placeholder="РРРРММДД-NNNNC"')}
${select('person.document.type', 'Вид документа', [['id-card', 'Паспорт у формі ID-картки'], ['booklet-passport', 'Паспорт у формі книжечки']], values, errors)}
${input('person.document.number', 'Номер документа', values, errors, 'autocomplete="off"')}
<div class="field check"><input type="checkbox" id="f-firstEntry" name="firstEntry"${values.firstEntry ? ' checked' : ''}><label for="f-firstEntry">Особа вперше вноситься до ЄДДР</label></div>
</fieldset>
<fieldset><legend>Місце проживання</legend>
${input('address.katottg', 'Код КАТОТТГ', values, errors, 'autocomplete="off" placeholder="UA80000000000093317"')}
${input('address.text', 'Адреса', values, errors, 'autocomplete="off"')}
</fieldset>
<button type="submit">Внести</button>
</form>`;
  return page('Внесення відомостей', body, registrationBody);
}

/** The page shown once ДМС has taken the act: the confirmation, or that it is still awaited. */
export function renderAccepted(registrationBody: RegistrationBody, record: ActRecord, act: Act): string {
  const confirmed = record.confirmation;
  const body = `<h1>${confirmed ? 'Дію внесено і підтверджено' : 'Дію прийнято'}</h1>
<div class="done" role="status">
${
  confirmed
    ? `<p>Номер підтвердження: <strong id="confirmation-id">${escapeHtml(confirmed.id)}</strong></p>`
    : '<p>Підтвердження ДМС ще не надано. Дія не завершена, доки його не отримано.</p>'
}
<dl>
<dt>Вид дії</dt><dd>${escapeHtml(KIND_LABELS[act.kind])}</dd>
<dt>Номер акта</dt><dd id="act-id">${escapeHtml(act.actId)}</dd>
<dt>Номер у системі ДМС</dt><dd>${escapeHtml(record.dmsActId)}</dd>
<dt>Особа</dt><dd>${escapeHtml([act.person.lastName, act.person.firstName, act.person.patronymic].filter(Boolean).join(' '))}</dd>
<dt>Прийнято</dt><dd>${escapeHtml(record.receivedAt)}</dd>
</dl>
</div>
<p><a href="/dms/web/">Внести ще одну дію</a></p>`;
  return page(confirmed ? 'Дію підтверджено' : 'Дію прийнято', body, registrationBody);
}
