// The wire forms of ЄІС МВС's system-to-system modes as polihon defines them (no technical specification of the central
// subsystem is public): paths, the envelope, the ack, the participant's message, a request, an outage notice. See
// README.md beside this file.
import { z } from 'zod';
import { isReceiptCode, RECEIPT, RECEIPT_CODES, type Envelope, type ReceiptCode } from './engine.ts';

/** The central subsystem's own X-Road-style id in polihon's test instance (МВС's ЄДРПОУ; the subsystem code is ours). */
export const EIS_SUBSYSTEM = 'SEVDEIR-TEST/GOV/00032684/EIS_MVS';

/** Where the participant receives, below its provider endpoint. */
export const PARTICIPANT_PATHS = { notifications: '/eis/notifications', outages: '/eis/outages', requests: '/eis/requests' } as const;

/** Where the central subsystem receives the participant's calls. */
export const EIS_PATHS = { acks: '/eis/v1/acks', messages: '/eis/v1/messages', requests: '/eis/v1/requests', outages: '/eis/v1/outages' } as const;

/** How long a participant should wait for an answer to a request (request–response) before it gives up. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Journal service names; the outbound one is also the fault hook (`eis.notify`: latency, withhold, duplicate, malformed). */
export const SERVICES = {
  notify: 'eis.notify',
  ack: 'eis.ack',
  message: 'eis.message',
  request: 'eis.request',
  outage: 'eis.outage',
  outageNotice: 'eis.outage.notice',
  /** ЄІС МВС asking the participant's service (request–response the other way) */
  ask: 'eis.ask',
} as const;

const SUBSYSTEM_RE = /^[A-Za-z0-9-]{1,64}\/[A-Za-z0-9-]{1,16}\/[0-9A-Za-z-]{1,32}\/[A-Za-z0-9_.-]{1,64}$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const Subsystem = z.string().regex(SUBSYSTEM_RE, 'a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM');
export const MessageIdSchema = z.string().regex(ID_RE, '1–128 letters, digits, . _ : -');
const receiptCode = z.custom<ReceiptCode>(isReceiptCode, { message: `one of ${RECEIPT_CODES.join(', ')}` });

/** The participant's ack of one of the central subsystem's messages: in the delivery's answer, or on /eis/v1/acks. */
export const AckSchema = z.strictObject({
  messageId: MessageIdSchema,
  envelopeId: MessageIdSchema,
  code: receiptCode,
  from: Subsystem,
  /** free text: why a negative receipt */
  text: z.string().max(1000).optional(),
});
export type AckBody = z.infer<typeof AckSchema>;

/** The envelope fields of a participant's message; checked first, so a bad one is answered with receipt 200. */
export const InboundEnvelopeSchema = z.object({
  messageId: MessageIdSchema,
  envelopeId: MessageIdSchema,
  from: Subsystem,
  to: Subsystem.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});

export const InboundMessageSchema = InboundEnvelopeSchema.extend({
  mode: z.enum(['notification-ack', 'notification']),
  type: z.string().min(1).max(100),
  payload: z.unknown().optional(),
}).strict();

export const RequestSchema = z.strictObject({
  requestId: MessageIdSchema.optional(),
  service: z.string().min(1).max(100),
  /** XCH-01: what the data is for */
  purpose: z.string().trim().min(3).max(500),
  /** XCH-01: the law that allows asking */
  legalGround: z.string().trim().min(3).max(500),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const OutageSchema = z.strictObject({
  began: z.iso.datetime({ offset: true }),
  ended: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().trim().min(1).max(1000),
  subsystem: Subsystem.optional(),
});

/** The envelope on the wire, as the participant receives it at PARTICIPANT_PATHS.notifications. */
export function envelopeBody(e: Envelope) {
  return {
    messageId: e.messageId,
    envelopeId: e.envelopeId,
    mode: e.mode,
    from: EIS_SUBSYSTEM,
    to: e.to,
    type: e.type,
    try: e.try,
    maxTries: e.maxTries,
    createdAt: iso(e.createdAt),
    sentAt: iso(e.sentAt),
    ...(e.ackBy === undefined ? {} : { ackBy: iso(e.ackBy) }),
    ...(e.payload === undefined ? {} : { payload: e.payload }),
  };
}

/** The central subsystem's receipt for a participant's message (the ack it answers, and answers again identically). */
export function receiptBody(r: { messageId: string; envelopeId: string; code: ReceiptCode; ackId: string; at: number; text?: string }) {
  return { messageId: r.messageId, envelopeId: r.envelopeId, code: r.code, from: EIS_SUBSYSTEM, ackId: r.ackId, at: iso(r.at), ...(r.text ? { text: r.text } : {}) };
}

/** The HTTP status a receipt is answered with: 200 for 100, else the class of what went wrong. */
export function receiptStatus(code: ReceiptCode): number {
  switch (code) {
    case RECEIPT.ok:
      return 200;
    case RECEIPT.duplicate:
    case RECEIPT.tooOld:
      return 409;
    case RECEIPT.unknownMessage:
      return 404;
    case RECEIPT.unknownSender:
    case RECEIPT.notAllowed:
      return 403;
    case RECEIPT.invalidEnvelope:
    case RECEIPT.invalidType:
      return 400;
    default:
      return 422;
  }
}

/** What each code means, for problem titles and the README. */
export const RECEIPT_MEANING: Record<ReceiptCode, string> = {
  100: 'received and processed',
  200: 'invalid envelope',
  201: 'duplicate: already acknowledged',
  202: 'no payload',
  203: 'too old',
  210: 'unknown message id',
  300: 'unknown sender',
  301: 'unknown recipient',
  303: 'invalid message type or mode',
  310: 'not allowed',
};

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
