// The harness's side of ЄІС МВС (/__polihon/…): the shared control API, and what a scenario makes the service do —
// decide on an application (overriding the automatic rules), record a joint decision on interaction, add users to a
// participant's Cabinet — and what it reads: applications, users, the decision deadline, the ОТД admission check.
import type { Hono } from 'hono';
import { z } from 'zod';
import { workingDaysBetween, kyivDate } from '../../../core/calendar.ts';
import { json, problem } from '../../../core/problem.ts';
import { mountControl, parseBody, readJson } from '../../kit/index.ts';
import { journalDecision, settleDue, type EisDeps } from '../deps.ts';
import { EIS } from '../messages.ts';
import { DECISIONS, EIS_SERVICES, decisionWithinDeadline, USER_ROLES, type FieldReason } from '../public.ts';
import { applicationView, decisionView, userView, type Application } from '../state.ts';

const Instant = z.iso.datetime({ offset: true });
const Edrpou = z.string().regex(/^\d{8}$/, '8 digits');

const ReasonSchema = z.strictObject({
  field: z.string().regex(/^(|\/.*)$/, 'a JSON pointer such as /application/questionnaire/address'),
  message: z.string().min(1).max(1000),
  messageEn: z.string().min(1).max(1000).optional(),
  code: z.enum(['missing', 'invalid', 'unknown-field', 'other']).optional(),
});
const DecideSchema = z.strictObject({
  application: z.string().min(1).optional(),
  /** instead of `application`: the participant's latest application (a scenario knows the ЄДРПОУ, not the id) */
  participant: Edrpou.optional(),
  decision: z.enum(DECISIONS),
  reasons: z.array(ReasonSchema).max(100).optional(),
  at: Instant.optional(),
});
const JointSchema = z.strictObject({ participant: Edrpou, at: Instant.optional(), reference: z.string().min(1).max(200).optional() });
const UserSchema = z.strictObject({ fullName: z.string().min(1).max(200), email: z.email(), role: z.enum(USER_ROLES) });
const UsersSchema = z.strictObject({ participant: Edrpou, add: z.array(UserSchema).max(50).optional() });
const EnrolSchema = z.strictObject({ participant: Edrpou });
const DeadlineSchema = z.strictObject({ application: z.string().min(1).optional(), participant: Edrpou.optional() });

const unknownApplication = (id: string) =>
  problem({ code: 'unknown-application', title: EIS['unknown-application'].text.en, status: 404, detail: `ЄІС МВС has no application ${id}`, errors: [{ field: '/application', message: 'unknown' }] });

export function mountEisControl(app: Hono, d: EisDeps, reset: () => void, settle?: () => Promise<void>): void {
  mountControl(app, { name: 'eis', ctx: d.ctx, faults: d.faults, reset, ...(settle ? { settle } : {}) });

  const body = async <S extends z.ZodType>(req: Request, schema: S, code: string) => {
    const read = await readJson(req);
    if (!read.ok) return { ok: false as const, response: read.response };
    return parseBody(schema, read.value, code, 'The action’s body does not match');
  };
  const event = (service: string, outcome: string, data: Record<string, unknown>, messageId?: string) =>
    d.ctx.journal.append({ kind: 'event', channel: 'eis', from: 'harness', to: 'eis', service, outcome, data, ...(messageId ? { messageId } : {}) });

  /** The decision deadline of one application's current submission, as a scenario asserts on it. */
  const deadlineView = (a: Application) => {
    const sub = d.state.current(a);
    const decided = a.decisions.find((x) => x.submission === sub.n);
    const judged = decisionWithinDeadline(sub.receivedAt, decided?.decidedAt, d.ctx.calendar, d.now());
    return {
      application: a.id,
      status: a.status,
      submission: sub.n,
      ...judged,
      workingDaysSoFar: workingDaysBetween(kyivDate(sub.receivedAt), kyivDate(d.now()), d.ctx.calendar),
      ...(a.scheduled ? { scheduled: { decision: a.scheduled.decision, at: new Date(a.scheduled.at).toISOString(), by: a.scheduled.by } } : {}),
    };
  };

  /** The application a harness call names: by id, or the participant's latest; a problem when neither or both. */
  const named = (v: { application?: string | undefined; participant?: string | undefined }): { id: string } | { response: Response } => {
    if ((v.application === undefined) === (v.participant === undefined)) {
      return { response: problem({ code: 'invalid-application-ref', title: 'Name one application', status: 422, detail: 'give application (its id) or participant (its ЄДРПОУ), not both', errors: [{ field: '/application', message: 'application or participant' }] }) };
    }
    if (v.application !== undefined) return { id: v.application };
    const latest = d.state.participant(v.participant!)?.applications.at(-1);
    return latest ? { id: latest } : { response: problem({ code: 'unknown-participant', title: EIS['unknown-participant'].text.en, status: 404, detail: `ЄДРПОУ ${v.participant} has filed no application`, errors: [{ field: '/participant', message: 'no application' }] }) };
  };

  app.post('/__polihon/decide', async (c) => {
    settleDue(d);
    const b = await body(c.req.raw, DecideSchema, 'invalid-decide');
    if (!b.ok) return b.response;
    const which = named(b.value);
    if ('response' in which) return which.response;
    const id = which.id;
    const reasons: FieldReason[] = (b.value.reasons ?? []).map((r) => ({ field: r.field, code: r.code ?? 'other', message: r.message, messageEn: r.messageEn ?? r.message }));
    const r = d.state.decide(id, { decision: b.value.decision, reasons, ...(b.value.at ? { at: Date.parse(b.value.at) } : {}) }, d.now());
    if (!r.ok) {
      if (r.code === 'unknown-application') return unknownApplication(id);
      return problem({ code: r.code, title: EIS[r.code].text.en, status: 422, detail: r.detail, ...(r.field !== undefined ? { errors: [{ field: r.field, message: r.detail }] } : {}) });
    }
    if (r.applied) journalDecision(d, r.applied, 'harness');
    const a = d.state.application(id)!;
    return json({
      application: applicationView(a, d.state.deadlineOf),
      ...(r.applied ? { decision: decisionView(r.applied.decision) } : {}),
      ...(r.scheduled ? { scheduled: { decision: r.scheduled.decision, at: new Date(r.scheduled.at).toISOString() } } : {}),
    });
  });

  app.post('/__polihon/joint-decision', async (c) => {
    const b = await body(c.req.raw, JointSchema, 'invalid-joint-decision');
    if (!b.ok) return b.response;
    const at = b.value.at ? Date.parse(b.value.at) : d.now();
    d.state.jointDecision(b.value.participant, at, b.value.reference);
    const data = { edrpou: b.value.participant, at: new Date(at).toISOString(), ...(b.value.reference ? { reference: b.value.reference } : {}) };
    event(EIS_SERVICES.jointDecision, 'recorded', data);
    return json({ participant: b.value.participant, jointDecision: data });
  });

  // an exchange scenario starts from a participant registered outside it: in an mTLS run its calls are admitted only
  // on the certificate an ОТД binds (EIS-ACC-01), so the ОТД on file binds the one it presents
  app.post('/__polihon/enrolled', async (c) => {
    const b = await body(c.req.raw, EnrolSchema, 'invalid-enrolment');
    if (!b.ok) return b.response;
    const certificates = d.participant.presented ? [d.participant.presented] : [];
    const p = d.state.enrol(b.value.participant, d.participant.subsystem, certificates, d.now());
    const data = { edrpou: p.edrpou, subsystem: d.participant.subsystem, certificates, activatedAt: new Date(p.activatedAt!).toISOString() };
    event(EIS_SERVICES.enrolled, 'enrolled', data);
    return json({ participant: p.edrpou, ...data });
  });

  const usersAnswer = (edrpou: string) => {
    const p = d.state.participant(edrpou);
    return { participant: edrpou, registered: p?.registeredAt !== undefined, users: (p?.users ?? []).map(userView) };
  };

  app.post('/__polihon/users', async (c) => {
    settleDue(d);
    const b = await body(c.req.raw, UsersSchema, 'invalid-users');
    if (!b.ok) return b.response;
    if (b.value.add && b.value.add.length > 0) {
      const r = d.state.addUsers(b.value.participant, b.value.add, d.now());
      if (!r.ok) return problem({ code: r.code, title: EIS[r.code].text.en, status: 409, detail: r.detail, errors: [{ field: '/participant', message: r.detail }] });
      event(EIS_SERVICES.users, 'users-added', { edrpou: b.value.participant, added: r.added.map((u) => u.login) });
    }
    return json(usersAnswer(b.value.participant));
  });
  app.get('/__polihon/users', (c) => {
    settleDue(d);
    const edrpou = c.req.query('participant') ?? '';
    if (!/^\d{8}$/.test(edrpou)) return problem({ code: 'invalid-query', title: 'Bad query', status: 400, detail: 'participant must be an 8-digit ЄДРПОУ', errors: [{ field: 'participant', message: '8 digits' }] });
    return json(usersAnswer(edrpou));
  });

  const deadline = (id: string | undefined) => {
    settleDue(d);
    if (id === undefined) return json({ deadlines: d.state.applications().map(deadlineView) });
    const a = d.state.application(id);
    return a ? json(deadlineView(a)) : unknownApplication(id);
  };
  app.post('/__polihon/deadline', async (c) => {
    const b = await body(c.req.raw, DeadlineSchema, 'invalid-deadline');
    if (!b.ok) return b.response;
    if (b.value.application === undefined && b.value.participant === undefined) return deadline(undefined);
    const which = named(b.value);
    return 'response' in which ? which.response : deadline(which.id);
  });
  app.get('/__polihon/deadline', (c) => deadline(c.req.query('application')));

  app.get('/__polihon/applications', () => {
    settleDue(d);
    return json({
      applications: d.state.applications().map((a) => ({ ...applicationView(a, d.state.deadlineOf), decisions: a.decisions.map(decisionView) })),
    });
  });

  app.get('/__polihon/participants', () => {
    settleDue(d);
    return json({
      participants: d.state.participants().map((p) => ({
        edrpou: p.edrpou,
        ...(p.organisationName ? { organisationName: p.organisationName } : {}),
        applications: p.applications,
        parts: { 'joint-decision': p.jointDecision !== undefined, registration: p.registeredAt !== undefined, otd: p.otd !== undefined },
        ...(p.otd ? { otd: { version: p.otd.version, filedAt: new Date(p.otd.filedAt).toISOString(), subsystems: p.otd.subsystems } } : {}),
        ...(p.activatedAt !== undefined ? { activatedAt: new Date(p.activatedAt).toISOString() } : {}),
      })),
    });
  });

  app.get('/__polihon/otd-admits', (c) => {
    const subsystem = c.req.query('subsystem') ?? '';
    const fingerprint = c.req.query('fingerprint') ?? '';
    if (!subsystem || !fingerprint) {
      return problem({ code: 'invalid-query', title: 'Bad query', status: 400, detail: 'give subsystem and fingerprint', errors: [{ field: subsystem ? 'fingerprint' : 'subsystem', message: 'required' }] });
    }
    return json(d.state.otdAdmits(subsystem, fingerprint));
  });
}
