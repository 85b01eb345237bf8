// Test support for the Дія simulator's tests: Дія and Трембіта in one host (calls between them in-process), a fake
// participant on loopback, and requests as a verifier writes them. Not used by the simulator itself.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator, SimulatorContext } from '../../core/simulator.ts';
import { isConnectionReset } from '../kit/index.ts';
import { createTestContext } from '../testing.ts';
import { TREMBITA_SIMULATOR } from '../trembita/entry.ts';
import { createDiiaSimulator } from './app.ts';
import { DIIA_SOAP_NAMESPACE } from './public.ts';

export const TREMBITA = 'http://trembita.polihon.test';
export const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
export const R1_VERIFY = `${TREMBITA}/r1/SEVDEIR-TEST/GOV/43395033/DIIA_prod/ECredentialVerification_v1`;

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A participant on 127.0.0.1 answering with `answer`, keeping what it received. */
export async function fakeParticipant(answer: (r: Received) => { status: number; body: unknown }): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(r);
      const a = answer(r);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface DiiaWorld {
  ctx: SimulatorContext;
  trembita: Simulator;
  diia: Simulator;
  /** a harness action on Дія's control API */
  control: (path: string, body?: unknown, method?: string) => Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * Трембіта and Дія sharing one clock and journal, each other's calls served in-process as a host serves them (a
 * simulator's folder may not import the host); anything else (the participant) goes over the network.
 */
export function diiaWorld(participantUrl?: string): DiiaWorld {
  const urls: Record<string, string> = { trembita: TREMBITA, diia: 'http://diia.polihon.test' };
  const sims: Record<string, Simulator> = {};
  const ctx = createTestContext({
    endpoints: { ...urls, ...(participantUrl ? { 'participant.provider': participantUrl } : {}) },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const name = Object.keys(urls).find((n) => request.url.startsWith(`${urls[n]}/`));
      if (!name) return fetch(request);
      const res = await sims[name]!.handle(request);
      if (isConnectionReset(res)) throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      return res;
    },
  });
  sims.trembita = TREMBITA_SIMULATOR.create(ctx, {});
  sims.diia = createDiiaSimulator(ctx);
  const diia = sims.diia;
  return {
    ctx,
    trembita: sims.trembita,
    diia,
    control: async (path, body, method = 'POST') => {
      const res = await diia.handle(
        new Request(`${urls.diia}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) }),
      );
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
    },
  };
}

/** A verification through Трембіта's r1, as the participant's verifier sends it. */
export function r1(path: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${R1_VERIFY}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-road-client': PARTICIPANT, 'x-road-userid': 'UA3287300123', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** An X-Road SOAP 4.x request to VerifyECredential/v1 with `params` inside the wrapper. */
export function soapEnvelope(params: string, wrapper = `<dia:VerifyECredential xmlns:dia="${DIIA_SOAP_NAMESPACE}">${params}</dia:VerifyECredential>`, id = '0b6a6f4e-4f3a-4d9c-9d0e-1c2b3a4d5e6f'): string {
  const ids = (el: string, type: string, parts: string[], names: string[]) =>
    `<xrd:${el} id:objectType="${type}">${parts.map((p, i) => `<id:${names[i]}>${p}</id:${names[i]}>`).join('')}</xrd:${el}>`;
  const names = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">` +
    `<SOAP-ENV:Header>` +
    ids('client', 'SUBSYSTEM', PARTICIPANT.split('/'), names) +
    ids('service', 'SERVICE', 'SEVDEIR-TEST/GOV/43395033/DIIA_prod/VerifyECredential/v1'.split('/'), names) +
    `<xrd:id>${id}</xrd:id><xrd:userId>UA3287300123</xrd:userId><xrd:protocolVersion>4.0</xrd:protocolVersion>` +
    `</SOAP-ENV:Header><SOAP-ENV:Body>${wrapper}</SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

export function soapRequest(url: string, text: string | Buffer, contentType = 'text/xml; charset=utf-8'): Request {
  return new Request(url, { method: 'POST', headers: { 'content-type': contentType, soapaction: '""' }, body: typeof text === 'string' ? text : new Uint8Array(text) });
}
