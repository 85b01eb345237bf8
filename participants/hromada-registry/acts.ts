// The act pipeline (DMS-01, DMS-02, DMS-04, DMS-06): a driver action performed now (simulator time) becomes an act for
// ДМС, sent and retried under the same actId and bytes, complete only once ДМС confirms it (polled for while it does
// not), and then applied to the register. The work loop in registry.ts decides when each step is due.
import { withWrongCheckDigit } from './identifiers.ts';
import { misreport, wrongTarget } from './misreport.ts';
import { FIRST_POLL_MS, MAX_POLL_MS, iso, outgoing, parseJson, sha256Hex, type Action, type Outgoing, type ProblemOut } from './model.ts';
import type { RegistryContext } from './state.ts';
import { kyivDate, type SimClock } from './time.ts';
import type { ActionInput, Person } from './validate.ts';
import { variantJson, variantPerson, variantTime } from './variants.ts';

/** Person fields in the contract's order, so the body reads like §1 of contracts.md. */
function wirePerson(p: Person, corruptRnokpp: boolean): Person {
  const out: Person = {};
  if (p.lastName !== undefined) out.lastName = p.lastName;
  if (p.firstName !== undefined) out.firstName = p.firstName;
  if (p.patronymic !== undefined) out.patronymic = p.patronymic;
  if (p.birthDate !== undefined) out.birthDate = p.birthDate;
  if (p.sex !== undefined) out.sex = p.sex;
  if (p.rnokpp !== undefined) out.rnokpp = corruptRnokpp ? withWrongCheckDigit(p.rnokpp) : p.rnokpp;
  if (p.unzr !== undefined) out.unzr = p.unzr;
  if (p.document !== undefined) out.document = { type: p.document.type, number: p.document.number };
  return out;
}

/**
 * Performs a registration action now (simulator time) and queues its act for ДМС.
 * Answers a problem when the registry cannot act: not configured, unknown `cancels`, no simulator time.
 */
export async function perform(ctx: RegistryContext, input: ActionInput): Promise<{ ok: true; ref: string } | { ok: false; problem: ProblemOut }> {
  const { state, link } = ctx;
  const route = link.actRoute(input.kind);
  if (!route) {
    return {
      ok: false,
      problem: {
        status: 409,
        code: 'not-configured',
        title: 'The registry does not know where ДМС is',
        detail: 'Neither Трембіта nor a ДМС endpoint has been given.',
        hint: 'POST /driver/reset { simulators: { trembita, dms }, clock } first (or start with TREMBITA_URL or DMS_URL set)',
      },
    };
  }
  const target = input.cancels !== undefined ? state.actions.get(input.cancels) : undefined;
  if (input.cancels !== undefined && !target) {
    return {
      ok: false,
      problem: {
        status: 422,
        code: 'invalid-action',
        title: 'Invalid action',
        detail: `cancels names no action of this registry: '${input.cancels}'`,
        errors: [{ field: 'cancels', message: `no action with ref '${input.cancels}' (refs come from POST /driver/actions)` }],
      },
    };
  }
  const gen = link.gen;
  const now = await link.freshNow();
  if (gen !== link.gen) {
    return {
      ok: false,
      problem: { status: 409, code: 'reset-in-progress', title: 'The registry was reset meanwhile', detail: 'Send the action again.' },
    };
  }
  if (now === null) {
    return {
      ok: false,
      problem: {
        status: 503,
        code: 'clock-unavailable',
        title: 'The simulator clock cannot be read',
        detail: `GET ${link.effectiveClockUrl() ?? '(no clock URL)'} gave no reading, and no simulator time is known yet.`,
        hint: 'is the simulator running, and is the clock URL of POST /driver/reset right?',
      },
    };
  }
  const { has, variant, config } = ctx;
  const actId = state.nextActId();
  const ref = state.currentRef();
  const corrupt = has('invalid-rnokpp');
  const body: Record<string, unknown> = {
    actId,
    kind: input.kind,
    performedAt: variantTime(now, variant),
    registrationBody: { edrpou: config.edrpou, katottg: config.katottg, name: config.name },
    person: wirePerson(variantPerson(input.person, variant), corrupt),
  };
  if (input.address) body.address = input.address;
  misreport(body, kyivDate(now), has, variant, state.dayAddress);
  if (target) body.cancelsActId = has('cancel-wrong-act') ? wrongTarget(state.actions.values(), target, input.person).actId : target.actId;
  if (input.firstEntry !== undefined && !has('drop-first-entry')) body.firstEntry = input.firstEntry;
  const action: Action = {
    ref,
    kind: input.kind,
    person: input.person,
    actId,
    performedAt: now,
    status: 'pending',
    route,
    outbox: outgoing(actId, route.acts, route.xroad, variantJson(body, variant), 'dms.act.submit', !has('no-journal'), input.kind),
    parked: input.kind === 'cancellation' && has('ignore-cancellation'),
    poll: { inFlight: false, nextAt: 0, interval: FIRST_POLL_MS },
    readyAt: has('slow-work') ? performance.now() + 1000 + Math.random() * 1000 : 0,
    loseAnswer: has('retry-same-id'),
    cancelled: false,
  };
  if (input.address) action.address = input.address;
  if (target) action.target = target;
  if (has('duplicate-act') && (input.kind === 'declaration' || input.kind === 'registration')) {
    const dupId = state.nextActId();
    action.duplicate = outgoing(dupId, route.acts, route.xroad, variantJson({ ...body, actId: dupId }, variant), 'dms.act.submit', !has('no-journal'), input.kind);
  }
  state.actions.set(ref, action);
  if (!action.parked) state.outbox.push(action);
  ctx.kick();
  return { ok: true, ref };
}

/** The action as GET /driver/actions/{ref} shows it (contracts §5). */
export function actionView(a: Action): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ref: a.ref,
    kind: a.kind,
    status: a.status,
    actId: a.actId,
    performedAt: iso(a.performedAt),
  };
  if (a.dmsActId !== undefined) view.dmsActId = a.dmsActId;
  if (a.confirmation !== undefined) view.confirmation = a.confirmation;
  if (a.problem !== undefined) view.problem = a.problem;
  return view;
}

export function dayEnded(clock: SimClock, a: Action): boolean {
  const now = clock.now();
  return now !== null && kyivDate(now) > kyivDate(a.performedAt);
}

export async function sendAct(ctx: RegistryContext, a: Action): Promise<void> {
  const { link } = ctx;
  const gen = link.gen;
  const r = await link.transmit(a.outbox);
  if (gen !== link.gen || r.kind === 'stale') return;
  if (r.kind === 'answer' && a.loseAnswer) {
    // retry-same-id: as if the answer never came back; the same actId and bytes again must be safe
    a.loseAnswer = false;
    ctx.retryLater(a.outbox, 'answer lost');
    return;
  }
  if (r.kind === 'transient') {
    ctx.retryLater(a.outbox, r.reason);
    return;
  }
  a.outbox.state = 'done';
  const b = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
  if (r.status >= 200 && r.status < 300) {
    if (typeof b.dmsActId === 'string') a.dmsActId = b.dmsActId;
    if (b.status === 'confirmed' && b.confirmation !== undefined) complete(ctx, a, b.confirmation, r.text, r.time);
    else if (ctx.has('complete-without-confirmation')) complete(ctx, a, undefined, r.text, r.time);
    else {
      a.status = 'sent';
      a.poll = { inFlight: false, nextAt: performance.now() + FIRST_POLL_MS, interval: FIRST_POLL_MS, lastVirtual: ctx.clock.now() ?? a.performedAt };
    }
  } else {
    a.status = 'rejected';
    a.problem = r.body ?? r.text;
    ctx.config.log(`act ${a.actId} rejected by ДМС: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  }
  ctx.kick();
}

/** duplicate-act: the copy under its own actId, sent until ДМС answers it anything but a transient failure. */
export async function sendDuplicate(ctx: RegistryContext, dup: Outgoing): Promise<void> {
  const gen = ctx.link.gen;
  const r = await ctx.link.transmit(dup);
  if (gen !== ctx.link.gen || r.kind === 'stale') return;
  if (r.kind === 'transient') ctx.retryLater(dup, r.reason);
  else dup.state = 'done';
}

export async function pollAct(ctx: RegistryContext, a: Action): Promise<void> {
  const { link, clock, journal } = ctx;
  const gen = link.gen;
  a.poll.inFlight = true;
  a.poll.lastVirtual = clock.now() ?? a.poll.lastVirtual;
  // a status poll is a message too (XCH-03): its body is empty, its id the act's
  const entry = journal.record({ messageId: a.actId, direction: 'out', counterpart: 'dms', service: 'dms.act.status', time: journal.timeFor(null), sha256: sha256Hex('') }, a.kind);
  try {
    const res = await link.call(`${a.route.acts}/${encodeURIComponent(a.actId)}`, {
      method: 'GET',
      headers: { accept: 'application/json', ...(a.route.xroad ? link.xroadHeaders() : {}) },
    });
    if (gen !== link.gen) return;
    journal.received(entry, res.headers.get('x-polihon-time'));
    const text = await res.text();
    const body = parseJson(text) as Record<string, unknown> | undefined;
    if (res.status === 200 && body && typeof body === 'object') {
      if (typeof body.dmsActId === 'string') a.dmsActId = body.dmsActId;
      if (body.status === 'confirmed' && body.confirmation !== undefined) {
        complete(ctx, a, body.confirmation, text, res.headers.get('x-polihon-time'));
        return;
      }
    }
  } catch {
    // unreachable or timed out: asked again on the next turn
  } finally {
    if (gen === link.gen) {
      a.poll.inFlight = false;
      a.poll.nextAt = performance.now() + a.poll.interval;
      a.poll.interval = Math.min(a.poll.interval * 2, MAX_POLL_MS);
      if (a.status === 'sent' && dayEnded(clock, a)) a.status = 'confirmation-missing';
    }
  }
}

function complete(ctx: RegistryContext, a: Action, confirmation: unknown, rawText: string, time: string | null): void {
  a.status = 'complete';
  if (confirmation !== undefined) {
    a.confirmation = confirmation;
    const c = confirmation as Record<string, unknown>;
    ctx.journal.record({
      messageId: typeof c.id === 'string' ? c.id : a.actId,
      direction: 'in',
      counterpart: 'dms',
      service: 'dms.act.confirmation',
      time: ctx.journal.timeFor(time),
      sha256: sha256Hex(rawText),
    });
  }
  ctx.state.applyEffect(a);
}
