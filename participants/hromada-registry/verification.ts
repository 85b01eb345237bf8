// Verification answers (DMS-07): a request from ДМС is journalled, acknowledged, and answered once at `replyTo` with
// whether the person is found and the registrations the register holds for them. When the answer may go is
// schedule.ts's (answerAt); the work loop in registry.ts sends it then.
import { iso, outgoing, sameIds, sha256Hex, type Entry, type FaultName, type PendingAnswer } from './model.ts';
import type { RegistryContext, RegistryState } from './state.ts';
import type { Person, VerificationRequest } from './validate.ts';
import { variantJson, variantRegistrations, variantTime } from './variants.ts';

/** Records a verification request (raw body for the journal hash); false when its requestId was seen before. */
export function receiveVerification(ctx: RegistryContext, request: VerificationRequest, rawBody: Uint8Array, headerTime: string | null): boolean {
  ctx.clock.observeHeader(headerTime);
  // Without any simulator time (no clock URL, no header) the request's own sentAt is the best business time;
  // only a caller that gives neither leaves the local clock as the last resort.
  const receivedAt = ctx.clock.now() ?? request.sentAt ?? Date.now();
  journalRequest(ctx, request.requestId, rawBody, receivedAt);
  // ДМС may deliver the same request twice; it is answered once.
  if (ctx.state.answers.has(request.requestId)) return false;
  ctx.state.answers.set(request.requestId, {
    request,
    receivedAt,
    state: 'held',
    attempts: 0,
    nextAt: 0,
  });
  return true;
}

/**
 * A verification request refused as malformed is still a message exchanged (XCH-03): journalled under the id it
 * names, or its X-Road-Id when it names none.
 */
export function refuseVerification(ctx: RegistryContext, messageId: string, rawBody: Uint8Array, headerTime: string | null): void {
  ctx.clock.observeHeader(headerTime);
  journalRequest(ctx, messageId, rawBody, ctx.clock.now() ?? Date.now());
}

function journalRequest(ctx: RegistryContext, messageId: string, rawBody: Uint8Array, at: number): void {
  ctx.journal.record({ messageId, direction: 'in', counterpart: 'dms', service: 'dms.verification.request', time: iso(at), sha256: sha256Hex(rawBody) });
}

/** Called once the 202 has gone out, so ДМС sees the acknowledgement before the answer. */
export function release(ctx: RegistryContext, requestId: string): void {
  const p = ctx.state.answers.get(requestId);
  if (p?.state === 'held') p.state = 'waiting';
  ctx.kick();
}

/**
 * The registrations a verification answer lists: the person's current ones (contracts §2). Under
 * verification-lists-others one other resident's too; under found-after-removal the removed ones as well.
 */
function heldFor(state: RegistryState, person: Person, has: (name: FaultName) => boolean): Entry[] {
  const own = state.residents.filter((e) => sameIds(e.person, person));
  if (has('found-after-removal')) own.push(...state.removedEntries.filter((e) => sameIds(e.person, person) && !state.residents.includes(e)));
  const other = has('verification-lists-others') ? state.residents.find((e) => !sameIds(e.person, person)) : undefined;
  return other ? [...own, other] : own;
}

export async function sendAnswer(ctx: RegistryContext, p: PendingAnswer): Promise<void> {
  const { link, variant } = ctx;
  const gen = link.gen;
  p.state = 'in-flight';
  if (!p.out) {
    const now = ctx.clock.now() ?? (await link.freshNow());
    if (gen !== link.gen) return;
    const held = heldFor(ctx.state, p.request.person, ctx.has);
    const registrations = held.map((e) => ({ actId: e.actId, kind: e.kind, performedAt: variantTime(e.performedAt, variant), address: e.address }));
    const body = {
      requestId: p.request.requestId,
      answeredAt: variantTime(now ?? p.receivedAt, variant),
      found: held.some((e) => sameIds(e.person, p.request.person)),
      registrations: variantRegistrations(registrations, variant),
    };
    const to = link.answerRoute(p.request.replyTo);
    p.out = outgoing(p.request.requestId, to.url, to.xroad, variantJson(body, variant), 'dms.verification.answer', true);
  }
  const r = await link.transmit(p.out);
  if (gen !== link.gen || r.kind === 'stale') return;
  p.attempts = p.out.attempts;
  if (r.kind === 'transient') {
    ctx.retryLater(p.out, r.reason);
    p.state = 'waiting';
    p.nextAt = p.out.nextAt;
    return;
  }
  p.state = 'done';
  p.out.state = 'done';
  if (r.status >= 300) {
    ctx.config.log(`verification answer ${p.request.requestId} refused by ДМС: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  }
}
