// Inbound faults: the answer an injected fault gives on a simulator's own face instead of the real one.
import { pause } from '../../core/clock.ts';
import { problem } from '../../core/problem.ts';
import type { ActiveFault } from '../../core/simulator.ts';

/** A dropped connection: msw turns it into a network error, the node server destroys the socket. */
export function connectionReset(): Response {
  return Response.error();
}

export function isConnectionReset(res: Response): boolean {
  return res.type === 'error';
}

/** How long a `timeout` fault holds a call when the caller does not give up first (real time). */
export const TIMEOUT_FAULT_MS = 30_000;


/**
 * The answer an inbound fault gives instead of the real one, or undefined when the call goes on (after the
 * delay of a `latency` fault; `malformed`, `withhold` and `duplicate` are the handler's to apply).
 */
export async function faultAnswer(fault: ActiveFault | undefined, signal?: AbortSignal): Promise<Response | undefined> {
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'latency':
      await pause(fault.ms ?? 1000, signal);
      return undefined;
    case 'timeout':
      await pause(fault.ms ?? TIMEOUT_FAULT_MS, signal);
      return problem({
        code: 'timeout',
        title: 'Injected timeout',
        status: 504,
        detail: fault.message ?? `no answer for ${fault.ms ?? TIMEOUT_FAULT_MS} ms (fault ${fault.id})`,
      });
    case 'reset':
      return connectionReset();
    case 'error':
      return problem({
        code: 'injected-fault',
        title: 'Injected error',
        status: fault.status ?? 500,
        detail: fault.message ?? `fault ${fault.id} on ${fault.service}`,
      });
    case 'outage':
      return problem(
        {
          code: 'outage',
          title: 'Service unavailable',
          status: 503,
          detail: fault.message ?? `${fault.service} is in an outage window (fault ${fault.id})`,
        },
        { 'retry-after': '60' },
      );
    default:
      return undefined;
  }
}

/** The same answer with its body cut in half, so it no longer parses (a `malformed` fault). */
export function malformedText(text: string): string {
  return text.length > 1 ? text.slice(0, Math.ceil(text.length / 2)) : '{';
}
