// The runner's part in the participant's X-Road identity: what `${participant.*}` names, and the registry change
// that puts a profile's identity in the place of Трембіта's participant slot (services and rights kept, the slot's
// own rights revoked), checked against the real default registry.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost } from '../simulators/host.ts';
import { render } from '../core/i18n.ts';
import { checkIdentityParts, exitReasonMsg, participantScope, PARTICIPANT_SLOT, simulatorsInProcess, slotReplacement } from './runner.ts';

const SLOT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
const OURS = 'SEVDEIR-TEST/GOV/12345678/HR_prod';

function trembita() {
  const clock = createVirtualClock(Date.parse('2026-04-21T07:00:00Z'));
  const host = createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), fetch: () => Promise.reject(new Error('offline')), simulators: ['trembita'] });
  return (method: string, path: string, body?: unknown) => host.request('trembita', method, path, body);
}

describe('participantScope', () => {
  it('is the profile’s identity, the slot without one; a missing subsystem is the slot’s', () => {
    expect(participantScope({})).toEqual({ client: SLOT, instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', edrpou: '04054866', subsystem: 'RTG_prod' });
    expect(participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678', subsystem: 'HR_prod' } }).client).toBe(OURS);
    expect(participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678' } }).client).toBe('SEVDEIR-TEST/GOV/12345678/RTG_prod');
  });

  it('refuses a part X-Road cannot carry, as a profile problem', () => {
    expect(() => checkIdentityParts(participantScope({}))).not.toThrow();
    expect(() => checkIdentityParts(participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678', subsystem: 'HR/prod' } }))).toThrow(
      expect.objectContaining({ code: 'E_PROFILE_INVALID', message: "identity.subsystem 'HR/prod' is not an X-Road identifier part" }),
    );
  });
});

describe('slotReplacement', () => {
  it('changes nothing for the slot itself', async () => {
    const call = trembita();
    expect(slotReplacement((await call('GET', '/__polihon/registry')).body as never, participantScope({ identity: PARTICIPANT_SLOT }), 'x')).toBeUndefined();
  });

  it('gives the profile’s identity the slot’s services and rights, and takes the slot’s rights away', async () => {
    const call = trembita();
    const before = (await call('GET', '/__polihon/registry')).body as { services: { id: string; allowedClients: string[] }[] };
    const change = slotReplacement((await call('GET', '/__polihon/registry')).body as never, participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345678', subsystem: 'HR_prod' } }), 'Громада N');
    const res = await call('POST', '/__polihon/registry', change);
    expect(res.status).toBe(200);
    const after = (res.body as { services: { id: string; allowedClients: string[] }[] }).services;
    const rights = (list: typeof after, client: string) => list.filter((s) => s.allowedClients.includes(`SUBSYSTEM:${client}`)).map((s) => s.id).sort();
    // what the slot could call, the participant can now; the slot nothing
    expect(rights(after, OURS)).toEqual(rights(before.services, SLOT));
    expect(rights(after, SLOT)).toEqual([]);
    // its own services, with the callers the slot's had (ДМС)
    const own = after.filter((s) => s.id.startsWith(`SERVICE:${OURS}/`));
    expect(own.map((s) => s.id).sort()).toEqual([
      `SERVICE:${OURS}/CheckResidence/v1`,
      `SERVICE:${OURS}/ECredentialCopies_v1`,
      `SERVICE:${OURS}/HrPersonnelRecords_v1`,
      `SERVICE:${OURS}/ResidenceVerificationRequests_v1`,
    ]);
    const dms = 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_prod';
    const diia = 'SUBSYSTEM:SEVDEIR-TEST/GOV/43395033/DIIA_prod';
    const callers = Object.fromEntries(own.map((s) => [s.id.slice(`SERVICE:${OURS}/`.length), s.allowedClients]));
    expect(callers).toEqual({
      'CheckResidence/v1': [dms],
      ResidenceVerificationRequests_v1: [dms],
      HrPersonnelRecords_v1: [diia],
      ECredentialCopies_v1: [diia],
    });
    expect(after.filter((s) => s.id.startsWith(`SERVICE:${SLOT}/`)).every((s) => s.allowedClients.length === 0)).toBe(true);
  });

  it('an identity the registry cannot hold (a bad ЄДРПОУ) is refused, naming the field', async () => {
    const call = trembita();
    const change = slotReplacement((await call('GET', '/__polihon/registry')).body as never, participantScope({ identity: { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '12345679', subsystem: 'HR_prod' } }), 'x');
    const res = await call('POST', '/__polihon/registry', change);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(/members/);
  });
});

describe('simulatorsInProcess', () => {
  it('serves a call to a simulator of the run in-process, a reset as a network error; the rest goes to the network', async () => {
    const clock = createVirtualClock(Date.parse('2026-04-21T07:00:00Z'));
    const host = createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), fetch: () => Promise.reject(new Error('unused')), simulators: ['dms'] });
    const network: string[] = [];
    const call = simulatorsInProcess(
      () => ({ host, urls: { dms: 'http://127.0.0.1:4001' } }),
      async (r) => {
        network.push(r.url);
        return new Response('from the network');
      },
    );
    const health = await call(new Request('http://127.0.0.1:4001/__polihon/health'));
    expect(await health.json()).toMatchObject({ ok: true, simulator: 'dms' });
    expect(await (await call(new Request('http://127.0.0.1:40011/x'))).text()).toBe('from the network');
    expect(network).toEqual(['http://127.0.0.1:40011/x']);
    host.get('dms').faults.add({ service: 'dms.act.status', kind: 'reset', count: 1 });
    await expect(call(new Request('http://127.0.0.1:4001/dms/v1/acts/A'))).rejects.toThrow(TypeError);
  });
});

describe('exitReasonMsg', () => {
  it('says how the participant ended in the reader’s language, and keeps an unknown reason as it came', () => {
    const say = (reason: string | undefined, lang: 'uk' | 'en') => {
      const m = exitReasonMsg(reason);
      return typeof m === 'string' ? m : render(m, lang);
    };
    expect(say('exited with code 1', 'uk')).toBe('завершився з кодом 1');
    expect(say('exited with signal SIGKILL', 'en')).toBe('exited with signal SIGKILL');
    expect(say('spawn failed: ENOENT', 'uk')).toBe('не запустився: ENOENT');
    expect(say('was stopped', 'uk')).toBe('was stopped');
  });
});
