// A set of simulators sharing one clock, one journal and one seed: what a run (or `polihon serve`) talks to.
import { DEFAULT_CALENDAR, type CalendarOptions } from '../core/calendar.ts';
import type { Clock } from '../core/clock.ts';
import { PolihonError } from '../core/errors.ts';
import type { Journal } from '../core/journal.ts';
import { createRng, deriveSeed } from '../core/random.ts';
import type { Simulator, SimulatorContext } from '../core/simulator.ts';
import { isConnectionReset } from './kit/index.ts';
import { isSimulatorName, SIMULATORS, type SimulatorName, type SimulatorOptionsByName } from './registry.ts';

export interface SimulatorHostOptions {
  clock: Clock;
  journal: Journal;
  /** one seed for the run; each simulator gets its own stream derived from it */
  seed?: number;
  calendar?: CalendarOptions;
  /** outbound HTTP for every simulator; pass a wrapper that reads globalThis.fetch late if msw is to see it */
  fetch: SimulatorContext['fetch'];
  /**
   * Base URLs by party ('participant.provider', 'dms', 'hromada'). Kept by reference: the caller (or
   * serveSimulators / createMswHandlers) may fill it in after the host exists.
   */
  endpoints?: Record<string, string | undefined>;
  /** which simulators to create; default all */
  simulators?: string[];
  options?: SimulatorOptionsByName;
}

export interface ControlAnswer {
  status: number;
  headers: Headers;
  /** parsed JSON, or the text when the answer is not JSON */
  body: unknown;
}

export interface SimulatorHost {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly endpoints: Record<string, string | undefined>;
  readonly simulators: Record<string, Simulator>;
  /** the simulator by name; throws a PolihonError naming the ones there are */
  get(name: string): Simulator;
  /** every simulator back to its seeded initial state; the clock and the journal go on */
  reset(): void;
  /** resolves once no simulator has background work in flight (answers being sent) */
  idle(): Promise<void>;
  /** calls a simulator in-process: `host.request('dms', 'POST', '/__polihon/acts/X/confirm')` */
  request(name: string, method: string, path: string, body?: unknown): Promise<ControlAnswer>;
}

/**
 * Creates the simulators of a run around one clock and journal.
 * Example: createSimulatorHost({ clock, journal, seed: 1, fetch: (i, init) => fetch(i, init), endpoints }).
 */
export function createSimulatorHost(options: SimulatorHostOptions): SimulatorHost {
  const names = options.simulators ?? Object.keys(SIMULATORS);
  const unknown = names.filter((n) => !isSimulatorName(n));
  if (unknown.length > 0) {
    throw new PolihonError('E_USAGE', `unknown simulator${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      hint: `simulators: ${Object.keys(SIMULATORS).join(', ')}`,
    });
  }
  const seed = options.seed ?? 1;
  const endpoints = options.endpoints ?? {};
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  const simulators: Record<string, Simulator> = {};
  const idle = async () => {
    const all = () => Promise.all(Object.values(simulators).map((s) => s.idle?.()));
    await all();
    // work one simulator finished may have started another's on the next turn (an answer arriving): wait once more
    await new Promise((resolve) => setImmediate(resolve));
    await all();
  };
  for (const name of names as SimulatorName[]) {
    const ctx: SimulatorContext = {
      clock: options.clock,
      journal: options.journal,
      rng: createRng(deriveSeed(seed, name)),
      calendar,
      fetch: options.fetch,
      endpoints,
    };
    const entry = SIMULATORS[name];
    const own = options.options?.[name] ?? {};
    simulators[name] = (entry.create as (c: SimulatorContext, o: object) => Simulator)(ctx, { settle: idle, ...own });
  }
  const get = (name: string): Simulator => {
    const sim = simulators[name];
    if (!sim) {
      throw new PolihonError('E_USAGE', `no simulator named '${name}' in this host`, {
        hint: `simulators here: ${Object.keys(simulators).join(', ') || 'none'}`,
      });
    }
    return sim;
  };
  return {
    clock: options.clock,
    journal: options.journal,
    endpoints,
    simulators,
    get,
    reset() {
      for (const s of Object.values(simulators)) s.reset();
    },
    idle,
    async request(name, method, path, body) {
      const res = await get(name).handle(
        new Request(`http://${name}.polihon.test${path}`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        }),
      );
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
  };
}

/**
 * Outbound HTTP for a host's simulators: a call to another simulator of the host (Трембіта relaying to ДМС) is served
 * in-process, as the network would serve it but without a loopback round trip per hop — a `reset` fault becomes a
 * network error, as a dropped connection is; anything else (the participant) goes to `network`. `current` gives the
 * host and the base URLs its simulators are served at, read per call (both exist only after the fetch does).
 */
export function simulatorsInProcess(
  current: () => { host: SimulatorHost; urls: Record<string, string> },
  network: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const { host, urls } = current();
    const name = Object.keys(urls).find((n) => request.url.startsWith(`${urls[n]}/`));
    if (!name) return network(request);
    const res = await host.get(name).handle(request);
    if (isConnectionReset(res)) throw new TypeError('fetch failed', { cause: new Error('other side closed') });
    return res;
  };
}
