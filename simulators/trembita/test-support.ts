// Test support for the Трембіта simulator's tests: a simulator on a virtual clock, envelopes as participants write
// them, and readers for fault answers. Not used by the simulator itself.
import type { Simulator, SimulatorContext } from '../../core/simulator.ts';
import { createTestContext, type TestContextOptions } from '../testing.ts';
import { createTrembitaSimulator, type TrembitaOptions } from './app.ts';
import { NS_SOAP11, NS_SOAP12 } from './faults.ts';
import { NS_ID, NS_XROAD } from './soap.ts';
import { child, elements, parseXml, textOf } from './xml.ts';

export const SS = 'http://trembita.polihon.test';
export const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
export const MVS = 'SEVDEIR-TEST/GOV/00032684/MIA_prod';
export const DIIA = 'SEVDEIR-TEST/GOV/43395033/DIIA_prod';
export const DMS = 'SEVDEIR-TEST/GOV/37508470/DMS_prod';

export function setup(options: TrembitaOptions = {}, context: TestContextOptions = {}): { sim: Simulator; ctx: SimulatorContext } {
  const ctx = createTestContext(context);
  return { sim: createTrembitaSimulator(ctx, options), ctx };
}

export interface EnvelopeSpec {
  /** 'INSTANCE/CLASS/MEMBER[/SUBSYSTEM]' */
  client?: string;
  clientType?: string;
  /** 'INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]' */
  service?: string;
  serviceType?: string;
  id?: string;
  userId?: string;
  issue?: string;
  protocolVersion?: string;
  /** the Body's content; default `<m:{serviceCode} xmlns:m="{ns}">{params}</m:…>` */
  body?: string;
  params?: string;
  ns?: string;
  /** header fields to leave out */
  omit?: string[];
  /** XML put at the end of the header */
  extraHeader?: string;
  soap12?: boolean;
}

const partNames = ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'];

function idXml(element: string, text: string, type: string, service: boolean): string {
  const parts = text.split('/');
  const names = service ? (parts.length === 6 ? [...partNames, 'serviceCode', 'serviceVersion'] : [...partNames, 'serviceCode']) : partNames;
  return `<xrd:${element} id:objectType="${type}">${parts.map((p, i) => `<id:${names[i]}>${p}</id:${names[i]}>`).join('')}</xrd:${element}>`;
}

/** A request as a participant writes it (prefixes as in PR-MESS Annex E). */
export function envelope(spec: EnvelopeSpec = {}): string {
  const service = spec.service ?? `${MVS}/CheckPassportStatus/v0.1`;
  const code = service.split('/')[4]!;
  const omit = new Set(spec.omit ?? []);
  const fields: [string, string][] = [
    ['client', idXml('client', spec.client ?? PARTICIPANT, spec.clientType ?? ((spec.client ?? PARTICIPANT).split('/').length === 3 ? 'MEMBER' : 'SUBSYSTEM'), false)],
    ['service', idXml('service', service, spec.serviceType ?? 'SERVICE', true)],
    ['id', `<xrd:id>${spec.id ?? '4894e35d-bf0f-44a6-867a-8e51f1daa7e0'}</xrd:id>`],
    ['userId', `<xrd:userId>${spec.userId ?? 'UA3287300123'}</xrd:userId>`],
    ['issue', spec.issue === undefined ? '' : `<xrd:issue>${spec.issue}</xrd:issue>`],
    ['protocolVersion', `<xrd:protocolVersion>${spec.protocolVersion ?? '4.0'}</xrd:protocolVersion>`],
  ];
  const header = fields.filter(([k]) => !omit.has(k)).map(([, v]) => v).join('');
  const ns = spec.ns ?? `http://mvs.polihon.test/trembita/api/${code}`;
  const body = spec.body ?? `<m:${code} xmlns:m="${ns}">${spec.params ?? '<PasNumber>000123456</PasNumber>'}</m:${code}>`;
  const env = spec.soap12 ? NS_SOAP12 : NS_SOAP11;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${env}" xmlns:xrd="${NS_XROAD}" xmlns:id="${NS_ID}">` +
    (omit.has('Header') ? '' : `<SOAP-ENV:Header>${header}${spec.extraHeader ?? ''}</SOAP-ENV:Header>`) +
    (omit.has('Body') ? '' : `<SOAP-ENV:Body>${body}</SOAP-ENV:Body>`) +
    '</SOAP-ENV:Envelope>'
  );
}

export function soapRequest(body: string | Uint8Array, init: { contentType?: string | null; soapAction?: string | null; path?: string; method?: string } = {}): Request {
  const headers: Record<string, string> = {};
  const ct = init.contentType === undefined ? 'text/xml; charset=utf-8' : init.contentType;
  if (ct !== null) headers['content-type'] = ct;
  const action = init.soapAction === undefined ? '""' : init.soapAction;
  if (action !== null) headers.soapaction = action;
  const method = init.method ?? 'POST';
  return new Request(`${SS}${init.path ?? '/'}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: body as BodyInit }) });
}

export interface FaultRead {
  code: string;
  string: string;
  actor: string | undefined;
  detail: string;
}

/** faultcode, faultstring, faultactor and detail/faultDetail of a SOAP 1.1 fault; throws when it is not one. */
export function readFault(text: string): FaultRead {
  const parsed = parseXml(text);
  if (!parsed.ok) throw new Error(`not XML: ${parsed.error.message}\n${text}`);
  const body = child(parsed.root, NS_SOAP11, 'Body');
  const fault = body && child(body, NS_SOAP11, 'Fault');
  if (!fault) throw new Error(`not a SOAP fault:\n${text}`);
  const get = (n: string) => elements(fault).find((e) => e.local === n);
  const detail = get('detail');
  return {
    code: textOf(get('faultcode')!),
    string: textOf(get('faultstring')!),
    actor: get('faultactor') ? textOf(get('faultactor')!) : undefined,
    detail: detail ? textOf(elements(detail)[0]!) : '',
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
