import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { createSimulatorHost } from '../host.ts';
import { T0 } from '../testing.ts';
import { serveSimulators, type ServedSimulators } from './http-server.ts';

let served: ServedSimulators | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

function host(endpoints: Record<string, string | undefined> = {}) {
  const clock = createVirtualClock(T0);
  return createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), fetch: (i, init) => fetch(i, init), endpoints });
}

describe('serveSimulators', () => {
  it('serves each simulator on its own loopback port and fills unset endpoints', async () => {
    const endpoints: Record<string, string | undefined> = { dms: 'http://configured.test' };
    served = await serveSimulators(host(endpoints));
    expect(Object.keys(served.urls)).toEqual(['dms', 'hromada']);
    for (const url of Object.values(served.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.urls.dms).not.toBe(served.urls.hromada);
    expect(endpoints).toEqual({ dms: 'http://configured.test', hromada: served.urls.hromada });
    const res = await fetch(`${served.urls.hromada}/__polihon/health`);
    expect(await res.json()).toEqual({ ok: true, simulator: 'hromada' });
    expect(res.headers.get('x-polihon-time')).toBe(new Date(T0).toISOString());
  });

  it('drops the connection for a reset fault', async () => {
    const h = host();
    served = await serveSimulators(h);
    h.get('dms').faults.add({ service: 'dms.act.status', kind: 'reset', count: 1 });
    await expect(fetch(`${served.urls.dms}/dms/v1/acts/X`)).rejects.toThrow(TypeError);
    expect((await fetch(`${served.urls.dms}/dms/v1/acts/X`)).status).toBe(404);
  });

  it('lets a call in flight finish when closing, then stops listening', async () => {
    const h = host();
    served = await serveSimulators(h);
    h.get('dms').faults.add({ service: 'dms.act.status', kind: 'latency', ms: 150, count: 1 });
    const slow = fetch(`${served.urls.dms}/dms/v1/acts/X`);
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    const closing = served.close();
    expect((await slow).status).toBe(404);
    await closing;
    // a keep-alive connection must not hold close() for the whole grace period
    expect(performance.now() - t).toBeLessThan(1000);
    await expect(fetch(`${served.urls.dms}/__polihon/health`)).rejects.toThrow();
    served = undefined;
  });

  it('drops a call still held by a timeout fault after the grace period', async () => {
    const h = host();
    served = await serveSimulators(h, { closeGraceMs: 50 });
    h.get('dms').faults.add({ service: 'dms.act.status', kind: 'timeout', ms: 20_000 });
    const held = fetch(`${served.urls.dms}/dms/v1/acts/X`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    await served.close();
    served = undefined;
    expect(performance.now() - t).toBeLessThan(2000);
    expect(await held).toBe('dropped');
  });

  it('uses consecutive ports from a base port, and says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(serveSimulators(host(), { basePort: port })).rejects.toMatchObject({ code: 'E_PORT', message: expect.stringContaining(`127.0.0.1:${port}`) });
    } finally {
      blocker.close();
    }
    // the port freed above and the one after it are likely free now
    served = await serveSimulators(host(), { basePort: port });
    expect(served.urls).toEqual({ dms: `http://127.0.0.1:${port}`, hromada: `http://127.0.0.1:${port + 1}` });
  });
});
