// Masks personal data: the one set of rules every output uses (report.json, junit.xml, index.html, journal.jsonl, the
// console) and the journal's hash chain seals (core/journal.ts), so a masked journal still verifies. Works on text with
// patterns (bodies may be truncated or malformed, so they are not parsed) and on values by key. It errs on the side
// of masking: a unix timestamp that looks like a РНОКПП is masked too.

const STAR = '*';
/** no letter, digit or underscore on that side, so digits inside hashes and ids stay alone */
const B_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const B_AFTER = String.raw`(?![\p{L}\p{N}_])`;

/**
 * Called with each piece of original text a mask replaced, in a fixed order, so the journal can commit to what it
 * hid (core/journal.ts). Masking the same input always reports the same pieces in the same order.
 */
export type MaskCollector = (original: string) => void;

/**
 * Replaces digits with stars except the first `keepStart` and last `keepEnd` digits; other characters stay.
 * @example maskDigits('1759013776', 2, 2) // '17******76'
 */
export function maskDigits(s: string, keepStart: number, keepEnd: number): string {
  // by code unit, as /\d/ without the u flag reads it: the journal masks every entry, and two regex passes with a
  // callback per digit were a tenth of sealing one
  let total = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) total++;
  }
  let out = '';
  let from = 0;
  let i = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) continue;
    i++;
    if (i <= keepStart || i > total - keepEnd) continue;
    out += s.slice(from, k) + STAR;
    from = k + 1;
  }
  return from === 0 ? s : out + s.slice(from);
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

// Parts naming a region or a settlement are not personal on their own; the street, house and postcode are.
const PUBLIC_ADDRESS_PART = /(обл\.|область|р-н|район|громада|^Україна$|^Київ$|^(м|с|смт|с-ще|сел)\.?\s)/u;

/**
 * An address keeps its oblast, district, hromada and settlement; street, house, flat and postcode become `***`.
 * @example maskAddress('01001, м. Київ, вул. Хрещатик, буд. 1') // '***, м. Київ, ***'
 */
export function maskAddress(value: string): string {
  const out: string[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const kept = PUBLIC_ADDRESS_PART.test(part) || part === STAR.repeat(3) ? part : STAR.repeat(3);
    if (kept !== '***' || out[out.length - 1] !== '***') out.push(kept);
  }
  return out.join(', ');
}

/**
 * A birth date keeps its year: enough to see an age, not enough to find a person.
 * @example maskBirthDate('1974-10-27') // '1974-**-**'
 */
export function maskBirthDate(value: string): string {
  return value.replace(/\b(\d{4})-\d{2}-\d{2}\b/g, '$1-**-**').replace(/\b(\d{2})\.(\d{2})\.(\d{4})\b/g, '**.**.$3');
}

const normalKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const NAME_KEYS = new Set(['lastname', 'firstname', 'middlename', 'patronymic', 'patronym', 'fullname', 'surname', 'givenname', 'familyname', 'pib']);
// what a web page showed (a `ui` step's `read`): it may hold a name, and nothing tells which of its words, so each word
// is masked as one
NAME_KEYS.add('pagetext');
type KeyKind = 'name' | 'unzr' | 'document' | 'phone' | 'address' | 'birth' | 'photo' | undefined;

// field names repeat in every body: each is judged once (bounded, in case a body invents names)
const kinds = new Map<string, KeyKind>();

/** What kind of personal datum a field of this name holds, if any ('person.birthDate' counts as 'birthDate'). */
function keyKind(key: string): KeyKind {
  let kind = kinds.get(key);
  if (kind === undefined && !kinds.has(key)) {
    if (kinds.size > 5000) kinds.clear();
    kind = judgeKey(key);
    kinds.set(key, kind);
  }
  return kind;
}

function judgeKey(key: string): KeyKind {
  const k = normalKey(key.slice(key.lastIndexOf('.') + 1));
  const whole = normalKey(key);
  if (NAME_KEYS.has(k)) return 'name';
  if (k.includes('unzr')) return 'unzr';
  if (/phone|mobile|^tel/.test(k)) return 'phone';
  if (/birth|^dob$/.test(k)) return 'birth';
  if (/address|street|building|apartment|^flat$|^house$|postcode|zip/.test(k) || /address(text)?$/.test(whole)) return 'address';
  if (/number|document|passport|docno|docnum/.test(k)) return 'document';
  // a face image (Дія's е-Посвідчення shows one): synthetic in polihon, still a person's likeness in kind
  if (/^photo/.test(k)) return 'photo';
  return undefined;
}

const ID_CARD = new RegExp(`${B_BEFORE}\\d{9}${B_AFTER}`, 'gu');
const BOOKLET = new RegExp(`${B_BEFORE}([А-ЯІЇЄҐ]{2})(\\d{6})${B_AFTER}`, 'gu');
const SERIES_SPACED = new RegExp(`${B_BEFORE}([А-ЯІЇЄҐ]{2}) (\\d{6})${B_AFTER}`, 'gu');
const SIX_DIGITS = /^\d{6}$/;

// a street-level address in any field ("text" under "address" says nothing by its own name)
const STREET_MARK = /(?:^|[\s,])(?:вул\.|вулиця|просп\.|проспект|пров\.|провулок|бульв\.|бульвар|пл\.|площа|узвіз|шосе|буд\.|кв\.)\s/u;

/** Masks the value of a field whose name says what it holds. */
function maskByKind(kind: KeyKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'unzr':
      return value.replace(/\d{8}-?\d{5}/g, (m) => maskDigits(m, 2, 2));
    case 'phone':
      return /\d{5}/.test(value.replace(/\D/g, '')) ? maskPhone(value) : value;
    case 'birth':
      return maskBirthDate(value);
    case 'address':
      return maskAddress(value);
    case 'document':
      // ID-card numbers (9 digits) and booklet passports (two Cyrillic letters + 6 digits)
      return value
        .replace(ID_CARD, (m) => maskDigits(m, 2, 2))
        .replace(BOOKLET, (_m, series: string, n: string) => `${series}${maskDigits(n, 0, 2)}`)
        // a service credential's series and number as Дія shows them ('АБ 123456'), and a bare 6-digit number
        .replace(SERIES_SPACED, (_m, series: string, n: string) => `${series} ${maskDigits(n, 0, 2)}`)
        .replace(SIX_DIGITS, (m) => maskDigits(m, 0, 2));
    case 'photo':
      return value.replace(/^(data:[^,]*,).+$/s, (m, head: string) => (m.endsWith('***') ? m : `${head}***`));
    default:
      return STREET_MARK.test(value) ? maskAddress(value) : value;
  }
}

// "key": "value" | "key": 123 — the value as JSON writes it, escapes included
const JSON_FIELD = /"([A-Za-z_][\w-]*)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+)/g;
// <ns:key attr="x">value</ns:key>
const XML_FIELD = /<((?:[\w.-]+:)?([A-Za-z_][\w.-]*))(\s[^<>]*)?>([^<]*)<\/\1>/g;
// ?key=value&key=value in a request path or URL
const QUERY_FIELD = /([?&])([A-Za-z_][\w.-]*)=([^&#\s"'<>]*)/g;

// found from each '@' outwards: a pattern that starts with the local part tries every letter of the text as a start
const EMAIL_DOMAIN = /@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
// The patterns below have no lookbehind: V8 would test a Unicode one at every position of every body. The
// boundaries (no letter, digit or underscore either side) are checked around each match instead (replaceBounded).
const UNZR = /(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}-\d{5}/g;
const PHONE = /(?:\+?38[\s-]?)?\(?0\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}/g;
// a РНОКПП, also with a two-letter country prefix as X-Road userIds write it ('UA1759013776')
const RNOKPP = /([A-Z]{2})?(\d{10})/g;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const PHONE_BEFORE = /[\p{L}\p{N}_+]/u;
// a birth date named in prose, as the simulators' messages quote it
const BIRTH_IN_TEXT = /(birth ?date|birthDate|дат[аиуі] народження)(\W{1,4})(\d{4})-\d{2}-\d{2}\b/giu;

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const MAY_HOLD_PERSONAL = /[\d"<=@]/;

/**
 * Runs `re` over `text`, replacing each match by `mask(match, ...groups)`, and tells `collect` the original of each
 * match the mask changed.
 */
function replaceCollecting(text: string, re: RegExp, collect: MaskCollector | undefined, mask: (m: string, ...groups: string[]) => string): string {
  return text.replace(re, (m: string, ...rest: unknown[]) => {
    const out = mask(m, ...groupsOf(rest));
    if (out !== m) collect?.(m);
    return out;
  });
}

/** A replacer's capture groups (its arguments but the offset and the whole text), '' for one that did not take part. */
function groupsOf(rest: unknown[]): string[] {
  const n = rest.length - 2;
  const groups = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const g = rest[k];
    groups[k] = typeof g === 'string' ? g : '';
  }
  return groups;
}

/** As replaceCollecting, for a match with no `before` character before it and no letter, digit or underscore after. */
function replaceBounded(text: string, re: RegExp, before: RegExp, collect: MaskCollector | undefined, mask: (m: string, ...groups: string[]) => string): string {
  return text.replace(re, (m: string, ...rest: unknown[]) => {
    const offset = rest[rest.length - 2] as number;
    const prev = text[offset - 1];
    const next = text[offset + m.length];
    if ((prev !== undefined && before.test(prev)) || (next !== undefined && WORD_CHAR.test(next))) return m;
    const out = mask(m, ...groupsOf(rest));
    if (out !== m) collect?.(m);
    return out;
  });
}

/**
 * Masks personal data in free text (a JSON or XML body, a request path, a message). Field names decide first (names,
 * УНЗР, document numbers, phones, birth dates, addresses; JSON, XML and query-string fields), then patterns anywhere:
 * street addresses in a field of any name, e-mails, УНЗР, phone numbers, РНОКПП, birth dates named in prose.
 * Idempotent. `collect` hears the original of every piece it changed.
 */
export function maskText(text: string, collect?: MaskCollector): string {
  // every pass below needs a digit, a quote, '<', '=' or '@': most short values (journal facts) have none
  if (!MAY_HOLD_PERSONAL.test(text)) return text;
  // each pass runs only where a cheap test says it can match: the journal masks every entry as it is written
  let out = text;
  if (out.includes('"')) out = replaceCollecting(out, JSON_FIELD, collect, (m, key, sep, raw) => {
    const kind = keyKind(key!);
    const quoted = raw!.startsWith('"');
    // a field of no personal name is still looked at for a street address
    if (!kind && !quoted) return m;
    const inner = quoted ? raw!.slice(1, -1) : raw!;
    const masked = maskByKind(kind, inner);
    return masked === inner ? m : `"${key}"${sep}"${masked}"`;
  });
  if (out.includes('</')) out = replaceCollecting(out, XML_FIELD, collect, (m, tag, local, attrs, value) => {
    const kind = keyKind(local!);
    const masked = maskByKind(kind, value!);
    return masked === value ? m : `<${tag}${attrs ?? ''}>${masked}</${tag}>`;
  });
  if (out.includes('=')) out = replaceCollecting(out, QUERY_FIELD, collect, (m, sep, key, raw) => {
    const kind = keyKind(key!);
    if (!kind) return m;
    const value = percentDecode(raw!);
    const masked = maskByKind(kind, value);
    return masked === value ? m : `${sep}${key}=${encodeURIComponent(masked).replace(/%2A/g, '*')}`;
  });
  if (out.includes('@')) out = maskEmails(out, collect);
  if (/\d{8}-\d{5}/.test(out)) out = replaceBounded(out, UNZR, WORD_CHAR, collect, (m) => maskDigits(m, 2, 2));
  if (/\d{3}[\s-]?\d{2}[\s-]?\d{2}/.test(out)) out = replaceBounded(out, PHONE, PHONE_BEFORE, collect, (m) => (/^0\d{9}$/.test(m) ? maskDigits(m, 2, 2) : maskPhone(m)));
  if (/\d{10}/.test(out)) out = replaceBounded(out, RNOKPP, WORD_CHAR, collect, (_m, prefix, digits) => `${prefix ?? ''}${maskDigits(digits!, 2, 2)}`);
  if (/birth|народження/i.test(out)) out = replaceCollecting(out, BIRTH_IN_TEXT, collect, (_m, label, sep, year) => `${label}${sep}${year}-**-**`);
  return out;
}

/** Masks every e-mail address: from each '@' with a domain after it, back over the local part. */
function maskEmails(text: string, collect: MaskCollector | undefined): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(EMAIL_DOMAIN)) {
    let start = m.index;
    while (start > last && EMAIL_LOCAL_CHAR.test(text[start - 1]!)) start--;
    if (start === m.index) continue;
    const address = text.slice(start, m.index + m[0].length);
    const masked = maskEmail(address);
    if (masked !== address) collect?.(address);
    out += text.slice(last, start) + masked;
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * Masks a structured value (expected/actual, journal facts): strings by their field name and then as text,
 * numbers that turn out personal become masked strings, objects and arrays recursively. Returns a copy.
 * `collect` hears the original of every leaf it changed (as JSON writes it).
 */
export function maskValue(value: unknown, key?: string, collect?: MaskCollector): unknown {
  const kind = key === undefined ? undefined : keyKind(key);
  if (typeof value === 'string') {
    const masked = maskText(maskByKind(kind, value));
    if (masked !== value) collect?.(JSON.stringify(value));
    return masked;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    const s = String(value);
    const masked = maskText(maskByKind(kind, s));
    if (masked === s) return value;
    collect?.(s);
    return masked;
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v, key, collect));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k, collect)]));
  }
  return value;
}
