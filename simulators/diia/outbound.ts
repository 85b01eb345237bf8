// Дія's calls to the participant: the HR record at forming time (hr-system role) and the copy after consent
// (copy-recipient role), both through Трембіта as the X-Road client DIIA_prod (DIIA-16), each journalled once with
// what an assertion needs to judge the participant's answer (the HR record's missing fields and employment, the
// copy's receipt).
import { z } from 'zod';
import { xRoadPath, parseXRoadId, type XRoadId } from '../../core/identifiers/xroad-id.ts';
import type { Channel } from '../../core/journal.ts';
import type { ActiveFault, SimulatorContext } from '../../core/simulator.ts';
import { faultAnswer, SIMULATOR_HEADER, TIME_HEADER } from '../kit/index.ts';
import { DIIA_SERVICES, type CopyMetadata } from './public.ts';
import { missingHrFields, type HrRecord } from './state.ts';

export interface Route {
  via: 'trembita' | 'direct';
  /** the base URL of the participant's service: r1 address on Трембіта, or the participant's own */
  base: string;
  /** X-Road client (Дія) and service provider (the participant) */
  client: string;
}

interface Sent {
  /** 0 when nothing answered (a network error, or Трембіта's own error) */
  status: number;
  text: string;
  json?: unknown;
  error?: string;
  xRoadError?: string;
  requestSeq: number;
}

interface Call {
  service: string;
  method: 'GET' | 'POST';
  url: string;
  channel: Channel;
  headers: Record<string, string>;
  body?: string;
  messageId: string;
  data: Record<string, unknown>;
  /** facts from the answer for the response entry */
  judge: (answer: { status: number; json?: unknown; text: string }) => { outcome: string; data: Record<string, unknown> };
}

/** One journalled call to the participant: request entry, then the linked response (or the request alone, failed). */
async function send(ctx: SimulatorContext, call: Call): Promise<Sent> {
  const base = { channel: call.channel, mode: 'request-response' as const, service: call.service, messageId: call.messageId };
  const path = pathOf(call.url);
  let res: Response;
  try {
    res = await ctx.fetch(call.url, {
      method: call.method,
      headers: { [TIME_HEADER]: new Date(ctx.clock.now()).toISOString(), [SIMULATOR_HEADER]: 'diia', ...call.headers },
      ...(call.body === undefined ? {} : { body: call.body }),
    });
  } catch (err) {
    const error = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
    const entry = ctx.journal.append({ ...base, kind: 'request', from: 'diia', to: 'participant', method: call.method, path, body: call.body ?? '', outcome: 'delivery-failed', data: { ...call.data, url: call.url, error } });
    return { status: 0, text: '', error, requestSeq: entry.seq };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const ss = call.channel === 'trembita' ? securityServerError(res.status, json) : undefined;
  const request = ctx.journal.append({ ...base, kind: 'request', from: 'diia', to: 'participant', method: call.method, path, body: call.body ?? '', data: { ...call.data, url: call.url } });
  const judged = ss
    ? { outcome: 'delivery-failed', data: { xRoadError: ss.type, error: `Трембіта answered ${res.status} ${ss.type}: ${ss.message}` } }
    : call.judge({ status: res.status, json, text });
  ctx.journal.append({ ...base, kind: 'response', from: 'participant', to: 'diia', status: res.status, links: [request.seq], body: text, outcome: judged.outcome, data: { ...call.data, ...judged.data } });
  return ss
    ? { status: 0, text, json, error: `Трембіта answered ${res.status} ${ss.type}: ${ss.message}`, xRoadError: ss.type, requestSeq: request.seq }
    : { status: res.status, text, ...(json === undefined ? {} : { json }), requestSeq: request.seq };
}

/** What an injected outbound fault does before the call: `undefined` when the call goes on. */
async function outboundFault(fault: ActiveFault | undefined): Promise<string | undefined> {
  if (!fault) return undefined;
  if (fault.kind === 'latency') {
    await faultAnswer(fault);
    return undefined;
  }
  if (fault.kind === 'duplicate' || fault.kind === 'malformed') return undefined;
  return fault.kind === 'withhold' ? `not sent: withheld by fault ${fault.id}` : `not sent: ${fault.kind} by fault ${fault.id}`;
}

// ---------------------------------------------------------------------------------------------------------
// HR record (hr-system role)

const text = z.string();
/** The contract's HR answer; fields are checked one by one so that a partial answer still says what it lacks. */
const HrAnswerSchema = z.object({
  rnokpp: text,
  lastName: text,
  firstName: text,
  middleName: text.optional(),
  position: text,
  organisation: text,
  employment: z.enum(['active', 'dismissed']),
  dismissedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  credential: z.object({
    title: text,
    series: text,
    number: text,
    issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    expiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    chip: z.boolean(),
  }),
  contacts: z.object({ phone: text.optional(), email: text.optional() }),
  updatedAt: z.iso.datetime({ offset: true }),
});

export type HrFetch =
  | { type: 'record'; record: HrRecord; issues: string[]; missing: string[] }
  | { type: 'unknown-official' }
  | { type: 'unavailable'; reason: string };

/** The participant's HR record of an official, read as leniently as forming needs and judged strictly for the journal. */
export async function fetchHr(ctx: SimulatorContext, route: Route, rnokpp: string, fault: ActiveFault | undefined, xRoadId: string): Promise<HrFetch> {
  const url = `${route.base}/officials/${encodeURIComponent(rnokpp)}`;
  const data = { rnokpp, via: route.via, ...(route.via === 'trembita' ? { xRoadId, xRoadClient: route.client } : {}) };
  const skipped = await outboundFault(fault);
  if (skipped) {
    ctx.journal.append({ kind: 'request', channel: channelOf(route), from: 'diia', to: 'participant', service: DIIA_SERVICES.hrFetch, method: 'GET', path: pathOf(url), outcome: `fault:${fault!.kind}`, messageId: xRoadId, data: { ...data, error: skipped } });
    return { type: 'unavailable', reason: skipped };
  }
  let result: HrFetch = { type: 'unavailable', reason: 'no answer' };
  const sent = await send(ctx, {
    service: DIIA_SERVICES.hrFetch,
    method: 'GET',
    url,
    channel: channelOf(route),
    headers: { accept: 'application/json', ...xRoadHeaders(route, xRoadId) },
    messageId: xRoadId,
    data,
    judge: ({ status, json }) => {
      if (status === 404) {
        const code = (json as { code?: unknown } | undefined)?.code;
        result = { type: 'unknown-official' };
        return { outcome: 'unknown-official', data: { answer: 'unknown-official', ...(code === 'unknown-official' ? {} : { issues: ['404 without {"code":"unknown-official"}'] }) } };
      }
      if (status !== 200 || !json || typeof json !== 'object' || Array.isArray(json)) {
        result = { type: 'unavailable', reason: `the HR system answered ${status}${json === undefined ? ' (not JSON)' : ''}` };
        return { outcome: 'invalid-answer', data: { answer: 'unusable', status } };
      }
      const record = hrRecordOf(json as Record<string, unknown>, rnokpp);
      const parsed = HrAnswerSchema.safeParse(json);
      const issues = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(body)'))];
      const missing = missingHrFields(record);
      const rnokppMatches = (json as { rnokpp?: unknown }).rnokpp === rnokpp;
      result = { type: 'record', record, issues, missing };
      return {
        outcome: issues.length === 0 && rnokppMatches ? 'answered' : 'invalid-answer',
        data: { answer: 'record', employment: record.employment, missing, issues, rnokppMatches, chip: record.credential?.chip ?? null, hasCredential: record.credential !== undefined },
      };
    },
  });
  if (sent.status === 0) return { type: 'unavailable', reason: sent.error ?? 'no answer' };
  return result;
}

/** The HR answer as forming reads it: what is there and well-typed is used, the rest counts as missing. */
function hrRecordOf(j: Record<string, unknown>, rnokpp: string): HrRecord {
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const c = j.credential && typeof j.credential === 'object' ? (j.credential as Record<string, unknown>) : undefined;
  const k = j.contacts && typeof j.contacts === 'object' ? (j.contacts as Record<string, unknown>) : {};
  const strip = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return strip({
    rnokpp,
    lastName: s(j.lastName),
    firstName: s(j.firstName),
    middleName: s(j.middleName),
    position: s(j.position),
    organisation: s(j.organisation),
    // anything but an explicit 'active' is not an active employment
    employment: j.employment === 'active' ? ('active' as const) : ('dismissed' as const),
    dismissedAt: s(j.dismissedAt),
    credential: c
      ? strip({ title: s(c.title), series: s(c.series), number: s(c.number), issueDate: s(c.issueDate), expiryDate: s(c.expiryDate), chip: typeof c.chip === 'boolean' ? c.chip : undefined })
      : undefined,
    contacts: strip({ phone: s(k.phone), email: s(k.email) }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// The copy (copy-recipient role)

export interface CopyDelivery {
  status: number;
  success?: boolean;
  body?: unknown;
  error?: string;
  deliveries?: number;
}

/**
 * Sends the copy as the partner SDKs receive one: multipart/form-data, X-Document-Request-Trace-Id, a file part
 * e-credential.pdf and the field encodeData (base64 JSON). polihon neither signs nor encrypts it (Дія's real callback
 * sends `.pdf.p7s.p7e` and encrypted metadata).
 */
export async function deliverCopy(ctx: SimulatorContext, route: Route, meta: CopyMetadata, fault: ActiveFault | undefined, xRoadId: () => string): Promise<CopyDelivery> {
  const url = `${route.base}/copies`;
  const boundary = `polihon-diia-${xRoadId().replace(/-/g, '')}`;
  const encodeData = Buffer.from(JSON.stringify(meta), 'utf8').toString('base64');
  const body = multipart(boundary, syntheticPdf(meta), encodeData);
  const data = { requestId: meta.requestId, barcode: meta.barcode, keepUntil: meta.keepUntil, via: route.via, parts: ['e-credential.pdf', 'encodeData'] };
  const skipped = await outboundFault(fault);
  if (skipped) {
    ctx.journal.append({ kind: 'request', channel: channelOf(route), from: 'diia', to: 'participant', service: DIIA_SERVICES.copyDeliver, method: 'POST', path: pathOf(url), outcome: `fault:${fault!.kind}`, messageId: meta.requestId, data: { ...data, error: skipped } });
    return { status: 0, error: skipped };
  }
  const times = fault?.kind === 'duplicate' ? 2 : 1;
  let out: CopyDelivery = { status: 0 };
  for (let i = 0; i < times; i++) {
    const id = xRoadId();
    const sent = await send(ctx, {
      service: DIIA_SERVICES.copyDeliver,
      method: 'POST',
      url,
      channel: channelOf(route),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-document-request-trace-id': meta.requestId, ...xRoadHeaders(route, id) },
      body,
      messageId: meta.requestId,
      data: { ...data, ...(route.via === 'trembita' ? { xRoadId: id } : {}), ...(i > 0 ? { duplicate: true } : {}) },
      judge: ({ status, json }) => {
        const success = json && typeof json === 'object' && typeof (json as { success?: unknown }).success === 'boolean' ? (json as { success: boolean }).success : undefined;
        return {
          outcome: status >= 200 && status < 300 && success === true ? 'received' : 'not-received',
          data: { answerStatus: status, success: success ?? null, answerShape: success === undefined ? 'not {"success": boolean}' : 'ok' },
        };
      },
    });
    const success = sent.json && typeof sent.json === 'object' ? (sent.json as { success?: unknown }).success : undefined;
    out = {
      status: sent.status,
      ...(typeof success === 'boolean' ? { success } : {}),
      ...(sent.json === undefined ? (sent.text ? { body: sent.text } : {}) : { body: sent.json }),
      ...(sent.error ? { error: sent.error } : {}),
      ...(times > 1 ? { deliveries: times } : {}),
    };
  }
  return out;
}

function multipart(boundary: string, pdf: string, encodeData: string): string {
  return [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="e-credential.pdf"',
    'Content-Type: application/pdf',
    '',
    pdf,
    `--${boundary}`,
    'Content-Disposition: form-data; name="encodeData"',
    '',
    encodeData,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** A one-page PDF saying what it is (ASCII only, so the journal keeps it as text), with correct xref offsets. */
export function syntheticPdf(meta: Pick<CopyMetadata, 'requestId' | 'barcode'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9 ._:-]/g, '');
  const lines = ['polihon synthetic e-credential copy', `request ${safe(meta.requestId)}  code ${safe(meta.barcode)}`, 'not signed, not encrypted: test data only'];
  const stream = `BT /F1 12 Tf 50 780 Td 16 TL ${lines.map((l) => `(${l}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Routing

/** Where the participant's service is: its r1 address on Трембіта, or its own endpoint; undefined when unknown. */
export function routeTo(ctx: SimulatorContext, via: 'trembita' | 'direct', client: XRoadId, participant: XRoadId, serviceCode: string): Route | undefined {
  if (via === 'trembita') {
    const trembita = ctx.endpoints.trembita;
    if (!trembita) return undefined;
    return { via, base: `${trimSlash(trembita)}${r1Path(participant, serviceCode)}`, client: xRoadPath(client) };
  }
  const own = ctx.endpoints['participant.rest'] ?? ctx.endpoints['participant.provider'];
  return own ? { via, base: trimSlash(own), client: xRoadPath(client) } : undefined;
}

export function subsystemId(text: string): XRoadId | undefined {
  const parsed = parseXRoadId(text);
  return parsed.ok && parsed.id.objectType === 'SUBSYSTEM' ? parsed.id : undefined;
}

function xRoadHeaders(route: Route, id: string): Record<string, string> {
  return route.via === 'trembita' ? { 'x-road-client': route.client, 'x-road-id': id } : {};
}

function channelOf(route: Route): Channel {
  return route.via === 'trembita' ? 'trembita' : 'direct';
}

/** `/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, each part percent-encoded (PR-REST). */
function r1Path(subsystem: XRoadId, serviceCode: string): string {
  return `/r1/${[...xRoadPath(subsystem).split('/'), serviceCode].map(encodeURIComponent).join('/')}`;
}

/** A security server's own error (status ≥ 400, `{ type: 'Client.*' | 'Server.*', message }`), not the provider's answer. */
function securityServerError(status: number, body: unknown): { type: string; message: string } | undefined {
  if (status < 400 || !body || typeof body !== 'object') return undefined;
  const { type, message } = body as { type?: unknown; message?: unknown };
  return typeof type === 'string' && /^(Client|Server)\./.test(type) ? { type, message: typeof message === 'string' ? message : '' } : undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
