// Masks personal data in what reports show: message bodies, expected/actual values, journal facts. Works on
// text with patterns (bodies may be truncated or malformed, so they are not parsed) and on values by key.
// It errs on the side of masking: a unix timestamp that looks like a РНОКПП is masked too.
import type { Msg } from '../../core/i18n.ts';
import type { JournalEntry } from '../../core/journal.ts';
import type { AssertionResult, ScenarioResult, StepResult } from '../../core/results.ts';
import type { RunReport } from '../report-model.ts';

const STAR = '*';
/** no letter, digit or underscore on that side, so digits inside hashes and ids stay alone */
const B_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const B_AFTER = String.raw`(?![\p{L}\p{N}_])`;

/**
 * Replaces digits with stars except the first `keepStart` and last `keepEnd` digits; other characters stay.
 * @example maskDigits('1759013776', 2, 2) // '17******76'
 */
export function maskDigits(s: string, keepStart: number, keepEnd: number): string {
  const total = s.replace(/\D/g, '').length;
  let i = 0;
  return s.replace(/\d/g, (d) => {
    i += 1;
    return i <= keepStart || i > total - keepEnd ? d : STAR;
  });
}

/**
 * Keeps the first letter of each part of a name.
 * @example maskName('Шевченко-Гай Тарас') // 'Ш***-Г*** Т***'
 */
export function maskName(s: string): string {
  // stars count as part of a word, so an already masked name stays as it is
  return s.replace(/[\p{L}\p{M}’'ʼ`*]+/gu, (w) => (w.includes(STAR) ? w : `${[...w][0]}***`));
}

/** A phone number keeps its country/trunk prefix (380 or 0) and its last two digits. */
export function maskPhone(s: string): string {
  const digits = s.replace(/\D/g, '');
  return maskDigits(s, digits.startsWith('380') ? 3 : digits.startsWith('0') ? 1 : 0, 2);
}

/** A mailbox keeps the first character of its local part and the domain. */
export function maskEmail(s: string): string {
  const at = s.lastIndexOf('@');
  return at <= 0 ? s : `${[...s][0]}***${s.slice(at)}`;
}

const normalKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const NAME_KEYS = new Set(['lastname', 'firstname', 'middlename', 'patronymic', 'patronym', 'fullname', 'surname', 'givenname', 'familyname', 'pib']);
type KeyKind = 'name' | 'unzr' | 'document' | 'phone' | undefined;

/** What kind of personal datum a field of this name holds, if any. */
function keyKind(key: string): KeyKind {
  const k = normalKey(key);
  if (NAME_KEYS.has(k)) return 'name';
  if (k.includes('unzr')) return 'unzr';
  if (/phone|mobile|^tel/.test(k)) return 'phone';
  if (/number|document|passport|docno|docnum/.test(k)) return 'document';
  return undefined;
}

/** Masks the value of a field whose name says what it holds. */
function maskByKind(kind: KeyKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'unzr':
      return value.replace(/\d{8}-?\d{5}/g, (m) => maskDigits(m, 2, 2));
    case 'phone':
      return /\d{5}/.test(value.replace(/\D/g, '')) ? maskPhone(value) : value;
    case 'document':
      // ID-card numbers (9 digits) and booklet passports (two Cyrillic letters + 6 digits)
      return value
        .replace(new RegExp(`${B_BEFORE}\\d{9}${B_AFTER}`, 'gu'), (m) => maskDigits(m, 2, 2))
        .replace(new RegExp(`${B_BEFORE}([А-ЯІЇЄҐ]{2})(\\d{6})${B_AFTER}`, 'gu'), (_m, series: string, n: string) => `${series}${maskDigits(n, 0, 2)}`);
    default:
      return value;
  }
}

// "key": "value" | "key": 123 — the value as JSON writes it, escapes included
const JSON_FIELD = /"([A-Za-z_][\w-]*)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+)/g;
// <ns:key attr="x">value</ns:key>
const XML_FIELD = /<((?:[\w.-]+:)?([A-Za-z_][\w.-]*))(\s[^<>]*)?>([^<]*)<\/\1>/g;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const UNZR = new RegExp(`${B_BEFORE}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])\\d{2}-\\d{5}${B_AFTER}`, 'gu');
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_+])(?:\+?38[\s-]?)?\(?0\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}${B_AFTER}`,
  'gu',
);
// a РНОКПП, also with a two-letter country prefix as X-Road userIds write it ('UA1759013776')
const RNOKPP = new RegExp(`${B_BEFORE}([A-Z]{2})?(\\d{10})${B_AFTER}`, 'gu');

/**
 * Masks personal data in free text (a JSON or XML body, a message). Field names decide first (names, УНЗР,
 * document numbers, phones), then patterns anywhere: e-mails, УНЗР, phone numbers, РНОКПП. Idempotent.
 */
export function maskText(text: string): string {
  let out = text.replace(JSON_FIELD, (m, key: string, sep: string, raw: string) => {
    const kind = keyKind(key);
    if (!kind) return m;
    const quoted = raw.startsWith('"');
    const inner = quoted ? raw.slice(1, -1) : raw;
    const masked = maskByKind(kind, inner);
    return masked === inner ? m : `"${key}"${sep}"${masked}"`;
  });
  out = out.replace(XML_FIELD, (m, tag: string, local: string, attrs: string | undefined, value: string) => {
    const kind = keyKind(local);
    return kind ? `<${tag}${attrs ?? ''}>${maskByKind(kind, value)}</${tag}>` : m;
  });
  return out
    .replace(EMAIL, maskEmail)
    .replace(UNZR, (m) => maskDigits(m, 2, 2))
    .replace(PHONE, (m) => (/^0\d{9}$/.test(m) ? maskDigits(m, 2, 2) : maskPhone(m)))
    .replace(RNOKPP, (_m, prefix: string | undefined, digits: string) => `${prefix ?? ''}${maskDigits(digits, 2, 2)}`);
}

/**
 * Masks a structured value (expected/actual, journal facts): strings by their field name and then as text,
 * numbers that turn out personal become masked strings, objects and arrays recursively. Returns a copy.
 */
export function maskValue(value: unknown, key?: string): unknown {
  const kind = key === undefined ? undefined : keyKind(key);
  if (typeof value === 'string') return maskText(maskByKind(kind, value));
  if (typeof value === 'number' && Number.isInteger(value)) {
    const s = String(value);
    const masked = maskText(maskByKind(kind, s));
    return masked === s ? value : masked;
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k)]));
  }
  return value;
}

/** A carried message with its parameters masked (they quote what the participant sent), nested ones too. */
export function maskMsg(m: Msg): Msg {
  if (!m.params) return m;
  const params = Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'object' ? maskMsg(v) : (maskValue(v, k) as string | number)]));
  return { ...m, params };
}

function maskAssertion(a: AssertionResult): AssertionResult {
  const out: AssertionResult = { ...a };
  if (a.message !== undefined) out.message = maskText(a.message);
  if (a.msg) out.msg = maskMsg(a.msg);
  if (a.label) out.label = maskMsg(a.label);
  if (a.expectedMsg) out.expectedMsg = maskMsg(a.expectedMsg);
  if (a.actualMsg) out.actualMsg = maskMsg(a.actualMsg);
  if ('expected' in a) out.expected = maskValue(a.expected);
  if ('actual' in a) out.actual = maskValue(a.actual);
  return out;
}

function maskStep(s: StepResult): StepResult {
  const out: StepResult = { ...s, assertions: s.assertions.map(maskAssertion) };
  if (s.message !== undefined) out.message = maskText(s.message);
  if (s.msg) out.msg = maskMsg(s.msg);
  return out;
}

function maskScenario(s: ScenarioResult): ScenarioResult {
  const out: ScenarioResult = { ...s, steps: s.steps.map(maskStep) };
  if (s.message !== undefined) out.message = maskText(s.message);
  if (s.msg) out.msg = maskMsg(s.msg);
  if (s.warnings) out.warnings = s.warnings.map((w) => ({ ...w, message: maskText(w.message), msg: maskMsg(w.msg) }));
  return out;
}

/** The report as writers show it: masked when `run.masked` says so, untouched otherwise. Never mutates. */
export function reportForOutput(report: Readonly<RunReport>): RunReport {
  if (!report.run.masked) return report as RunReport;
  return { ...report, scenarios: report.scenarios.map(maskScenario) };
}

/** A journal entry with its body and extracted facts masked; `bodyMasked` tells a reader the body changed. */
export function maskJournalEntry(e: JournalEntry): JournalEntry & { bodyMasked?: true } {
  const out: JournalEntry & { bodyMasked?: true } = { ...e };
  if (e.body !== undefined) {
    const body = maskText(e.body);
    if (body !== e.body) {
      out.body = body;
      out.bodyMasked = true;
    }
  }
  if (e.data !== undefined) out.data = maskValue(e.data) as Record<string, unknown>;
  return out;
}
