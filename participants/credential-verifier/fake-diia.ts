// Test support: a small Дія that follows polihon's Дія contract (codes of 13 digits and links, 180 s on its own
// virtual clock, single use, the refusals in the contract's order) behind a small Трембіта that checks the client's
// r1 headers and passes the call on. The participant is standalone, so its tests bring their own counterparts; the
// real simulators are tested against the same contract elsewhere. Loopback only.
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credential } from './verify.ts';

export const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
export const SERVICE_PATH = '/r1/SEVDEIR-TEST/GOV/43395033/DIIA_prod/ECredentialVerification_v1';
const START = Date.parse('2026-05-12T09:00:00Z');

export const CREDENTIAL: Credential = {
  state: 'active',
  title: 'Службове посвідчення',
  fullName: 'Тестенко Олена Петрівна',
  position: 'головний спеціаліст відділу реєстрації',
  issueDate: '2024-02-01',
  seriesNumber: 'АБ 123456',
  issuingBody: 'Тестова міська рада',
  photo: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCIvPg==',
  expiryDate: '2029-02-01',
  contacts: { phone: '+380441234567', email: 'olena.testenko@example.gov.ua' },
};

export interface Code {
  barcode: string;
  qrCode: string;
  documentId: string;
  expiresAt: number;
  usedAt?: number;
  credential: Credential;
  refusal?: string;
}

export interface DiiaCall {
  method: string;
  path: string;
  via: 'trembita' | 'direct';
  body: string;
  headers: IncomingMessage['headers'];
}

export function ean13(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 ? 3 : 1);
  return twelve + String((10 - (sum % 10)) % 10);
}

export interface FakeDiia {
  trembita: string;
  diia: string;
  clock: string;
  calls: DiiaCall[];
  /** what Трембіта received (every header), before its checks */
  trembitaSeen: { path: string; headers: IncomingMessage['headers'] }[];
  now: number;
  /** the next answers of the verification service: 'down' (503), 'hang' (never in time), 'reset' (drop), 'bad' (200 without fields) */
  mode: 'ok' | 'down' | 'hang' | 'reset' | 'bad';
  /** how many next verification calls the mode applies to (then 'ok'); Infinity by default */
  modeCount: number;
  /** how many next connections Трембіта drops without an answer (a network error at the verifier) */
  trembitaDrops: number;
  /** how many verifications Дія answered valid */
  validAnswers: number;
  present(options?: { documentId?: string; refusal?: string; credential?: Credential }): Code;
  verifyCount(): number;
  close(): Promise<void>;
}

/** Starts the fake Дія and its Трембіта on two ephemeral loopback ports. */
export async function startFakeDiia(): Promise<FakeDiia> {
  const codes = new Map<string, Code>();
  const hanging = new Set<ServerResponse>();
  const fake: FakeDiia = {
    trembita: '',
    diia: '',
    clock: '',
    calls: [],
    trembitaSeen: [],
    now: START,
    mode: 'ok',
    modeCount: Infinity,
    trembitaDrops: 0,
    validAnswers: 0,
    present(options = {}) {
      let barcode: string;
      do barcode = ean13(String(randomInt(100000000000, 999999999999))); while (codes.has(barcode));
      const documentId = options.documentId ?? randomUUID();
      const code: Code = {
        barcode,
        qrCode: `https://diia.app/documents/e-credential/${documentId}/verify/${randomUUID()}`,
        documentId,
        expiresAt: fake.now + 180_000,
        credential: options.credential ?? CREDENTIAL,
        ...(options.refusal ? { refusal: options.refusal } : {}),
      };
      codes.set(barcode, code);
      return code;
    },
    verifyCount: () => fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/verifications')).length,
    close: async () => {
      for (const r of hanging) r.destroy();
      await Promise.all([diiaServer, trembitaServer].map((s) => new Promise<void>((resolve) => (s.close(() => resolve()), s.closeAllConnections()))));
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'x-polihon-time': new Date(fake.now).toISOString(), ...headers });
    res.end(text);
  };
  const problem = (res: ServerResponse, status: number, code: string) => send(res, status, { type: `https://diia.polihon.test/problems/${code}`, title: code, status, code, detail: code }, 'application/problem+json');

  const diiaServer = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__polihon/clock') return send(res, 200, { now: new Date(fake.now).toISOString(), epochMs: fake.now, mode: 'virtual' });
    const path = url.pathname.replace(/^\/diia\/v1/, '');
    fake.calls.push({ method: req.method ?? '', path, via: req.headers['x-fake-via'] === 'trembita' ? 'trembita' : 'direct', body, headers: req.headers });
    if (req.method === 'GET' && path.startsWith('/codes/')) {
      const c = codes.get(path.slice('/codes/'.length));
      if (!c) return problem(res, 404, 'unknown-code');
      return send(res, 200, { state: c.usedAt ? 'used' : fake.now > c.expiresAt ? 'expired' : 'unused', documentType: 'e-credential', expiresAt: new Date(c.expiresAt).toISOString() });
    }
    if (req.method !== 'POST' || path !== '/verifications') return problem(res, 404, 'not-found');
    const mode = fake.mode;
    if (mode !== 'ok' && --fake.modeCount <= 0) {
      fake.mode = 'ok';
      fake.modeCount = Infinity;
    }
    if (mode === 'down') return problem(res, 503, 'diia-unavailable');
    if (mode === 'hang') return void hanging.add(res);
    if (mode === 'reset') return void res.destroy();
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return problem(res, 400, 'no-identifier');
    }
    if (o.qrCode === undefined && o.barcode === undefined) return problem(res, 400, 'no-identifier');
    const code =
      typeof o.barcode === 'string' ? (/^\d{13}$/.test(o.barcode) && ean13(o.barcode.slice(0, 12)) === o.barcode ? codes.get(o.barcode) ?? null : undefined) : [...codes.values()].find((c) => c.qrCode === o.qrCode) ?? (typeof o.qrCode === 'string' && /^https:\/\/diia\.app\/documents\/e-credential\/[^/]+\/verify\/[^/]+$/.test(o.qrCode) ? null : undefined);
    if (code === undefined) return problem(res, 400, 'malformed-code');
    if (code === null) return problem(res, 404, 'unknown-code');
    if (code.usedAt !== undefined) return problem(res, 409, 'code-used');
    if (fake.now > code.expiresAt) return problem(res, 410, 'code-expired');
    if (code.refusal) return problem(res, 422, code.refusal);
    code.usedAt = fake.now;
    if (mode !== 'bad') fake.validAnswers++;
    if (mode === 'bad') return send(res, 200, { result: 'valid', verificationId: randomUUID(), verifiedAt: new Date(fake.now).toISOString() });
    return send(res, 200, { result: 'valid', verificationId: randomUUID(), verifiedAt: new Date(fake.now).toISOString(), credential: code.credential });
  });

  const trembitaServer = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    fake.trembitaSeen.push({ path: url.pathname, headers: req.headers });
    if (fake.trembitaDrops > 0) {
      fake.trembitaDrops--;
      return void res.socket?.destroy();
    }
    const xroadError = (status: number, type: string, message: string) => send(res, status, { type, message, detail: randomUUID() }, 'application/json', { 'x-road-error': type });
    if (!url.pathname.startsWith(`${SERVICE_PATH}/`)) return xroadError(400, 'Server.ServerProxy.UnknownService', `Unknown service ${url.pathname}`);
    const client = req.headers['x-road-client'];
    if (typeof client !== 'string') return xroadError(400, 'Client.BadRequest', 'X-Road-Client header missing');
    if (client !== PARTICIPANT) return xroadError(500, 'Server.ServerProxy.AccessDenied', `Request is not allowed: ${client}`);
    let answer: Response;
    try {
      answer = await fetch(`${fake.diia}/diia/v1${url.pathname.slice(SERVICE_PATH.length)}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'x-fake-via': 'trembita', 'x-road-id': String(req.headers['x-road-id'] ?? '') },
        ...(req.method === 'POST' ? { body } : {}),
      });
    } catch {
      return xroadError(500, 'Server.ServerProxy.NetworkError', 'Could not connect to the provider');
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'x-polihon-time': new Date(fake.now).toISOString() });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });

  fake.diia = await listenOn(diiaServer);
  fake.trembita = await listenOn(trembitaServer);
  fake.clock = `${fake.diia}/__polihon/clock`;
  return fake;
}

async function listenOn(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

