// A strict, small XML parser for SOAP envelopes: namespaces resolved, source offsets kept (so a security server can
// add requestHash to a response without re-serialising it), and everything a security server must refuse refused —
// DOCTYPE and entity declarations (XXE, entity bombs), undeclared entities, unbalanced or unquoted markup.
//
// Why not txml alone: txml is tolerant by design (it accepts `<a>` never closed, `<a x="1>` and `<a b=1/>`) and
// keeps no offsets, so malformed envelopes would pass as well-formed. See docs in simulators/trembita/README.md.

export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';

/** Namespace bindings in scope: prefix -> URI ('' is the default namespace). Own keys shadow the parent's. */
export type NsScope = Readonly<Record<string, string>>;

export interface XmlAttr {
  qname: string;
  prefix: string;
  local: string;
  /** '' for an unprefixed attribute (attributes do not take the default namespace) */
  ns: string;
  value: string;
}

export interface XmlElement {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  /** attributes other than namespace declarations */
  attrs: XmlAttr[];
  children: XmlNode[];
  scope: NsScope;
  /** offset of '<' of the start tag */
  start: number;
  /** offset just after the start tag's '>' */
  openEnd: number;
  /** offset of '<' of the end tag (== openEnd for a self-closing element) */
  closeStart: number;
  /** offset just after the element */
  end: number;
  selfClosing: boolean;
}

/** An element or a run of (decoded) character data. */
export type XmlNode = XmlElement | string;

export interface XmlError {
  /** 'doctype' for a DTD or entity declaration (refused outright), 'syntax' for anything not well-formed */
  kind: 'doctype' | 'syntax' | 'limit';
  message: string;
  offset: number;
  line: number;
  column: number;
}

export type XmlParse = { ok: true; root: XmlElement } | { ok: false; error: XmlError };

export interface XmlParseOptions {
  /** deepest element nesting accepted (default 128) */
  maxDepth?: number;
  /** most elements accepted in one document (default 100 000) */
  maxElements?: number;
}

/** Xerces' wording, which the X-Road security server passes on in its faultstring. */
export const DOCTYPE_DISALLOWED =
  'DOCTYPE is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true.';

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// XML 1.0 forbids these code points anywhere in a document.
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME_START = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\uD800-\\uDBFF\\uDC00-\\uDFFF';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
const QNAME_RE = new RegExp(`^${NCNAME}(?::${NCNAME})?$`);
// Names repeat from message to message; remembering the valid ones saves the regular expression (bounded).
const KNOWN_NAMES = new Set<string>();

function isQName(name: string): boolean {
  if (KNOWN_NAMES.has(name)) return true;
  if (!QNAME_RE.test(name)) return false;
  if (KNOWN_NAMES.size < 10_000) KNOWN_NAMES.add(name);
  return true;
}
const ROOT_SCOPE: NsScope = Object.freeze({ xml: NS_XML });
/** Attributes one element may carry; a flood of them is an attack, not a message. */
const MAX_ATTRIBUTES = 256;

class Fail extends Error {
  constructor(
    readonly kind: XmlError['kind'],
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** 1-based line and column of an offset, counted only when an error is reported. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Replaces the predefined and character references; anything else is an undeclared entity. */
function decode(raw: string, at: number): string {
  let out = '';
  let i = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', i)) {
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp);
    if (semi === -1) throw new Fail('syntax', "The entity name must immediately follow the '&' in the entity reference.", at + amp);
    const name = raw.slice(amp + 1, semi);
    if (name.startsWith('#')) {
      const hex = name[1] === 'x';
      const digits = name.slice(hex ? 2 : 1);
      const code = digits !== '' && (hex ? /^[0-9A-Fa-f]+$/ : /^\d+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      const valid =
        code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) throw new Fail('syntax', `Character reference "&${name}" is an invalid XML character.`, at + amp);
      out += String.fromCodePoint(code);
    } else if (Object.hasOwn(PREDEFINED, name)) {
      out += PREDEFINED[name];
    } else if (QNAME_RE.test(name)) {
      throw new Fail('syntax', `The entity "${name}" was referenced, but not declared.`, at + amp);
    } else {
      throw new Fail('syntax', "The entity name must immediately follow the '&' in the entity reference.", at + amp);
    }
    i = semi + 1;
  }
  return out + raw.slice(i);
}

/**
 * Parses a whole document. Never throws: a document that is not well-formed, carries a DTD, or passes the limits
 * comes back as `{ ok: false, error }` with the Xerces-style message and its line and column.
 */
export function parseXml(text: string, options: XmlParseOptions = {}): XmlParse {
  try {
    return { ok: true, root: parseStrict(text, options.maxDepth ?? 128, options.maxElements ?? 100_000) };
  } catch (err) {
    if (!(err instanceof Fail)) throw err;
    const { line, column } = lineColumn(text, err.offset);
    return { ok: false, error: { kind: err.kind, message: err.message, offset: err.offset, line, column } };
  }
}

function parseStrict(text: string, maxDepth: number, maxElements: number): XmlElement {
  const len = text.length;
  const bad = INVALID_CHAR.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16);
    throw new Fail('syntax', `An invalid XML character (Unicode: 0x${code}) was found in the document.`, bad.index);
  }
  if (len === 0 || text.trim() === '') throw new Fail('syntax', 'Premature end of file.', len);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let pos = 0;

  while (pos < len) {
    const parent = stack[stack.length - 1];
    if (!parent) {
      // prolog or epilog: only whitespace, comments and processing instructions
      while (pos < len && isSpace(text.charCodeAt(pos))) pos++;
      if (pos >= len) break;
      if (text.charCodeAt(pos) !== 0x3c /* < */) {
        throw new Fail('syntax', root ? 'Content is not allowed in trailing section.' : 'Content is not allowed in prolog.', pos);
      }
    } else if (text.charCodeAt(pos) !== 0x3c) {
      const lt = text.indexOf('<', pos);
      const end = lt === -1 ? len : lt;
      const raw = text.slice(pos, end);
      if (raw.includes(']]>')) throw new Fail('syntax', 'The character sequence "]]>" must not appear in content unless used to mark the end of a CDATA section.', pos + raw.indexOf(']]>'));
      appendText(parent, raw.includes('&') ? decode(raw, pos) : raw);
      pos = end;
      continue;
    }
    if (pos >= len) break;
    // at '<'
    const next = text.charCodeAt(pos + 1);
    if (next === 0x3f /* ? */) {
      const close = text.indexOf('?>', pos + 2);
      if (close === -1) throw new Fail('syntax', 'XML document structures must start and end within the same entity.', len);
      const target = /^[^\s?]*/.exec(text.slice(pos + 2, close))?.[0] ?? '';
      if (target.toLowerCase() === 'xml' && (pos !== 0 || target !== 'xml')) {
        throw new Fail('syntax', 'The processing instruction target matching "[xX][mM][lL]" is not allowed.', pos);
      }
      pos = close + 2;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', pos)) {
        const close = text.indexOf('-->', pos + 4);
        if (close === -1) throw new Fail('syntax', 'XML document structures must start and end within the same entity.', len);
        pos = close + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', pos)) {
        if (!parent) throw new Fail('syntax', 'The markup in the document preceding the root element must be well-formed.', pos);
        const close = text.indexOf(']]>', pos + 9);
        if (close === -1) throw new Fail('syntax', 'The CDATA section must end with "]]>".', len);
        appendText(parent, text.slice(pos + 9, close));
        pos = close + 3;
        continue;
      }
      if (/^<!DOCTYPE/i.test(text.slice(pos, pos + 9))) throw new Fail('doctype', DOCTYPE_DISALLOWED, pos);
      // <!ENTITY, <!ELEMENT, <!ATTLIST ... outside a DTD: declarations all the same, refused like a DTD
      if (/^<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(text.slice(pos, pos + 10))) throw new Fail('doctype', DOCTYPE_DISALLOWED, pos);
      throw new Fail('syntax', 'The markup in the document must be well-formed.', pos);
    }
    if (next === 0x2f /* / */) {
      const gt = text.indexOf('>', pos + 2);
      if (gt === -1) throw new Fail('syntax', 'XML document structures must start and end within the same entity.', len);
      const name = text.slice(pos + 2, gt).trimEnd();
      const open = stack.pop();
      if (!open) throw new Fail('syntax', 'The markup in the document following the root element must be well-formed.', pos);
      if (name !== open.qname) {
        throw new Fail('syntax', `The element type "${open.qname}" must be terminated by the matching end-tag "</${open.qname}>".`, pos);
      }
      open.closeStart = pos;
      open.end = gt + 1;
      pos = gt + 1;
      continue;
    }
    // a start tag
    if (!parent && root) throw new Fail('syntax', 'The markup in the document following the root element must be well-formed.', pos);
    if (++elements > maxElements) throw new Fail('limit', `More than ${maxElements} elements in one document.`, pos);
    if (stack.length >= maxDepth) throw new Fail('limit', `Elements nested deeper than ${maxDepth} levels.`, pos);
    const el = readStartTag(text, pos, parent?.scope ?? ROOT_SCOPE);
    pos = el.openEnd;
    if (parent) parent.children.push(el);
    else root = el;
    if (!el.selfClosing) stack.push(el);
  }
  const open = stack[stack.length - 1];
  if (open) throw new Fail('syntax', `XML document structures must start and end within the same entity.`, len);
  if (!root) throw new Fail('syntax', 'Premature end of file.', len);
  return root;
}

function appendText(parent: XmlElement, s: string): void {
  if (s === '') return;
  const last = parent.children.length - 1;
  if (last >= 0 && typeof parent.children[last] === 'string') parent.children[last] += s;
  else parent.children.push(s);
}

function readName(text: string, from: number): string {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3d /* = */ || c === 0x3c /* < */) break;
  }
  return text.slice(from, i);
}

function readStartTag(text: string, start: number, parentScope: NsScope): XmlElement {
  const qname = readName(text, start + 1);
  if (qname === '' || !isQName(qname)) throw new Fail('syntax', 'The markup in the document must be well-formed.', start + 1);
  let pos = start + 1 + qname.length;
  const raw: { qname: string; value: string; at: number }[] = [];
  const names = new Set<string>();
  let selfClosing = false;
  for (;;) {
    const before = pos;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) throw new Fail('syntax', 'XML document structures must start and end within the same entity.', text.length);
    const c = text.charCodeAt(pos);
    if (c === 0x3e) {
      pos++;
      break;
    }
    if (c === 0x2f) {
      if (text.charCodeAt(pos + 1) !== 0x3e) throw new Fail('syntax', `Element type "${qname}" must be followed by either attribute specifications, ">" or "/>".`, pos);
      selfClosing = true;
      pos += 2;
      break;
    }
    if (pos === before) throw new Fail('syntax', `Element type "${qname}" must be followed by either attribute specifications, ">" or "/>".`, pos);
    const name = readName(text, pos);
    if (name === '' || !isQName(name)) throw new Fail('syntax', `Element type "${qname}" must be followed by either attribute specifications, ">" or "/>".`, pos);
    const at = pos;
    pos += name.length;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    if (text.charCodeAt(pos) !== 0x3d) throw new Fail('syntax', `Attribute name "${name}" associated with an element type "${qname}" must be followed by the ' = ' character.`, pos);
    pos++;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    const quote = text[pos];
    if (quote !== '"' && quote !== "'") throw new Fail('syntax', `Open quote is expected for attribute "${name}" associated with an  element type  "${qname}".`, pos);
    const close = text.indexOf(quote, pos + 1);
    if (close === -1) throw new Fail('syntax', 'XML document structures must start and end within the same entity.', text.length);
    const rawValue = text.slice(pos + 1, close);
    const lt = rawValue.indexOf('<');
    if (lt !== -1) throw new Fail('syntax', `The value of attribute "${name}" associated with an element type "${qname}" must not contain the '<' character.`, pos + 1 + lt);
    // attribute-value normalisation: literal whitespace characters become spaces
    const value = (rawValue.includes('&') ? decodeAttr(rawValue, pos + 1) : rawValue.replace(/[\t\n\r]/g, ' '));
    if (names.has(name)) throw new Fail('syntax', `Attribute "${name}" was already specified for element "${qname}".`, at);
    if (names.size >= MAX_ATTRIBUTES) throw new Fail('limit', `More than ${MAX_ATTRIBUTES} attributes on element "${qname}".`, at);
    names.add(name);
    raw.push({ qname: name, value, at });
    pos = close + 1;
  }

  // namespace declarations first, then names resolved against them
  let scope = parentScope;
  const own: Record<string, string> = {};
  let declares = false;
  for (const a of raw) {
    if (a.qname === 'xmlns') {
      own[''] = a.value;
      declares = true;
    } else if (a.qname.startsWith('xmlns:')) {
      const p = a.qname.slice(6);
      if (a.value === '') throw new Fail('syntax', `The value of the attribute "prefix="xmlns",localpart="${p}",rawname="${a.qname}"" is invalid. Prefixed namespace bindings may not be empty.`, a.at);
      if (p === 'xmlns' || (p === 'xml' && a.value !== NS_XML)) throw new Fail('syntax', `The prefix "${p}" cannot be bound to any namespace explicitly.`, a.at);
      own[p] = a.value;
      declares = true;
    }
  }
  // defined, not assigned: a frozen parent's binding of the same prefix would make an assignment throw
  if (declares) {
    const props: PropertyDescriptorMap = {};
    for (const [p, uri] of Object.entries(own)) props[p] = { value: uri, enumerable: true };
    scope = Object.freeze(Object.create(parentScope, props) as Record<string, string>);
  }

  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  const ns = scope[prefix];
  if (prefix !== '' && ns === undefined) throw new Fail('syntax', `The prefix "${prefix}" for element "${qname}" is not bound.`, start + 1);
  const attrs: XmlAttr[] = [];
  const seen = new Set<string>();
  for (const a of raw) {
    if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
    const ac = a.qname.indexOf(':');
    const ap = ac === -1 ? '' : a.qname.slice(0, ac);
    const al = ac === -1 ? a.qname : a.qname.slice(ac + 1);
    const ans = ap === '' ? '' : scope[ap];
    if (ans === undefined) throw new Fail('syntax', `The prefix "${ap}" for attribute "${a.qname}" associated with an element type "${qname}" is not bound.`, a.at);
    const key = `${ans}\u0000${al}`;
    if (seen.has(key)) throw new Fail('syntax', `Attribute "${al}" bound to namespace "${ans}" was already specified for element "${qname}".`, a.at);
    seen.add(key);
    attrs.push({ qname: a.qname, prefix: ap, local: al, ns: ans, value: a.value });
  }
  return { qname, prefix, local, ns: ns ?? '', attrs, children: [], scope, start, openEnd: pos, closeStart: pos, end: pos, selfClosing };
}

function decodeAttr(raw: string, at: number): string {
  return decode(raw.replace(/[\t\n\r]/g, ' '), at);
}

// ---------------------------------------------------------------------------------------------------------
// Reading a parsed tree

/** Child elements, in document order. */
export function elements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string') out.push(c);
  return out;
}

/** The first child element with this namespace and local name. */
export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.local === local && c.ns === ns) return c;
  return undefined;
}

/** The first child element with this local name, whatever its namespace (unqualified service parameters). */
export function childByLocal(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.local === local) return c;
  return undefined;
}

/** The character data directly inside an element (children's text not included). */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (typeof c === 'string') out += c;
  return out;
}

export function attr(el: XmlElement, ns: string, local: string): string | undefined {
  for (const a of el.attrs) if (a.local === local && a.ns === ns) return a.value;
  return undefined;
}

/** Whether the element holds anything but whitespace text (comments are already gone). */
export function hasContent(el: XmlElement): boolean {
  return el.children.some((c) => typeof c !== 'string' || c.trim() !== '');
}

/**
 * A prefix-free canonical form, for comparing an echoed header with the request's: names by namespace, attributes
 * sorted, whitespace-only text between elements dropped, other text kept exactly.
 */
export function canonical(el: XmlElement): string {
  const attrs = el.attrs
    .map((a) => `{${a.ns}}${a.local}=${JSON.stringify(a.value)}`)
    .sort()
    .join(' ');
  let inner = '';
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (c.trim() !== '') inner += JSON.stringify(c);
    } else inner += canonical(c);
  }
  return `<{${el.ns}}${el.local}${attrs ? ' ' + attrs : ''}>${inner}</>`;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

export function escapeAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

/** `<name>text</name>`, escaped; nothing when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeText(String(value))}</${name}>`;
}

/** A prefix bound to `ns` in `scope` (own or inherited), if any; the default namespace does not count. */
export function prefixFor(scope: NsScope, ns: string): string | undefined {
  for (const p in scope) if (p !== '' && scope[p] === ns) return p;
  return undefined;
}
