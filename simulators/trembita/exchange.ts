// One exchange of the Трембіта simulator as the journal and the message archive keep it: the faces build an
// Exchange, answer, and hand both here, so an exchange is recorded the same way whichever face took it.
import { formatXRoadId, xRoadPath, type XRoadServiceId } from '../../core/identifiers/xroad-id.ts';
import type { JournalEntry } from '../../core/journal.ts';
import type { ActiveFault } from '../../core/simulator.ts';
import { journalInbound, malformedText } from '../kit/index.ts';
import type { ArchiveRecord } from './archive.ts';
import { faultResponse, type SoapVersion, type XRoadFault } from './faults.ts';
import type { ServiceEntry } from './registry.ts';
import { uuid, type TrembitaState } from './state.ts';

export interface Finished {
  response: Response;
  /** the answer body as the journal records it */
  text: string;
  outcome: string;
  archive?: ArchiveRecord;
}

/** What every journalled exchange carries in `data` (README, "Journal"). */
export type ExchangeData = Record<string, unknown> & {
  side: 'consumer' | 'provider';
  protocol: 'soap' | 'r1' | 'uxp' | 'meta';
};

export interface Exchange {
  service: string;
  from: string;
  to: string;
  method: string;
  path: string;
  /** the body as received; bytes are kept so the journal hashes them exactly */
  requestBody: string | Uint8Array;
  data: ExchangeData;
}

export function record(s: TrembitaState, ex: Exchange, out: Finished): JournalEntry {
  const messageId = typeof ex.data.messageId === 'string' ? ex.data.messageId : undefined;
  if (out.archive) s.archive.put(out.archive);
  const entry = journalInbound(
    s.ctx,
    {
      channel: 'trembita',
      from: ex.from,
      to: ex.to,
      service: ex.service,
      method: ex.method,
      path: ex.path,
      requestBody: ex.requestBody,
      ...(messageId ? { messageId } : {}),
      data: ex.data,
    },
    { status: out.response.status, body: out.text, outcome: out.outcome, data: ex.data },
  );
  remember(s, ex.data, entry.seq);
  return entry;
}

/** A request that got no answer to record (a dropped connection, a failed delivery): the request alone. */
export function recordRequest(s: TrembitaState, ex: Exchange, body: string | Uint8Array, outcome: string): JournalEntry {
  const entry = s.ctx.journal.append({
    kind: 'request',
    channel: 'trembita',
    from: ex.from,
    to: ex.to,
    service: ex.service,
    method: ex.method,
    path: ex.path,
    body,
    outcome,
    ...(typeof ex.data.messageId === 'string' ? { messageId: ex.data.messageId } : {}),
    data: ex.data,
  });
  remember(s, ex.data, entry.seq);
  return entry;
}

/** The first request entry of a (client, message id) pair, known once it is journalled. */
function remember(s: TrembitaState, data: ExchangeData, seq: number): void {
  if (data.duplicate === false && typeof data.clientId === 'string' && typeof data.messageId === 'string') s.seenIds.set(`${data.clientId} ${data.messageId}`, seq);
}

/** Marks a repeated (client, message id) pair; the message is still delivered, as X-Road does (TRB-06). */
export function noteMessageId(s: TrembitaState, client: string, messageId: string, data: ExchangeData): void {
  const k = `${client} ${messageId}`;
  const first = s.seenIds.get(k);
  if (first !== undefined) {
    data.duplicate = true;
    // 0 while the first exchange is still in flight (the seq is set when it is journalled)
    if (first > 0) data.duplicateOf = first;
  } else {
    data.duplicate = false;
    // other simulators may journal before this exchange does (a relayed call): the seq comes from record()
    s.seenIds.set(k, 0);
  }
}

/** The injected fault for a call: the service's own (by id text or path) first, else the protocol's. */
export function takeFault(s: TrembitaState, service: ServiceEntry | XRoadServiceId | undefined, protocol: string): ActiveFault | undefined {
  const id = service === undefined ? undefined : 'idText' in service ? service.id : service;
  return (id ? (s.faults.take(formatXRoadId(id)) ?? s.faults.take(xRoadPath(id))) : undefined) ?? s.faults.take(protocol);
}

/** A security server's own fault answer, noted in the exchange's data. */
export function ssFault(s: TrembitaState, err: XRoadFault, data: ExchangeData, version: SoapVersion): Finished {
  const detail = uuid(s);
  data.faultCode = err.code;
  data.faultString = err.message;
  data.faultDetail = detail;
  data.isFault = true;
  const response = faultResponse(err, detail, version);
  return { response, text: '', outcome: `fault:${err.code}` };
}

/** Records a consumer-side exchange (a `malformed` fault garbles the answer first) and gives the answer to send. */
export async function finish(s: TrembitaState, ex: Exchange, out: Finished, fault: ActiveFault | undefined): Promise<Response> {
  if (out.response.type === 'error') {
    recordRequest(s, ex, ex.requestBody, out.outcome);
    return out.response;
  }
  let response = out.response;
  let text = out.text || (await response.clone().text());
  let outcome = out.outcome;
  if (fault?.kind === 'malformed') {
    text = malformedText(text);
    response = new Response(text, { status: response.status, headers: response.headers });
    outcome = 'fault:malformed';
  }
  if (out.archive?.response) out.archive.response.body = text;
  // not `{ ...out, text, outcome }`: V8 gives an object spread followed by more keys a hidden class of its own (µs each)
  record(s, ex, out.archive ? { response: out.response, text, outcome, archive: out.archive } : { response: out.response, text, outcome });
  return response;
}
