// Дія's REST verification face, /diia/v1 (behind Трембіта's ECredentialVerification_v1): verify a code (and consume
// it), resolve a barcode without consuming it, request a copy and read its status. Refusals are problem+json with a
// stable `code`; every attempt is journalled by the kit's `inbound` wrapper.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { json, problem } from '../../../core/problem.ts';
import { inbound, reject, type Answer, type Face } from '../../kit/index.ts';
import type { DiiaDeps } from '../actions.ts';
import { DIIA } from '../messages.ts';
import { DIIA_SERVICES, E_CREDENTIAL_TYPE, isEan13, type VerifyRefusal } from '../public.ts';
import { iso, type ConsumeResult } from '../state.ts';

export const DIIA_OPENAPI = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

const STATUS: Record<VerifyRefusal, number> = {
  'no-identifier': 400,
  'malformed-code': 400,
  'unknown-code': 404,
  'code-used': 409,
  'wrong-document-type': 400,
  'code-expired': 410,
  'credential-revoked': 422,
  'credential-expired': 422,
  'hr-data-missing': 422,
  'diia-unavailable': 503,
};

/** A refusal as problem+json: the code's status and its English title (messages.ts holds both languages). */
export function refusal(code: VerifyRefusal, detail: string): Response {
  return problem({ code, title: DIIA[code].text.en, status: STATUS[code], detail }, code === 'diia-unavailable' ? { 'retry-after': '60' } : {});
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What the request entry says of a verification or copy request: how the code was given, and who asked on Трембіта. */
function describeCall(c: Context, body: unknown) {
  const b = isObject(body) ? body : {};
  const via = typeof b.qrCode === 'string' ? 'qrCode' : typeof b.barcode === 'string' ? 'barcode' : undefined;
  const xRoadId = c.req.header('x-road-id');
  return {
    ...(xRoadId ? { messageId: xRoadId } : {}),
    data: {
      ...(via ? { via } : {}),
      ...(typeof b.barcode === 'string' ? { barcode: b.barcode } : {}),
      ...(typeof b.requestId === 'string' ? { requestId: b.requestId } : {}),
      ...xRoadFacts(c),
    },
  };
}

export function xRoadFacts(c: Context): Record<string, string> {
  const client = c.req.header('x-road-client');
  const userId = c.req.header('x-road-userid');
  return { ...(client ? { xRoadClient: client } : {}), ...(userId ? { userId } : {}) };
}

/** The journal's facts of a verification's result, for assertions (no personal data: the credential is in the body). */
export function resultFacts(r: ConsumeResult, now: number): Record<string, unknown> {
  const p = r.presentation;
  return {
    result: r.ok ? 'valid' : 'refused',
    ...(r.ok ? { verificationId: r.verificationId } : { code: r.code }),
    ...(r.via ? { via: r.via } : {}),
    ...(p
      ? { presentationId: p.presentationId, officialId: p.officialId, documentId: p.documentId, barcode: p.barcode, expiresAt: iso(p.expiresAt), ageMs: now - p.generatedAt }
      : {}),
  };
}

export function mountRest(app: Hono, d: DiiaDeps, face: Face): void {
  app.get('/diia/v1/openapi.yaml', () => new Response(DIIA_OPENAPI, { headers: { 'content-type': 'application/yaml; charset=utf-8' } }));

  app.post(
    '/diia/v1/verifications',
    inbound(face, { service: DIIA_SERVICES.verify, body: 'json', ownFaults: ['outage'], describe: describeCall }, ({ body, fault }): Answer => {
      if (fault?.kind === 'outage') return outage(fault.id);
      if (!isObject(body)) return reject(notObject(), { problem: 'invalid-body' });
      const now = d.now();
      const r = d.state.consume(body, now);
      const data = resultFacts(r, now);
      if (!r.ok) {
        const response = refusal(r.code, r.detail);
        return r.code === 'no-identifier' || r.code === 'malformed-code' ? reject(response, data) : { response, outcome: 'refused', data, intact: true };
      }
      return {
        response: json({ result: 'valid', verificationId: r.verificationId, verifiedAt: iso(now), credential: r.presentation.credential }),
        outcome: 'valid',
        data,
      };
    }),
  );

  app.get(
    '/diia/v1/codes/:barcode',
    inbound(face, { service: DIIA_SERVICES.resolve, body: 'none', describe: (c) => ({ data: { barcode: c.req.param('barcode') ?? '', ...xRoadFacts(c) } }) }, ({ c }): Answer => {
      const barcode = c.req.param('barcode') ?? '';
      if (!isEan13(barcode)) return reject(refusal('malformed-code', 'the barcode must be 13 digits with a valid EAN-13 check digit'), { code: 'malformed-code' });
      const found = d.state.resolve(barcode, d.now());
      if (!found) return { response: refusal('unknown-code', 'Дія has no record with the presented code'), outcome: 'refused', data: { code: 'unknown-code' }, intact: true };
      return {
        response: json({ state: found.state, documentType: E_CREDENTIAL_TYPE, expiresAt: iso(found.presentation.expiresAt) }),
        outcome: found.state,
        data: { state: found.state, presentationId: found.presentation.presentationId },
      };
    }),
  );

  app.post(
    '/diia/v1/copy-requests',
    inbound(face, { service: DIIA_SERVICES.copyRequest, body: 'json', describe: describeCall }, ({ body }): Answer => {
      if (!isObject(body)) return reject(notObject(), { problem: 'invalid-body' });
      const { qrCode, barcode, documentType, requestId, purpose, keepDays } = body;
      const identifier = { qrCode, barcode, documentType };
      // the identifier's own form first (as a verification), then the request's fields, before the code is spent
      const shape = d.state.identifierProblem(identifier);
      if (shape) return reject(refusal(shape.code, shape.detail), { code: shape.code });
      const errors = copyFieldErrors(requestId, purpose, keepDays);
      if (errors.length > 0) {
        return reject(
          problem({ code: 'invalid-copy-request', title: 'The copy request breaks the contract', status: 400, detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }),
          { problem: 'invalid-copy-request', fields: errors.map((e) => e.field) },
        );
      }
      if (d.state.copyRequest(requestId as string)) {
        return reject(problem({ code: 'request-id-conflict', title: 'requestId already used', status: 409, detail: `a copy request ${String(requestId)} exists already` }), { problem: 'request-id-conflict' });
      }
      const now = d.now();
      const r = d.state.consume(identifier, now, 'copy-request');
      const data = { ...resultFacts(r, now), requestId, keepDays };
      if (!r.ok) return { response: refusal(r.code, r.detail), outcome: 'refused', data, intact: true };
      d.state.openCopyRequest({ requestId: requestId as string, purpose: purpose as string, keepDays: keepDays as number }, r.presentation, now);
      return { response: json({ requestId, status: 'awaiting-consent' }, 202), outcome: 'awaiting-consent', data };
    }),
  );

  app.get(
    '/diia/v1/copy-requests/:requestId',
    inbound(face, { service: DIIA_SERVICES.copyRequest, body: 'none', describe: (c) => ({ messageId: c.req.param('requestId') ?? '', data: { requestId: c.req.param('requestId') ?? '', ...xRoadFacts(c) } }) }, ({ c }): Answer => {
      const requestId = c.req.param('requestId') ?? '';
      const r = d.state.copyRequest(requestId);
      if (!r) return reject(problem({ code: 'unknown-request', title: 'No such copy request', status: 404, detail: `Дія has no copy request ${requestId}` }), { problem: 'unknown-request' });
      return { response: json({ requestId, status: r.status }), outcome: r.status, data: { requestId, status: r.status } };
    }),
  );
}

function outage(id: number): Answer {
  return { response: refusal('diia-unavailable', `Дія is in an outage window (fault ${id})`), outcome: 'fault:outage', data: { code: 'diia-unavailable' }, intact: true };
}

function notObject(): Response {
  return problem({ code: 'invalid-body', title: 'Request body is not a JSON object', status: 400, detail: 'the body must be a JSON object such as {"barcode": "…"}' });
}

function copyFieldErrors(requestId: unknown, purpose: unknown, keepDays: unknown): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (typeof requestId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(requestId)) errors.push({ field: 'requestId', message: 'a string of 1–128 letters, digits, . _ : -' });
  if (typeof purpose !== 'string' || purpose.trim() === '' || purpose.length > 500) errors.push({ field: 'purpose', message: 'a text of 1–500 characters' });
  if (typeof keepDays !== 'number' || !Number.isInteger(keepDays) || keepDays < 1 || keepDays > 30) errors.push({ field: 'keepDays', message: 'a whole number of days, 1–30' });
  return errors;
}
