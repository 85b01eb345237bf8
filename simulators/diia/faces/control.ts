// The harness's side of Дія (/__polihon/…): the shared control API, and the actions a scenario calls — seed officials,
// have one present an е-Посвідчення, refresh its code, revoke the physical credential, dismiss the official, answer a
// copy request. Over the network only the harness reaches these (the participant's port answers clock and health).
import type { Hono } from 'hono';
import { z } from 'zod';
import { json, problem } from '../../../core/problem.ts';
import { mountControl, parseBody, readJson } from '../../kit/index.ts';
import { consent, present, refresh, type DiiaDeps } from '../actions.ts';
import { DIIA } from '../messages.ts';
import { fillOfficials, OfficialsBodySchema, type Official } from '../officials.ts';
import { presentView, iso, type Presentation } from '../state.ts';

const PresentSchema = z.strictObject({ official: z.string().min(1), authenticated: z.boolean().optional() });
const RefreshSchema = z.strictObject({ presentationId: z.string().min(1) });
const OfficialSchema = z.strictObject({ official: z.string().min(1) });
const ConsentSchema = z.strictObject({ requestId: z.string().min(1), accept: z.boolean() });

/** An official as the `officials` action answers (no photo: it is large and says nothing to a scenario). */
function officialView(o: Official) {
  const { photo: _photo, revokedAt, dismissedAt, ...rest } = o;
  return { ...rest, ...(revokedAt === undefined ? {} : { revokedAt: iso(revokedAt) }), ...(dismissedAt === undefined ? {} : { dismissedAt: iso(dismissedAt) }) };
}

function presentationView(p: Presentation, now: number) {
  return { ...presentView(p), officialId: p.officialId, state: p.usedAt !== undefined ? 'used' : now > p.expiresAt ? 'expired' : 'unused', ...(p.usedAt === undefined ? {} : { usedAt: iso(p.usedAt), usedFor: p.usedFor }) };
}

const unknownOfficial = (id: string) => problem({ code: 'unknown-official', title: 'No such official', status: 404, detail: `Дія has no official '${id}'`, hint: 'Seed them first with the officials action.' });

export function mountDiiaControl(app: Hono, d: DiiaDeps, reset: () => void, settle?: () => Promise<void>): void {
  mountControl(app, { name: 'diia', ctx: d.ctx, faults: d.faults, reset, ...(settle ? { settle } : {}) });

  const body = async <S extends z.ZodType>(req: Request, schema: S, code: string) => {
    const read = await readJson(req);
    if (!read.ok) return { ok: false as const, response: read.response };
    return parseBody(schema, read.value, code, 'The action’s body does not match');
  };

  app.post('/__polihon/officials', async (c) => {
    const b = await body(c.req.raw, OfficialsBodySchema, 'invalid-officials');
    if (!b.ok) return b.response;
    const ids = b.value.officials.map((o) => o.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) return problem({ code: 'invalid-officials', title: 'The action’s body does not match', status: 422, detail: `official id '${twice}' is given twice`, errors: [{ field: 'officials', message: `duplicate id ${twice}` }] });
    const filled = fillOfficials(b.value.officials, d.ctx.rng, d.now(), () => d.state.uuid());
    d.state.seedOfficials(filled);
    return json({ officials: filled.map((o) => officialView(d.state.official(o.id)!)) });
  });
  app.get('/__polihon/officials', (c) => c.json({ officials: d.state.officials().map(officialView) }));

  app.post('/__polihon/present', async (c) => {
    const b = await body(c.req.raw, PresentSchema, 'invalid-present');
    if (!b.ok) return b.response;
    const out = await present(d, b.value.official, b.value.authenticated ?? true);
    if (out.ok) return json(presentView(out.presentation), 201);
    if (out.code === 'unknown-official') return unknownOfficial(b.value.official);
    return problem({ code: out.code, title: DIIA[out.code].text.en, status: 422, detail: out.detail, ...(out.missing ? { errors: out.missing.map((field) => ({ field, message: 'missing in the HR record' })) } : {}) });
  });

  app.post('/__polihon/refresh', async (c) => {
    const b = await body(c.req.raw, RefreshSchema, 'invalid-refresh');
    if (!b.ok) return b.response;
    const p = refresh(d, b.value.presentationId);
    if (!p) return problem({ code: 'unknown-presentation', title: 'No such presentation', status: 404, detail: `Дія has no presentation ${b.value.presentationId}` });
    return json(presentView(p), 201);
  });

  app.get('/__polihon/presentations', (c) => c.json({ presentations: d.state.presentations().map((p) => presentationView(p, d.now())) }));

  app.post('/__polihon/revoke', async (c) => {
    const b = await body(c.req.raw, OfficialSchema, 'invalid-revoke');
    if (!b.ok) return b.response;
    const o = d.state.revoke(b.value.official, d.now());
    if (!o) return unknownOfficial(b.value.official);
    d.ctx.journal.append({ kind: 'event', channel: 'direct', from: 'harness', to: 'diia', service: 'diia.present', outcome: 'credential-revoked', data: { officialId: o.id, revokedAt: iso(o.revokedAt!) } });
    return json({ official: o.id, revokedAt: iso(o.revokedAt!) });
  });

  app.post('/__polihon/dismiss', async (c) => {
    const b = await body(c.req.raw, OfficialSchema, 'invalid-dismiss');
    if (!b.ok) return b.response;
    const o = d.state.dismiss(b.value.official, d.now());
    if (!o) return unknownOfficial(b.value.official);
    d.ctx.journal.append({ kind: 'event', channel: 'direct', from: 'harness', to: 'diia', service: 'diia.present', outcome: 'dismissed', data: { officialId: o.id, dismissedAt: iso(o.dismissedAt!), hr: o.hr } });
    return json({ official: o.id, dismissedAt: iso(o.dismissedAt!), hr: o.hr });
  });

  app.post('/__polihon/consent', async (c) => {
    const b = await body(c.req.raw, ConsentSchema, 'invalid-consent');
    if (!b.ok) return b.response;
    const out = await consent(d, b.value.requestId, b.value.accept);
    if (out.type === 'unknown') return problem({ code: 'unknown-request', title: 'No such copy request', status: 404, detail: `Дія has no copy request ${b.value.requestId}` });
    if (out.type === 'answered-already') {
      return problem({ code: 'already-answered', title: 'The copy request was answered already', status: 409, detail: `copy request ${b.value.requestId} is ${out.request.status}` });
    }
    if (out.type === 'no-route') {
      return problem({
        code: 'no-endpoint',
        title: 'No participant to deliver the copy to',
        status: 409,
        detail: "neither endpoints.trembita nor the participant's REST endpoint is set",
        hint: 'Serve the trembita simulator in the same host, or set the participant’s endpoints.',
      });
    }
    return json({ requestId: out.request.requestId, status: out.request.status, ...(out.delivery ? { delivery: out.delivery } : {}) });
  });

  app.get('/__polihon/copy-requests', (c) => c.json({ copyRequests: d.state.copyRequests() }));
}
