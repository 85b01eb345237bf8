// A scenario's world against a participant's driver on loopback: served, the participant's own identity in Трембіта's
// participant slot (in-process, as the control API would have put it), ДМС seeded with the scenario's people, the
// driver told where the simulators are, and the participant's control calls on the served ports refused and kept.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost } from '../simulators/host.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { parseScenario } from './scenario.ts';
import { parseProfile } from './sut-profile.ts';
import { createWorld, participantScope, slotReplacement, type World } from './world.ts';

const START = '2026-04-21T10:00:00+03:00';
const SCENARIO = `
id: world
title: { uk: Світ, en: World }
role: hromada-registry
covers: [DMS-01]
clock: { start: "${START}" }
seed: 7
data:
  people:
    olena: { sex: female, age: 30 }
    taras: { inEddr: false }
steps:
  - id: wait
    type: advance
    by: 1m
`;

const servers: Server[] = [];
const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A participant's driver that takes POST /reset and keeps what it was told. */
async function driver(status = 204) {
  const resets: { simulators: Record<string, string>; clock: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/driver/reset') resets.push(JSON.parse(body));
      res.writeHead(req.url === '/driver/reset' ? status : 404).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/driver`, resets };
}

function world(driverUrl: string, identity = 'identity: { instance: SEVDEIR-TEST, memberClass: GOV, memberCode: "12345678", subsystem: HR_prod }') {
  const profile = parseProfile(`name: Громада N\nversion: 1.0.0\nroles: [hromada-registry]\n${identity}\nendpoints: { driver: "${driverUrl}" }\nlaunch: { url: "${driverUrl}" }\n`, 'p.yaml');
  const scenario = parseScenario(SCENARIO, 'world.yaml');
  const clock = createVirtualClock(scenario.startMs);
  const journal = createJournal({ clock, wallTime: () => 0 });
  const w = createWorld({ scenario, profile, journal, clock, calendar: { martialLaw: true }, settleMs: 20 });
  worlds.push(w);
  return w;
}

describe('createWorld', () => {
  it('serves the simulators, admits the participant, seeds its people and tells its driver where they are', async () => {
    const d = await driver();
    const w = world(d.url);
    const { scope } = await w.open();
    expect(w.participant.client).toBe('SEVDEIR-TEST/GOV/12345678/HR_prod');
    // the driver is told each simulator's served base URL and the clock
    expect(d.resets).toHaveLength(1);
    const urls = d.resets[0]!.simulators;
    expect(Object.keys(urls).sort()).toEqual(Object.keys(SIMULATORS).sort());
    expect(d.resets[0]!.clock).toBe(`${urls.dms}/__polihon/clock`);
    // the participant's identity holds the slot's services and rights; the slot's rights are gone
    const registry = (await w.control('trembita', 'GET', '/__polihon/registry')).body as { services: { id: string; allowedClients: string[] }[] };
    const own = registry.services.filter((s) => s.id.startsWith('SERVICE:SEVDEIR-TEST/GOV/12345678/HR_prod/'));
    expect(own.length).toBeGreaterThan(0);
    expect(registry.services.some((s) => s.allowedClients.includes('SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/RTG_prod'))).toBe(false);
    // the people as the scenario says: ЄДДР knows olena, not taras
    expect(Object.keys(scope.people)).toEqual(['olena', 'taras']);
    expect(scope.eddr).toEqual({ olena: { known: true, firstEntry: false }, taras: { known: false, firstEntry: true } });
    expect(scope.addresses.olena).toMatchObject({ katottg: expect.any(String), text: expect.any(String) });
    // the participant's ports refuse the control API, and the world keeps the attempt
    expect(w.controlAttempts).toEqual([]);
    const refused = await fetch(`${urls.dms}/__polihon/reset`, { method: 'POST' });
    expect(refused.status).toBe(404);
    expect(w.controlAttempts.map((a) => `${a.simulator} ${a.method} ${a.path}`)).toEqual(['dms POST /__polihon/reset']);
  });

  it('refuses an identity part X-Road could not carry when created, and another instance when opened', async () => {
    const d = await driver();
    expect(() => world(d.url, 'identity: { instance: SEVDEIR-TEST, memberClass: GOV, memberCode: "12345678", subsystem: "HR prod" }')).toThrow(
      expect.objectContaining({ code: 'E_PROFILE_INVALID' }),
    );
    await expect(world(d.url, 'identity: { instance: OTHER, memberClass: GOV, memberCode: "12345678" }').open()).rejects.toThrow(expect.objectContaining({ code: 'E_PROFILE_INVALID' }));
    await expect(world(d.url, 'identity: { instance: SEVDEIR-TEST, memberClass: GOV, memberCode: "12345679" }').open()).rejects.toThrow(/cannot register/);
    expect(d.resets).toEqual([]);
  });

  it('names a driver that refuses the reset', async () => {
    const d = await driver(500);
    await expect(world(d.url).open()).rejects.toThrow(expect.objectContaining({ code: 'E_DRIVER' }));
  });
});

describe('Трембіта’s participant slot in-process', () => {
  it('reads and changes the registry as GET and POST /__polihon/registry do', async () => {
    const clock = createVirtualClock(Date.parse(START));
    const make = () => createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), fetch: () => Promise.reject(new Error('offline')), simulators: ['trembita'] });
    const [inProcess, overHttp] = [make(), make()];
    const slot = SIMULATORS.trembita.participantSlot!(inProcess.get('trembita'));
    const viewed = (await overHttp.request('trembita', 'GET', '/__polihon/registry')).body as { instance: string; config: unknown };
    expect(slot.read()).toEqual({ instance: viewed.instance, config: viewed.config });
    const change = slotReplacement(slot.read() as never, participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678', subsystem: 'HR_prod' } }), 'Громада N');
    expect(await slot.change(change)).toEqual({ ok: true });
    expect((await overHttp.request('trembita', 'POST', '/__polihon/registry', change)).status).toBe(200);
    const after = async (h: typeof inProcess) => (await h.request('trembita', 'GET', '/__polihon/registry')).body;
    expect(await after(inProcess)).toEqual(await after(overHttp));
    // a change the registry cannot hold: refused with the problem, nothing changed
    const bad = await slot.change({ members: [{ code: '1', name: 'x', subsystems: [] }] });
    expect(bad).toMatchObject({ ok: false, status: 422, body: { detail: expect.any(String) } });
    expect(await after(inProcess)).toEqual(await after(overHttp));
  });
});
