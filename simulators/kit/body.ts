// The one body reader: every simulator route reads its request body here, as strict UTF-8 with a size limit, and
// validates it with zod into problem+json. Nothing is ever decoded with U+FFFD in place of what does not decode.
import type { z } from 'zod';
import { problem, type ProblemField } from '../../core/problem.ts';
import { BODY_LIMIT } from './headers.ts';

export type BodyRead<T> =
  | { ok: true; value: T; text: string; raw: Buffer }
  | { ok: false; response: Response; text: string; raw: Buffer; code: string };

/** The request body's bytes, or undefined once it passes `limit` bytes (the rest is not read). */
export async function readBytesLimited(request: Request, limit = BODY_LIMIT): Promise<Buffer | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return undefined;
  // a declared length the HTTP parser holds the sender to: read whole, which the node-server adapter serves straight
  // from the socket instead of through a web stream (about a sixth of a served ДМС act, docs/performance.md) — as long
  // as nothing touched `request.body` first: that getter builds the full Request and its stream, and the adapter then
  // reads through them
  if (Number.isFinite(declared) && request.method !== 'GET' && request.method !== 'HEAD') {
    const whole = Buffer.from(await request.arrayBuffer());
    return whole.length > limit ? undefined : whole;
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // not awaited: some bodies (msw's tee'd copies) never settle a cancel
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF, no cut sequence), or undefined when every byte is. TextDecoder's fatal mode says only that it failed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // only the second byte has the narrowed range
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return undefined;
}

/** The charset a Content-Type declares, lower case, or undefined when it names none. */
export function declaredCharset(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').trim().toLowerCase() : undefined;
}

/** utf-8 and its alias utf8; no charset at all means UTF-8 too. */
export function isUtf8Charset(charset: string | undefined): boolean {
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Where bytes stop being UTF-8 text, for a problem's detail: the offset and the bytes there. */
export function invalidUtf8Detail(bytes: Uint8Array, offset: number): string {
  const shown = [...bytes.subarray(offset, offset + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `the body is not valid UTF-8: the sequence at byte offset ${offset} is not UTF-8 (bytes there: ${shown})`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function badEncoding(raw: Buffer, code: string, title: string, detail: string): BodyRead<never> {
  return {
    ok: false,
    raw,
    // what the journal and reports show; the journal hashes and keeps `raw`
    text: new TextDecoder('utf-8', { fatal: false }).decode(raw),
    code,
    response: problem({
      code,
      title,
      status: 400,
      detail,
      hint: 'Send the body as UTF-8 (JSON is UTF-8 by RFC 8259 §8.1) and declare it as charset=utf-8 or not at all; re-encode text taken from a Windows-1251 source first.',
    }),
  };
}

/**
 * The request body as text, read the one way every simulator route reads one: at most `limit` bytes (over it, a 413
 * without reading the rest), a declared charset must be UTF-8, and the bytes must be strict UTF-8 — never
 * decoded with U+FFFD in place of what does not decode. Bytes that are not are a 400 naming the first bad offset.
 * `raw` is the body as received, for the journal to hash.
 */
export async function readText(request: Request, limit = BODY_LIMIT): Promise<BodyRead<string>> {
  const bytes = await readBytesLimited(request, limit);
  if (!bytes) {
    return {
      ok: false,
      text: '',
      raw: Buffer.alloc(0),
      code: 'body-too-large',
      response: problem({
        code: 'body-too-large',
        title: 'Request body too large',
        status: 413,
        detail: `the body is over ${limit} bytes`,
        hint: `Send at most ${limit / 1024} KiB.`,
      }),
    };
  }
  const charset = declaredCharset(request.headers.get('content-type'));
  if (!isUtf8Charset(charset)) {
    return badEncoding(bytes, 'unsupported-charset', 'Request body is not in UTF-8', `charset ${JSON.stringify(charset)} is not accepted: request bodies are UTF-8`);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) return badEncoding(bytes, 'invalid-encoding', 'Request body is not valid UTF-8', invalidUtf8Detail(bytes, bad));
  const text = strictUtf8.decode(bytes);
  return { ok: true, value: text, text, raw: bytes };
}

function invalidBody(detail: string, read: { text: string; raw: Buffer }, hint: string): BodyRead<never> {
  return {
    ok: false,
    text: read.text,
    raw: read.raw,
    code: 'invalid-body',
    response: problem({ code: 'invalid-body', title: 'Request body is not valid JSON', status: 400, detail, hint }),
  };
}

/**
 * Reads a JSON body: 413 past the limit, 400 for a charset other than UTF-8 or bytes that are not UTF-8, 400
 * `invalid-body` for a wrong content type or text that is not JSON.
 */
export async function readJson(request: Request): Promise<BodyRead<unknown>> {
  const read = await readText(request);
  if (!read.ok) return read;
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return invalidBody(
      `content type must be application/json, got ${type ? JSON.stringify(type) : 'none'}`,
      read,
      'Send the body as JSON with Content-Type: application/json; charset=utf-8.',
    );
  }
  if (read.text.trim() === '') return invalidBody('the body is empty', read, 'Send a JSON object.');
  try {
    return { ok: true, value: JSON.parse(read.text) as unknown, text: read.text, raw: read.raw };
  } catch (err) {
    return invalidBody(
      `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      read,
      'Check the body is complete, well-formed UTF-8 JSON.',
    );
  }
}

/** A zod issue path as the field name problem+json uses: ['person', 'rnokpp'] -> 'person.rnokpp'. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}

/** One problem field per offending field (the first issue of each), unknown keys each named. */
export function zodFields(error: z.ZodError): ProblemField[] {
  const out: ProblemField[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => ({ field: fieldPath([...issue.path, k]), message: 'unknown field' }))
        : [{ field: fieldPath(issue.path), message: issue.message }];
    for (const f of fields) {
      if (seen.has(f.field)) continue;
      seen.add(f.field);
      out.push(f);
    }
  }
  return out;
}

/** Validates `value`; on failure a 422 problem with `code` listing every field. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code = 'invalid-body',
  title = 'Request body does not match the contract',
): { ok: true; value: z.infer<S> } | { ok: false; response: Response; errors: ProblemField[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const errors = zodFields(r.error);
  return {
    ok: false,
    errors,
    response: problem({
      code,
      title,
      status: 422,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    }),
  };
}
