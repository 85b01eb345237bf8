// One message catalog for everything polihon says to a person — CLI lines, reports, failure messages — in Ukrainian
// and English. Each area defines its messages with defineMessages; every definition lands in one registry, so a
// single test can prove that no key lacks a language or a placeholder in one of them.

export type Lang = 'uk' | 'en';
export const LANGS: readonly Lang[] = ['uk', 'en'];

/** A text in both languages. */
export interface Bi {
  uk: string;
  en: string;
}

/** A parameter may itself be a carried message (a step's reason inside a scenario's), rendered in the same language. */
export type Params = Readonly<Record<string, string | number | Msg>>;

/**
 * A message not yet put into words: its catalog key and parameters. Results carry these rather than finished
 * strings, so report.json keeps the data and every report renders the message in the reader's language.
 */
export interface Msg {
  key: string;
  params?: Params;
}

/** A defined message: its key and its templates. Templates use `{name}` and `{n:one|few|many}` (see format). */
export interface MessageRef {
  readonly key: string;
  readonly text: Bi;
}

const registry = new Map<string, Bi>();

/**
 * Defines the messages of one area (`cli`, `report`, `expect`, …). Keys become `area.name`; a key defined twice is
 * a bug and throws at import time.
 *
 * @example const M = defineMessages('cli', { unknownCommand: { uk: 'невідома команда {name}', en: 'unknown command {name}' } });
 *          t(M.unknownCommand, 'uk', { name: 'rnu' })
 */
export function defineMessages<K extends string>(area: string, messages: Record<K, Bi>): Record<K, MessageRef> {
  const out = {} as Record<K, MessageRef>;
  for (const name of Object.keys(messages) as K[]) {
    const key = `${area}.${name}`;
    if (registry.has(key)) throw new Error(`message key ${key} is defined twice`);
    registry.set(key, messages[name]);
    out[name] = { key, text: messages[name] };
  }
  return out;
}

/** Every message defined so far (the catalog test imports the areas first). */
export function registeredMessages(): ReadonlyMap<string, Bi> {
  return registry;
}

/** The message in one language with its parameters filled in. */
export function t(ref: MessageRef, lang: Lang, params: Params = {}): string {
  return format(ref.text[lang], lang, params);
}

/** The message in both languages. */
export function both(ref: MessageRef, params: Params = {}): Bi {
  return { uk: format(ref.text.uk, 'uk', params), en: format(ref.text.en, 'en', params) };
}

/** A message to carry in a result and render later. */
export function msg(ref: MessageRef, params?: Params): Msg {
  return params ? { key: ref.key, params } : { key: ref.key };
}

/**
 * Renders a carried message. A key the catalog does not know (a report written by another version) is shown as
 * the key and its parameters, never dropped and never a crash.
 */
export function render(m: Msg, lang: Lang): string {
  const text = registry.get(m.key);
  if (!text) return `${m.key}${m.params ? ' ' + JSON.stringify(m.params) : ''}`;
  return format(text[lang], lang, m.params ?? {});
}

/**
 * Fills `{name}` with params.name, and `{n:крок|кроки|кроків}` with the plural form for params.n: Ukrainian takes
 * three forms (1 крок, 2 кроки, 5 кроків, 11 кроків, 21 крок), English two (one|other). A missing parameter stays
 * visible as `{name}`.
 */
export function format(template: string, lang: Lang, params: Params): string {
  return template.replace(/\{(\w+)(?::([^{}]*))?\}/g, (whole, name: string, forms: string | undefined) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'object') return render(v, lang);
    if (forms === undefined) return String(v);
    return pluralForm(Number(v), lang, forms.split('|'));
  });
}

export function pluralForm(n: number, lang: Lang, forms: readonly string[]): string {
  const pick = (i: number) => forms[Math.min(i, forms.length - 1)] ?? '';
  if (lang === 'en') return pick(Math.abs(n) === 1 ? 0 : 1);
  const a = Math.abs(n);
  if (!Number.isInteger(a)) return pick(1);
  const d = a % 10;
  const dd = a % 100;
  if (d === 1 && dd !== 11) return pick(0);
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return pick(1);
  return pick(2);
}

/** The placeholder names of a template (`{name}` and `{n:…}` alike), for the catalog test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)(?::[^{}]*)?\}/g)].map((m) => m[1] ?? '').sort();
}
