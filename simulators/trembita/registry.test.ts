import { describe, expect, it } from 'vitest';
import { PolihonError } from '../../core/errors.ts';
import { loadDefaultRegistry } from './app.ts';
import { createRegistry, loadRegistryYaml, mergeRegistry, validateRegistry, type RegistryConfig } from './registry.ts';
import { BUILTIN_CATALOG } from './services.ts';
import { DIIA, DMS, MVS, PARTICIPANT, setup } from './test-support.ts';

const sub = (text: string) => {
  const [xRoadInstance, memberClass, memberCode, subsystemCode] = text.split('/') as [string, string, string, string];
  return { objectType: 'SUBSYSTEM' as const, xRoadInstance, memberClass, memberCode, subsystemCode };
};
const svc = (text: string) => {
  const [xRoadInstance, memberClass, memberCode, subsystemCode, serviceCode, serviceVersion] = text.split('/') as string[];
  return { objectType: 'SERVICE' as const, xRoadInstance: xRoadInstance!, memberClass: memberClass!, memberCode: memberCode!, subsystemCode, serviceCode: serviceCode!, ...(serviceVersion ? { serviceVersion } : {}) };
};

function problems(fn: () => unknown): { where: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof PolihonError) return err.details.map((d) => ({ where: d.where, message: d.message }));
    throw err;
  }
  throw new Error('expected a PolihonError');
}

describe('the default registry (registry.yaml)', () => {
  const config = loadDefaultRegistry();
  const registry = createRegistry(config);

  it('is the test instance with the bodies’ real ЄДРПОУ as member codes', () => {
    expect(config.instance).toBe('SEVDEIR-TEST');
    expect(config.memberClass).toBe('GOV');
    expect(config.members.map((m) => m.code)).toEqual(['00032684', '43395033', '37508470', '04054866']);
  });

  it('knows МВС’s CheckPassportStatus v0.1 as the real example has it', () => {
    const entry = registry.service(svc(`${MVS}/CheckPassportStatus/v0.1`))!;
    expect(entry).toMatchObject({ idText: `SERVICE:${MVS}/CheckPassportStatus/v0.1`, type: 'SOAP', provider: { kind: 'simulated', name: 'mvs.check-passport-status' } });
    expect(registry.service(svc(`${MVS}/CheckPassportStatus`))).toBeUndefined();
  });

  const RIGHTS: [string, string, boolean][] = [
    [PARTICIPANT, `${MVS}/CheckPassportStatus/v0.1`, true],
    [PARTICIPANT, `${DMS}/ResidenceRegistrationActs_v1`, true],
    [DIIA, `${MVS}/CheckPassportStatus/v0.1`, true],
    [DIIA, `${MVS}/GetPersonByRnokpp/v1`, false],
    [DMS, `${PARTICIPANT}/CheckResidence/v1`, true],
    [PARTICIPANT, `${PARTICIPANT}/CheckResidence/v1`, false],
  ];
  it.each(RIGHTS)('%s may call %s: %s', (client, service, allowed) => {
    expect(registry.isAllowed(sub(client), registry.service(svc(service))!)).toBe(allowed);
  });

  it('routes ДМС’s API to the dms simulator and the participant’s services to the participant', () => {
    expect(registry.service(svc(`${DMS}/ResidenceRegistrationActs_v1`))).toMatchObject({ provider: { kind: 'simulator', name: 'dms' }, config: { path: '/dms/v1/acts' } });
    expect(registry.service(svc(`${PARTICIPANT}/ResidenceVerificationRequests_v1`))!.provider).toEqual({ kind: 'participant' });
    expect(registry.deliverClient()).toEqual(sub(DMS));
  });
});

describe('registry validation', () => {
  const minimal = (extra: object = {}): unknown => ({
    instance: 'SEVDEIR-TEST',
    members: [{ code: '00032684', name: 'МВС', subsystems: [{ code: 'MIA_prod', services: [{ code: 'Ping', version: 'v1', type: 'SOAP', provider: 'participant' }] }] }],
    ...extra,
  });

  it('reports every problem with its file:line:column', () => {
    const yaml = [
      'instance: SEVDEIR-TEST', // 1
      'colour: red', // 2
      'members:', // 3
      '  - code: "12345679"', // 4
      '    name: Bad code', // 5
      '    subsystems:', // 6
      '      - code: S', // 7
      '        services:', // 8
      '          - { code: A, type: SOAP, provider: simulated:nope }', // 9
      '          - { code: B, type: FTP, provider: participant }', // 10
      'access:', // 11
      '  - client: SEVDEIR-TEST/GOV/12345679/Other', // 12
      '    services: [SEVDEIR-TEST/GOV/12345679/S/Missing]', // 13
    ].join('\n');
    const list = problems(() => loadRegistryYaml(yaml, 'r.yaml', BUILTIN_CATALOG));
    expect(list).toEqual(
      expect.arrayContaining([
        { where: 'r.yaml:2:1', message: "unknown key 'colour' in (top level)" },
        { where: 'r.yaml:10:30', message: expect.stringContaining('members.0.subsystems.0.services.1.type') },
      ]),
    );
    // zod errors come first; the cross checks run on a config that parses
    const semantic = problems(() => loadRegistryYaml(yaml.replace('colour: red', '').replace('type: FTP', 'type: SOAP'), 'r.yaml', BUILTIN_CATALOG));
    expect(semantic).toEqual([
      { where: 'r.yaml:4:11', message: expect.stringContaining("a GOV memberCode is the body's ЄДРПОУ: check digit") },
      { where: 'r.yaml:9:46', message: "members.0.subsystems.0.services.0.provider: no built-in service 'nope'" },
      { where: 'r.yaml:12:13', message: 'access.0.client: no member or subsystem SUBSYSTEM:SEVDEIR-TEST/GOV/12345679/Other in the registry' },
      { where: 'r.yaml:13:16', message: 'access.0.services.0: no service SERVICE:SEVDEIR-TEST/GOV/12345679/S/Missing in the registry' },
    ]);
  });

  it('refuses a built-in used with the wrong service type, twice-listed services, endpoints on SOAP', () => {
    const config = {
      instance: 'SEVDEIR-TEST',
      members: [
        {
          code: '00032684',
          name: 'МВС',
          subsystems: [
            {
              code: 'MIA_prod',
              services: [
                { code: 'X', type: 'REST', provider: 'simulated:mvs.check-passport-status' },
                { code: 'Y', version: 'v1', type: 'SOAP', provider: 'participant', endpoints: [{ method: 'GET', path: '/' }] },
                { code: 'Y', version: 'v1', type: 'SOAP', provider: 'participant' },
              ],
            },
          ],
        },
      ],
    };
    expect(problems(() => validateRegistry(config, BUILTIN_CATALOG)).map((p) => p.message)).toEqual([
      "members.0.subsystems.0.services.0.type: built-in 'mvs.check-passport-status' is a SOAP service, but the service is declared REST",
      'members.0.subsystems.0.services.1.endpoints: endpoints describe REST services only',
      'members.0.subsystems.0.services.2.code: service Y v1 is listed twice in MIA_prod',
    ]);
  });

  it('grants every version when a right names none', () => {
    const config = validateRegistry(minimal({ access: [{ client: 'SEVDEIR-TEST/GOV/00032684', services: ['SEVDEIR-TEST/GOV/00032684/MIA_prod/Ping'] }] }), BUILTIN_CATALOG);
    const r = createRegistry(config);
    expect(r.isAllowed({ objectType: 'MEMBER', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '00032684' }, r.service(svc('SEVDEIR-TEST/GOV/00032684/MIA_prod/Ping/v1'))!)).toBe(true);
  });

  it('merges run-time changes: new members, services by code and version, grants and revocations', () => {
    const base = validateRegistry(minimal({ access: [{ client: 'SEVDEIR-TEST/GOV/00032684/MIA_prod', services: ['SEVDEIR-TEST/GOV/00032684/MIA_prod/Ping/v1'] }] }), BUILTIN_CATALOG);
    const next = validateRegistry(
      mergeRegistry(base, {
        members: [
          { code: '00032684', name: 'МВС', subsystems: [{ code: 'MIA_prod', services: [{ code: 'Pong', type: 'REST', provider: 'participant' }] }] },
          { code: '43395033', name: 'Дія', subsystems: [{ code: 'DIIA_prod', services: [] }] },
        ],
        access: [{ client: 'SEVDEIR-TEST/GOV/43395033/DIIA_prod', services: ['SEVDEIR-TEST/GOV/00032684/MIA_prod/Pong'] }],
        revoke: [{ client: 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod', services: ['SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/Ping/v1'] }],
      }) as RegistryConfig,
      BUILTIN_CATALOG,
    );
    const r = createRegistry(next);
    expect(r.servicesOf(sub('SEVDEIR-TEST/GOV/00032684/MIA_prod')).map((s) => s.id.serviceCode)).toEqual(['Ping', 'Pong']);
    expect(next.access).toEqual([{ client: 'SEVDEIR-TEST/GOV/43395033/DIIA_prod', services: ['SEVDEIR-TEST/GOV/00032684/MIA_prod/Pong'] }]);
  });
});

describe('the registry control API', () => {
  it('grants and revokes at run time, refuses an invalid change and keeps the old registry', async () => {
    const { sim } = setup();
    const post = async (body: unknown) => sim.handle(new Request('http://t/__polihon/registry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const get = async () => (await (await sim.handle(new Request('http://t/__polihon/registry'))).json()) as { services: { id: string; allowedClients: string[] }[] };
    const passport = `SERVICE:${MVS}/GetPersonByRnokpp/v1`;
    expect((await get()).services.find((s) => s.id === passport)!.allowedClients).toEqual([`SUBSYSTEM:${PARTICIPANT}`]);
    expect((await post({ access: [{ client: DIIA, services: [`${MVS}/GetPersonByRnokpp/v1`] }] })).status).toBe(200);
    expect((await get()).services.find((s) => s.id === passport)!.allowedClients).toEqual([`SUBSYSTEM:${DIIA}`, `SUBSYSTEM:${PARTICIPANT}`]);
    expect((await post({ revoke: [{ client: PARTICIPANT, services: [`${MVS}/GetPersonByRnokpp/v1`] }] })).status).toBe(200);
    expect((await get()).services.find((s) => s.id === passport)!.allowedClients).toEqual([`SUBSYSTEM:${DIIA}`]);
    const bad = await post({ access: [{ client: 'SEVDEIR-TEST/GOV/00000000/X', services: [`${MVS}/GetPersonByRnokpp/v1`] }] });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'invalid-registry', errors: [{ field: 'access.4.client', message: expect.stringContaining('no member or subsystem') }] });
    expect((await get()).services.find((s) => s.id === passport)!.allowedClients).toEqual([`SUBSYSTEM:${DIIA}`]);
    // reset goes back to registry.yaml
    await sim.handle(new Request('http://t/__polihon/reset', { method: 'POST' }));
    expect((await get()).services.find((s) => s.id === passport)!.allowedClients).toEqual([`SUBSYSTEM:${PARTICIPANT}`]);
  });
});
