import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDriverClient } from './driver.ts';
import { createActivity, createSettler, isClockRead, readWake } from './settle.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A participant's driver on loopback answering GET /wake with whatever `answer` gives. */
async function driverWith(answer: (now: string | null) => { status: number; body?: unknown }) {
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const a = u.pathname === '/wake' ? answer(u.searchParams.get('now')) : { status: 404 };
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body === undefined ? '' : JSON.stringify(a.body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return createDriverClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('settle detection', () => {
  it('reads the hint of GET /wake: busy and the next wake-up; anything but a 2xx object is no hint', () => {
    expect(readWake(200, { busy: true, nextWake: '2026-03-10T11:00:00.000Z' })).toEqual({ busy: true, nextWake: Date.parse('2026-03-10T11:00:00Z') });
    expect(readWake(200, { nextWake: null })).toEqual({ busy: false });
    expect(readWake(404, { busy: false })).toBeUndefined();
    expect(readWake(200, 'ok')).toBeUndefined();
    expect(readWake(200, {})).toBeUndefined();
  });

  it('clock reads are not work', () => {
    expect(isClockRead(new Request('http://dms/__polihon/clock'))).toBe(true);
    expect(isClockRead(new Request('http://dms/__polihon/clock', { method: 'POST', body: '{}' }))).toBe(false);
    expect(isClockRead(new Request('http://dms/dms/v1/acts'))).toBe(false);
  });

  it('waits while an exchange is in flight, then the quiet window after it', async () => {
    const activity = createActivity();
    const settler = createSettler({ activity, settleMs: 40 });
    let release!: () => void;
    const exchange = activity.track(() => new Promise<void>((r) => (release = r)));
    let done = false;
    const settled = settler.settle(0).then(() => (done = true));
    await tick(80);
    expect(done).toBe(false);
    release();
    await exchange;
    await settled;
    expect(done).toBe(true);
    expect(settler.hints).toBe(false);
  });

  it('a participant that says it is busy is waited for; one that is not, only briefly; the time asked about is passed', async () => {
    const asked: (string | null)[] = [];
    let busyUntil = Infinity;
    const driver = await driverWith((now) => {
      asked.push(now);
      return { status: 200, body: { busy: performance.now() < busyUntil, nextWake: '2026-03-10T12:00:00.000Z' } };
    });
    // a settle window longer than the test's time limit: only the participant's own word ends these waits
    const settler = createSettler({ activity: createActivity(), driver, settleMs: 60_000, maxMs: 60_000 });
    const t0 = performance.now();
    busyUntil = t0 + 100;
    const hint = await settler.settle(Date.parse('2026-03-10T08:00:00Z'));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    expect(hint).toEqual({ busy: false, nextWake: Date.parse('2026-03-10T12:00:00Z') });
    expect(settler.hints).toBe(true);
    expect(asked[0]).toBe('2026-03-10T08:00:00.000Z');
    busyUntil = 0;
    expect(await settler.settle(Date.parse('2026-03-10T12:00:00Z'))).toEqual({ busy: false, nextWake: Date.parse('2026-03-10T12:00:00Z') });
  });

  it('a driver without GET /wake gets the settle window, and is not asked again', async () => {
    let calls = 0;
    const driver = await driverWith(() => ((calls += 1), { status: 404 }));
    const settler = createSettler({ activity: createActivity(), driver, settleMs: 30 });
    expect(await settler.settle(0)).toBeUndefined();
    expect(await settler.settle(0)).toBeUndefined();
    expect(settler.hints).toBe(false);
    expect(calls).toBe(1);
  });

  it("waits for the simulators' own background work first", async () => {
    let idle = false;
    const settler = createSettler({ activity: createActivity(), settleMs: 10, idle: () => tick(60).then(() => void (idle = true)) });
    await settler.settle(0);
    expect(idle).toBe(true);
  });

  it('a participant busy for ever is given up on after the maximum', async () => {
    const driver = await driverWith(() => ({ status: 200, body: { busy: true } }));
    const settler = createSettler({ activity: createActivity(), driver, settleMs: 10, maxMs: 100 });
    expect(await settler.settle(0)).toEqual({ busy: true });
  });
});
