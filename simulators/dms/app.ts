// The ДМС simulator: the ДМС system with ЄДДР behind it. Acts arrive through the API (system-system) or the web
// registry (user-system), are validated, confirmed and passed to ЄДДР; verification requests go to hromada registries.
import { readFileSync } from 'node:fs';
import { sameKyivDay } from '../../core/calendar.ts';
import { PolihonError } from '../../core/errors.ts';
import { parseXRoadId, xRoadPath, type XRoadId } from '../../core/identifiers/xroad-id.ts';
import type { Channel } from '../../core/journal.ts';
import type { Rng } from '../../core/random.ts';
import { json, problem, type Problem } from '../../core/problem.ts';
import { createFaultSet, type ActiveFault, type Simulator, type SimulatorContext } from '../../core/simulator.ts';
import {
  createBackgroundWork,
  createSimulatorApp,
  faultAnswer,
  inbound,
  mountControl,
  parseBody,
  readJson,
  reject,
  sendJson,
  type Answer,
  type Face,
} from '../kit/index.ts';
import { DMS_XROAD_CLIENT, DMS_XROAD_SERVICES } from './public.ts';
import {
  ActSchema,
  crossFieldIssues,
  DmsSeedSchema,
  firstPerField,
  issuesFromZod,
  problemFields,
  VerificationAnswerSchema,
  VerificationOrderSchema,
  verificationPerson,
  type Act,
  type EddrPerson,
  type FieldIssue,
  type RegistrationBody,
} from './schemas.ts';
import { actView, createDmsState, type DmsEvent, type SubmitOutcome, type VerificationRecord } from './state.ts';
import { formToAct, readForm, renderAccepted, renderForm, WEB_CSP } from './web.ts';

export interface DmsOptions {
  /** persons ЄДДР holds at the start and after each reset (matched by РНОКПП or УНЗР) */
  eddr?: EddrPerson[];
  /** the registration body the web registry's officer acts for */
  webRegistrationBody?: RegistrationBody;
  /** waits for every simulator's background work after a clock move (the host passes it) */
  settle?: () => Promise<void>;
  /**
   * How verification requests reach the participant (DMS-09): `trembita` — an X-Road REST r1 call through Трембіта to
   * the participant's ResidenceVerificationRequests_v1, with `replyTo` the r1 address of ДМС's
   * ResidenceVerificationAnswers_v1; `direct` — straight to endpoints['participant.provider'], `replyTo` ДМС's own URL.
   * Default: `trembita` when endpoints.trembita is set (read at each request), else `direct`.
   */
  routeVia?: 'trembita' | 'direct';
  /** X-Road subsystems on Трембіта: ДМС's own (the client of its calls) and the participant's */
  xroad?: { client?: string; participant?: string };
}

/** The registry's participant slot: the reference hromada registry's subsystem. */
export const PARTICIPANT_XROAD_CLIENT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';

export const DMS_SERVICES = {
  submit: 'dms.act.submit',
  status: 'dms.act.status',
  verificationRequest: 'dms.verification.request',
  verificationAnswer: 'dms.verification.answer',
  confirmed: 'dms.act.confirmed',
  datasetFormed: 'eddr.dataset.formed',
  datasetSkipped: 'eddr.dataset.skipped',
} as const;

export const DEFAULT_WEB_REGISTRATION_BODY: RegistrationBody = Object.freeze({
  edrpou: '04054866',
  katottg: 'UA80000000000093317',
  name: 'Тестовий орган реєстрації (polihon)',
});

export const DMS_OPENAPI = readFileSync(new URL('./openapi.yaml', import.meta.url), 'utf8');

type IntakeResult = SubmitOutcome;

/** Facts an assertion wants from an act body, read defensively (the body may be invalid). */
function actFacts(raw: unknown): Record<string, unknown> {
  const a = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const p = (a.person && typeof a.person === 'object' ? a.person : {}) as Record<string, unknown>;
  const rb = (a.registrationBody && typeof a.registrationBody === 'object' ? a.registrationBody : {}) as Record<string, unknown>;
  const facts: Record<string, unknown> = {
    actId: a.actId,
    kind: a.kind,
    performedAt: a.performedAt,
    rnokpp: p.rnokpp,
    unzr: p.unzr,
    registrationBody: rb.edrpou,
    cancelsActId: a.cancelsActId,
    firstEntry: a.firstEntry,
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(facts)) if (typeof facts[key] === 'string' || typeof facts[key] === 'boolean') out[key] = facts[key];
  return out;
}

export function createDmsSimulator(ctx: SimulatorContext, options: DmsOptions = {}): Simulator {
  const name = 'dms';
  const xroadClient = subsystemOption('xroad.client', options.xroad?.client ?? DMS_XROAD_CLIENT);
  const xroadParticipant = subsystemOption('xroad.participant', options.xroad?.participant ?? PARTICIPANT_XROAD_CLIENT);
  const routeOf = (): 'trembita' | 'direct' => options.routeVia ?? (ctx.endpoints.trembita ? 'trembita' : 'direct');
  const faults = createFaultSet();
  const state = createDmsState({ eddr: options.eddr ?? [], calendar: ctx.calendar });
  const background = createBackgroundWork();
  const webBody = options.webRegistrationBody ?? DEFAULT_WEB_REGISTRATION_BODY;
  let webCounter = 0;

  const app = createSimulatorApp({ name, ctx });
  const now = () => ctx.clock.now();
  const iso = () => new Date(now()).toISOString();

  const face: Face = { name, ctx, faults };

  function journalEvents(events: DmsEvent[], linkTo: number | undefined, to: string, channel: Channel): void {
    let confirmedSeq = linkTo;
    for (const e of events) {
      const { act } = e.record;
      const ids = {
        actId: act.actId,
        dmsActId: e.record.dmsActId,
        kind: act.kind,
        ...(act.person.rnokpp ? { rnokpp: act.person.rnokpp } : {}),
        ...(act.person.unzr ? { unzr: act.person.unzr } : {}),
      };
      if (e.type === 'act.confirmed') {
        const conf = e.record.confirmation!;
        const entry = ctx.journal.append({
          kind: 'event',
          channel,
          from: name,
          to,
          service: DMS_SERVICES.confirmed,
          messageId: conf.id,
          ...(linkTo === undefined ? {} : { links: [linkTo] }),
          body: JSON.stringify(actView(e.record)),
          outcome: 'confirmed',
          data: merged(ids, {
            confirmationId: conf.id,
            confirmationKind: conf.kind,
            confirmedAt: conf.confirmedAt,
            performedAt: act.performedAt,
            receivedAt: e.record.receivedAt,
            channel: e.record.channel,
          }),
        });
        confirmedSeq = entry.seq;
      } else if (e.type === 'dataset.formed') {
        ctx.journal.append({
          kind: 'event',
          channel,
          from: name,
          to: 'eddr',
          service: DMS_SERVICES.datasetFormed,
          messageId: e.dataset.datasetId,
          ...(confirmedSeq === undefined ? {} : { links: [confirmedSeq] }),
          body: JSON.stringify(e.dataset),
          outcome: 'formed',
          data: merged(ids, { datasetId: e.dataset.datasetId, reason: e.dataset.reason, confirmationId: e.dataset.confirmationId }),
        });
      } else {
        ctx.journal.append({
          kind: 'event',
          channel,
          from: name,
          to: 'eddr',
          service: DMS_SERVICES.datasetSkipped,
          ...(confirmedSeq === undefined ? {} : { links: [confirmedSeq] }),
          outcome: 'skipped',
          data: merged(ids, { reason: e.reason }),
        });
      }
    }
  }

  /** Validation and state for an act from either channel; the caller renders the answer. */
  function intake(raw: unknown, channel: 'direct' | 'web', withhold: boolean): IntakeResult {
    // with the input on each issue, a missing field can be told from a wrong one
    const parsed = ActSchema.safeParse(raw, { reportInput: true });
    const cross = crossFieldIssues(raw, now());
    if (!parsed.success || cross.length > 0) {
      const zodIssues = parsed.success ? [] : issuesFromZod(parsed.error);
      // cancellation checks need the acts ДМС holds; run them too when the target is named, to report everything
      const c = raw as Partial<Act> | null;
      const cancel =
        c && typeof c === 'object' && c.kind === 'cancellation' && typeof c.cancelsActId === 'string' && c.person && c.registrationBody
          ? safeCancellationIssues(c as Act)
          : [];
      return { type: 'invalid', issues: firstPerField([...zodIssues, ...cross, ...cancel]) };
    }
    return state.submit({ act: parsed.data, now: now(), channel, withhold });
  }

  function safeCancellationIssues(act: Act): FieldIssue[] {
    try {
      return state.cancellationIssues(act);
    } catch {
      // a half-formed act (person without identifiers) cannot be compared; its schema issues say enough
      return [];
    }
  }

  function answerData(result: IntakeResult): Record<string, unknown> {
    switch (result.type) {
      case 'invalid':
        return { problem: 'invalid-act', fields: result.issues.map((i) => i.field), codes: result.issues.map((i) => i.code) };
      case 'retry':
        return { retry: true, dmsActId: result.record.dmsActId, status: result.record.status };
      case 'act-id-conflict':
        return { problem: 'act-id-conflict', dmsActId: result.record.dmsActId };
      case 'duplicate':
        return { problem: 'duplicate-act', duplicateOf: result.of.act.actId, dmsActId: result.of.dmsActId };
      case 'accepted':
        return {
          dmsActId: result.record.dmsActId,
          status: result.record.status,
          ...(result.record.confirmation ? { confirmationId: result.record.confirmation.id } : {}),
        };
    }
  }

  function outcomeOf(result: IntakeResult): string {
    return result.type === 'accepted' ? (result.record.status === 'confirmed' ? 'confirmed' : 'received') : result.type === 'retry' ? 'retry' : 'rejected';
  }

  function eventsOf(result: IntakeResult, caller: string, channel: Channel) {
    return (seq: number) => {
      if (result.type !== 'accepted') return;
      state.linkRequest(result.record.act.actId, seq);
      journalEvents(result.events, seq, caller, channel);
    };
  }

  function apiAnswer(result: IntakeResult): Response {
    switch (result.type) {
      case 'invalid':
        return problem({
          code: 'invalid-act',
          title: 'The act breaks the contract rules',
          status: 422,
          detail: result.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
          errors: problemFields(result.issues),
        });
      case 'retry':
        return json(actView(result.record), 200);
      case 'act-id-conflict':
        return problem({
          code: 'act-id-conflict',
          title: 'actId already used for different content',
          status: 409,
          detail: `actId ${result.record.act.actId} was received at ${result.record.receivedAt} with different content (ДМС ${result.record.dmsActId})`,
          errors: [{ field: 'actId', message: 'already used for a different act' }],
          hint: 'A retry must repeat the act exactly; a new act needs a new actId.',
        });
      case 'duplicate': {
        const p: Omit<Problem, 'type'> & { duplicateOf: string } = {
          code: 'duplicate-act',
          title: 'The same action was already submitted',
          status: 409,
          detail: `the same ${result.of.act.kind} for this person and address on this day was submitted as ${result.of.act.actId} (ДМС ${result.of.dmsActId})`,
          duplicateOf: result.of.act.actId,
        };
        return problem(p);
      }
      case 'accepted': {
        const view = actView(result.record);
        return json(view, view.status === 'confirmed' ? 201 : 202);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Participant-facing API

  app.get('/dms/v1/openapi.yaml', () => new Response(DMS_OPENAPI, { headers: { 'content-type': 'application/yaml; charset=utf-8' } }));

  app.post(
    '/dms/v1/acts',
    inbound(
      face,
      {
        service: DMS_SERVICES.submit,
        body: 'json',
        describe: (_c, body) => {
          const facts = body === undefined ? {} : actFacts(body);
          return {
            ...(typeof facts.actId === 'string' ? { messageId: facts.actId } : {}),
            data: merged(facts, { receivedAt: iso() }, sameDay(facts.performedAt, now())),
          };
        },
      },
      ({ body, fault, from, channel }) => {
        const result = intake(body, 'direct', fault?.kind === 'withhold');
        return { response: apiAnswer(result), outcome: outcomeOf(result), data: answerData(result), events: eventsOf(result, from, channel) };
      },
    ),
  );

  app.get(
    '/dms/v1/acts/:actId',
    inbound(
      face,
      { service: DMS_SERVICES.status, body: 'none', describe: (c) => ({ messageId: c.req.param('actId')!, data: { actId: c.req.param('actId')! } }) },
      ({ c }): Answer => {
        const actId = c.req.param('actId')!;
        const record = state.getAct(actId);
        if (!record) {
          return reject(problem({ code: 'unknown-act', title: 'No such act', status: 404, detail: `ДМС has no act ${actId}` }), { problem: 'unknown-act' });
        }
        return { response: json(actView(record)), outcome: 'answered', data: { status: record.status, dmsActId: record.dmsActId } };
      },
    ),
  );

  app.post(
    '/dms/v1/verification-requests/:requestId/answer',
    inbound(
      face,
      {
        service: DMS_SERVICES.verificationAnswer,
        body: 'json',
        describe: (c, value) => {
          const requestId = c.req.param('requestId')!;
          const body = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
          return {
            messageId: requestId,
            data: {
              requestId,
              receivedAt: iso(),
              ...(typeof body.found === 'boolean' ? { found: body.found } : {}),
              ...(typeof body.answeredAt === 'string' ? { answeredAt: body.answeredAt } : {}),
            },
          };
        },
      },
      ({ c, body: value }): Answer => {
        const requestId = c.req.param('requestId')!;
        const body = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
        const parsed = VerificationAnswerSchema.safeParse(value, { reportInput: true });
        const issues: FieldIssue[] = parsed.success ? [] : issuesFromZod(parsed.error);
        if (typeof body.requestId === 'string' && body.requestId !== requestId) {
          issues.push({ field: 'requestId', code: 'request-id-mismatch', message: `is ${body.requestId}, but the path names ${requestId}`, uk: '' });
        }
        if (!parsed.success || issues.length > 0) {
          return reject(
            problem({
              code: 'invalid-answer',
              title: 'The answer breaks the contract',
              status: 422,
              detail: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
              errors: problemFields(firstPerField(issues)),
            }),
            { problem: 'invalid-answer', fields: issues.map((i) => i.field) },
          );
        }
        const outcome = state.answerVerification(requestId, parsed.data, now());
        if (outcome.type === 'unknown') {
          return reject(problem({ code: 'unknown-request', title: 'No such verification request', status: 404, detail: `ДМС sent no request ${requestId}` }), {
            problem: 'unknown-request',
          });
        }
        if (outcome.type === 'already-answered') {
          return reject(
            problem({
              code: 'already-answered',
              title: 'Already answered',
              status: 409,
              detail: `request ${requestId} was answered at ${outcome.record.answer!.receivedAt}`,
            }),
            { problem: 'already-answered' },
          );
        }
        const a = outcome.record.answer!;
        return {
          response: json({ requestId, receivedAt: a.receivedAt, onTime: a.onTime }),
          outcome: a.onTime ? 'on-time' : 'late',
          data: { requestId, onTime: a.onTime, answerBy: outcome.record.answerBy, receivedAt: a.receivedAt },
        };
      },
    ),
  );

  // ------------------------------------------------------------------------------------------------------
  // Web registry (DMS-03)

  const html = (text: string, status = 200) =>
    new Response(text, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': WEB_CSP } });

  app.get('/dms/web', (c) => c.redirect('/dms/web/', 301));
  app.get('/dms/web/', () => html(renderForm(webBody)));

  app.post(
    '/dms/web/acts',
    inbound(face, { service: DMS_SERVICES.submit, channel: 'web', body: 'text' }, ({ c, text, fault, from }): Answer => {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
        return reject(html(renderForm(webBody, {}, [], 'Форму надіслано в непідтримуваному форматі.'), 400), { problem: 'invalid-body' });
      }
      const form = readForm(text);
      let actId: string;
      do actId = `WEB-${String(++webCounter).padStart(6, '0')}`;
      while (state.getAct(actId));
      const raw = formToAct(form, { actId, performedAt: iso(), registrationBody: webBody });
      const facts = actFacts(raw);
      const result = intake(raw, 'web', fault?.kind === 'withhold');
      return {
        response: webPage(result, form),
        outcome: outcomeOf(result),
        data: answerData(result),
        events: eventsOf(result, from, 'web'),
        request: { messageId: actId, data: merged(facts, { receivedAt: iso(), sameDay: true }) },
      };
    }),
  );

  function webPage(result: IntakeResult, form: ReturnType<typeof readForm>): Response {
    switch (result.type) {
      case 'accepted':
      case 'retry':
        return html(renderAccepted(webBody, result.record, result.record.act), result.type === 'accepted' ? 201 : 200);
      case 'invalid':
        return html(renderForm(webBody, form, result.issues), 422);
      case 'duplicate':
        return html(
          renderForm(webBody, form, [], `Таку саму дію щодо цієї особи за цією адресою сьогодні вже внесено (акт ${result.of.act.actId}).`),
          409,
        );
      case 'act-id-conflict':
        return html(renderForm(webBody, form, [], 'Номер акта вже використано. Спробуйте ще раз.'), 409);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Control API

  function reset(): void {
    state.reset();
    faults.clear();
    webCounter = 0;
  }

  mountControl(app, {
    name,
    ctx,
    faults,
    reset,
    ...(options.settle ? { settle: options.settle } : {}),
    seed: {
      schema: DmsSeedSchema,
      apply: (data) => ({ added: state.seedEddr(data.eddr) }),
    },
  });

  app.get('/__polihon/acts', (c) =>
    c.json({ acts: state.acts().map((r) => ({ ...actView(r), channel: r.channel, act: r.act })) }),
  );

  app.post('/__polihon/acts/:actId/confirm', (c) => {
    const actId = c.req.param('actId');
    const outcome = state.confirm(actId, now());
    if (outcome.type === 'unknown') {
      return problem({ code: 'unknown-act', title: 'No such act', status: 404, detail: `ДМС has no act ${actId}` });
    }
    if (outcome.type === 'already-confirmed') {
      return problem({
        code: 'already-confirmed',
        title: 'Already confirmed',
        status: 409,
        detail: `act ${actId} was confirmed at ${outcome.record.confirmation!.confirmedAt}`,
      });
    }
    // the confirmation goes to whoever sent the act, on the channel it came by, as its request entry recorded
    const request = outcome.record.requestSeq === undefined ? undefined : ctx.journal.get(outcome.record.requestSeq);
    journalEvents(outcome.events, outcome.record.requestSeq, request?.from ?? 'participant', request?.channel ?? (outcome.record.channel === 'web' ? 'web' : 'direct'));
    return c.json(actView(outcome.record));
  });

  app.get('/__polihon/eddr/datasets', (c) => c.json({ datasets: state.datasets() }));
  app.get('/__polihon/verification-requests', (c) => c.json({ requests: state.verifications().map(publicVerification) }));

  app.post('/__polihon/verification-requests', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const order = parseBody(VerificationOrderSchema, read.value, 'invalid-order', 'Not a verification order');
    if (!order.ok) return order.response;
    const provider = ctx.endpoints['participant.provider'];
    if (!provider) {
      return problem({
        code: 'no-endpoint',
        title: 'No registry to ask',
        status: 409,
        detail: "endpoints['participant.provider'] is not set",
        hint: "Set the participant's provider endpoint in the profile (or the host's endpoints) before asking ДМС to send a request.",
      });
    }
    const via = routeOf();
    const trembita = ctx.endpoints.trembita;
    if (via === 'trembita' && !trembita) {
      return problem({
        code: 'no-endpoint',
        title: 'No Трембіта to go through',
        status: 409,
        detail: 'routeVia is trembita, but endpoints.trembita is not set',
        hint: 'Serve the trembita simulator in the same host, or create ДМС with routeVia: direct.',
      });
    }
    const record = state.openVerification(verificationPerson(order.value.person), now());
    const self = ctx.endpoints.dms ?? new URL(c.req.url).origin;
    const route =
      via === 'trembita'
        ? {
            url: `${trimSlash(trembita!)}${r1Path(xroadParticipant, DMS_XROAD_SERVICES.requests)}/verification-requests`,
            replyTo: `${trimSlash(trembita!)}${r1Path(xroadClient, DMS_XROAD_SERVICES.answers)}/${encodeURIComponent(record.requestId)}/answer`,
          }
        : {
            url: `${trimSlash(provider)}/verification-requests`,
            replyTo: `${trimSlash(self)}/dms/v1/verification-requests/${record.requestId}/answer`,
          };
    const body: Record<string, unknown> = {
      requestId: record.requestId,
      sentAt: record.sentAt,
      answerBy: record.answerBy,
      question: 'residence',
      person: record.person,
      replyTo: route.replyTo,
    };
    const malformed = order.value.malformed;
    if (malformed) record.malformed = malformed;
    if (malformed === 'no-person') delete body.person;
    if (malformed === 'bad-rnokpp') body.person = { ...record.person, rnokpp: (record.person.rnokpp ?? '1234567890').slice(0, 9) };
    // cut short mid-way, as a broken connection or a faulty serializer would leave it
    const raw = malformed === 'not-json' ? JSON.stringify(body).slice(0, 60) : undefined;
    const fault = faults.take(DMS_SERVICES.verificationRequest);
    const delivery = await background.track(deliver(record.requestId, route.url, body, fault, via, raw, malformed));
    return json({ requestId: record.requestId, answerBy: record.answerBy, via, delivery }, 201);
  });

  async function deliver(requestId: string, url: string, body: object, fault: ActiveFault | undefined, via: 'trembita' | 'direct', raw?: string, malformed?: string) {
    if (fault?.kind === 'withhold') {
      const delivery = { status: 0, error: `not sent: withheld by fault ${fault.id}` };
      state.recordDelivery(requestId, delivery);
      return delivery;
    }
    if (fault?.kind === 'latency') await faultAnswer(fault);
    const times = fault?.kind === 'duplicate' ? 2 : 1;
    let result: { status: number; body?: unknown; error?: string; xRoadError?: string } = { status: 0 };
    for (let i = 0; i < times; i++) {
      // through Трембіта ДМС is an X-Road client: its subsystem in X-Road-Client, a fresh X-Road-Id per message sent
      const xroadId = via === 'trembita' ? seededUuid(ctx.rng) : undefined;
      const sent = await sendJson(ctx, {
        from: name,
        to: 'participant',
        url,
        service: DMS_SERVICES.verificationRequest,
        body,
        ...(raw === undefined ? {} : { rawBody: raw }),
        messageId: requestId,
        ...(via === 'trembita' ? { channel: 'trembita' as const, headers: { 'x-road-client': xroadClient.text, 'x-road-id': xroadId! } } : {}),
        data: merged(
          xroadId ? { xRoadId: xroadId } : {},
          { requestId, answerBy: (body as { answerBy: string }).answerBy, sentAt: (body as { sentAt: string }).sentAt },
          personIds((body as { person?: { rnokpp?: string; unzr?: string } }).person ?? {}),
          malformed ? { malformed } : {},
          i > 0 ? { duplicate: true } : {},
        ),
      });
      const ss = via === 'trembita' ? securityServerError(sent.status, sent.json) : undefined;
      result = ss
        ? // the security servers answered, not the participant: for the delivery that is "nothing answered"
          { status: 0, body: sent.json, error: `Трембіта answered ${sent.status} ${ss.type}: ${ss.message}`, xRoadError: ss.type }
        : { status: sent.status, ...(sent.json === undefined ? { body: sent.text } : { body: sent.json }), ...(sent.error ? { error: sent.error } : {}) };
    }
    state.recordDelivery(requestId, { status: result.status, ...(result.error ? { error: result.error } : {}) });
    return result;
  }

  return {
    name,
    title: { uk: 'ДМС (з ЄДДР)', en: 'State Migration Service (with ЄДДР)' },
    handle: async (request) => app.fetch(request),
    reset,
    faults,
    idle: () => background.idle(),
  };
}

/** DMS-02: did the act reach ДМС on the Kyiv day it was performed? */
/**
 * `{ ...a, ...b, … }` built by assignment, in the same key order (the journal's hashes cover it): V8 gives an object
 * made by a spread followed by more keys a hidden class of its own, 3–12 µs each, and these are built for every act;
 * plain assignments share one.
 */
function merged(...parts: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) for (const key of Object.keys(part)) out[key] = part[key];
  return out;
}

function sameDay(performedAt: unknown, now: number): Record<string, unknown> {
  const at = typeof performedAt === 'string' ? Date.parse(performedAt) : NaN;
  return Number.isFinite(at) ? { sameDay: sameKyivDay(at, now) } : {};
}

function personIds(p: { rnokpp?: string; unzr?: string }): Record<string, string> {
  return { ...(p.rnokpp ? { rnokpp: p.rnokpp } : {}), ...(p.unzr ? { unzr: p.unzr } : {}) };
}

/**
 * A security server's own error (PR-REST: status 4xx/5xx, body `{ type, message, detail }`, type `Client.*` or
 * `Server.*`), as opposed to the provider's answer, which passes through untouched.
 */
function securityServerError(status: number, body: unknown): { type: string; message: string } | undefined {
  if (status < 400 || !body || typeof body !== 'object') return undefined;
  const { type, message } = body as { type?: unknown; message?: unknown };
  return typeof type === 'string' && /^(Client|Server)\./.test(type) ? { type, message: typeof message === 'string' ? message : '' } : undefined;
}

/** An X-Road subsystem id given as an option, checked at creation. */
function subsystemOption(field: string, text: string): { id: XRoadId; text: string } {
  const parsed = parseXRoadId(text);
  if (!parsed.ok || parsed.id.objectType !== 'SUBSYSTEM') {
    throw new PolihonError('E_USAGE', `ДМС option ${field} must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM, got '${text}'${parsed.ok ? '' : `: ${parsed.reason}`}`);
  }
  return { id: parsed.id, text: xRoadPath(parsed.id) };
}

/** `/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, each part percent-encoded (PR-REST, protocol-facts §2). */
function r1Path(subsystem: { id: XRoadId }, serviceCode: string): string {
  return `/r1/${[...xRoadPath(subsystem.id).split('/'), serviceCode].map(encodeURIComponent).join('/')}`;
}

/** A UUID v4 from the seeded generator, so a run's X-Road message ids reproduce. */
function seededUuid(rng: Rng): string {
  const b = Array.from({ length: 16 }, () => rng.int(0, 255));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function publicVerification(r: VerificationRecord) {
  const { answerByMs: _ms, ...rest } = r;
  return rest;
}

