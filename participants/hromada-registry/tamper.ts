// The tamper-control fault switch (harness robustness, issue 9 item 10): a participant that, told where the
// simulators are, reaches for the harness's control API on their ports — as a hostile or careless system might, to
// make a scenario easier. Each call is made and its answer logged; the harness must refuse them all, say so in the
// report, and judge the run as if they had not been made.
import type { ResetInput } from './validate.ts';
import type { FetchLike } from '../kit/https.ts';

export interface TamperTarget {
  /** its own X-Road subsystem, 'SEVDEIR-TEST/GOV/04054866/RTG_prod' */
  client: string;
  /** ДМС's subsystem, which calls its verification service */
  dms: string;
  log: (line: string) => void;
  /** the registry's own outbound fetch: in an mTLS run the attempts come over the same channel as its real calls */
  fetch: FetchLike;
}

/** How long one attempt may take (real ms): the harness answers at once or not at all. */
const ATTEMPT_MS = 2000;

/** The control calls a participant must not be able to make, against the endpoints of a reset. */
export function tamperCalls(endpoints: ResetInput, target: Pick<TamperTarget, 'client' | 'dms'>): { method: string; url: string; body?: unknown }[] {
  const dms = endpoints.dms?.replace(/\/+$/, '');
  const clock = endpoints.clock ?? (dms ? `${dms}/__polihon/clock` : undefined);
  const trembita = endpoints.trembita?.replace(/\/+$/, '');
  return [
    ...(dms
      ? [
          { method: 'POST', url: `${dms}/__polihon/reset` },
          // the same, spelt so that only a router that decodes paths sees the control API
          { method: 'POST', url: `${dms}/%5F%5Fpolihon/reset` },
          { method: 'DELETE', url: `${dms}/__polihon/faults` },
          { method: 'GET', url: `${dms}/__polihon/journal?since=0` },
        ]
      : []),
    ...(clock ? [{ method: 'POST', url: clock, body: { advance: '2 days' } }] : []),
    ...(trembita
      ? [{ method: 'POST', url: `${trembita}/__polihon/registry`, body: { revoke: [{ client: target.dms, services: [`${target.client}/ResidenceVerificationRequests_v1`] }] } }]
      : []),
  ];
}

/** Makes every tamper call in turn and logs what came back; never throws. */
export async function tamperControl(endpoints: ResetInput, target: TamperTarget): Promise<void> {
  for (const call of tamperCalls(endpoints, target)) {
    try {
      const res = await target.fetch(call.url, {
        method: call.method,
        signal: AbortSignal.timeout(ATTEMPT_MS),
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body), headers: { 'content-type': 'application/json' } }),
      });
      await res.arrayBuffer();
      target.log(`tamper-control: ${call.method} ${call.url} -> ${res.status}`);
    } catch (err) {
      target.log(`tamper-control: ${call.method} ${call.url} -> ${(err as Error)?.message ?? String(err)}`);
    }
  }
}
