// The simulator contract: a simulator is a fetch handler over its own state, created with an injected clock,
// journal, seeded randomness and outbound fetch. Transports (node:http, msw) are thin adapters around `handle`.
import type { CalendarOptions } from './calendar.ts';
import type { Clock } from './clock.ts';
import type { Journal } from './journal.ts';
import type { Rng } from './random.ts';

export interface SimulatorContext {
  clock: Clock;
  journal: Journal;
  rng: Rng;
  calendar: CalendarOptions;
  /**
   * Outbound HTTP (a simulator calling a participant or another simulator). Injected so the same simulator
   * runs over real sockets and in-process; it is never the global fetch inside simulators.
   */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Base URLs of the other parties by name: 'participant.provider', 'dms', 'hromada'. Undefined when unknown. */
  endpoints: Record<string, string | undefined>;
}

export interface Simulator {
  /** short stable name used in URLs, journal entries and YAML: 'dms', 'hromada', 'trembita' */
  readonly name: string;
  readonly title: { uk: string; en: string };
  /** the whole HTTP face: participant-facing contract plus the control API under /__polihon/ */
  handle(request: Request): Promise<Response>;
  /** back to the seeded initial state (between scenarios) */
  reset(): void;
  readonly faults: FaultSet;
  /** background work such as retries; resolves when none is in flight (used before judging a deadline) */
  idle?(): Promise<void>;
}

export type SimulatorFactory<O = unknown> = (ctx: SimulatorContext, options?: O) => Simulator;

// ---------------------------------------------------------------------------------------------------------
// Fault injection, per service and per call (docs/en/contracts.md §4). Simulators ask `faults.take(service)` on each call.

export type FaultKind =
  | 'latency' // answer after `ms` of real time
  | 'timeout' // never answer (until the caller gives up)
  | 'reset' // drop the connection
  | 'malformed' // a body that does not parse
  | 'error' // an error answer with `status` (problem+json, or the protocol's fault form)
  | 'withhold' // accept but do not complete (e.g. no confirmation)
  | 'duplicate' // deliver twice
  | 'outage'; // 503 for every call while active

export interface FaultSpec {
  /** the simulator's service name, e.g. 'dms.act.submit', or '*' for every service */
  service: string;
  kind: FaultKind;
  ms?: number;
  status?: number;
  message?: string;
  /** how many calls it affects; undefined = every call until cleared */
  count?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  used: number;
}

export interface FaultSet {
  add(spec: FaultSpec): ActiveFault;
  /** the fault for this call, if any; consumes one use of a counted fault */
  take(service: string): ActiveFault | undefined;
  list(): ActiveFault[];
  clear(): void;
}

export function createFaultSet(): FaultSet {
  let next = 1;
  let active: ActiveFault[] = [];
  return {
    add(spec) {
      const f: ActiveFault = { ...spec, id: next++, used: 0 };
      active.push(f);
      return f;
    },
    take(service) {
      const f = active.find((x) => x.service === service || x.service === '*');
      if (!f) return undefined;
      f.used += 1;
      if (f.count !== undefined && f.used >= f.count) active = active.filter((x) => x !== f);
      return f;
    },
    list: () => active.map((f) => ({ ...f })),
    clear: () => void (active = []),
  };
}
