// Fidelity against a real client (issue 3, item 5): python zeep, installed from PyPI by the bootstrap of `npm test`
// into .polihon/venv, loads the WSDL the Трембіта simulator serves (strict mode, no network but loopback), builds the
// X-Road header from that WSDL's own element types, calls a built-in МВС service through the consumer side over
// real HTTP and parses the answer. The driver is test/zeep/client.py; zeep writes and reads every byte.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost, type SimulatorHost } from '../simulators/host.ts';
import { T0 } from '../simulators/testing.ts';
import { serveSimulators, type ServedSimulators } from '../simulators/transport/http-server.ts';
import { WSDL_ENDPOINT } from '../simulators/trembita/wsdl.ts';
import { ROOT } from './helpers.ts';

const PYTHON = join(ROOT, '.polihon', 'venv', 'bin', 'python');
const DRIVER = join(ROOT, 'test', 'zeep', 'client.py');
const ZEEP_VERSION = '4.3.1';

interface Identifier {
  objectType: string;
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
  serviceCode?: string;
  serviceVersion?: string;
}
interface Header {
  client: Identifier;
  service: Identifier;
  id: string;
  userId?: string;
  issue?: string;
  protocolVersion: string;
}
interface ZeepOutput {
  zeep: string;
  operation: string;
  declaredHeader: string[];
  answer: Record<string, unknown> | null;
  /** the soap:address of the WSDL's port, where zeep posts when no endpoint overrides it */
  address: string | null;
  header: (Header & { _raw_elements?: { tag: string; text: string; attrib: Record<string, string> }[] }) | null;
  fault: { code: string; message: string; actor: string | null; faultDetail: string | null } | null;
  sent: string;
  received: string;
}

const subsystem = (memberCode: string, subsystemCode: string): Identifier => ({
  objectType: 'SUBSYSTEM', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode, subsystemCode,
});
const mvsService = (serviceCode: string, serviceVersion: string): Identifier => ({
  objectType: 'SERVICE', xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '00032684', subsystemCode: 'MIA_prod', serviceCode, serviceVersion,
});
const wsdlUrl = (base: string, s: Identifier) =>
  `${base}/wsdl?${new URLSearchParams({ xRoadInstance: s.xRoadInstance, memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode!, serviceCode: s.serviceCode!, version: s.serviceVersion! })}`;

/** Runs the zeep driver as a child process (async: the simulator answers it from this same event loop). */
function zeep(spec: { wsdl: string; endpoint?: string; proxy?: string; params: Record<string, unknown>; header: Header }): Promise<ZeepOutput> {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `the real-client test needs python zeep ${ZEEP_VERSION} in .polihon/venv, and ${PYTHON} is missing: ` +
        'run `npm test` (its bootstrap, `node scripts/bootstrap.mjs --for-test`, installs it) and then this test again',
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [DRIVER, JSON.stringify(spec)], { cwd: ROOT, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`zeep driver exited ${code ?? signal}: ${out}\n${err}`));
      try {
        resolve(JSON.parse(out) as ZeepOutput);
      } catch {
        reject(new Error(`zeep driver printed no JSON: ${out}\n${err}`));
      }
    });
  });
}

let host: SimulatorHost;
let served: ServedSimulators;
let base: string;

beforeAll(async () => {
  const clock = createVirtualClock(T0);
  host = createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => 0 }), seed: 5, fetch: (i, init) => fetch(i, init), simulators: ['trembita'] });
  served = await serveSimulators(host);
  base = served.urls.trembita!;
});
afterAll(() => served?.close());

describe('python zeep (a real SOAP client from PyPI) against the Трембіта simulator', { timeout: 30_000 }, () => {
  it('calls CheckPassportStatus from the served WSDL alone and gets the seeded status, the header echoed and journalled', async () => {
    // a passport of our own, seeded through the control API, so the answer can only come from the simulator's data
    const seed = await fetch(`${base}/__polihon/seed`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ passports: [{ number: '000777001', status: 'STOLEN' }] }),
    });
    expect(seed.status).toBe(200);
    const header: Header = {
      client: subsystem('04054866', 'RTG_prod'),
      service: mvsService('CheckPassportStatus', 'v0.1'),
      id: 'zeep-7f3c2a9e-1b4d-4e58-9a61-0c2d8e5f4a17',
      userId: 'UA3287300123',
      issue: 'РМП-2026-000123',
      protocolVersion: '4.0',
    };
    const service = header.service;
    const out = await zeep({ wsdl: wsdlUrl(base, service), endpoint: `${base}/`, params: { PasNumber: '000777001' }, header });

    expect(out.zeep).toBe(ZEEP_VERSION);
    expect(out.fault).toBeNull();
    expect(out.operation).toBe('CheckPassportStatus');
    // the WSDL declares the six X-Road header parts, in the order requests carry them
    expect(out.declaredHeader).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    // zeep wrote the identifiers' id:objectType attributes itself, from the WSDL's XRoad*IdentifierType
    expect(out.sent).toMatch(/:client [^>]*\b\w+:objectType="SUBSYSTEM"/);
    expect(out.sent).toMatch(/:service [^>]*\b\w+:objectType="SERVICE"/);
    // the answer, as zeep parsed it against the WSDL's response element
    expect(out.answer).toEqual({ PasSerial: null, PasNumber: '000777001', status: 'STOLEN', statusText: 'Паспорт викрадено', fault: null });
    // the echoed header, as zeep parsed it: every field back, plus the provider side's requestHash (not in the WSDL)
    const { _raw_elements: extra, ...echoed } = out.header!;
    expect(echoed).toEqual(header);
    expect(extra).toEqual([
      { tag: '{http://x-road.eu/xsd/xroad.xsd}requestHash', text: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/), attrib: { algorithmId: 'http://www.w3.org/2001/04/xmlenc#sha512' } },
    ]);

    // the simulator journalled the exchange under the message id zeep sent
    const entries = host.journal.entries({ service: 'trembita.soap', messageId: header.id });
    expect(entries.map((e) => e.kind)).toEqual(['request', 'response']);
    const [request, response] = entries;
    expect(request).toMatchObject({ channel: 'trembita', from: 'participant', to: 'SUBSYSTEM:SEVDEIR-TEST/GOV/00032684/MIA_prod' });
    expect(response!.outcome).toBe('answered');
    expect(response!.data).toMatchObject({
      side: 'consumer',
      protocol: 'soap',
      soapVersion: '1.1',
      clientId: 'SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/RTG_prod',
      serviceId: 'SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/CheckPassportStatus/v0.1',
      messageId: header.id,
      userId: header.userId,
      issue: header.issue,
      protocolVersion: '4.0',
      headerFields: ['client', 'service', 'id', 'userId', 'issue', 'protocolVersion'],
      wrapper: 'CheckPassportStatus',
      requestHash: extra![0]!.text,
    });
    // and zeep's WSDL fetch went through the UXP GET form
    expect(host.journal.entries({ service: 'trembita.meta', kind: 'request' }).some((e) => e.path?.startsWith('/wsdl'))).toBe(true);
  });

  it('raises a SOAP Fault Server.ServerProxy.AccessDenied for a service the client has no right to', async () => {
    // Дія's subsystem may call CheckPassportStatus only (registry.yaml), not GetPersonByRnokpp
    const header: Header = {
      client: subsystem('43395033', 'DIIA_prod'),
      service: mvsService('GetPersonByRnokpp', 'v1'),
      id: 'zeep-denied-5b0e9c44-2f61-4a7b-8d3e-6c1f0a9b2d58',
      userId: 'UA3287300123',
      protocolVersion: '4.0',
    };
    const out = await zeep({ wsdl: wsdlUrl(base, header.service), endpoint: `${base}/`, params: { rnokpp: '3287300123' }, header });

    expect(out.answer).toBeNull();
    expect(out.fault).toEqual({
      code: 'Server.ServerProxy.AccessDenied',
      message: 'Request is not allowed: SERVICE:SEVDEIR-TEST/GOV/00032684/MIA_prod/GetPersonByRnokpp/v1',
      actor: null,
      faultDetail: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
    const entries = host.journal.entries({ service: 'trembita.soap', messageId: header.id });
    expect(entries.at(-1)).toMatchObject({ outcome: 'fault:Server.ServerProxy.AccessDenied', data: expect.objectContaining({ faultDetail: out.fault!.faultDetail }) });
  });
});

describe('python zeep with the simulator as its HTTP proxy, as a Трембіта client uses its security server', { timeout: 30_000 }, () => {
  it('fetches the WSDL and posts to the WSDL’s own soap:address through the proxy, nothing overridden, and gets the answer', async () => {
    const seed = await fetch(`${base}/__polihon/seed`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ passports: [{ number: '000777002', status: 'VALID' }] }),
    });
    expect(seed.status).toBe(200);
    const header: Header = {
      client: subsystem('04054866', 'RTG_prod'),
      service: mvsService('CheckPassportStatus', 'v0.1'),
      id: 'zeep-proxy-3a9c1f70-5e2b-4d8a-b6c4-91e0d7f2a385',
      userId: 'UA3287300123',
      issue: 'РМП-2026-000124',
      protocolVersion: '4.0',
    };
    // every request zeep makes, the WSDL's GET and the SOAP POST, goes to the simulator as to an HTTP proxy
    const out = await zeep({ wsdl: wsdlUrl(base, header.service), proxy: base, params: { PasNumber: '000777002' }, header });

    expect(out.address).toBe(WSDL_ENDPOINT);
    expect(out.fault).toBeNull();
    expect(out.answer).toMatchObject({ PasNumber: '000777002', status: 'VALID' });
    const { _raw_elements: _extra, ...echoed } = out.header!;
    expect(echoed).toEqual(header);
    // the request arrived in absolute form for the WSDL's address: its path is the placeholder's, served as SOAP
    const [request, response] = host.journal.entries({ service: 'trembita.soap', messageId: header.id });
    expect(request).toMatchObject({ kind: 'request', path: new URL(WSDL_ENDPOINT).pathname, from: 'participant' });
    expect(response).toMatchObject({ outcome: 'answered', data: expect.objectContaining({ clientId: 'SUBSYSTEM:SEVDEIR-TEST/GOV/04054866/RTG_prod', issue: header.issue }) });
  });
});
