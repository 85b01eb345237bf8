// Дія's SOAP verification face, /diia/soap (behind Трембіта's VerifyECredential/v1). The answer echoes the request's
// X-Road header as a provider must (Трембіта judges the echo), and carries the result in VerifyECredentialResponse.
// What is not a well-formed VerifyECredential request is a SOAP Fault `Client` — never problem+json on this face — so
// the kit's `inbound` wrapper (problem+json for bodies that do not read) is not used here; the exchange is journalled
// with the kit's `journalInbound`, as Трембіта's faces do.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import type { ActiveFault } from '../../../core/simulator.ts';
import { callerOf, channelOf, connectionReset, faultAnswer, JOURNAL_ENTRY_HEADER, journalInbound, journalRef, malformedText, readText, type Face } from '../../kit/index.ts';
import { childByLocal, elements, parseXml, type XmlElement } from '../../trembita/public.ts';
import type { DiiaDeps } from '../actions.ts';
import { DIIA_SERVICES, DIIA_SOAP_NAMESPACE, type ECredential } from '../public.ts';
import { resultFacts } from './rest.ts';

export const DIIA_WSDL = readFileSync(new URL('../verify-ecredential.wsdl', import.meta.url), 'utf8');

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const XROAD = 'http://x-road.eu/xsd/xroad.xsd';

type Version = '1.1' | '1.2';

interface SoapAnswer {
  status: number;
  text: string;
  outcome: string;
  version: Version;
  data: Record<string, unknown>;
  reset?: boolean;
}

export function mountSoap(app: Hono, d: DiiaDeps, face: Face): void {
  const wsdl = () => new Response(DIIA_WSDL, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
  app.get('/diia/soap', (c) => (c.req.query('wsdl') !== undefined ? wsdl() : c.notFound()));
  app.get('/diia/soap/verify-ecredential.wsdl', wsdl);
  app.post('/diia/soap', (c) => soapCall(c, d, face));
}

async function soapCall(c: Context, d: DiiaDeps, face: Face): Promise<Response> {
  const req = c.req.raw;
  const read = await readText(req);
  const fault = face.faults.take(DIIA_SERVICES.verify);
  const answer = await verify(c, d, read, fault);
  const from = callerOf(req);
  const channel = channelOf(req, 'direct');
  const path = new URL(req.url).pathname;
  const messageId = typeof answer.data.messageId === 'string' ? answer.data.messageId : undefined;
  const record = { channel, from, to: face.name, service: DIIA_SERVICES.verify, method: req.method, path, requestBody: read.raw, ...(messageId ? { messageId } : {}) };
  if (answer.reset) {
    face.ctx.journal.append({ kind: 'request', channel, from, to: face.name, service: DIIA_SERVICES.verify, method: req.method, path, body: read.raw, outcome: answer.outcome, data: answer.data });
    return connectionReset();
  }
  const garbled = fault?.kind === 'malformed' && answer.outcome === 'valid';
  const text = garbled ? malformedText(answer.text) : answer.text;
  const entry = journalInbound(face.ctx, { ...record, data: answer.data }, { status: answer.status, body: text, outcome: garbled ? 'fault:malformed' : answer.outcome, data: answer.data });
  return new Response(text, {
    status: answer.status,
    headers: { 'content-type': answer.version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8', [JOURNAL_ENTRY_HEADER]: journalRef(face.ctx.journal, entry) },
  });
}

async function verify(c: Context, d: DiiaDeps, read: Awaited<ReturnType<typeof readText>>, fault: ActiveFault | undefined): Promise<SoapAnswer> {
  const data: Record<string, unknown> = { protocol: 'soap' };
  const type = c.req.header('content-type') ?? '';
  const declared: Version = /^application\/soap\+xml\b/i.test(type) ? '1.2' : '1.1';
  const soapFault = (code: 'Client' | 'Server', message: string, version: Version = declared, extra: Record<string, unknown> = {}): SoapAnswer => ({
    status: 500,
    text: faultXml(code, message, version),
    outcome: `fault:${code}`,
    version,
    data: { ...data, faultCode: code, faultString: message, ...extra },
  });
  if (fault && fault.kind !== 'outage' && fault.kind !== 'malformed' && fault.kind !== 'withhold' && fault.kind !== 'duplicate') {
    const answered = await faultAnswer(fault, c.req.raw.signal);
    if (fault.kind === 'reset') return { status: 0, text: '', outcome: 'fault:reset', version: declared, data, reset: true };
    if (answered) return { ...soapFault('Server', fault.message ?? `injected ${fault.kind} (fault ${fault.id})`), outcome: `fault:${fault.kind}` };
  }
  if (!read.ok) return soapFault('Client', `${read.code}: the request body could not be read (${await detailOf(read.response)})`, declared, { problem: read.code });
  if (!/^(text\/xml|application\/soap\+xml)\b/i.test(type.trim())) {
    return soapFault('Client', `Invalid content type: ${type || 'none'} (send text/xml for SOAP 1.1 or application/soap+xml for SOAP 1.2)`, '1.1', { problem: 'invalid-content-type' });
  }
  const parsed = parseXml(read.text);
  if (!parsed.ok) return soapFault('Client', `Malformed XML at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`, declared, { problem: 'malformed-xml' });
  const env = parsed.root;
  if (env.local !== 'Envelope' || (env.ns !== SOAP11 && env.ns !== SOAP12)) return soapFault('Client', 'Malformed SOAP message: envelope missing', declared, { problem: 'not-soap' });
  const version: Version = env.ns === SOAP12 ? '1.2' : '1.1';
  data.soapVersion = version;
  const header = elements(env).find((e) => e.local === 'Header' && e.ns === env.ns);
  const body = elements(env).find((e) => e.local === 'Body' && e.ns === env.ns);
  if (header) Object.assign(data, headerFacts(header));
  if (!body) return soapFault('Client', 'Malformed SOAP message: body missing', version, { problem: 'no-body' });
  const [wrapper, ...more] = elements(body);
  if (!wrapper || more.length > 0) return soapFault('Client', 'Malformed SOAP message: body must have exactly one child element', version, { problem: 'body-children' });
  if (wrapper.local !== 'VerifyECredential' || wrapper.ns !== DIIA_SOAP_NAMESPACE) {
    return soapFault('Client', `Unexpected element {${wrapper.ns}}${wrapper.local}: the operation is {${DIIA_SOAP_NAMESPACE}}VerifyECredential`, version, { problem: 'wrong-element' });
  }
  const qr = childByLocal(wrapper, 'qrCode');
  const barcode = childByLocal(wrapper, 'barcode');
  const strangers = elements(wrapper).filter((e) => e.local !== 'qrCode' && e.local !== 'barcode' && e.local !== 'documentType').map((e) => e.local);
  if (strangers.length > 0) return soapFault('Client', `Unexpected element(s) in VerifyECredential: ${strangers.join(', ')}`, version, { problem: 'wrong-element' });
  const documentType = childByLocal(wrapper, 'documentType');
  const identifier = {
    ...(qr ? { qrCode: textOf(qr).trim() } : {}),
    ...(barcode ? { barcode: textOf(barcode).trim() } : {}),
    ...(documentType ? { documentType: textOf(documentType).trim() } : {}),
  };
  if (identifier.barcode !== undefined) data.barcode = identifier.barcode;
  const wrap = (inner: string) => echoed(read.text, env, header, body, inner);
  if (fault?.kind === 'outage') {
    return { status: 200, text: wrap(`<result>refused</result><code>diia-unavailable</code>`), outcome: 'fault:outage', version, data: { ...data, result: 'refused', code: 'diia-unavailable' } };
  }
  const now = d.now();
  const r = d.state.consume(identifier, now);
  const facts = { ...data, ...resultFacts(r, now) };
  if (!r.ok) return { status: 200, text: wrap(`<result>refused</result><code>${r.code}</code>`), outcome: r.code === 'no-identifier' || r.code === 'malformed-code' ? 'rejected' : 'refused', version, data: facts };
  return {
    status: 200,
    text: wrap(`<result>valid</result><verificationId>${r.verificationId}</verificationId>${credentialXml(r.presentation.credential)}`),
    outcome: 'valid',
    version,
    data: facts,
  };
}

/** The response envelope: the request's Envelope and Body start tags (their namespace declarations) and its Header as sent. */
function echoed(text: string, env: XmlElement, header: XmlElement | undefined, body: XmlElement, inner: string): string {
  const open = (e: XmlElement) => (e.selfClosing ? text.slice(e.start, e.openEnd).replace(/\/>$/, '>') : text.slice(e.start, e.openEnd));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    open(env) +
    (header ? text.slice(header.start, header.end) : '') +
    open(body) +
    `<dia:VerifyECredentialResponse xmlns:dia="${DIIA_SOAP_NAMESPACE}">${inner}</dia:VerifyECredentialResponse>` +
    `</${body.qname}></${env.qname}>`
  );
}

function credentialXml(c: ECredential): string {
  const leaf = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  return (
    `<credential>` +
    leaf('state', c.state) +
    leaf('title', c.title) +
    leaf('fullName', c.fullName) +
    leaf('position', c.position) +
    leaf('issueDate', c.issueDate) +
    leaf('seriesNumber', c.seriesNumber) +
    leaf('issuingBody', c.issuingBody) +
    leaf('photo', c.photo) +
    leaf('expiryDate', c.expiryDate) +
    `<contacts>${leaf('phone', c.contacts.phone)}${leaf('email', c.contacts.email)}</contacts>` +
    `</credential>`
  );
}

/** The X-Road header's id, userId and client, for the journal. */
function headerFacts(header: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of elements(header)) {
    if (e.ns !== XROAD) continue;
    if (e.local === 'id') out.messageId = textOf(e).trim();
    if (e.local === 'userId') out.userId = textOf(e).trim();
    if (e.local === 'client') out.xRoadClient = elements(e).map((p) => textOf(p).trim()).join('/');
  }
  return out;
}

function faultXml(code: 'Client' | 'Server', message: string, version: Version): string {
  const m = escapeXml(message);
  if (version === '1.2') {
    return (
      `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP12}"><env:Body><env:Fault>` +
      `<env:Code><env:Value>env:${code === 'Client' ? 'Sender' : 'Receiver'}</env:Value></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${m}</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    `<faultcode>SOAP-ENV:${code}</faultcode><faultstring>${m}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

function textOf(e: XmlElement): string {
  return e.children.map((n) => (typeof n === 'string' ? n : textOf(n))).join('');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function detailOf(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { detail?: string };
    return body.detail ?? res.statusText;
  } catch {
    return String(res.status);
  }
}
