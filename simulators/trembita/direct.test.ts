// The built-in services at their own address (faces/direct.ts): answered as through the security server, but
// journalled with channel 'direct' and `to` the provider subsystem, so a call around Трембіта shows (XCH-05).
import { describe, expect, it } from 'vitest';
import { envelope, MVS, PARTICIPANT, setup, soapRequest, SS } from './test-support.ts';

describe('the built-in providers’ own address', () => {
  it('answers the X-Road SOAP envelope posted straight to the provider subsystem, journalled as direct', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(soapRequest(envelope({ id: 'd-1' }), { path: `/provider/${MVS}` }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<status>VALID</status>');
    expect(text).toContain('<xrd:id>d-1</xrd:id>');
    const [request, response] = ctx.journal.entries();
    expect(request).toMatchObject({
      kind: 'request',
      channel: 'direct',
      from: 'participant',
      to: `SUBSYSTEM:${MVS}`,
      service: 'trembita.direct',
      messageId: 'd-1',
      data: { side: 'direct', protocol: 'soap', serviceId: `SERVICE:${MVS}/CheckPassportStatus/v0.1`, clientId: `SUBSYSTEM:${PARTICIPANT}` },
    });
    expect(response).toMatchObject({ kind: 'response', channel: 'direct', outcome: 'answered' });
  });

  it('answers a REST call after the service id, journalled as direct with the X-Road headers it carried', async () => {
    const { sim, ctx } = setup();
    const res = await sim.handle(new Request(`${SS}/provider/${MVS}/PassportStatus_v1/passports/000123456`, { headers: { 'x-road-id': 'r-9', 'x-road-client': PARTICIPANT } }));
    expect(await res.json()).toEqual({ number: '000123456', status: 'VALID', statusText: 'Паспорт дійсний' });
    expect(ctx.journal.entries()[0]).toMatchObject({
      channel: 'direct',
      to: `SUBSYSTEM:${MVS}`,
      service: 'trembita.direct',
      messageId: 'r-9',
      data: { protocol: 'rest', serviceId: `SERVICE:${MVS}/PassportStatus_v1`, servicePath: '/passports/000123456' },
    });
  });

  it('refuses what is not a built-in service of that subsystem, still journalled as direct', async () => {
    const { sim, ctx } = setup();
    const other = await sim.handle(soapRequest(envelope(), { path: `/provider/SEVDEIR-TEST/GOV/37508470/DMS_prod` }));
    expect(other.status).toBe(500);
    expect(await other.text()).toContain('is not a SOAP service of this information system');
    const rest = await sim.handle(new Request(`${SS}/provider/${MVS}/Nope_v1/x`));
    expect(rest.status).toBe(404);
    const garbage = await sim.handle(soapRequest('not xml', { path: `/provider/${MVS}` }));
    expect(garbage.status).toBe(500);
    expect(ctx.journal.entries({ kind: 'response' }).map((e) => [e.channel, e.outcome])).toEqual([
      ['direct', 'service-fault'],
      ['direct', 'rejected'],
      ['direct', 'service-fault'],
    ]);
  });
});
