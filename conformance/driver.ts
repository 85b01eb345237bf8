// Client of the participant's HTTP test-driver contract (docs/en/contracts.md §5). Every call has a real-time
// limit: a participant that hangs makes the scenario `error` with the reason, never a hung run.
import { PolihonError } from '../core/errors.ts';
import { msg } from '../core/i18n.ts';
import { DRV } from './messages.ts';

export interface DriverResponse {
  status: number;
  body: unknown;
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
      let parsed: unknown = text;
      if (text && /json/.test(res.headers.get('content-type') ?? '')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: res.status, body: parsed };
    },
  };
}

/** Throws a driver error unless the answer is 2xx: the driver is harness plumbing, so a bad answer is `error`. */
export function expectDriverOk(res: DriverResponse, what: string): DriverResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw new PolihonError('E_DRIVER', msg(DRV.refused, { what, status: res.status }), {
    hint: msg(DRV.refusedHint, { answer: String(JSON.stringify(res.body)).slice(0, 300) }),
  });
}
