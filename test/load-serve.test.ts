// `polihon load --serve` gives the participant the ДМС simulator's own port, and the control API (what a k6 script
// drives) on a loopback port of its own behind a token, as `polihon serve` does. A hostile participant
// (`tamper-control`) and a caller on the simulator's port are refused reset, clock moves and fault deletions — each
// journalled and said on stderr with where the control API is; with the token on the control port the same calls work.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommand } from '../cli/commands/load.ts';
import { createMemoryOutput } from '../cli/output.ts';
import { kyivDate } from '../core/calendar.ts';
import { createPeople } from '../core/people.ts';
import { CONTROL_CALL_SERVICE } from '../simulators/transport/control-port.ts';
import { HROMADA_PROFILE, ROOT } from './helpers.ts';

const PROFILE = join(ROOT, 'load', 'profiles', 'dms-verification.yaml');

describe('polihon load --serve', { timeout: 60_000 }, () => {
  it('refuses the control API on the simulator port, journals and warns of it; serves it on the control port with the token', async () => {
    const out = createMemoryOutput();
    const stop = new AbortController();
    const args = {
      values: { sut: HROMADA_PROFILE, serve: true, 'participant-faults': 'tamper-control', 'max-duration': '60s' },
      positionals: [PROFILE],
      lang: 'en',
    } as unknown as Parameters<typeof loadCommand>[0];
    const running = loadCommand(args, out, stop.signal);
    try {
      const printed = () => out.out.join('');
      for (let i = 0; i < 600 && !printed().includes('stops on Ctrl-C'); i++) {
        const settled = await Promise.race([running.then((code) => ({ code })), new Promise((r) => setTimeout(() => r(undefined), 50))]);
        expect(settled, printed() + out.err.join('')).toBeUndefined();
      }
      const text = printed();
      const control = /POLIHON_DMS_URL=(http:\/\/127\.0\.0\.1:\d+)\/dms /.exec(text)?.[1];
      const token = /POLIHON_CONTROL_TOKEN=(\S+) k6 run reports\/k6\/dms-verification\.k6\.js/.exec(text)?.[1];
      const dms = /the participant's ДМС: (http:\/\/127\.0\.0\.1:\d+) /.exec(text)?.[1];
      expect([control, token, dms], text).toEqual([expect.any(String), expect.stringMatching(/^[\w-]{32}$/), expect.any(String)]);
      expect(text).toContain(`the control API: ${control}/dms/__polihon/… with Authorization: Bearer ${token}`);

      // the hostile participant's attempts at the reset (before the load): refused, said once per call with the control URL
      const err = out.err.join('');
      for (const call of ['POST /__polihon/reset', 'DELETE /__polihon/faults', 'GET /__polihon/journal', 'POST /__polihon/clock']) {
        const path = call.split(' ')[1]!;
        expect(err).toContain(`refused on dms's port: ${call}; the control API is at ${control}/dms${path} (with the token)`);
      }

      // the same calls from anyone on the simulator's port: 404 problem+json; reading the clock and health is allowed
      const clockNow = async (url: string, headers: Record<string, string> = {}) => Date.parse(((await (await fetch(url, { headers })).json()) as { now: string }).now);
      const before = await clockNow(`${dms}/__polihon/clock`);
      expect((await fetch(`${dms}/__polihon/health`)).status).toBe(200);
      const onPort = [
        await fetch(`${dms}/__polihon/reset`, { method: 'POST' }),
        await fetch(`${dms}/__polihon/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":"1 day"}' }),
        await fetch(`${dms}/__polihon/faults`, { method: 'DELETE' }),
        await fetch(`${dms}/__polihon/verification-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      ];
      for (const res of onPort) {
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        expect(((await res.json()) as { hint: string }).hint).toMatch(/control port polihon load --serve printed/);
      }
      // the clock did not move a day
      expect((await clockNow(`${dms}/__polihon/clock`)) - before).toBeLessThan(3_600_000);

      // on the control port: nothing without the token; with it, the clock moves, faults are added and deleted, reset works
      const auth = { authorization: `Bearer ${token}` };
      const json = { 'content-type': 'application/json' };
      expect((await fetch(`${control}/dms/__polihon/reset`, { method: 'POST' })).status).toBe(401);
      const moved = await fetch(`${control}/dms/__polihon/clock`, { method: 'POST', headers: { ...json, ...auth }, body: '{"advance":"1 day"}' });
      expect(moved.status).toBe(200);
      expect(Date.parse(((await moved.json()) as { now: string }).now) - before).toBeGreaterThanOrEqual(86_400_000);
      const fault = await fetch(`${control}/dms/__polihon/faults`, { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ service: 'dms.act.submit', kind: 'withhold', count: 1 }) });
      expect(fault.status).toBe(201);
      expect((await fetch(`${control}/dms/__polihon/faults`, { method: 'DELETE', headers: auth })).status).toBe(204);
      expect(((await (await fetch(`${control}/dms/__polihon/faults`, { headers: auth })).json()) as { faults: unknown[] }).faults).toEqual([]);
      // what the k6 script does: ДМС sends a verification request to the participant
      const p = createPeople({ seed: 7, referenceDate: kyivDate(Date.now()) }).person();
      const person = { lastName: p.lastName, firstName: p.firstName, patronymic: p.patronymic, birthDate: p.birthDate, rnokpp: p.rnokpp, unzr: p.unzr };
      const order = await fetch(`${control}/dms/__polihon/verification-requests`, { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ person }) });
      expect(order.status).toBe(201);
      expect(((await order.json()) as { delivery: { status: number } }).delivery.status).toBe(202);
      expect((await fetch(`${control}/dms/__polihon/reset`, { method: 'POST', headers: auth })).status).toBe(204);

      // every control call journalled: the participant's and the port's refused, the control port's served or unauthorized
      const journal = await fetch(`${control}/dms/__polihon/journal?service=${CONTROL_CALL_SERVICE}`, { headers: auth });
      const entries = ((await journal.json()) as { entries: { from: string; method: string; path: string; status: number; outcome: string }[] }).entries;
      const seen = entries.map((e) => `${e.from} ${e.method} ${e.path} ${e.status} ${e.outcome}`);
      expect(seen).toEqual([
        // the tamper-control participant at the reset: the reset twice (once spelt %5F%5Fpolihon), faults, journal, clock
        'participant POST /__polihon/reset 404 refused',
        'participant POST /__polihon/reset 404 refused',
        'participant DELETE /__polihon/faults 404 refused',
        'participant GET /__polihon/journal 404 refused',
        'participant POST /__polihon/clock 404 refused',
        // the test on the simulator's port
        'participant POST /__polihon/reset 404 refused',
        'participant POST /__polihon/clock 404 refused',
        'participant DELETE /__polihon/faults 404 refused',
        'participant POST /__polihon/verification-requests 404 refused',
        // the test on the control port
        'control-client POST /__polihon/reset 401 unauthorized',
        'control-client POST /__polihon/clock 200 served',
        'control-client POST /__polihon/faults 201 served',
        'control-client DELETE /__polihon/faults 204 served',
        'control-client GET /__polihon/faults 200 served',
        'control-client POST /__polihon/verification-requests 201 served',
        'control-client POST /__polihon/reset 204 served',
      ]);
      expect(entries.filter((e) => e.from === 'participant' && e.outcome === 'refused').length).toBe(5 + 4);
    } finally {
      stop.abort();
      expect(await running).toBe(0);
    }
  });
});
