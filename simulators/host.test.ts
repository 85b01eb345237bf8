import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { PolihonError } from '../core/errors.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost } from './host.ts';
import { SIMULATORS } from './registry.ts';
import { declaration, OLENA, T0 } from './testing.ts';

function host(extra: Partial<Parameters<typeof createSimulatorHost>[0]> = {}) {
  const clock = createVirtualClock(T0);
  const journal = createJournal({ clock, wallTime: () => 0 });
  return createSimulatorHost({ clock, journal, seed: 42, fetch: async () => Promise.reject(new TypeError('offline')), ...extra });
}

describe('createSimulatorHost', () => {
  it('creates every registered simulator by default, sharing one clock and journal', async () => {
    const h = host();
    expect(Object.keys(h.simulators)).toEqual(Object.keys(SIMULATORS));
    expect(h.get('dms').title.uk).toBe('ДМС (з ЄДДР)');
    await h.request('dms', 'POST', '/__polihon/clock', { advance: '1h' });
    const clock = await h.request('hromada', 'GET', '/__polihon/clock');
    expect(clock.body).toMatchObject({ epochMs: T0 + 3_600_000 });
    await h.request('dms', 'POST', '/dms/v1/acts', declaration());
    const journal = await h.request('hromada', 'GET', '/__polihon/journal?service=dms.act.submit');
    expect(journal.body).toMatchObject({ count: 2 });
  });

  it('creates only the simulators asked for, and refuses unknown names', () => {
    expect(Object.keys(host({ simulators: ['hromada'] }).simulators)).toEqual(['hromada']);
    expect(() => host({ simulators: ['dms', 'ecs'] })).toThrow(PolihonError);
    expect(() => host({ simulators: ['ecs'] })).toThrow(/unknown simulator: ecs/);
    expect(() => host({ simulators: ['hromada'] }).get('dms')).toThrow(/no simulator named 'dms'.*/);
  });

  it('keeps the endpoints object by reference, so it can be filled in after the host exists', () => {
    const endpoints: Record<string, string | undefined> = {};
    const h = host({ endpoints });
    endpoints['participant.provider'] = 'http://sut.test';
    expect(h.endpoints).toBe(endpoints);
  });

  it('passes per-simulator options and resets every simulator to them', async () => {
    const h = host({ options: { dms: { eddr: [{ rnokpp: OLENA.rnokpp }] } } });
    await h.request('dms', 'POST', '/dms/v1/acts', declaration());
    expect((await h.request('dms', 'GET', '/__polihon/eddr/datasets')).body).toMatchObject({ datasets: [{ reason: 'in-eddr' }] });
    h.reset();
    expect((await h.request('dms', 'GET', '/__polihon/acts')).body).toEqual({ acts: [] });
    expect(h.journal.count()).toBe(4);
    await h.request('dms', 'POST', '/dms/v1/acts', declaration());
    expect((await h.request('dms', 'GET', '/__polihon/eddr/datasets')).body).toMatchObject({ datasets: [{ reason: 'in-eddr' }] });
  });

  it('returns the text of an answer that is not JSON', async () => {
    const res = await host().request('dms', 'GET', '/dms/v1/openapi.yaml');
    expect(res.body).toEqual(expect.stringContaining('openapi: 3.1.0'));
  });
});
