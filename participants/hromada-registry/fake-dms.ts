// For the registry's tests only: a tiny fake ДМС behind a tiny fake Трембіта (the participant is standalone, so its
// tests bring their own counterparts), the registry started against them, and the persons and addresses the tests
// use. registry.test.ts (behaviour) and fault-matrix.test.ts (each switch breaks exactly its rule) share it.
/* eslint-disable @typescript-eslint/no-explicit-any -- the fake ДМС reads and the tests assert on arbitrary JSON bodies */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry } from './server.ts';
import { addWorkingDays, kyivDate, kyivMidnight } from './time.ts';

export const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
export const DAY = 86_400_000;

export interface Received {
  method: string;
  path: string;
  raw: Buffer;
  body: any;
  simTime: number;
  status: number;
  /** how it reached ДМС: an r1 call through the fake Трембіта, or straight */
  via: 'trembita' | 'direct';
  /** the X-Road request headers of an r1 call */
  xroad?: { client: string; id: string | undefined; userId: string | undefined };
}

export const REGISTRY_CLIENT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
export const DMS_CLIENT = 'SEVDEIR-TEST/GOV/37508470/DMS_prod';
const R1_DMS = /^\/r1\/SEVDEIR-TEST\/GOV\/37508470\/DMS_prod\/(ResidenceRegistrationActs_v1|ResidenceVerificationAnswers_v1)(\/.*)?$/;

interface FakeAct {
  body: any;
  raw: string;
  status: 'received' | 'confirmed';
  answer: any;
  confirmation?: any;
}

/** Checks a РНОКПП the way ДМС would (protocol-facts §6.1), so the invalid-rnokpp switch gets its 422. */
function rnokppValid(s: string): boolean {
  const w = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  if (!/^\d{10}$/.test(s)) return false;
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  return ((((sum % 11) + 11) % 11) % 10) === Number(s[9]);
}

export interface FakeOptions {
  start?: string;
  /** answer 202 (no confirmation) instead of 201 when this says so */
  withhold?: (body: any) => boolean;
  /** the fake Трембіта refuses every r1 call with this security-server error */
  xroadError?: { status: number; type: string };
  /** the calendar its clock says is in force (default martial law) */
  martialLaw?: boolean;
}

export async function startFakeDms(options: FakeOptions = {}) {
  let now = Date.parse(options.start ?? '2026-03-10T08:00:00.000Z'); // Tue 10:00 Kyiv
  const received: Received[] = [];
  /** every call but the clock's, polls included */
  const calls: Received[] = [];
  let viaTrembita = true;
  const acts = new Map<string, FakeAct>();
  const answers: Received[] = [];
  const sentRequests: { requestId: string; raw: string; status: number; body: any }[] = [];
  let failNext = 0;
  let confirmSeq = 0;
  const withhold = options.withhold ?? (() => false);

  const confirm = (act: FakeAct) => {
    confirmSeq += 1;
    act.status = 'confirmed';
    act.confirmation = {
      id: `CONF-${confirmSeq}`,
      confirmedAt: new Date(now).toISOString(),
      kind: act.body.kind === 'cancellation' ? 'cancellation' : 'entry',
    };
  };
  const view = (act: FakeAct) => ({
    actId: act.body.actId,
    dmsActId: `DMS-${act.body.actId}`,
    kind: act.body.kind,
    status: act.status,
    receivedAt: act.answer.receivedAt,
    ...(act.confirmation ? { confirmation: act.confirmation } : {}),
  });

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    let path = new URL(req.url ?? '/', 'http://x').pathname;
    // the fake Трембіта: an r1 call to ДМС's services is checked for its client and passed on as ДМС's own path
    let via: Received['via'] = 'direct';
    let xroad: Received['xroad'];
    if (path.startsWith('/r1/')) {
      const header = (n: string) => (req.headers[n] as string | undefined) ?? undefined;
      const refuse = (status: number, type: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-road-error': type, 'x-polihon-time': new Date(now).toISOString() });
        res.end(JSON.stringify({ type, message: `refused by the fake Трембіта: ${type}`, detail: '00000000-0000-4000-8000-000000000000' }));
      };
      const m = R1_DMS.exec(path);
      if (!header('x-road-client')) return refuse(400, 'Client.BadRequest');
      if (!m) return refuse(500, 'Server.ServerProxy.UnknownService');
      if (options.xroadError) return refuse(options.xroadError.status, options.xroadError.type);
      via = 'trembita';
      xroad = { client: header('x-road-client')!, id: header('x-road-id'), userId: header('x-road-userid') };
      path = (m[1] === 'ResidenceRegistrationActs_v1' ? '/dms/v1/acts' : '/dms/v1/verification-requests') + (m[2] ?? '');
    }
    let body: any;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const send = (status: number, payload: unknown) => {
      const record: Received = { method: req.method ?? '', path, raw, body, simTime: now, status, via, ...(xroad ? { xroad } : {}) };
      if (path.startsWith('/dms/')) calls.push(record);
      if (req.method === 'POST' && path.startsWith('/dms/')) received.push(record);
      if (path.endsWith('/answer')) answers.push(record);
      res.writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        'x-polihon-time': new Date(now).toISOString(),
      });
      res.end(JSON.stringify(payload));
    };
    if (path === '/__polihon/clock') {
      return send(200, { now: new Date(now).toISOString(), epochMs: now, mode: 'virtual', martialLaw: options.martialLaw ?? true, kyivDate: kyivDate(now) });
    }
    if (req.method === 'POST' && path === '/dms/v1/acts') {
      if (failNext > 0) {
        failNext -= 1;
        return send(503, { code: 'outage', status: 503, title: 'Service unavailable' });
      }
      const earlier = acts.get(body.actId);
      if (earlier) {
        if (earlier.raw === raw.toString('utf8')) return send(200, view(earlier));
        return send(409, { code: 'act-id-conflict', status: 409 });
      }
      const errors: { field: string; message: string }[] = [];
      if (body.person?.rnokpp !== undefined && !rnokppValid(body.person.rnokpp)) {
        errors.push({ field: 'person.rnokpp', message: 'check digit' });
      }
      if (body.kind === 'cancellation' && !acts.has(body.cancelsActId)) errors.push({ field: 'cancelsActId', message: 'unknown act' });
      if (Date.parse(body.performedAt) > now) errors.push({ field: 'performedAt', message: 'in the future' });
      if (errors.length) return send(422, { code: 'invalid-act', status: 422, errors });
      const sameContent = (b: any) =>
        JSON.stringify([b.kind, b.person, b.address, kyivDate(Date.parse(b.performedAt))]) ===
        JSON.stringify([body.kind, body.person, body.address, kyivDate(Date.parse(body.performedAt))]);
      if ([...acts.values()].some((a) => sameContent(a.body))) return send(409, { code: 'duplicate-act', status: 409 });
      const act: FakeAct = { body, raw: raw.toString('utf8'), status: 'received', answer: { receivedAt: new Date(now).toISOString() } };
      acts.set(body.actId, act);
      if (withhold(body)) return send(202, view(act));
      confirm(act);
      return send(201, view(act));
    }
    const actMatch = /^\/dms\/v1\/acts\/(.+)$/.exec(path);
    if (req.method === 'GET' && actMatch) {
      const act = acts.get(decodeURIComponent(actMatch[1]!));
      return act ? send(200, view(act)) : send(404, { code: 'unknown-act', status: 404 });
    }
    const answerMatch = /^\/dms\/v1\/verification-requests\/(.+)\/answer$/.exec(path);
    if (req.method === 'POST' && answerMatch) {
      return send(200, { requestId: answerMatch[1], receivedAt: new Date(now).toISOString(), onTime: true });
    }
    send(404, { code: 'not-found', status: 404 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let vr = 0;

  return {
    url,
    clockUrl: `${url}/__polihon/clock`,
    received,
    calls,
    /** whether ДМС's requests go out through Трембіта (replyTo an r1 address), as a reset with Трембіта implies */
    set viaTrembita(v: boolean) {
      viaTrembita = v;
    },
    acts,
    answers,
    sentRequests,
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
    failNext(n: number) {
      failNext = n;
    },
    confirm(actId: string) {
      const act = acts.get(actId);
      if (!act) throw new Error(`no act ${actId}`);
      confirm(act);
    },
    actPosts: () => received.filter((r) => r.path === '/dms/v1/acts'),
    /** Makes ДМС send a verification request to the participant, as POST /__polihon/verification-requests would. */
    async sendVerification(participantUrl: string, person: object, raw?: string) {
      vr += 1;
      const requestId = `VR-${String(vr).padStart(6, '0')}`;
      const answerBy = kyivMidnight(addWorkingDays(kyivDate(now), 3)) + DAY - 1;
      const text =
        raw ??
        JSON.stringify({
          requestId,
          sentAt: new Date(now).toISOString(),
          answerBy: new Date(answerBy).toISOString(),
          question: 'residence',
          person,
          replyTo: viaTrembita
            ? `${url}/r1/${DMS_CLIENT}/ResidenceVerificationAnswers_v1/${requestId}/answer`
            : `${url}/dms/v1/verification-requests/${requestId}/answer`,
        });
      const res = await fetch(`${participantUrl}/hromada/v1/verification-requests`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-polihon-time': new Date(now).toISOString(),
          ...(viaTrembita ? { 'x-road-client': DMS_CLIENT, 'x-road-service': `${REGISTRY_CLIENT}/ResidenceVerificationRequests_v1` } : {}),
        },
        body: text,
      });
      const resBody = await res.json().catch(() => undefined);
      sentRequests.push({ requestId, raw: text, status: res.status, body: resBody });
      return { requestId, status: res.status, body: resBody, answerBy, raw: text, at: now };
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export const P1 = {
  lastName: 'Шевченко',
  firstName: 'Тарас',
  patronymic: 'Григорович',
  birthDate: '1948-02-28',
  sex: 'male',
  rnokpp: '1759013776',
  document: { type: 'id-card', number: '000123456' },
};
export const P2 = { lastName: 'Коваленко', firstName: 'Олена', patronymic: 'Петрівна', birthDate: '1990-01-01', sex: 'female', unzr: '19900101-00018' };
export const P3 = { lastName: 'Бондар', firstName: 'Іван', birthDate: '2000-12-31', sex: 'male', unzr: '20001231-01239' };
export const A0 = { katottg: 'UA80000000000093317', text: 'м. Київ, вул. Хрещатик, буд. 1, кв. 1' };
export const A1 = { katottg: 'UA80000000000093317', text: 'м. Київ, вул. Володимирська, буд. 2, кв. 3' };
export const A2 = { katottg: 'UA80000000000093317', text: 'м. Київ, просп. Перемоги, буд. 5, кв. 8' };

const cleanups: (() => Promise<void>)[] = [];

/** Something to stop after the test, with what setup() started. */
export function onCleanup(dispose: () => Promise<void>): void {
  cleanups.push(dispose);
}

/** Stops every registry and fake that setup() started for the test just run (each test file's afterEach). */
export async function disposeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}

/**
 * Starts a fake ДМС behind a fake Трембіта and the registry, reset with both (as conformance runs do), or with ДМС
 * only (`direct`, the developers' mode); `own` leaves the teardown to the caller (concurrent tests).
 */
export async function setup(
  opts: { faults?: string[]; fake?: FakeOptions; exit?: (code: number) => void; own?: boolean; direct?: boolean; start?: Partial<Parameters<typeof startRegistry>[0]> } = {},
) {
  const fake = await startFakeDms(opts.fake);
  fake.viaTrembita = !opts.direct;
  const logs: string[] = [];
  const sut = await startRegistry({
    port: 0,
    faults: opts.faults ?? [],
    log: (l) => logs.push(l),
    exit: opts.exit ?? (() => undefined),
    ...opts.start,
  });
  const dispose = async () => {
    await sut.close();
    await fake.close();
  };
  if (!opts.own) cleanups.push(dispose);
  const driver = async (method: string, path: string, body?: unknown, raw?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sut.url}${path}`, {
      method,
      headers: body === undefined && raw === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  };
  const reset = await driver('POST', '/driver/reset', { simulators: opts.direct ? { dms: fake.url } : { dms: fake.url, trembita: fake.url }, clock: fake.clockUrl });
  if (reset.status !== 204) throw new Error(`POST /driver/reset answered ${reset.status}, not 204: ${JSON.stringify(reset.body)}`);
  const act = async (body: object) => {
    const r = await driver('POST', '/driver/actions', body);
    if (r.status !== 202) throw new Error(`POST /driver/actions answered ${r.status}, not 202: ${JSON.stringify(r.body)}`);
    return r.body.ref as string;
  };
  const status = async (ref: string) => (await driver('GET', `/driver/actions/${ref}`)).body;
  return { fake, sut, driver, act, status, logs, dispose };
}

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 2000): Promise<Truthy<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Truthy<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
