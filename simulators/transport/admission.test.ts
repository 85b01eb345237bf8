// Admission by client certificate over real TLS on loopback: the simulators served with mTLS requested, a node:https
// client presenting each kind of certificate, Трембіта's rule and the default one, refusals journalled with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal, type Journal } from '../../core/journal.ts';
import { createTestPki, type PemPair, type TestPki } from '../../core/pki.ts';
import { createSimulatorHost } from '../host.ts';
import { admissionOf, SIMULATORS } from '../registry.ts';
import { T0 } from '../testing.ts';
import { ADMISSION_SERVICE, pagesForPeople, type AdmissionRefused } from './admission.ts';
import { serveSimulators, type ServedSimulators } from './http-server.ts';
import { createTlsFetch } from './tls.ts';

const DAY = 86_400_000;
const ME = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
const MVS = 'SEVDEIR-TEST/GOV/00032684/MIA_prod';
const NS_XROAD = 'http://x-road.eu/xsd/xroad.xsd';
const NS_ID = 'http://x-road.eu/xsd/identifiers';

let pki: TestPki;
let served: ServedSimulators;
let journal: Journal;
const refusals: AdmissionRefused[] = [];
const certs: Record<string, PemPair> = {};

beforeAll(async () => {
  pki = await createTestPki({ now: T0 });
  const server = await pki.issue({ kind: 'security-server', commonName: 'ss.polihon.test' });
  const mine = { kind: 'participant', commonName: 'Громада', edrpou: '04054866', subsystem: 'RTG_prod' } as const;
  certs.good = await pki.issue(mine);
  certs.otherSubsystem = await pki.issue({ ...mine, subsystem: 'OTHER_prod' });
  certs.expired = await pki.issue({ ...mine, notBefore: T0 - 30 * DAY, notAfter: T0 - DAY });
  certs.revoked = await pki.issue(mine);
  pki.revoke(certs.revoked.certPem);
  certs.wrongCa = await (await createTestPki({ now: T0, name: 'Foreign CA' })).issue(mine);
  // a self-signed one: its own CA's certificate, presented as a client certificate
  const lone = await createTestPki({ now: T0, name: 'Nobody' });
  certs.unknown = lone.ca;

  const clock = createVirtualClock(T0);
  journal = createJournal({ clock, wallTime: () => 0 });
  const host = createSimulatorHost({ clock, journal, fetch: (i, init) => fetch(i, init), endpoints: {} });
  const rules = Object.fromEntries(Object.entries(SIMULATORS).map(([name, e]) => [name, admissionOf(e, host.simulators[name]!)]));
  served = await serveSimulators(host, {
    tls: { ...server, caPem: pki.ca.certPem, requestClientCert: true, rejectUnauthorized: false },
    controlApi: 'participant',
    admission: {
      verify: (pem) => pki.verifyChain(pem, clock.now()),
      rules,
      onRefused: (r) => void refusals.push(r),
      forPeople: pagesForPeople(Object.fromEntries(Object.entries(SIMULATORS).map(([name, e]) => [name, e.served.filter(([kind]) => kind === 'web').flatMap(([, ...paths]) => paths)]))),
    },
  });
});
afterAll(() => served?.close());

const client = (cert?: PemPair) => createTlsFetch({ caPem: pki.ca.certPem, ...(cert ?? {}) });
const r1 = (cert: PemPair | undefined, claimed = ME) => client(cert)(`${served.urls.trembita}/r1/${MVS}/PassportStatus_v1/passports/000123456`, { headers: { 'x-road-client': claimed } });

function soapBody(claimed: string): string {
  const [i, c, m, s] = claimed.split('/');
  const [si, sc, sm, ss] = MVS.split('/');
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xro="${NS_XROAD}" xmlns:iden="${NS_ID}"><soapenv:Header>` +
    `<xro:protocolVersion>4.0</xro:protocolVersion><xro:id>adm-1</xro:id>` +
    `<xro:client iden:objectType="SUBSYSTEM"><iden:xRoadInstance>${i}</iden:xRoadInstance><iden:memberClass>${c}</iden:memberClass><iden:memberCode>${m}</iden:memberCode><iden:subsystemCode>${s}</iden:subsystemCode></xro:client>` +
    `<xro:service iden:objectType="SERVICE"><iden:xRoadInstance>${si}</iden:xRoadInstance><iden:memberClass>${sc}</iden:memberClass><iden:memberCode>${sm}</iden:memberCode><iden:subsystemCode>${ss}</iden:subsystemCode><iden:serviceCode>CheckPassportStatus</iden:serviceCode><iden:serviceVersion>v0.1</iden:serviceVersion></xro:service>` +
    `</soapenv:Header><soapenv:Body><p:CheckPassportStatus xmlns:p="http://mvs.test"><PasSerial>АА</PasSerial><PasNumber>123456</PasNumber></p:CheckPassportStatus></soapenv:Body></soapenv:Envelope>`
  );
}

async function refusedAs(res: Response) {
  const body = (await res.json()) as { type: string; message: string };
  return { status: res.status, code: res.headers.get('x-polihon-admission'), type: body.type, message: body.message };
}

describe('admission by client certificate (real TLS on loopback)', () => {
  it('lets the certificate of the claimed subsystem through to Трембіта', async () => {
    const res = await r1(certs.good!);
    expect(res.headers.get('x-polihon-admission')).toBeNull();
    expect(res.headers.get('x-road-error') ?? '').not.toContain('SslAuthenticationFailed');
    await res.arrayBuffer();
  });

  it.each([
    ['no certificate', undefined, 'no-certificate', /no client certificate was presented/],
    ['a self-signed (unknown) certificate', 'unknown', 'unknown-certificate', /self-signed/],
    ['a certificate of another CA', 'wrongCa', 'wrong-ca', /not issued by the test CA/],
    ['an expired certificate (at the virtual instant)', 'expired', 'expired', /expired at/],
    ['a revoked certificate', 'revoked', 'revoked', /revoked \(serial/],
    ['a certificate of another subsystem', 'otherSubsystem', 'wrong-subsystem', /SEVDEIR-TEST\/GOV\/04054866\/OTHER_prod's; the request claims SEVDEIR-TEST\/GOV\/04054866\/RTG_prod/],
  ] as const)('refuses %s with X-Road’s SslAuthenticationFailed and a reason, journalled', async (_what, which, code, reason) => {
    const before = refusals.length;
    const res = await r1(which ? certs[which] : undefined);
    // X-Road's own faultstring, and polihon's reason after it (none needed when no certificate came at all)
    const said = code === 'no-certificate' ? /specifies HTTPS but did not supply TLS certificate/ : reason;
    expect(await refusedAs(res)).toEqual({ status: 500, code, type: 'Server.ClientProxy.SslAuthenticationFailed', message: expect.stringMatching(said) });
    expect(refusals.length).toBe(before + 1);
    const r = refusals.at(-1)!;
    expect(r).toMatchObject({ simulator: 'trembita', code, claimed: ME, reason: expect.stringMatching(reason), requirement: 'XCH-06' });
    expect(journal.entries().find((e) => e.seq === r.entry.seq)).toMatchObject({ service: ADMISSION_SERVICE, from: 'participant', to: 'trembita', outcome: 'refused', data: { code, claimed: ME } });
  });

  it('reads the claim of a SOAP message from its header and answers a refusal as a SOAP fault', async () => {
    const post = (cert: PemPair, claimed: string) => client(cert)(`${served.urls.trembita}/cgi-bin/consumer_proxy`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: soapBody(claimed) });
    const refused = await post(certs.good!, 'SEVDEIR-TEST/GOV/04054866/OTHER_prod');
    const text = await refused.text();
    expect(refused.status).toBe(200);
    expect(text).toContain('<faultcode>Server.ClientProxy.SslAuthenticationFailed</faultcode>');
    expect(text).toContain('Client (SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/OTHER_prod) TLS certificate does not match any IS certificates');
    const admitted = await post(certs.good!, ME);
    expect(await admitted.text()).not.toContain('SslAuthenticationFailed');
  });

  it('refuses on the other simulators with problem+json; the clock and health stay readable without a certificate', async () => {
    const res = await client(certs.wrongCa)(`${served.urls.dms}/dms/v1/acts/X`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'client-certificate-wrong-ca', detail: expect.stringContaining('not issued by the test CA') });
    expect((await client()(`${served.urls.dms}/__polihon/health`)).status).toBe(200);
    expect((await client()(`${served.urls.trembita}/__polihon/clock`)).status).toBe(200);
  });

  it("lets a person's browser, which presents no certificate, reach a simulator's pages for people, and nothing else", async () => {
    const page = await client()(`${served.urls.dms}/dms/web/`);
    expect(page.status).not.toBe(403);
    expect((await client()(`${served.urls.dms}/dms/v1/acts/X`)).status).toBe(403);
  });

  it('takes a page for people by its path: a {name} is one segment, and whatever lies below it belongs to it', () => {
    const people = pagesForPeople({ diia: ['/phone/{presentationId}'], eis: ['/cabinet/'] });
    expect([people('diia', '/phone/p1'), people('diia', '/phone/p1/camera'), people('eis', '/cabinet/'), people('eis', '/cabinet/login')]).toEqual([true, true, true, true]);
    const others = ['/phone', '/phoneX/p1', '/diia/v1/x'].map((p) => people('diia', p));
    expect([...others, people('eis', '/cabinetx'), people('eis', '/eis/v1/messages'), people('trembita', '/r1/x')]).toEqual([false, false, false, false, false, false]);
  });
});
