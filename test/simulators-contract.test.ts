// The simulators' contract cases, run twice with the same assertions: in-process through msw (as a participant's
// unit tests use them) and over real HTTP on 127.0.0.1 (as `polihon serve` and conformance runs use them).
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { contractCases, resetAll, type ContractTarget } from '../simulators/contract-cases.ts';
import { createSimulatorHost, type SimulatorHost } from '../simulators/host.ts';
import { T0 } from '../simulators/testing.ts';
import { serveSimulators, type ServedSimulators } from '../simulators/transport/http-server.ts';
import { createMswHandlers, DEFAULT_BASE_URLS } from '../simulators/transport/msw.ts';

function createHost(): SimulatorHost {
  const clock = createVirtualClock(T0);
  let wall = 0;
  return createSimulatorHost({
    clock,
    journal: createJournal({ clock, wallTime: () => ++wall }),
    seed: 1,
    calendar: { martialLaw: true },
    // read late, so the simulators' own calls go through msw while it listens
    fetch: (input, init) => globalThis.fetch(input, init),
    endpoints: {},
    // the hromada simulator plays the participant here and answers at a plain URL (it speaks no X-Road), so ДМС
    // asks it directly; the route through Трембіта is test/trembita-dms.test.ts's
    options: { dms: { routeVia: 'direct' } },
  });
}

function runContract(transport: string, start: () => Promise<{ target: ContractTarget; stop: () => Promise<void> }>) {
  describe(transport, () => {
    let target: ContractTarget;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      ({ target, stop } = await start());
    });
    afterAll(() => stop());
    beforeEach(() => resetAll(target));
    for (const c of contractCases) it(c.name, () => c.run(target));
  });
}

runContract('in-process through msw', async () => {
  const host = createHost();
  const server = setupServer(...createMswHandlers(host));
  server.listen({ onUnhandledRequest: 'error' });
  host.endpoints['participant.provider'] = `${DEFAULT_BASE_URLS.hromada}/hromada/v1`;
  return {
    target: { url: (name) => DEFAULT_BASE_URLS[name]!, fetch: (input, init) => globalThis.fetch(input, init) },
    stop: async () => server.close(),
  };
});

runContract('over HTTP on 127.0.0.1', async () => {
  const host = createHost();
  const served: ServedSimulators = await serveSimulators(host, { host: '127.0.0.1', basePort: 0 });
  host.endpoints['participant.provider'] = `${served.urls.hromada}/hromada/v1`;
  return {
    target: { url: (name) => served.urls[name]!, fetch: (input, init) => globalThis.fetch(input, init) },
    stop: () => served.close(),
  };
});
