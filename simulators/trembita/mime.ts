// Content types and multipart/related messages (SOAP with attachments, MTOM): what a security server reads before
// the SOAP envelope. Works on bytes, because requestHash is computed over the SOAP part's exact bytes.
import { firstInvalidUtf8 } from '../kit/index.ts';

export interface ContentType {
  /** the base type, lower case: 'text/xml' */
  type: string;
  /** parameters by lower-case name, quotes removed */
  params: Record<string, string>;
}

/** Parses a Content-Type header value; undefined when it has no `type/subtype`. */
export function parseContentType(value: string | null | undefined): ContentType | undefined {
  if (!value) return undefined;
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (!/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(type)) return undefined;
  const params: Record<string, string> = {};
  let rest = semi === -1 ? '' : value.slice(semi + 1);
  const param = /^\s*([\w!#$&^.+-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))\s*(?:;|$)/;
  for (let m = param.exec(rest); m && rest.length > 0; m = param.exec(rest)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    rest = rest.slice(m[0].length);
  }
  return { type, params };
}

export interface MimePart {
  /** header names in lower case */
  headers: Record<string, string>;
  /** offsets of the part's body in the whole message */
  bodyStart: number;
  bodyEnd: number;
  body: Buffer;
}

export type MultipartParse = { ok: true; parts: MimePart[] } | { ok: false; reason: string };

const CRLF = Buffer.from('\r\n');

/**
 * Splits a multipart body at `boundary`. Tolerates LF line ends; refuses a message whose closing delimiter is
 * missing (truncated), a part without its header/body separator, or one with no parts.
 */
export function parseMultipart(data: Buffer, boundary: string): MultipartParse {
  if (!boundary || boundary.length > 70) return { ok: false, reason: 'Invalid multipart boundary' };
  const delimiter = Buffer.from(`--${boundary}`);
  let at = data.indexOf(delimiter);
  // the first delimiter starts the message or a line
  if (at === -1 || (at > 0 && data[at - 1] !== 0x0a)) return { ok: false, reason: `Multipart boundary '${boundary}' not found` };
  const parts: MimePart[] = [];
  for (;;) {
    let pos = at + delimiter.length;
    if (data[pos] === 0x2d && data[pos + 1] === 0x2d) {
      if (parts.length === 0) return { ok: false, reason: 'Multipart message has no parts' };
      return { ok: true, parts };
    }
    // rest of the delimiter line (transport padding)
    const eol = data.indexOf(0x0a, pos);
    if (eol === -1) return { ok: false, reason: 'Unexpected end of stream: multipart message truncated' };
    pos = eol + 1;
    const headerEnd = findHeaderEnd(data, pos);
    if (!headerEnd) return { ok: false, reason: 'Unexpected end of stream: part headers not terminated' };
    const headers = parsePartHeaders(data.subarray(pos, headerEnd.at).toString('latin1'));
    const bodyStart = headerEnd.at + headerEnd.length;
    const next = findDelimiter(data, delimiter, bodyStart);
    if (next === -1) return { ok: false, reason: 'Unexpected end of stream: multipart message truncated (closing boundary missing)' };
    // the CRLF before a delimiter belongs to the delimiter
    let bodyEnd = next;
    if (bodyEnd > bodyStart && data[bodyEnd - 1] === 0x0a) bodyEnd--;
    if (bodyEnd > bodyStart && data[bodyEnd - 1] === 0x0d) bodyEnd--;
    parts.push({ headers, bodyStart, bodyEnd, body: data.subarray(bodyStart, bodyEnd) });
    if (parts.length > 100) return { ok: false, reason: 'Too many MIME parts (over 100)' };
    at = next;
  }
}

function findHeaderEnd(data: Buffer, from: number): { at: number; length: number } | undefined {
  const crlf = data.indexOf('\r\n\r\n', from);
  const lf = data.indexOf('\n\n', from);
  if (crlf === -1 && lf === -1) return undefined;
  if (lf !== -1 && (crlf === -1 || lf < crlf)) return { at: lf, length: 2 };
  return { at: crlf, length: 4 };
}

function findDelimiter(data: Buffer, delimiter: Buffer, from: number): number {
  for (let i = data.indexOf(delimiter, from); i !== -1; i = data.indexOf(delimiter, i + 1)) {
    if (i === from || data[i - 1] === 0x0a) return i;
  }
  return -1;
}

function parsePartHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The part a multipart/related message starts with: the one its `start` parameter names, else the first. */
export function rootPart(parts: MimePart[], start: string | undefined): MimePart | undefined {
  if (start) {
    const found = parts.find((p) => p.headers['content-id'] === start || `<${p.headers['content-id']}>` === start);
    if (found) return found;
  }
  return parts[0];
}

export interface OutPart {
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Builds a multipart body with CRLF line ends. */
export function buildMultipart(boundary: string, parts: OutPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    for (const [k, v] of Object.entries(p.headers)) chunks.push(Buffer.from(`${k}: ${v}\r\n`));
    chunks.push(CRLF, typeof p.body === 'string' ? Buffer.from(p.body, 'utf8') : p.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export type DecodedText = { ok: true; text: string } | { ok: false; unsupported: true } | { ok: false; unsupported: false; offset?: number };

/**
 * Decodes bytes in the declared charset (UTF-8 when none), strictly: bytes the charset does not define are refused,
 * never replaced by U+FFFD, and for UTF-8 the first bad offset is named. A charset this runtime does not know is
 * `unsupported`. A declared charset other than UTF-8 is decoded, as X-Road's SoapParserImpl decodes it.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): DecodedText {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  if (label === 'utf-8' || label === 'utf8') {
    const offset = firstInvalidUtf8(bytes);
    if (offset !== undefined) return { ok: false, unsupported: false, offset };
  }
  let decoder: TextDecoder;
  try {
    // a BOM is dropped: X-Road allows one before UTF-8 XML
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    return { ok: false, unsupported: true };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, unsupported: false };
  }
}
