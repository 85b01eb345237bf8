// A small, strict XML reader and writer — just what a SOAP service needs, and careful where it matters:
// well-formedness is checked (one root, matching tags, no duplicate attributes, quoted values), namespaces are
// resolved, and DTDs are refused outright, so no external entity (XXE) or entity expansion can ever happen.
// Only the five predefined entities and character references are understood. Depth and size are bounded.

export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlAttr {
  /** as written, e.g. 'id:objectType' */
  name: string;
  local: string;
  /** the namespace URI ('' for an unprefixed attribute) */
  ns: string;
  value: string;
}

export interface XmlElement {
  /** as written, e.g. 'xrd:client' */
  name: string;
  prefix: string;
  local: string;
  /** the resolved namespace URI ('' when none) */
  ns: string;
  /** ordinary attributes (namespace declarations are in `declarations`) */
  attrs: XmlAttr[];
  /** prefix ('' = default) → URI declared on this element */
  declarations: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at character ${offset})`);
    this.name = 'XmlError';
  }
}

export interface ParseOptions {
  /** deepest element nesting accepted (default 64) */
  maxDepth?: number;
  /** most characters accepted (default 1 MiB) */
  maxChars?: number;
}

const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Parses a whole document and returns its root element. Throws XmlError for anything not well-formed, for a
 * DOCTYPE, an unknown entity or an undeclared prefix.
 * Example: parseXml('<a xmlns="urn:x"><b>1</b></a>').children[0] -> { local: 'b', ns: 'urn:x', ... }
 */
export function parseXml(input: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 64;
  const maxChars = options.maxChars ?? 1024 * 1024;
  if (input.length > maxChars) throw new XmlError(`document longer than ${maxChars} characters`, maxChars);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new XmlError(message, at);
  };
  const startsWith = (s: string) => text.startsWith(s, i);
  const skipSpace = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i] as string)) i += 1;
  };
  const readName = (): string => {
    const start = i;
    if (i >= text.length || !NAME_START.test(text[i] as string)) fail('a name was expected');
    i += 1;
    while (i < text.length && (NAME_CHAR.test(text[i] as string) || text[i] === ':')) i += 1;
    const name = text.slice(start, i);
    if (name.split(':').length > 2 || name.startsWith(':') || name.endsWith(':')) fail(`'${name}' is not a valid qualified name`, start);
    return name;
  };
  const decode = (raw: string, at: number, inAttr: boolean): string => {
    if (raw.includes('<') && inAttr) fail("'<' is not allowed in an attribute value", at);
    if (!raw.includes('&')) return inAttr ? raw.replace(/[\t\r\n]/g, ' ') : raw;
    let out = '';
    let k = 0;
    while (k < raw.length) {
      const c = raw[k] as string;
      if (c !== '&') {
        out += inAttr && /[\t\r\n]/.test(c) ? ' ' : c;
        k += 1;
        continue;
      }
      const end = raw.indexOf(';', k);
      if (end < 0 || end - k > 12) fail("'&' must start an entity or character reference", at + k);
      const ref = raw.slice(k + 1, end);
      if (ref.startsWith('#x')) {
        if (!/^#x[0-9A-Fa-f]+$/.test(ref)) fail(`bad character reference '&${ref};'`, at + k);
        out += charFrom(parseInt(ref.slice(2), 16), at + k);
      } else if (ref.startsWith('#')) {
        if (!/^#[0-9]+$/.test(ref)) fail(`bad character reference '&${ref};'`, at + k);
        out += charFrom(parseInt(ref.slice(1), 10), at + k);
      } else if (Object.hasOwn(PREDEFINED, ref)) out += PREDEFINED[ref];
      else fail(`unknown entity '&${ref};' (no DTD is accepted, so only the five predefined entities exist)`, at + k);
      k = end + 1;
    }
    return out;
  };
  const charFrom = (code: number, at: number): string => {
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) fail(`character reference to U+${code.toString(16).toUpperCase()} is not allowed in XML`, at);
    return String.fromCodePoint(code);
  };
  const skipMisc = (allowDecl: boolean) => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) fail('unterminated processing instruction');
        const target = /^<\?([^\s?]+)/.exec(text.slice(i, end))?.[1] ?? '';
        if (target.toLowerCase() === 'xml' && !(allowDecl && i === 0)) fail('the XML declaration may only come first');
        i = end + 2;
        allowDecl = false;
      } else if (startsWith('<!--')) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        if (text.slice(i + 4, end).includes('--')) fail("'--' is not allowed inside a comment");
        i = end + 3;
        allowDecl = false;
      } else if (startsWith('<!DOCTYPE') || startsWith('<!doctype')) {
        fail('a DOCTYPE is not accepted (DTDs and entity declarations are refused)');
      } else return;
    }
  };

  interface Frame {
    el: XmlElement;
    scope: Map<string, string>;
  }
  const resolve = (prefix: string, scope: Map<string, string>, at: number, forAttr: boolean): string => {
    if (prefix === 'xml') return XML_NS;
    if (prefix === '' && forAttr) return '';
    const ns = scope.get(prefix);
    if (ns === undefined) {
      if (prefix === '') return '';
      fail(`namespace prefix '${prefix}' is not declared`, at);
    }
    return ns as string;
  };

  skipMisc(true);
  if (!startsWith('<') || startsWith('</') || startsWith('<!')) fail(i >= text.length ? 'the document is empty' : 'a root element was expected');
  const stack: Frame[] = [];
  let root: XmlElement | undefined;

  const openTag = (): void => {
    const at = i;
    i += 1; // '<'
    const name = readName();
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const before = i;
      skipSpace();
      if (startsWith('/>') || startsWith('>')) break;
      if (i === before) fail(`whitespace is needed before an attribute in <${name}>`);
      const attrAt = i;
      const an = readName();
      skipSpace();
      if (text[i] !== '=') fail(`attribute '${an}' needs '=' and a quoted value`);
      i += 1;
      skipSpace();
      const q = text[i];
      if (q !== '"' && q !== "'") fail(`the value of attribute '${an}' must be quoted`);
      const end = text.indexOf(q as string, i + 1);
      if (end < 0) fail(`unterminated value of attribute '${an}'`);
      const value = decode(text.slice(i + 1, end), i + 1, true);
      i = end + 1;
      if (raw.some((r) => r.name === an)) fail(`attribute '${an}' appears twice`, attrAt);
      raw.push({ name: an, value, at: attrAt });
    }
    const selfClosing = startsWith('/>');
    i += selfClosing ? 2 : 1;
    const parentScope = stack.at(-1)?.scope ?? new Map<string, string>();
    const scope = new Map(parentScope);
    const declarations: Record<string, string> = {};
    for (const a of raw) {
      if (a.name === 'xmlns') {
        scope.set('', a.value);
        declarations[''] = a.value;
      } else if (a.name.startsWith('xmlns:')) {
        const p = a.name.slice(6);
        if (a.value === '') fail(`prefix '${p}' cannot be undeclared`, a.at);
        scope.set(p, a.value);
        declarations[p] = a.value;
      }
    }
    const [prefix, local] = name.includes(':') ? (name.split(':') as [string, string]) : ['', name];
    const attrs: XmlAttr[] = [];
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const [ap, al] = a.name.includes(':') ? (a.name.split(':') as [string, string]) : ['', a.name];
      const ns = resolve(ap, scope, a.at, true);
      if (attrs.some((x) => x.ns === ns && x.local === al && ns !== '')) fail(`attribute {${ns}}${al} appears twice`, a.at);
      attrs.push({ name: a.name, local: al, ns, value: a.value });
    }
    const el: XmlElement = { name, prefix, local, ns: resolve(prefix, scope, at, false), attrs, declarations, children: [] };
    const parent = stack.at(-1);
    if (parent) parent.el.children.push(el);
    else root = el;
    if (!selfClosing) {
      if (stack.length + 1 > maxDepth) fail(`elements nested deeper than ${maxDepth}`, at);
      stack.push({ el, scope });
    }
  };

  openTag();
  while (stack.length > 0) {
    const frame = stack.at(-1) as Frame;
    if (i >= text.length) fail(`unexpected end of document inside <${frame.el.name}>`);
    if (startsWith('</')) {
      const at = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail(`'>' expected to close </${name}`);
      i += 1;
      if (name !== frame.el.name) fail(`</${name}> does not close <${frame.el.name}>`, at);
      stack.pop();
    } else if (startsWith('<!--')) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      if (text.slice(i + 4, end).includes('--')) fail("'--' is not allowed inside a comment");
      i = end + 3;
    } else if (startsWith('<![CDATA[')) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA section');
      pushText(frame.el, text.slice(i + 9, end));
      i = end + 3;
    } else if (startsWith('<?')) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) fail('unterminated processing instruction');
      if (/^<\?xml[\s?]/i.test(text.slice(i, i + 6))) fail('the XML declaration may only come first');
      i = end + 2;
    } else if (startsWith('<!')) {
      fail(startsWith('<!DOCTYPE') ? 'a DOCTYPE is not accepted (DTDs and entity declarations are refused)' : "unexpected '<!'");
    } else if (startsWith('<')) {
      openTag();
    } else {
      const next = text.indexOf('<', i);
      const end = next < 0 ? text.length : next;
      const chunk = text.slice(i, end);
      if (chunk.includes(']]>')) fail("']]>' is not allowed in text");
      pushText(frame.el, decode(chunk, i, false));
      i = end;
    }
  }
  skipMisc(false);
  if (i < text.length) fail('content after the root element');
  return root as XmlElement;
}

function pushText(el: XmlElement, s: string): void {
  if (!s) return;
  const last = el.children.at(-1);
  if (typeof last === 'string') el.children[el.children.length - 1] = last + s;
  else el.children.push(s);
}

// ---------------------------------------------------------------- reading helpers

export const elements = (el: XmlElement): XmlElement[] => el.children.filter((c): c is XmlElement => typeof c !== 'string');

/** The element's text (its text children joined); child elements are ignored. */
export const textOf = (el: XmlElement): string => el.children.filter((c): c is string => typeof c === 'string').join('');

/** Whether the element has only whitespace text beside its child elements. */
export const onlySpaceText = (el: XmlElement): boolean => el.children.every((c) => typeof c !== 'string' || c.trim() === '');

export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return elements(el).find((c) => c.ns === ns && c.local === local);
}

export function attr(el: XmlElement, ns: string, local: string): string | undefined {
  return el.attrs.find((a) => a.ns === ns && a.local === local)?.value;
}

// ---------------------------------------------------------------- writing

export const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/**
 * Writes an element with the prefixes given for known namespaces (declared by an ancestor the caller writes);
 * any other namespace is declared where it is used, so the copy means exactly what the original meant.
 * Example: writeElement(parsedClient, { 'http://x-road.eu/xsd/xroad.xsd': 'xrd', 'http://x-road.eu/xsd/identifiers': 'id' })
 */
export function writeElement(el: XmlElement, prefixes: Record<string, string>): string {
  const inScope = new Map<string, string>(Object.entries(prefixes)); // ns -> prefix
  return write(el, inScope, { next: 1 });
}

function write(el: XmlElement, inScope: Map<string, string>, counter: { next: number }): string {
  const scope = new Map(inScope);
  const decls: string[] = [];
  const prefixFor = (ns: string, forAttr: boolean): string => {
    if (ns === XML_NS) return 'xml';
    const known = scope.get(ns);
    if (known !== undefined && !(forAttr && known === '')) return known;
    let p: string;
    do p = `ns${counter.next++}`;
    while ([...scope.values()].includes(p));
    scope.set(ns, p);
    decls.push(` xmlns:${p}="${escapeAttr(ns)}"`);
    return p;
  };
  let name: string;
  if (el.ns === '') {
    // an element in no namespace: make sure no default namespace is in force
    if ([...scope.entries()].some(([ns, p]) => p === '' && ns !== '')) {
      for (const [ns, p] of scope) if (p === '') scope.delete(ns);
      decls.push(' xmlns=""');
    }
    name = el.local;
  } else {
    const p = prefixFor(el.ns, false);
    name = p ? `${p}:${el.local}` : el.local;
  }
  const attrs = el.attrs.map((a) => ` ${a.ns ? `${prefixFor(a.ns, true)}:` : ''}${a.local}="${escapeAttr(a.value)}"`);
  const inner = el.children.map((c) => (typeof c === 'string' ? escapeText(c) : write(c, scope, counter))).join('');
  const head = `<${name}${decls.join('')}${attrs.join('')}`;
  return inner === '' ? `${head}/>` : `${head}>${inner}</${name}>`;
}
