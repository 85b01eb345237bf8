// A hromada registry (реєстр територіальної громади): the counterpart when the participant is on the ДМС side, and
// a data source for the others. Keeps residents, answers ДМС verification requests, sends acts to ДМС.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseTimeSpec, resolveTimeSpec } from '../../core/duration.ts';
import { json, problem } from '../../core/problem.ts';
import { createFaultSet, type Simulator, type SimulatorContext } from '../../core/simulator.ts';
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
import {
  ACT_KINDS,
  AddressSchema,
  PersonSchema,
  VerificationPersonSchema,
  unzrKey,
  type Address,
  type RegistrationBody,
} from '../dms/public.ts';

export const HROMADA_SERVICES = {
  verificationRequest: 'dms.verification.request',
  verificationAnswer: 'dms.verification.answer',
  actSubmit: 'dms.act.submit',
  residents: 'hromada.residents.read',
} as const;

export const DEFAULT_HROMADA: RegistrationBody = Object.freeze({
  edrpou: '04362489',
  katottg: 'UA71020010000037786',
  name: 'Тестова громада (polihon)',
});

export const HROMADA_OPENAPI = readFileSync(new URL('./openapi.yaml', import.meta.url), 'utf8');

const Instant = z.iso.datetime({ offset: true });

const RegistrationSchema = z.strictObject({
  actId: z.string().min(1).max(64),
  kind: z.enum(ACT_KINDS),
  performedAt: Instant,
  address: AddressSchema.optional(),
});
type Registration = z.infer<typeof RegistrationSchema>;

export const ResidentSchema = z.strictObject({
  person: PersonSchema.partial().refine((p) => p.rnokpp !== undefined || p.unzr !== undefined, {
    message: 'give rnokpp or unzr (at least one)',
  }),
  address: AddressSchema.optional(),
  /** when the person was registered here; defaults to the clock when seeded */
  since: Instant.optional(),
  registrations: z.array(RegistrationSchema).max(100).optional(),
});
export type ResidentSeed = z.input<typeof ResidentSchema>;

interface Resident {
  person: z.infer<typeof ResidentSchema>['person'];
  address?: Address;
  registrations: Registration[];
}

const HromadaSeedSchema = z.strictObject({ residents: z.array(ResidentSchema).max(10_000) });

/** What ДМС sends (contracts §2); strict, so a malformed request gets a 4xx as the contract says. */
export const VerificationRequestSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  sentAt: Instant,
  answerBy: Instant,
  question: z.literal('residence'),
  person: VerificationPersonSchema,
  replyTo: z.url(),
});

/**
 * Control: make the registry send an act. Loose inside on purpose: a scenario testing a participant on the ДМС side
 * sends broken acts too, and the participant must be the one to refuse them.
 */
const SendActSchema = z.strictObject({
  kind: z.string().min(1),
  person: z.record(z.string(), z.unknown()),
  address: z.record(z.string(), z.unknown()).optional(),
  cancelsActId: z.string().optional(),
  firstEntry: z.boolean().optional(),
  actId: z.string().min(1).optional(),
  performedAt: z.string().optional(),
  registrationBody: z.record(z.string(), z.unknown()).optional(),
});

export interface HromadaOptions {
  /** the registry's registration body: ЄДРПОУ, КАТОТТГ, name */
  identity?: RegistrationBody;
  /** residents at the start and after each reset */
  residents?: ResidentSeed[];
  /**
   * When the registry answers a verification request after receiving it: a time phrase ('2 working days', '4h',
   * 'same day') or ms of virtual time. Default 0: at once, the same day. A later answer waits for the clock.
   */
  answerAfter?: string | number;
  settle?: () => Promise<void>;
}

interface PendingAnswer {
  requestId: string;
  replyTo: string;
  dueMs: number;
  person: z.infer<typeof VerificationPersonSchema>;
}

function idsOf(p: { rnokpp?: string | undefined; unzr?: string | undefined }): string[] {
  return [...(p.rnokpp ? [`r:${p.rnokpp}`] : []), ...(p.unzr ? [`u:${unzrKey(p.unzr)}`] : [])];
}

export function createHromadaSimulator(ctx: SimulatorContext, options: HromadaOptions = {}): Simulator {
  const name = 'hromada';
  const identity = options.identity ?? DEFAULT_HROMADA;
  const faults = createFaultSet();
  const background = createBackgroundWork();
  const app = createSimulatorApp({ name, ctx });
  const now = () => ctx.clock.now();
  const iso = () => new Date(now()).toISOString();
  // Validated up front so a bad option fails at creation, not at the first request.
  const answerAfter = options.answerAfter ?? 0;
  const answerDue =
    typeof answerAfter === 'number'
      ? (from: number) => from + answerAfter
      : ((spec) => (from: number) => resolveTimeSpec(spec, from, ctx.calendar))(parseTimeSpec(answerAfter));

  let residents: Resident[] = [];
  let pending: PendingAnswer[] = [];
  let actCounter = 0;

  function addResidents(seeds: readonly ResidentSeed[]): number {
    for (const s of seeds) {
      const r = ResidentSchema.parse(s);
      const registrations =
        r.registrations ??
        (r.address
          ? [{ actId: `HRM-SEED-${String(residents.length + 1).padStart(6, '0')}`, kind: 'declaration' as const, performedAt: r.since ?? iso(), address: r.address }]
          : []);
      residents.push({ person: r.person, ...(r.address ? { address: r.address } : {}), registrations });
    }
    return seeds.length;
  }

  function find(p: { rnokpp?: string | undefined; unzr?: string | undefined }): Resident | undefined {
    const ids = new Set(idsOf(p));
    return residents.find((r) => idsOf(r.person).some((k) => ids.has(k)));
  }

  function reset(): void {
    residents = [];
    pending = [];
    actCounter = 0;
    faults.clear();
    addResidents(options.residents ?? []);
  }
  reset();

  ctx.clock.onChange(() => flushDue());

  /** Sends every answer whose time has come; each send is background work that idle() waits for. */
  function flushDue(): void {
    const t = now();
    const due = pending.filter((p) => p.dueMs <= t);
    if (due.length === 0) return;
    pending = pending.filter((p) => p.dueMs > t);
    for (const p of due) void background.track(sendAnswer(p));
  }

  async function sendAnswer(p: PendingAnswer): Promise<void> {
    const resident = find(p.person);
    const body = {
      requestId: p.requestId,
      answeredAt: iso(),
      found: resident !== undefined,
      registrations: resident?.registrations ?? [],
    };
    const fault = faults.take(HROMADA_SERVICES.verificationAnswer);
    if (fault?.kind === 'withhold') return;
    if (fault?.kind === 'latency') await faultAnswer(fault);
    const times = fault?.kind === 'duplicate' ? 2 : 1;
    for (let i = 0; i < times; i++) {
      await sendJson(ctx, {
        from: name,
        to: 'dms',
        url: p.replyTo,
        service: HROMADA_SERVICES.verificationAnswer,
        body,
        messageId: p.requestId,
        data: { requestId: p.requestId, found: body.found, answeredAt: body.answeredAt, ...(i > 0 ? { duplicate: true } : {}) },
      });
    }
  }

  const face: Face = { name, ctx, faults };

  // ------------------------------------------------------------------------------------------------------
  // The registry's face

  app.get('/hromada/v1/openapi.yaml', () => new Response(HROMADA_OPENAPI, { headers: { 'content-type': 'application/yaml; charset=utf-8' } }));

  app.post(
    '/hromada/v1/verification-requests',
    inbound(
      face,
      {
        service: HROMADA_SERVICES.verificationRequest,
        body: 'json',
        describe: (_c, value) => {
          const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
          const person = (raw.person && typeof raw.person === 'object' ? raw.person : {}) as Record<string, unknown>;
          const requestId = typeof raw.requestId === 'string' ? raw.requestId : undefined;
          return {
            ...(requestId ? { messageId: requestId } : {}),
            data: Object.fromEntries(
              Object.entries({ requestId, answerBy: raw.answerBy, sentAt: raw.sentAt, rnokpp: person.rnokpp, unzr: person.unzr }).filter(
                ([, v]) => typeof v === 'string',
              ),
            ),
          };
        },
      },
      ({ body, fault }): Answer => {
        const parsed = parseBody(VerificationRequestSchema, body, 'invalid-request', 'Not a verification request');
        if (!parsed.ok) return reject(parsed.response, { problem: 'invalid-request' });
        const v = parsed.value;
        return {
          response: json({ requestId: v.requestId, status: 'accepted' }, 202),
          outcome: 'accepted',
          data: { requestId: v.requestId },
          // a withheld request is acknowledged and never answered: the registry that misses DMS-07
          ...(fault?.kind === 'withhold' ? {} : { after: () => schedule(v) }),
        };
      },
    ),
  );

  /** Queues the answer to an acknowledged request, to go out once it falls due and never inside the acknowledgement. */
  function schedule(v: z.infer<typeof VerificationRequestSchema>): void {
    const dueMs = answerDue(now());
    pending.push({ requestId: v.requestId, replyTo: v.replyTo, dueMs, person: v.person });
    void background.track(new Promise<void>((resolve) => setTimeout(resolve, 0)).then(flushDue));
    // a real clock moves without telling anyone: wake up when the answer falls due
    if (ctx.clock.mode === 'real' && dueMs > now()) setTimeout(flushDue, Math.min(dueMs - now(), 2 ** 31 - 1)).unref?.();
  }

  app.get(
    '/hromada/v1/residents',
    inbound(
      face,
      {
        service: HROMADA_SERVICES.residents,
        body: 'none',
        describe: (c) => {
          const rnokpp = c.req.query('rnokpp');
          const unzr = c.req.query('unzr');
          return { data: { ...(rnokpp ? { rnokpp } : {}), ...(unzr ? { unzr } : {}) } };
        },
      },
      ({ c }): Answer => {
        const rnokpp = c.req.query('rnokpp');
        const unzr = c.req.query('unzr');
        if (!rnokpp && !unzr) {
          return reject(
            problem({
              code: 'invalid-query',
              title: 'Say whom to look for',
              status: 400,
              detail: 'give ?rnokpp= or ?unzr=',
              errors: [{ field: 'rnokpp', message: 'rnokpp or unzr is required' }],
            }),
          );
        }
        const ids = new Set(idsOf({ rnokpp, unzr }));
        const found = residents.filter((r) => idsOf(r.person).some((k) => ids.has(k)));
        return { response: json({ residents: found }), outcome: 'answered', data: { count: found.length } };
      },
    ),
  );

  // ------------------------------------------------------------------------------------------------------
  // Control API

  mountControl(app, {
    name,
    ctx,
    faults,
    reset,
    ...(options.settle ? { settle: options.settle } : {}),
    seed: { schema: HromadaSeedSchema, apply: (d) => ({ added: addResidents(d.residents) }) },
  });

  app.get('/__polihon/residents', (c) => c.json({ residents }));
  app.get('/__polihon/verification-requests', (c) => c.json({ pending: pending.map(({ person: _p, ...rest }) => ({ ...rest, dueAt: new Date(rest.dueMs).toISOString() })) }));

  app.post('/__polihon/acts', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const order = parseBody(SendActSchema, read.value, 'invalid-order', 'Not an act to send');
    if (!order.ok) return order.response;
    const dms = ctx.endpoints.dms;
    if (!dms) {
      return problem({
        code: 'no-endpoint',
        title: 'No ДМС to send to',
        status: 409,
        detail: "endpoints['dms'] is not set",
        hint: 'Give the host the ДМС base URL (the ДМС simulator, or the participant when it plays ДМС).',
      });
    }
    const o = order.value;
    let actId = o.actId;
    if (!actId) actId = `HRM-${String(++actCounter).padStart(6, '0')}`;
    const act = {
      actId,
      kind: o.kind,
      performedAt: o.performedAt ?? iso(),
      registrationBody: o.registrationBody ?? identity,
      person: o.person,
      ...(o.address ? { address: o.address } : {}),
      ...(o.cancelsActId ? { cancelsActId: o.cancelsActId } : {}),
      ...(o.firstEntry === undefined ? {} : { firstEntry: o.firstEntry }),
    };
    const fault = faults.take(HROMADA_SERVICES.actSubmit);
    if (fault?.kind === 'withhold') {
      return json({ actId, act, delivery: { status: 0, error: `not sent: withheld by fault ${fault.id}` } }, 201);
    }
    const person = o.person as { rnokpp?: string; unzr?: string };
    const sent = await sendJson(ctx, {
      from: name,
      to: 'dms',
      url: `${dms.replace(/\/+$/, '')}/dms/v1/acts`,
      service: HROMADA_SERVICES.actSubmit,
      body: act,
      messageId: actId,
      data: {
        actId,
        kind: o.kind,
        performedAt: act.performedAt,
        ...(typeof person.rnokpp === 'string' ? { rnokpp: person.rnokpp } : {}),
        ...(typeof person.unzr === 'string' ? { unzr: person.unzr } : {}),
      },
    });
    if (sent.status >= 200 && sent.status < 300) remember(act);
    return json(
      { actId, act, delivery: { status: sent.status, body: sent.json ?? sent.text, ...(sent.error ? { error: sent.error } : {}) } },
      201,
    );
  });

  /** Keeps the registry's own record in step with an act ДМС took. */
  function remember(act: { actId: string; kind: string; performedAt: string; person: Record<string, unknown>; address?: unknown; cancelsActId?: string }): void {
    const person = PersonSchema.partial().safeParse(act.person);
    const address = AddressSchema.safeParse(act.address);
    const kind = z.enum(ACT_KINDS).safeParse(act.kind);
    if (!person.success || !kind.success) return;
    let resident = find(person.data);
    if (!resident) {
      resident = { person: person.data, registrations: [] };
      residents.push(resident);
    }
    if (kind.data === 'cancellation') {
      resident.registrations = resident.registrations.filter((r) => r.actId !== act.cancelsActId);
      return;
    }
    resident.registrations.push({
      actId: act.actId,
      kind: kind.data,
      performedAt: act.performedAt,
      ...(address.success ? { address: address.data } : {}),
    });
    if (kind.data === 'removal') delete resident.address;
    else if (address.success) resident.address = address.data;
  }

  return {
    name,
    title: { uk: 'Реєстр територіальної громади', en: 'Hromada registry' },
    handle: async (request) => app.fetch(request),
    reset,
    faults,
    idle: () => background.idle(),
  };
}
