// The control plane a participant cannot touch: on the simulators' ports only GET clock and health of /__polihon
// answer, however the path is spelt, and every refusal is journalled; the control port wants its token.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { createSimulatorHost, type SimulatorHost } from '../host.ts';
import { T0 } from '../testing.ts';
import { CONTROL_CALL_SERVICE, newControlToken, type ControlAttempt } from './control-port.ts';
import { serveControlPort, serveSimulators, type ServedControlPort, type ServedSimulators } from './http-server.ts';

let closers: (ServedSimulators | ServedControlPort)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c.close()));
  closers = [];
});

function host(): SimulatorHost {
  const clock = createVirtualClock(T0);
  return createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), fetch: (i, init) => fetch(i, init) });
}

/** A raw HTTP request with the request target exactly as given (fetch would normalise `..` and more). */
function raw(base: string, method: string, target: string, body?: string): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: target, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// calls that change or read the harness's state; each is a real control route (the unguarded port serves it)
const CONTROL_CALLS: [string, string, string, string?][] = [
  ['dms', 'POST', '/__polihon/reset'],
  ['dms', 'POST', '/__polihon/clock', '{"advance":"1h"}'],
  ['dms', 'DELETE', '/__polihon/faults'],
  ['dms', 'GET', '/__polihon/faults'],
  ['dms', 'GET', '/__polihon/journal?since=0'],
  ['dms', 'POST', '/__polihon/seed', '{"eddr":[]}'],
  ['dms', 'GET', '/__polihon/acts'],
  ['trembita', 'GET', '/__polihon/registry'],
  ['trembita', 'POST', '/__polihon/registry', '{}'],
  ['hromada', 'GET', '/__polihon/residents'],
  // other spellings of the same routes
  ['dms', 'POST', '/%5F%5Fpolihon/reset'],
  ['dms', 'POST', '/%5f%5fpolihon/%63lock', '{"advance":"1h"}'],
  ['dms', 'POST', '/dms/v1/../../__polihon/reset'],
  ['dms', 'POST', '/dms/%2e%2e/__polihon/reset'],
  ['trembita', 'GET', '/r1/../__polihon/registry'],
  ['dms', 'POST', 'http://dms.polihon.test/__polihon/reset'],
];

describe("the simulators' ports with controlApi 'participant'", () => {
  it('answer GET clock and health and the published API; refuse every other control call with 404, journalled', async () => {
    const h = host();
    const refused: ControlAttempt[] = [];
    const open = await serveSimulators(host());
    const guarded = await serveSimulators(h, { controlApi: 'participant', onControlRefused: (a) => refused.push(a) });
    closers.push(open, guarded);
    expect((await fetch(`${guarded.urls.dms}/__polihon/clock`)).status).toBe(200);
    expect((await fetch(`${guarded.urls.hromada}/__polihon/health`)).status).toBe(200);
    expect((await fetch(`${guarded.urls.dms}/__polihon/clock`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${guarded.urls.dms}/dms/v1/openapi.yaml`)).status).toBe(200);
    expect((await fetch(`${guarded.urls.trembita}/listClients`)).status).toBe(200);

    for (const [sim, method, target, body] of CONTROL_CALLS) {
      // the spelling really reaches a control route where nothing guards it...
      const reached = await raw(open.urls[sim]!, method, target, body);
      expect([target, reached.status], reached.text).not.toEqual([target, 404]);
      // ...and is refused where the participant is
      const answer = await raw(guarded.urls[sim]!, method, target, body);
      expect([target, answer.status]).toEqual([target, 404]);
      expect(JSON.parse(answer.text)).toMatchObject({ code: 'not-found', detail: expect.stringContaining('on this port') });
    }
    expect(refused.map((a) => a.simulator)).toEqual(CONTROL_CALLS.map(([sim]) => sim));
    expect(refused.every((a) => a.path.startsWith('/__polihon/'))).toBe(true);
    // the harness's state is as it was: the clock unmoved
    expect(h.clock.now()).toBe(T0);
    const journalled = h.journal.entries({ service: CONTROL_CALL_SERVICE });
    expect(journalled).toHaveLength(CONTROL_CALLS.length);
    expect(journalled.every((e) => e.kind === 'event' && e.channel === 'control' && e.from === 'participant' && e.status === 404 && e.outcome === 'refused')).toBe(true);
    expect(journalled.map((e) => e.seq)).toEqual(refused.map((a) => a.entry.seq));
    expect(journalled[1]).toMatchObject({ to: 'dms', method: 'POST', path: '/__polihon/clock' });
  });

  it("by default ('all') serve the whole control API, as tests and benches use it", async () => {
    const h = host();
    const served = await serveSimulators(h);
    closers.push(served);
    const moved = await fetch(`${served.urls.dms}/__polihon/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":"1h"}' });
    expect(moved.status).toBe(200);
    expect(h.journal.entries({ service: CONTROL_CALL_SERVICE })).toEqual([]);
  });
});

describe('the control port', () => {
  it('serves /{simulator}/__polihon/… to a caller with the token, 401 problem+json without it; journals every call', async () => {
    const h = host();
    const token = newControlToken();
    const control = await serveControlPort(h, { token });
    closers.push(control);
    expect(control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const move = (headers: Record<string, string>) =>
      fetch(`${control.url}/dms/__polihon/clock`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"advance":"1h"}' });

    const missing = await move({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.json()).toMatchObject({ code: 'unauthorized', detail: 'no Authorization header' });
    const wrong = await move({ authorization: `Bearer ${newControlToken()}` });
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([401, 'unauthorized']);
    expect((await move({ authorization: token })).status).toBe(401);
    expect(h.clock.now()).toBe(T0);

    const moved = await move({ authorization: `Bearer ${token}` });
    expect(moved.status).toBe(200);
    expect(h.clock.now()).toBe(T0 + 3_600_000);
    const auth = { authorization: `bearer ${token}` };
    expect(await (await fetch(`${control.url}/hromada/__polihon/health`, { headers: auth })).json()).toEqual({ ok: true, simulator: 'hromada' });
    // only control paths of known simulators
    expect((await fetch(`${control.url}/dms/dms/v1/openapi.yaml`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${control.url}/nope/__polihon/health`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${control.url}/__polihon/health`, { headers: auth })).status).toBe(404);

    const calls = h.journal.entries({ service: CONTROL_CALL_SERVICE }).map((e) => [e.from, e.to, e.method, e.path, e.status, e.outcome]);
    expect(calls).toEqual([
      ['control-client', 'dms', 'POST', '/__polihon/clock', 401, 'unauthorized'],
      ['control-client', 'dms', 'POST', '/__polihon/clock', 401, 'unauthorized'],
      ['control-client', 'dms', 'POST', '/__polihon/clock', 401, 'unauthorized'],
      ['control-client', 'dms', 'POST', '/__polihon/clock', 200, 'served'],
      ['control-client', 'hromada', 'GET', '/__polihon/health', 200, 'served'],
      ['control-client', 'dms', 'GET', '/dms/dms/v1/openapi.yaml', 404, 'not-found'],
      ['control-client', 'control', 'GET', '/nope/__polihon/health', 404, 'not-found'],
      ['control-client', 'control', 'GET', '/__polihon/health', 404, 'not-found'],
    ]);
    // the token never reaches the journal
    expect(JSON.stringify(h.journal.entries())).not.toContain(token);
  });

  it('makes a new token each time', () => {
    expect(newControlToken()).not.toBe(newControlToken());
    expect(newControlToken()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
