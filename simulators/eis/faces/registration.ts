// The `eis-applicant` API, /eis/v1: file an application (a signed document with the questionnaire), read its state and
// decision, resubmit it after a rework, file the ОТД, read the integration letter, ask for activation. Bad input —
// malformed JSON, no questionnaire, a forged signature, another ЄДРПОУ's certificate, a replay — is refused with
// problem+json naming the field by JSON pointer, journalled by the kit's `inbound`, and changes nothing.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { t } from '../../../core/i18n.ts';
import { json, PROBLEM_CONTENT_TYPE, problem, type ProblemField } from '../../../core/problem.ts';
import { inbound, reject, type Answer, type Face } from '../../kit/index.ts';
import { settleDue, type EisDeps } from '../deps.ts';
import { EIS } from '../messages.ts';
import { EIS_SERVICES, normaliseFingerprint, type ActivationPart, type OtdSubsystem } from '../public.ts';
import { EDRPOU_RE, questionnaireReasons, SUBSYSTEM_RE } from '../questionnaire.ts';
import { checkSignature, type SignatureRefusalCode } from '../signature.ts';
import { applicationView, letterView, type RefusalCode } from '../state.ts';

export const EIS_OPENAPI = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

type Code = RefusalCode | SignatureRefusalCode | 'not-an-object' | 'missing-questionnaire' | 'stale-document' | 'activation-refused';

const STATUS: Record<Code, number> = {
  'not-an-object': 400,
  'missing-questionnaire': 422,
  'invalid-document': 422,
  'missing-signature': 422,
  'invalid-certificate': 422,
  'untrusted-certificate': 422,
  'wrong-certificate-kind': 422,
  'bad-signature': 422,
  'edrpou-mismatch': 422,
  'stale-document': 422,
  'replayed-document': 409,
  'application-open': 409,
  'already-registered': 409,
  'unknown-application': 404,
  'not-in-rework': 409,
  'unknown-participant': 409,
  'invalid-decision': 422,
  'not-registered': 409,
  'activation-refused': 409,
  'already-active': 409,
};

/** A signed document may be at most a day old, and at most 5 minutes ahead of the service's clock. */
const MAX_AGE_MS = 86_400_000;
const MAX_AHEAD_MS = 300_000;

/** A refusal as problem+json: its status, its English title (messages.ts has both), and the field by JSON pointer. */
export function refusal(code: Code, detail: string, field?: string): Response {
  const errors: ProblemField[] | undefined = field === undefined ? undefined : [{ field, message: detail }];
  return problem({ code, title: EIS[code].text.en, status: STATUS[code], detail, ...(errors ? { errors } : {}) });
}

/** A refusal of the request as sent: journalled 'rejected' with its code and field, nothing changed. */
function refused(code: Code, detail: string, field?: string): Answer {
  return reject(refusal(code, detail, field), { code, ...(field === undefined ? {} : { field }) });
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function strayKeys(o: Record<string, unknown>, allowed: readonly string[], at: string): Answer | undefined {
  const stray = Object.keys(o).find((k) => !allowed.includes(k));
  return stray === undefined ? undefined : refused('invalid-document', `'${stray}' is not a member of this document`, `${at}/${stray}`);
}

/** signedAt must be an ISO instant no older than a day and not ahead of the clock. */
function staleness(signedAt: unknown, at: string, now: number): Answer | undefined {
  const ms = typeof signedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(signedAt) ? Date.parse(signedAt) : NaN;
  if (Number.isNaN(ms)) return refused('invalid-document', 'signedAt must be an ISO 8601 instant such as 2026-03-10T10:00:00+02:00', at);
  if (now - ms > MAX_AGE_MS) return refused('stale-document', `signed at ${signedAt}, more than a day before ${new Date(now).toISOString()}`, at);
  if (ms - now > MAX_AHEAD_MS) return refused('stale-document', `signed at ${signedAt}, ahead of the service's clock (${new Date(now).toISOString()})`, at);
  return undefined;
}

type ParsedApplication = { ok: true; edrpou: string; questionnaire: Record<string, unknown>; hash: string; signer: string; chain: string } | { ok: false; answer: Answer };

/** Reads `{application: {questionnaire, signedAt}, signature}`, the same for filing and rework. */
async function readApplication(d: EisDeps, body: unknown): Promise<ParsedApplication> {
  const fail = (answer: Answer) => ({ ok: false as const, answer });
  if (!isObject(body)) return fail(refused('not-an-object', 'the body must be a JSON object {application, signature}', ''));
  const stray = strayKeys(body, ['application', 'signature'], '');
  if (stray) return fail(stray);
  const doc = body.application;
  if (!isObject(doc)) return fail(refused('invalid-document', 'the body has no application object {questionnaire, signedAt}', '/application'));
  const strayDoc = strayKeys(doc, ['questionnaire', 'signedAt'], '/application');
  if (strayDoc) return fail(strayDoc);
  const q = doc.questionnaire;
  if (!isObject(q)) return fail(refused('missing-questionnaire', 'the application has no questionnaire (Анкета) object: it cannot be considered (EIS-REG-02)', '/application/questionnaire'));
  if (typeof q.edrpou !== 'string' || !EDRPOU_RE.test(q.edrpou)) {
    return fail(refused('invalid-document', 'the questionnaire must name the participant’s ЄДРПОУ (8 digits) to match the signature to', '/application/questionnaire/edrpou'));
  }
  const stale = staleness(doc.signedAt, '/application/signedAt', d.now());
  if (stale) return fail(stale);
  const sig = await checkSignature(doc, body.signature, q.edrpou, d.pki, d.now());
  if (!sig.ok) return fail(refused(sig.code, sig.detail, sig.field));
  return { ok: true, edrpou: q.edrpou, questionnaire: q, hash: sig.documentHash, signer: sig.signer.sha256, chain: sig.chain };
}

/** An ОТД's subsystems, each checked where it stands: code, certificate fingerprints, services. */
function readSubsystems(v: unknown): { ok: true; subsystems: OtdSubsystem[] } | { ok: false; answer: Answer } {
  const bad = (detail: string, field: string) => ({ ok: false as const, answer: refused('invalid-document', detail, field) });
  if (!Array.isArray(v) || v.length === 0 || v.length > 20) return bad('subsystems must be a list of 1 to 20 subsystems', '/otd/subsystems');
  const out: OtdSubsystem[] = [];
  for (const [i, s] of v.entries()) {
    const at = `/otd/subsystems/${i}`;
    if (!isObject(s)) return bad('a subsystem is an object {code, certificates, services}', at);
    const stray = Object.keys(s).find((k) => !['code', 'certificates', 'services'].includes(k));
    if (stray) return bad(`'${stray}' is not a member of a subsystem`, `${at}/${stray}`);
    if (typeof s.code !== 'string' || !SUBSYSTEM_RE.test(s.code)) return bad('a subsystem code: Latin letters, digits, _ . -, up to 64 characters', `${at}/code`);
    if (out.some((o) => o.code === s.code)) return bad(`subsystem ${s.code} is listed twice`, `${at}/code`);
    if (!Array.isArray(s.certificates) || s.certificates.length === 0 || s.certificates.length > 10) return bad('1 to 10 certificate fingerprints', `${at}/certificates`);
    const certificates: string[] = [];
    for (const [j, c] of s.certificates.entries()) {
      const fp = typeof c === 'string' ? normaliseFingerprint(c) : '';
      if (!/^[0-9a-f]{64}$/.test(fp)) return bad('a SHA-256 certificate fingerprint: 64 hex digits (colons allowed)', `${at}/certificates/${j}`);
      certificates.push(fp);
    }
    if (!Array.isArray(s.services) || s.services.length === 0 || s.services.length > 50) return bad('1 to 50 service codes', `${at}/services`);
    const badService = s.services.findIndex((x) => typeof x !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(x));
    if (badService !== -1) return bad('a service code: Latin letters, digits, _ . -, up to 128 characters', `${at}/services/${badService}`);
    out.push({ code: s.code, certificates: [...new Set(certificates)], services: [...new Set(s.services as string[])] });
  }
  return { ok: true, subsystems: out };
}

function activationRefusal(missing: ActivationPart[]): Response {
  const reasons = missing.map((part) => ({ part, message: t(EIS[`part-${part}`], 'uk'), messageEn: t(EIS[`part-${part}`], 'en') }));
  const body = {
    type: 'https://polihon.test/problems/activation-refused',
    title: EIS['activation-refused'].text.en,
    status: 409,
    code: 'activation-refused',
    detail: `missing: ${reasons.map((r) => `${r.part} (${r.messageEn})`).join('; ')} (EIS-REG-01)`,
    errors: reasons.map((r) => ({ field: r.part, message: r.messageEn })),
    missing: reasons,
  };
  return new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': PROBLEM_CONTENT_TYPE } });
}

const idFacts = (c: Context) => ({ messageId: c.req.param('id') ?? '', data: { applicationId: c.req.param('id') ?? '' } });

export function mountRegistration(app: Hono, d: EisDeps, face: Face): void {
  const route = (service: string, body: 'json' | 'none', describe?: (c: Context, body: unknown) => { messageId?: string; data?: Record<string, unknown> }) => ({
    service,
    channel: 'eis' as const,
    body,
    ...(describe ? { describe } : {}),
  });
  const view = (id: string) => applicationView(d.state.application(id)!, d.state.deadlineOf);

  app.get('/eis/v1/openapi.yaml', () => new Response(EIS_OPENAPI, { headers: { 'content-type': 'application/yaml; charset=utf-8' } }));

  app.post(
    '/eis/v1/applications',
    inbound(face, route(EIS_SERVICES.file, 'json'), async ({ body }): Promise<Answer> => {
      settleDue(d);
      const read = await readApplication(d, body);
      if (!read.ok) return read.answer;
      const reasons = questionnaireReasons(read.questionnaire, '/application/questionnaire');
      const filed = d.state.file({ edrpou: read.edrpou, questionnaire: read.questionnaire, documentHash: read.hash, signer: read.signer, reasons }, d.now());
      if (!filed.ok) return refused(filed.code, filed.detail, filed.field);
      const v = view(filed.application.id);
      return {
        response: json(v, 202, { location: v.links.self }),
        outcome: 'received',
        request: { messageId: v.id },
        data: { applicationId: v.id, edrpou: v.edrpou, submission: 1, deadline: v.deadline, signer: read.signer, chain: read.chain, questionnaireReasons: reasons.map((r) => r.field) },
      };
    }),
  );

  app.get(
    '/eis/v1/applications/:id',
    inbound(face, route(EIS_SERVICES.read, 'none', idFacts), ({ c }): Answer => {
      settleDue(d);
      const id = c.req.param('id') ?? '';
      if (!d.state.application(id)) return refused('unknown-application', `ЄІС МВС has no application ${id}`, '/id');
      const v = view(id);
      return { response: json(v), outcome: v.status, data: { applicationId: id, status: v.status, submission: v.submission } };
    }),
  );

  app.put(
    '/eis/v1/applications/:id',
    inbound(face, route(EIS_SERVICES.rework, 'json', idFacts), async ({ c, body }): Promise<Answer> => {
      settleDue(d);
      const id = c.req.param('id') ?? '';
      if (!d.state.application(id)) return refused('unknown-application', `ЄІС МВС has no application ${id}`, '/id');
      const read = await readApplication(d, body);
      if (!read.ok) return read.answer;
      const reasons = questionnaireReasons(read.questionnaire, '/application/questionnaire');
      const done = d.state.rework(id, { edrpou: read.edrpou, questionnaire: read.questionnaire, documentHash: read.hash, signer: read.signer, reasons }, d.now());
      if (!done.ok) return refused(done.code, done.detail, done.field);
      const v = view(id);
      return {
        response: json(v, 202),
        outcome: 'received',
        data: { applicationId: id, edrpou: v.edrpou, submission: v.submission, deadline: v.deadline, signer: read.signer, chain: read.chain, questionnaireReasons: reasons.map((r) => r.field) },
      };
    }),
  );

  app.get(
    '/eis/v1/applications/:id/letter',
    inbound(face, route(EIS_SERVICES.letter, 'none', idFacts), ({ c }): Answer => {
      settleDue(d);
      const id = c.req.param('id') ?? '';
      const a = d.state.application(id);
      if (!a) return refused('unknown-application', `ЄІС МВС has no application ${id}`, '/id');
      const letter = d.state.participant(a.edrpou)?.letter;
      if (a.status !== 'registered' || !letter) return refused('not-registered', `application ${id} is ${a.status}: the letter follows registration (EIS-REG-04)`, '/id');
      return { response: json(letterView(letter)), outcome: 'letter', data: { applicationId: id, letterId: letter.letterId } };
    }),
  );

  app.post(
    '/eis/v1/otd',
    inbound(face, route(EIS_SERVICES.otd, 'json'), async ({ body }): Promise<Answer> => {
      settleDue(d);
      if (!isObject(body)) return refused('not-an-object', 'the body must be a JSON object {otd, signature}', '');
      const stray = strayKeys(body, ['otd', 'signature'], '');
      if (stray) return stray;
      const otd = body.otd;
      if (!isObject(otd)) return refused('invalid-document', 'the body has no otd object {edrpou, signedAt, subsystems}', '/otd');
      const strayDoc = strayKeys(otd, ['edrpou', 'signedAt', 'subsystems'], '/otd');
      if (strayDoc) return strayDoc;
      if (typeof otd.edrpou !== 'string' || !EDRPOU_RE.test(otd.edrpou)) return refused('invalid-document', 'the ОТД names the participant’s ЄДРПОУ: 8 digits', '/otd/edrpou');
      const stale = staleness(otd.signedAt, '/otd/signedAt', d.now());
      if (stale) return stale;
      const subs = readSubsystems(otd.subsystems);
      if (!subs.ok) return subs.answer;
      const sig = await checkSignature(otd, body.signature, otd.edrpou, d.pki, d.now());
      if (!sig.ok) return refused(sig.code, sig.detail, sig.field);
      const filed = d.state.fileOtd(otd.edrpou, subs.subsystems, sig.documentHash, d.now());
      if (!filed.ok) return refused(filed.code, filed.detail, filed.field);
      const r = filed.otd;
      return {
        response: json({ edrpou: r.edrpou, version: r.version, filedAt: new Date(r.filedAt).toISOString(), subsystems: r.subsystems }, 201),
        outcome: 'filed',
        data: { edrpou: r.edrpou, version: r.version, subsystems: r.subsystems.map((s) => s.code), signer: sig.signer.sha256, chain: sig.chain },
      };
    }),
  );

  app.post(
    '/eis/v1/activation',
    inbound(face, route(EIS_SERVICES.activation, 'json'), ({ body }): Answer => {
      settleDue(d);
      if (!isObject(body)) return refused('not-an-object', 'the body must be a JSON object {edrpou}', '');
      const stray = strayKeys(body, ['edrpou'], '');
      if (stray) return stray;
      if (typeof body.edrpou !== 'string' || !EDRPOU_RE.test(body.edrpou)) return refused('invalid-document', 'edrpou: the participant’s 8-digit ЄДРПОУ', '/edrpou');
      const r = d.state.activate(body.edrpou, d.now());
      if (!r.ok && r.code === 'activation-refused') {
        return { response: activationRefusal(r.missing), outcome: 'refused', intact: true, data: { edrpou: body.edrpou, code: 'activation-refused', missing: r.missing } };
      }
      if (!r.ok) return refused(r.code, r.detail, r.field);
      const activatedAt = new Date(r.participant.activatedAt!).toISOString();
      return { response: json({ edrpou: body.edrpou, status: 'active', activatedAt }), outcome: 'activated', data: { edrpou: body.edrpou, activatedAt } };
    }),
  );
}
