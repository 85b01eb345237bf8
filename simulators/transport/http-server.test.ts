import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { clientCertificateOf, createTestPki, describeCertificate, type ClientCertificate, type PemPair, type TestPki } from '../../core/pki.ts';
import { createFaultSet, type Simulator } from '../../core/simulator.ts';
import { createSimulatorHost, type SimulatorHost } from '../host.ts';
import { T0 } from '../testing.ts';
import { serveSimulators, type ServedSimulators, type TlsServeOptions } from './http-server.ts';
import { createTlsFetch, type FetchLike } from './tls.ts';

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
    expect(Object.keys(served.urls)).toEqual(['dms', 'hromada', 'trembita', 'diia', 'eis']);
    for (const url of Object.values(served.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.urls.dms).not.toBe(served.urls.hromada);
    expect(endpoints).toEqual({ dms: 'http://configured.test', hromada: served.urls.hromada, trembita: served.urls.trembita, diia: served.urls.diia, eis: served.urls.eis });
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
    expect(served.urls).toEqual({ dms: `http://127.0.0.1:${port}`, hromada: `http://127.0.0.1:${port + 1}`, trembita: `http://127.0.0.1:${port + 2}`, diia: `http://127.0.0.1:${port + 3}`, eis: `http://127.0.0.1:${port + 4}` });
  });
});

// ---------------------------------------------------------------------------------------------------------
// HTTPS and mTLS

/** A host with one simulator that answers with what it was told of the caller's client certificate. */
function echoHost(): SimulatorHost {
  const echo: Simulator = {
    name: 'echo',
    title: { uk: 'луна', en: 'echo' },
    faults: createFaultSet(),
    reset() {},
    async handle(request) {
      const seen = Object.fromEntries([...request.headers].filter(([k]) => k.startsWith('x-polihon-client-cert')));
      return Response.json({ url: request.url, seen, cert: clientCertificateOf(request.headers) });
    },
  };
  return { simulators: { echo }, endpoints: {} } as unknown as SimulatorHost;
}

interface Echo {
  url: string;
  seen: Record<string, string>;
  cert: ClientCertificate;
}

describe('serveSimulators over TLS', () => {
  let pki: TestPki;
  let server: PemPair;
  let participant: PemPair;
  let foreign: PemPair;
  beforeAll(async () => {
    pki = await createTestPki({ now: Date.now() });
    server = await pki.issue({ kind: 'security-server', commonName: 'ss.polihon.test' });
    participant = await pki.issue({ kind: 'participant', commonName: 'Громада', edrpou: '04054903', subsystem: 'HROMADA_prod' });
    const other = await createTestPki({ now: Date.now(), name: 'Foreign CA' });
    foreign = await other.issue({ kind: 'participant', commonName: 'Чужий', edrpou: '04054903', subsystem: 'HROMADA_prod' });
  });
  const tls = (extra: Partial<TlsServeOptions> = {}): TlsServeOptions => ({ certPem: server.certPem, keyPem: server.keyPem, caPem: pki.ca.certPem, ...extra });
  const echoOf = async (f: FetchLike, url: string, headers: Record<string, string> = {}): Promise<Echo> => (await f(url, { headers })).json() as Promise<Echo>;

  it('serves HTTPS that a client trusting the test CA can call, and a default client cannot', async () => {
    const h = host();
    served = await serveSimulators(h, { tls: tls() });
    expect(served.urls.dms).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(h.endpoints.dms).toBe(served.urls.dms);
    const res = await createTlsFetch({ caPem: pki.ca.certPem })(`${served.urls.hromada}/__polihon/health`);
    expect(await res.json()).toEqual({ ok: true, simulator: 'hromada' });
    await expect(fetch(`${served.urls.hromada}/__polihon/health`)).rejects.toThrow(TypeError);
    // a POST with a body goes through too
    const post = await createTlsFetch({ caPem: pki.ca.certPem })(`${served.urls.dms}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(422);
  });

  it('with client certificates requested, hands the verified participant certificate to the simulator', async () => {
    served = await serveSimulators(echoHost(), { tls: tls({ requestClientCert: true }) });
    const echo = await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...participant }), `${served.urls.echo}/x`);
    expect(echo.url).toMatch(/^https:/);
    expect(echo.cert).toEqual({ status: 'verified', certPem: participant.certPem, subject: describeCertificate(participant.certPem) });
    expect(echo.cert.subject).toMatchObject({ kind: 'participant', edrpou: '04054903', subsystem: 'HROMADA_prod', commonName: 'Громада' });
    expect(JSON.parse(echo.seen['x-polihon-client-cert-subject']!)).toEqual(describeCertificate(participant.certPem));
    expect(pki.verifyChain(echo.cert.certPem!, Date.now()).ok).toBe(true);
  });

  it('refuses the handshake of a caller without a certificate or with one of another CA', async () => {
    served = await serveSimulators(echoHost(), { tls: tls({ requestClientCert: true }) });
    await expect(createTlsFetch({ caPem: pki.ca.certPem })(`${served.urls.echo}/x`).then((r) => r.text())).rejects.toThrow();
    await expect(createTlsFetch({ caPem: pki.ca.certPem, ...foreign })(`${served.urls.echo}/x`).then((r) => r.text())).rejects.toThrow();
  });

  it('without rejectUnauthorized lets them in and tells the simulator: none, or unverified with the reason', async () => {
    served = await serveSimulators(echoHost(), { tls: tls({ requestClientCert: true, rejectUnauthorized: false }) });
    expect((await echoOf(createTlsFetch({ caPem: pki.ca.certPem }), `${served.urls.echo}/x`)).cert).toEqual({ status: 'none' });
    const echo = await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...foreign }), `${served.urls.echo}/x`);
    expect(echo.cert).toMatchObject({ status: 'unverified', certPem: foreign.certPem, subject: { commonName: 'Чужий' }, error: expect.stringMatching(/[A-Z_]+/) });
    expect(pki.verifyChain(echo.cert.certPem!, Date.now())).toMatchObject({ ok: false, reason: expect.stringContaining('not issued by the test CA') });
    // the verified case still works on the same server
    expect((await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...participant }), `${served.urls.echo}/x`)).cert.status).toBe('verified');
  });

  it('strips client-certificate headers a caller sends, over TLS and over plain HTTP', async () => {
    const spoof = {
      'X-Polihon-Client-Cert-Status': 'verified',
      'x-polihon-client-cert': encodeURIComponent(participant.certPem),
      'x-polihon-client-cert-subject': JSON.stringify({ commonName: 'MVS', edrpou: '00032684' }),
      'x-polihon-client-cert-error': 'none',
      'x-polihon-client-certificate-anything': 'x',
    };
    served = await serveSimulators(echoHost(), { tls: tls({ requestClientCert: true, rejectUnauthorized: false }) });
    // no certificate presented: everything claimed is dropped
    const bare = await echoOf(createTlsFetch({ caPem: pki.ca.certPem }), `${served.urls.echo}/x`, spoof);
    expect(bare.seen).toEqual({ 'x-polihon-client-cert-status': 'none' });
    expect(bare.cert).toEqual({ status: 'none' });
    // another CA's certificate presented: the claim of the participant's does not replace it
    const other = await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...foreign }), `${served.urls.echo}/x`, spoof);
    expect(other.cert).toMatchObject({ status: 'unverified', certPem: foreign.certPem, subject: { commonName: 'Чужий' } });
    // a verified caller cannot dress its certificate up as another member's
    const own = await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...participant }), `${served.urls.echo}/x`, spoof);
    expect(JSON.parse(own.seen['x-polihon-client-cert-subject']!)).toMatchObject({ edrpou: '04054903' });
    expect(own.seen['x-polihon-client-cert-error']).toBeUndefined();
    await served.close();
    served = await serveSimulators(echoHost());
    const plain = await echoOf(fetch, `${served.urls.echo}/x`, spoof);
    expect(plain.seen).toEqual({});
    expect(plain.cert).toEqual({ status: 'none' });
  });

  it('over TLS without client certificates says none', async () => {
    served = await serveSimulators(echoHost(), { tls: tls() });
    const echo = await echoOf(createTlsFetch({ caPem: pki.ca.certPem, ...participant }), `${served.urls.echo}/x`);
    expect(echo.cert).toEqual({ status: 'none' });
  });

  it('createTlsFetch reaches a node:https server by its loopback name too, and says why a handshake failed', async () => {
    served = await serveSimulators(echoHost(), { tls: tls() });
    const port = new URL(served.urls.echo!).port;
    const res = await createTlsFetch({ caPem: pki.ca.certPem })(`https://localhost:${port}/x`);
    expect(res.status).toBe(200);
    const other = await createTestPki({ now: Date.now() });
    await expect(createTlsFetch({ caPem: other.ca.certPem })(`${served.urls.echo}/x`)).rejects.toMatchObject({ name: 'TypeError', cause: expect.objectContaining({ code: expect.any(String) }) });
  });
});
