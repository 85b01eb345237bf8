// What the person and the harness make Дія do: present an е-Посвідчення (forming it from HR data first), refresh its
// code, answer a copy request (and deliver the copy). The control API and the phone page both call these, so a code
// refreshed on the phone and one refreshed by a scenario are journalled the same way.
import type { XRoadId } from '../../core/identifiers/xroad-id.ts';
import type { FaultSet, SimulatorContext } from '../../core/simulator.ts';
import type { createBackgroundWork } from '../kit/index.ts';
import { deliverCopy, fetchHr, routeTo, type CopyDelivery } from './outbound.ts';
import { DIIA_SERVICES, DIIA_XROAD_SERVICES, E_CREDENTIAL_TYPE, type PresentRefusal } from './public.ts';
import { formCredential, iso, simulatedHr, type CopyRequest, type DiiaState, type HrRecord, type Presentation } from './state.ts';

export interface DiiaDeps {
  ctx: SimulatorContext;
  state: DiiaState;
  faults: FaultSet;
  background: ReturnType<typeof createBackgroundWork>;
  /** Дія's own subsystem and the participant's, on Трембіта */
  xroad: { client: XRoadId; participant: XRoadId };
  /** how Дія reaches the participant: through Трембіта when the host has one (read at each call), else directly */
  routeOf: () => 'trembita' | 'direct';
  now: () => number;
}

export type PresentOutcome =
  | { ok: true; presentation: Presentation }
  | { ok: false; code: PresentRefusal | 'unknown-official'; detail: string; missing?: string[] };

/** The official asks the app for an е-Посвідчення (DIIA-01..05): formed from HR data now, with a new code. */
export async function present(d: DiiaDeps, officialId: string, authenticated = true): Promise<PresentOutcome> {
  const o = d.state.official(officialId);
  if (!o) return { ok: false, code: 'unknown-official', detail: `Дія has no official '${officialId}' (seed them with the officials action)` };
  const base = { officialId: o.id, hr: o.hr };
  const event = (outcome: string, data: Record<string, unknown>) =>
    d.ctx.journal.append({ kind: 'event', channel: 'direct', from: 'diia', to: 'diia', service: DIIA_SERVICES.present, outcome, data: { ...base, ...data } });
  if (!authenticated || !o.authenticated) {
    const detail = 'the official has not passed electronic identification in Дія (DIIA-02)';
    event('not-authenticated', { code: 'not-authenticated' });
    return { ok: false, code: 'not-authenticated', detail };
  }
  let hr: HrRecord;
  if (o.hr === 'participant') {
    const fetched = await d.background.track(participantHr(d, o.rnokpp));
    if (fetched.type !== 'record') {
      const code: PresentRefusal = fetched.type === 'unknown-official' ? 'hr-data-missing' : 'hr-unavailable';
      const detail = fetched.type === 'unknown-official' ? 'the HR system holds no record of this official' : `the HR system could not be asked: ${fetched.reason}`;
      event(code, { code, detail });
      return { ok: false, code, detail };
    }
    hr = fetched.record;
  } else {
    hr = simulatedHr(o, d.now());
  }
  const formed = formCredential(o, hr, d.now());
  if (!formed.ok) {
    event(formed.code, { code: formed.code, ...(formed.missing ? { missing: formed.missing } : {}) });
    return formed;
  }
  const p = d.state.present(o, formed.credential, d.now());
  event('presented', presentationFacts(p));
  return { ok: true, presentation: p };
}

/** "Оновити код": a new code for the same credential; undefined for an unknown presentation. */
export function refresh(d: DiiaDeps, presentationId: string): Presentation | undefined {
  const p = d.state.refresh(presentationId, d.now());
  if (p) {
    d.ctx.journal.append({ kind: 'event', channel: 'direct', from: 'diia', to: 'diia', service: DIIA_SERVICES.present, outcome: 'refreshed', data: { officialId: p.officialId, hr: p.hr, ...presentationFacts(p) } });
  }
  return p;
}

export type ConsentOutcome =
  | { type: 'unknown' }
  | { type: 'answered-already'; request: CopyRequest }
  | { type: 'no-route'; request: CopyRequest }
  | { type: 'ok'; request: CopyRequest; delivery?: CopyDelivery };

/** The person answers a copy request (DIIA-13); on consent the copy goes to the participant at once. */
export async function consent(d: DiiaDeps, requestId: string, accept: boolean): Promise<ConsentOutcome> {
  const answered = d.state.answerCopyRequest(requestId, accept, d.now());
  if (answered.type !== 'ok') return answered;
  const r = answered.request;
  d.ctx.journal.append({
    kind: 'event',
    channel: 'direct',
    from: 'diia',
    to: 'diia',
    service: DIIA_SERVICES.copyRequest,
    messageId: requestId,
    outcome: accept ? 'consented' : 'refused',
    data: { requestId, barcode: r.barcode, consent: accept },
  });
  if (!accept) return { type: 'ok', request: r };
  const route = routeTo(d.ctx, d.routeOf(), d.xroad.client, d.xroad.participant, DIIA_XROAD_SERVICES.copies);
  const p = d.state.presentation(r.presentationId);
  if (!route || !p) {
    d.state.recordDelivery(requestId, { status: 0, error: 'no endpoint for the participant’s ECredentialCopies_v1' }, d.now());
    return { type: 'no-route', request: r };
  }
  const meta = {
    requestId,
    barcode: r.barcode,
    documentTypes: [E_CREDENTIAL_TYPE] as ['e-credential'],
    data: { 'e-credential': p.credential },
    purpose: r.purpose,
    keepUntil: iso(d.now() + r.keepDays * 86_400_000),
  };
  const delivery = await d.background.track(deliverCopy(d.ctx, route, meta, d.faults.take(DIIA_SERVICES.copyDeliver), () => d.state.uuid()));
  d.state.recordDelivery(requestId, { status: delivery.status, ...(delivery.success === undefined ? {} : { success: delivery.success }), ...(delivery.error ? { error: delivery.error } : {}) }, d.now());
  return { type: 'ok', request: r, delivery };
}

async function participantHr(d: DiiaDeps, rnokpp: string) {
  const fault = d.faults.take(DIIA_SERVICES.hrFetch);
  const route = routeTo(d.ctx, d.routeOf(), d.xroad.client, d.xroad.participant, DIIA_XROAD_SERVICES.hr);
  if (!route) return { type: 'unavailable' as const, reason: d.routeOf() === 'trembita' ? 'endpoints.trembita is not set' : "endpoints['participant.rest'] / ['participant.provider'] is not set" };
  return fetchHr(d.ctx, route, rnokpp, fault, d.state.uuid());
}

function presentationFacts(p: Presentation): Record<string, unknown> {
  return {
    presentationId: p.presentationId,
    documentId: p.documentId,
    barcode: p.barcode,
    generatedAt: iso(p.generatedAt),
    expiresAt: iso(p.expiresAt),
    ...(p.refreshedFrom ? { refreshedFrom: p.refreshedFrom } : {}),
  };
}
