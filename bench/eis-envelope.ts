// The envelope the bare sender of section 9 posts: the shape of the ЄІС МВС simulator's own (its contract.ts
// envelopeBody), so the baseline does the same HTTP exchange. bench.test.ts holds the two side by side.
import { randomUUID } from 'node:crypto';

/** the central subsystem and the participant, as the simulator names them by default */
export const EIS_FROM = 'SEVDEIR-TEST/GOV/00032684/EIS_MVS';
export const EIS_PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
const ACK_TIMEOUT_MS = 5 * 60_000;

export function bareEnvelope(seq: number, at: number) {
  return {
    messageId: randomUUID(),
    envelopeId: randomUUID(),
    mode: 'notification-ack' as const,
    from: EIS_FROM,
    to: EIS_PARTICIPANT,
    type: 'eis.notice',
    try: 1,
    maxTries: 3,
    createdAt: new Date(at).toISOString(),
    sentAt: new Date(at).toISOString(),
    ackBy: new Date(at + ACK_TIMEOUT_MS).toISOString(),
    payload: { seq },
  };
}

/** Whether `answer` (status, text) is the participant's positive ack of exactly this envelope. */
export function isAckOf(env: { messageId: string; envelopeId: string }, status: number, text: string): boolean {
  let ack: { messageId?: unknown; envelopeId?: unknown; code?: unknown; from?: unknown } | undefined;
  try {
    ack = JSON.parse(text) as typeof ack;
  } catch {
    return false;
  }
  return status === 200 && ack?.messageId === env.messageId && ack.envelopeId === env.envelopeId && ack.code === 100 && ack.from === EIS_PARTICIPANT;
}
