// `polihon/msw`: the simulators in-process for a participant's own unit tests, through msw, with no port.
// Each simulator answers on a stable base URL such as https://dms.polihon.test.
import { http, type HttpHandler } from 'msw';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import type { CalendarOptions } from '../../core/calendar.ts';
import { createSimulatorHost, type SimulatorHost } from '../host.ts';
import { simulatorBaseUrls, type SimulatorOptionsByName } from '../registry.ts';

/** Each simulator's base URL as its registry line gives it. */
export const DEFAULT_BASE_URLS: Readonly<Record<string, string>> = Object.freeze(simulatorBaseUrls());

/**
 * msw handlers passing every request under a simulator's base URL to that simulator; fills
 * `host.endpoints[name]` with the base URL where it is unset, so simulators reach each other through msw too.
 * Example: setupServer(...createMswHandlers(host)).listen().
 */
export function createMswHandlers(host: SimulatorHost, baseUrls: Record<string, string> = DEFAULT_BASE_URLS): HttpHandler[] {
  const handlers: HttpHandler[] = [];
  for (const [name, sim] of Object.entries(host.simulators)) {
    const base = baseUrls[name]?.replace(/\/+$/, '');
    if (!base) continue;
    if (host.endpoints[name] === undefined) host.endpoints[name] = base;
    handlers.push(http.all(`${base}/*`, ({ request }) => sim.handle(request)));
  }
  return handlers;
}

export interface MswSimulatorsOptions {
  /** where the virtual clock starts, epoch ms */
  start: number;
  /** the wall clock the journal stamps beside virtual time; pass Date.now */
  wallTime: () => number;
  seed?: number;
  calendar?: CalendarOptions;
  /** the participant's own endpoint for calls delivered to it (ДМС verification requests) */
  participantProvider?: string;
  baseUrls?: Record<string, string>;
  simulators?: string[];
  options?: SimulatorOptionsByName;
}

/**
 * Everything a participant's unit test needs: a virtual clock, a journal, the simulators and their msw handlers.
 * Outbound calls use the global fetch at call time, so they go through msw as well.
 */
export function createMswSimulators(options: MswSimulatorsOptions): { host: SimulatorHost; handlers: HttpHandler[] } {
  const clock = createVirtualClock(options.start);
  const journal = createJournal({ clock, wallTime: options.wallTime });
  const host = createSimulatorHost({
    clock,
    journal,
    seed: options.seed ?? 1,
    ...(options.calendar ? { calendar: options.calendar } : {}),
    fetch: (input, init) => globalThis.fetch(input, init),
    endpoints: options.participantProvider ? { 'participant.provider': options.participantProvider } : {},
    ...(options.simulators ? { simulators: options.simulators } : {}),
    ...(options.options ? { options: options.options } : {}),
  });
  return { host, handlers: createMswHandlers(host, options.baseUrls) };
}

export { createSimulatorHost, type SimulatorHost };
