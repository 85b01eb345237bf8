// Journalling inbound calls: the exchange on a simulator's own face is recorded once, here. A journalled route
// (`inbound`) declares its service, how its body is read and what its request entry says; the kit reads the body,
// applies the inbound fault, and journals request, events and response around whatever answer the handler returns.
// Routes return only their answer. See docs/decisions/0007-simulator-kit.md for why this is a route wrapper and not
// an `app.use` middleware.
import type { Context } from 'hono';
import type { Channel, JournalEntry } from '../../core/journal.ts';
import type { ActiveFault, FaultSet, SimulatorContext } from '../../core/simulator.ts';
import { readJson, readText, type BodyRead } from './body.ts';
import { faultAnswer, isConnectionReset, malformedText } from './faults.ts';
import { callerOf, channelOf, JOURNAL_ENTRY_HEADER, journalRef } from './headers.ts';

export interface InboundRecord {
  channel: Channel;
  from: string;
  to: string;
  service: string;
  method: string;
  path: string;
  /** the body as received: bytes that are not UTF-8 are journalled as they came */
  requestBody: string | Uint8Array;
  messageId?: string;
  data?: Record<string, unknown>;
}

export interface InboundAnswer {
  status: number;
  body: string;
  outcome: string;
  data?: Record<string, unknown>;
  /** state changes the request caused, journalled between request and response and linked to the request */
  events?: (requestSeq: number) => void;
}

/**
 * Journals an inbound exchange as a request entry, its events, and a linked response entry; returns the
 * request entry so the answer can carry `X-Polihon-Journal-Entry`.
 */
export function journalInbound(ctx: SimulatorContext, req: InboundRecord, answer: InboundAnswer): JournalEntry {
  const requestEntry = ctx.journal.append({
    kind: 'request',
    channel: req.channel,
    mode: 'request-response',
    from: req.from,
    to: req.to,
    service: req.service,
    method: req.method,
    path: req.path,
    body: req.requestBody,
    ...(req.messageId === undefined ? {} : { messageId: req.messageId }),
    ...(req.data === undefined ? {} : { data: req.data }),
  });
  answer.events?.(requestEntry.seq);
  ctx.journal.append({
    kind: 'response',
    channel: req.channel,
    mode: 'request-response',
    from: req.to,
    to: req.from,
    service: req.service,
    status: answer.status,
    links: [requestEntry.seq],
    body: answer.body,
    outcome: answer.outcome,
    ...(req.messageId === undefined ? {} : { messageId: req.messageId }),
    ...(answer.data === undefined ? {} : { data: answer.data }),
  });
  return requestEntry;
}

export interface InboundExchange {
  channel: Channel;
  service: string;
  /** the request body as received ('' for none); bytes that are not UTF-8 are journalled as they came */
  requestBody: string | Uint8Array;
  messageId?: string;
  data?: Record<string, unknown>;
}

export interface InboundResult {
  response: Response;
  outcome: string;
  data?: Record<string, unknown>;
  events?: (requestSeq: number) => void;
}

/**
 * Finishes an inbound call: journals it (request, events, linked response; only the request when the connection
 * is dropped), garbles the answer under a `malformed` fault, and names the request's journal entry in the answer.
 */
async function answerInbound(
  ctx: SimulatorContext,
  simulator: string,
  request: Request,
  exchange: InboundExchange,
  result: InboundResult,
  fault?: ActiveFault,
): Promise<Response> {
  const from = callerOf(request);
  const channel = channelOf(request, exchange.channel);
  const path = new URL(request.url).pathname;
  const extra = {
    ...(exchange.messageId ? { messageId: exchange.messageId } : {}),
    ...(exchange.data ? { data: exchange.data } : {}),
  };
  if (isConnectionReset(result.response)) {
    ctx.journal.append({
      kind: 'request',
      channel,
      from,
      to: simulator,
      service: exchange.service,
      method: request.method,
      path,
      body: exchange.requestBody,
      outcome: result.outcome,
      ...extra,
    });
    return result.response;
  }
  // read the body once and answer with a fresh Response: cheaper than clone(), which tees the stream
  let text = await result.response.text();
  const garbled = fault?.kind === 'malformed';
  if (garbled) text = malformedText(text);
  const response = new Response(text, { status: result.response.status, headers: result.response.headers });
  const entry = journalInbound(
    ctx,
    { channel, from, to: simulator, service: exchange.service, method: request.method, path, requestBody: exchange.requestBody, ...extra },
    {
      status: response.status,
      body: text,
      outcome: garbled ? 'fault:malformed' : result.outcome,
      ...(result.data ? { data: result.data } : {}),
      ...(result.events ? { events: result.events } : {}),
    },
  );
  response.headers.set(JOURNAL_ENTRY_HEADER, journalRef(ctx.journal, entry));
  return response;
}

// ---------------------------------------------------------------------------------------------------------
// The journalling middleware

/** The simulator a journalled route belongs to: its name in the journal, its context and its inbound faults. */
export interface Face {
  name: string;
  ctx: SimulatorContext;
  faults: FaultSet;
}

/** How a route's body is read: JSON (readJson), UTF-8 text (readText), or not at all (journalled as ''). */
export type BodyKind = 'json' | 'text' | 'none';

/** What the request entry says of a call besides the exchange itself. */
export interface RequestFacts {
  messageId?: string;
  data?: Record<string, unknown>;
}

export interface InboundRoute {
  /** the service the exchange is journalled under, and the one whose injected faults apply */
  service: string;
  /** the channel the face is (relayed 'direct' calls are journalled under the relay's channel); default 'direct' */
  channel?: Channel;
  body: BodyKind;
  /** the request entry's messageId and data, from the request and its body (undefined when it did not read) */
  describe?: (c: Context, body: unknown) => RequestFacts;
  /**
   * Fault kinds this route answers itself, in its own form (Дія's outage is its `diia-unavailable` refusal): they reach
   * the handler as `fault` instead of the kit's answer. The handler journals them as `fault:<kind>`.
   */
  ownFaults?: readonly ActiveFault['kind'][];
}

/** A handler's answer: the response and what the journal says of it. */
export interface Answer {
  response: Response;
  outcome: string;
  data?: Record<string, unknown>;
  /** state changes the request caused, journalled between request and response and linked to the request */
  events?: (requestSeq: number) => void;
  /** a `malformed` fault leaves this answer whole: refusals of what the request itself got wrong */
  intact?: boolean;
  /** facts of the request learnt only while handling it (the web form's act id), merged into its entry */
  request?: RequestFacts;
  /** runs once the exchange is journalled: work that must follow the answer, never precede it */
  after?: () => void;
}

/** What a journalled handler gets: the body already read and checked, and the fault (if any) left to apply. */
export interface InboundCall {
  c: Context;
  /** the parsed JSON ('json'), the text ('text'), or undefined ('none') */
  body: unknown;
  /** the body text as read ('' for 'none') */
  text: string;
  /** the inbound fault taken for this call that did not answer for the handler: withhold, duplicate, malformed */
  fault: ActiveFault | undefined;
  /** who called (a simulator naming itself, else 'participant') and on which channel it is journalled */
  from: string;
  channel: Channel;
}

/** A refusal of the request as sent: journalled as 'rejected', and never garbled by a `malformed` fault. */
export function reject(response: Response, data?: Record<string, unknown>): Answer {
  return { response, outcome: 'rejected', intact: true, ...(data ? { data } : {}) };
}

/**
 * A hono handler that runs `handler` as a journalled route: reads the body, takes the route's inbound fault (a
 * fault that answers instead — latency first, then timeout, reset, error, outage — is journalled as `fault:<kind>`),
 * refuses a body that does not read (413/400, 'rejected'), and journals the exchange once around the answer.
 */
export function inbound(face: Face, route: InboundRoute, handler: (call: InboundCall) => Answer | Promise<Answer>) {
  const channel = route.channel ?? 'direct';
  return async (c: Context): Promise<Response> => {
    const request = c.req.raw;
    const read: BodyRead<unknown> | undefined =
      route.body === 'json' ? await readJson(request) : route.body === 'text' ? await readText(request) : undefined;
    const fault = face.faults.take(route.service);
    const facts = route.describe?.(c, read?.ok ? read.value : undefined) ?? {};
    const exchange: InboundExchange = { channel, service: route.service, requestBody: read?.raw ?? '', ...facts };
    const finish = (result: InboundResult, applied?: ActiveFault) => answerInbound(face.ctx, face.name, request, exchange, result, applied);
    const faulted = fault && route.ownFaults?.includes(fault.kind) ? undefined : await faultAnswer(fault, request.signal);
    if (faulted) return finish({ response: faulted, outcome: `fault:${fault!.kind}` });
    if (read && !read.ok) return finish({ response: read.response, outcome: 'rejected', data: { problem: read.code } });
    const answer = await handler({ c, body: read?.value, text: read?.text ?? '', fault, from: callerOf(request), channel: channelOf(request, channel) });
    if (answer.request) Object.assign(exchange, answer.request);
    const response = await finish(
      {
        response: answer.response,
        outcome: answer.outcome,
        ...(answer.data ? { data: answer.data } : {}),
        ...(answer.events ? { events: answer.events } : {}),
      },
      answer.intact ? undefined : fault,
    );
    answer.after?.();
    return response;
  };
}
