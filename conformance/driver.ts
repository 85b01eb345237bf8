// Client of the participant's HTTP test-driver contract (docs/en/contracts.md §5). Every call has a real-time
// limit: a participant that hangs makes the scenario `error` with the reason, never a hung run.
import { PolihonError } from '../core/errors.ts';
import { msg } from '../core/i18n.ts';
import { DRIVER, DRV } from './messages.ts';

export interface DriverResponse {
  status: number;
  /** the parsed JSON, or the text as received when it is not JSON (undefined when empty) */
  body: unknown;
  /** the Content-Type header as received ('' when none) */
  contentType?: string;
  /** whether `body` is parsed JSON */
  json?: boolean;
  /** the first bytes of the body as text, for messages */
  head?: string;
}

export interface DriverClient {
  readonly baseUrl: string;
  call(method: string, path: string, body?: unknown): Promise<DriverResponse>;
}

export interface DriverOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createDriverClient(baseUrl: string, options: DriverOptions = {}): DriverClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const doFetch = options.fetch ?? fetch;
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async call(method, path, body) {
      const url = `${base}${path}`;
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new PolihonError(
          timedOut ? 'E_DRIVER' : 'E_SUT_UNREACHABLE',
          timedOut
            ? msg(DRV.timedOut, { method, url, ms: timeoutMs })
            : msg(DRV.unreachable, { method, url, reason: (err as Error).message }),
          {
            where: `${method} ${url}`,
            cause: err,
            hint: msg(timedOut ? DRV.timedOutHint : DRV.unreachableHint),
          },
        );
      }
      const text = await res.text();
      const contentType = res.headers.get('content-type') ?? '';
      const read = readDriverBody(text, contentType);
      return { status: res.status, body: read.body, contentType, json: read.json, head: text.slice(0, 120) };
    },
  };
}

/**
 * Media types are case-insensitive (RFC 9110 §8.3.1): `Application/JSON; Charset=UTF-8` is JSON, and so is any
 * `+json` type (RFC 6839). A body without a content type, or labelled text/plain, is read as JSON when it is JSON.
 */
export function readDriverBody(text: string, contentType: string): { body: unknown; json: boolean } {
  if (text === '') return { body: undefined, json: false };
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const jsonish = media === 'application/json' || media.endsWith('+json') || media === '' || media === 'text/plain';
  if (!jsonish) return { body: text, json: false };
  try {
    return { body: JSON.parse(text) as unknown, json: true };
  } catch {
    return { body: text, json: false };
  }
}

export interface DriverExpectation {
  /** a JSON object must come back (the caller reads it); otherwise an empty body is fine too (204, 201) */
  object?: boolean;
  /** fields the object must have, with their JSON type */
  fields?: Record<string, 'string' | 'array'>;
}

/**
 * Throws a driver error unless the answer is 2xx, and — whatever its status — unless a body that came is a JSON
 * object (of the expected shape): the driver is harness plumbing, so an HTML page, a bare string or a truncated
 * body is `error` (exit 3), never a participant's `fail`.
 */
export function expectDriverOk(res: DriverResponse, what: string, expectation: DriverExpectation = {}): DriverResponse {
  if (res.status < 200 || res.status >= 300) {
    throw new PolihonError('E_DRIVER', msg(DRV.refused, { what, status: res.status }), {
      hint: msg(DRV.refusedHint, { answer: String(JSON.stringify(res.body)).slice(0, 300) }),
    });
  }
  const hint = msg(DRIVER.contractHint);
  const start = JSON.stringify(res.head ?? (typeof res.body === 'string' ? res.body.slice(0, 120) : JSON.stringify(res.body ?? '').slice(0, 120)));
  const type = res.contentType || msg(DRIVER.noContentType);
  const empty = res.body === undefined || res.body === '';
  if (empty) {
    if (!expectation.object) return res;
    throw new PolihonError('E_DRIVER', msg(DRIVER.empty, { what, status: res.status }), { where: what, hint });
  }
  if (res.json === false || (res.json === undefined && typeof res.body === 'string')) {
    throw new PolihonError('E_DRIVER', msg(DRIVER.notJson, { what, status: res.status, type, start }), { where: what, hint });
  }
  if (res.body === null || typeof res.body !== 'object' || Array.isArray(res.body)) {
    throw new PolihonError('E_DRIVER', msg(DRIVER.notObject, { what, start }), { where: what, hint });
  }
  for (const [field, kind] of Object.entries(expectation.fields ?? {})) {
    const v = (res.body as Record<string, unknown>)[field];
    if (kind === 'array' ? !Array.isArray(v) : typeof v !== kind) {
      throw new PolihonError('E_DRIVER', msg(DRIVER.wrongShape, { what, field, kind, start }), { where: what, hint });
    }
  }
  return res;
}
