// Who may reach the control API (/__polihon/*) over the network. On the simulators' own ports — the ones a participant
// is given — only the two read-only paths a participant legitimately needs answer (GET health, GET clock); any other
// call is refused with 404 and journalled, so a participant cannot reset, move, seed or read the harness's state.
// Where a developer wants the whole control API (`polihon serve`), it is on a port of its own that asks for a bearer
// token, and every call to it is journalled too.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { getPath } from 'hono/utils/url';
import type { Journal, JournalEntry } from '../../core/journal.ts';
import { problem } from '../../core/problem.ts';
import type { SimulatorHost } from '../host.ts';

/** What a participant may call on a simulator's port besides its published API (contracts §3). */
export const PARTICIPANT_CONTROL_PATHS: readonly string[] = ['/__polihon/clock', '/__polihon/health'];

/** The journal's `service` of a control call made over the network (refused or served). */
export const CONTROL_CALL_SERVICE = 'polihon.control';

/** Longest path a journal entry or a report quotes from a control call: a caller chooses its length. */
const PATH_MAX = 200;

export interface ControlAttempt {
  simulator: string;
  method: string;
  /** the path as the simulator's router reads it (percent-decoded, dot segments resolved), cut to 200 characters */
  path: string;
  /** the journal entry that records it */
  entry: JournalEntry;
}

/**
 * The control path `request` would reach on a simulator's router, or undefined for a published-API path. Read with
 * hono's own getPath, so no spelling (`/%5F%5Fpolihon/reset`, `/x/../__polihon/reset`) reaches a control route unseen.
 */
export function controlPathOf(request: Request): string | undefined {
  const path = getPath(request);
  return path.startsWith('/__polihon') ? path : undefined;
}

/** A control call a participant may make: a GET (or HEAD) of the clock or of health. */
export function participantMay(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && PARTICIPANT_CONTROL_PATHS.includes(path);
}

function cut(path: string): string {
  return path.length > PATH_MAX ? `${path.slice(0, PATH_MAX)}…` : path;
}

/** Journals one control call made over the network; `from` is who made it as far as polihon can tell. */
export function journalControlCall(
  journal: Journal,
  call: { from: string; to: string; method: string; path: string; status: number; outcome: string },
): JournalEntry {
  return journal.append({
    kind: 'event',
    channel: 'control',
    from: call.from,
    to: call.to,
    service: CONTROL_CALL_SERVICE,
    method: call.method,
    path: cut(call.path),
    status: call.status,
    outcome: call.outcome,
  });
}

export interface ControlGuardOptions {
  /** the journal the refusals go to (the host's) */
  journal: Journal;
  /** told of every refused call, after it is journalled (the runner puts them in the report) */
  onRefused?: (attempt: ControlAttempt) => void;
  /** what the refusal's problem+json suggests instead */
  hint?: string;
}

/**
 * A check for the simulators' own ports: undefined lets the request through to the simulator; otherwise the 404
 * answer for a control call a participant may not make, already journalled (from: 'participant', outcome 'refused').
 */
export function createControlGuard(options: ControlGuardOptions): (simulator: string, request: Request) => Response | undefined {
  return (simulator, request) => {
    const path = controlPathOf(request);
    if (path === undefined || participantMay(request.method, path)) return undefined;
    const entry = journalControlCall(options.journal, { from: 'participant', to: simulator, method: request.method, path, status: 404, outcome: 'refused' });
    options.onRefused?.({ simulator, method: request.method, path: cut(path), entry });
    return problem({
      code: 'not-found',
      title: 'No such resource',
      status: 404,
      detail: `${simulator} has no ${request.method} ${cut(path)} on this port`,
      hint: options.hint ?? 'A participant may read GET /__polihon/clock and GET /__polihon/health only; the rest of the control API is the harness’s (contracts §3, §4).',
    });
  };
}

// ---------------------------------------------------------------------------------------------------------
// The control port of `polihon serve`

/** A fresh random bearer token for one control port (192 bits, URL-safe). */
export function newControlToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The bearer token of `request`, compared in constant time with `token`. */
function authorized(request: Request, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * The control port's handler: `/{simulator}/__polihon/…` is that simulator's control API, in-process, for a caller
 * with `Authorization: Bearer <token>`; anything else is a problem+json (401 without the token, 404 for a path that
 * is not a simulator's control API). Every call is journalled, refused ones too.
 * Example: const handle = createControlHandler(host, token); await handle(new Request(`${url}/dms/__polihon/clock`)).
 */
export function createControlHandler(host: SimulatorHost, token: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const slash = url.pathname.indexOf('/', 1);
    const first = slash === -1 ? url.pathname.slice(1) : url.pathname.slice(1, slash);
    let name: string;
    try {
      name = decodeURIComponent(first);
    } catch {
      name = first;
    }
    const sim = Object.hasOwn(host.simulators, name) ? host.simulators[name] : undefined;
    const rest = slash === -1 ? '/' : url.pathname.slice(slash);
    const journal = (status: number, outcome: string, path: string) =>
      journalControlCall(host.journal, { from: 'control-client', to: sim ? name : 'control', method: request.method, path, status, outcome });
    if (!authorized(request, token)) {
      journal(401, 'unauthorized', sim ? rest : url.pathname);
      return problem(
        {
          code: 'unauthorized',
          title: 'The control API needs its token',
          status: 401,
          detail: request.headers.has('authorization') ? 'the bearer token is not this server’s' : 'no Authorization header',
          hint: 'Send Authorization: Bearer <token>, the token `polihon serve` printed when it started (a new one each start).',
        },
        { 'www-authenticate': 'Bearer realm="polihon control"' },
      );
    }
    const inner = sim ? new Request(`http://${name}.polihon.test${rest}${url.search}`, forwarded(request)) : undefined;
    const path = inner ? controlPathOf(inner) : undefined;
    if (!sim || !inner || path === undefined) {
      journal(404, 'not-found', url.pathname);
      return problem({
        code: 'not-found',
        title: 'No such control path',
        status: 404,
        detail: `${request.method} ${cut(url.pathname)} is not a simulator's control API`,
        hint: `Paths are /{simulator}/__polihon/…; simulators here: ${Object.keys(host.simulators).join(', ')}.`,
      });
    }
    const res = await sim.handle(inner);
    journal(res.status, 'served', path);
    return res;
  };
}

/** The request's method, headers (without the token) and body, for the simulator's own URL. */
function forwarded(request: Request): RequestInit {
  const headers = new Headers(request.headers);
  headers.delete('authorization');
  const bodyless = request.method === 'GET' || request.method === 'HEAD';
  return {
    method: request.method,
    headers,
    signal: request.signal,
    ...(bodyless || !request.body ? {} : { body: request.body, duplex: 'half' }),
  } as RequestInit;
}
