// The reference HR management system as Дія reaches it: through a small fake Трембіта (it passes the r1 call on
// to endpoints.provider with the client's X-Road headers and the simulators' time, as polihon's Трембіта does) and
// a small fake Дія that forms an е-Посвідчення from the record as polihon's Дія contract says. The participant is
// standalone, so the test brings its own counterparts. Records, dismissal on the virtual Kyiv date, the caller check,
// the journal, the driver — and a matrix proving each switch breaks exactly its rules, each variant none.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS } from './faults.ts';
import { startHrSystem, type RunningHrSystem } from './server.ts';

const DIIA = 'SEVDEIR-TEST/GOV/43395033/DIIA_prod';
const SERVICE = '/r1/SEVDEIR-TEST/GOV/04054866/RTG_prod/HrPersonnelRecords_v1';

const OLENA = {
  rnokpp: '2245134075',
  lastName: 'Тестенко',
  firstName: 'Олена',
  middleName: 'Петрівна',
  position: 'головний спеціаліст',
  organisation: 'Тестова міська рада',
  credential: { series: 'АБ', number: '123456', issueDate: '2024-02-01', expiryDate: '2029-02-01', chip: true },
  contacts: { phone: '+380441234567', email: 'olena@example.gov.ua' },
  // what the Дія simulator's own `officials` action carries besides; the HR system takes it as it is
  id: 'olena',
  hr: 'participant',
};
const IVAN = { rnokpp: '3187654320', lastName: 'Зразковий', firstName: 'Іван', position: 'інспектор', organisation: 'Тестова міська рада', credential: { series: 'ВГ', number: '654321', issueDate: '2023-09-01', chip: true }, contacts: {} };

interface Rig {
  hr: RunningHrSystem;
  now: { ms: number };
  /** GET through the fake Трембіта as `client` (Дія by default); the status and the JSON */
  fetchRecord(rnokpp: string, client?: string | null): Promise<{ status: number; json: Record<string, unknown>; text: string; id: string }>;
  /** Дія forming an е-Посвідчення from the record (polihon's Дія contract): the ten things, or its refusal code */
  form(rnokpp: string): Promise<{ refused?: string; credential?: Record<string, unknown> }>;
  post(path: string, body: unknown): Promise<Response>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function rig(faults: string[] = []): Promise<Rig> {
  const hr = await startHrSystem({ port: 0, faults, slowMs: 20, log: () => undefined });
  const now = { ms: Date.parse('2026-05-12T09:00:00Z') };
  // the fake Трембіта: its clock, and r1 calls passed on to the provider with the X-Road headers and the time
  const trembita: Server = createServer(async (req, res) => {
    for await (const _ of req) void _;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__polihon/clock') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ epochMs: now.ms, mode: 'virtual' }));
    }
    const headers: Record<string, string> = { 'x-polihon-time': new Date(now.ms).toISOString() };
    for (const h of ['x-road-client', 'x-road-id', 'x-road-userid']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    const answer = await fetch(`${hr.url}/hr${url.pathname.slice(SERVICE.length)}`, { headers });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => trembita.listen(0, '127.0.0.1', () => r()));
  const ss = `http://127.0.0.1:${(trembita.address() as AddressInfo).port}`;
  open.push(() => hr.close(), () => new Promise<void>((r) => (trembita.close(() => r()), trembita.closeAllConnections())));
  const post = (path: string, body: unknown) => fetch(`${hr.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect((await post('/driver/reset', { clock: `${ss}/__polihon/clock` })).status).toBe(204);
  const fetchRecord: Rig['fetchRecord'] = async (rnokpp, client = DIIA) => {
    const id = randomUUID();
    const res = await fetch(`${ss}${SERVICE}/officials/${rnokpp}`, { headers: { 'x-road-id': id, ...(client ? { 'x-road-client': client } : {}) } });
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown>, text, id };
  };
  return {
    hr,
    now,
    post,
    fetchRecord,
    async form(rnokpp) {
      const { status, json: r } = await fetchRecord(rnokpp);
      if (status !== 200) return { refused: 'hr-unavailable' };
      if (r.employment === 'dismissed') return { refused: 'dismissed' };
      const c = r.credential as Record<string, unknown> | undefined;
      if (![r.lastName, r.firstName, r.position, r.organisation, c?.series, c?.number, c?.issueDate].every((v) => typeof v === 'string' && v)) return { refused: 'hr-data-missing' };
      const contacts = r.contacts as Record<string, string>;
      return {
        credential: {
          state: 'active',
          title: c!.title,
          fullName: [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' '),
          position: r.position,
          issueDate: c!.issueDate,
          seriesNumber: `${c!.series as string} ${c!.number as string}`,
          issuingBody: r.organisation,
          ...(c!.expiryDate ? { expiryDate: c!.expiryDate } : {}),
          contacts: { ...(contacts.phone ? { phone: contacts.phone } : {}), ...(contacts.email ? { email: contacts.email } : {}) },
        },
      };
    },
  };
}

const EXPECTED_OLENA = {
  state: 'active',
  title: 'Службове посвідчення',
  fullName: 'Тестенко Олена Петрівна',
  position: 'головний спеціаліст',
  issueDate: '2024-02-01',
  seriesNumber: 'АБ 123456',
  issuingBody: 'Тестова міська рада',
  expiryDate: '2029-02-01',
  contacts: { phone: '+380441234567', email: 'olena@example.gov.ua' },
};

describe('hr-system: the record Дія reads', () => {
  it('serves a seeded official in the contract’s shape to Дія, 404 unknown-official for anyone else', async () => {
    const r = await rig();
    expect((await r.post('/driver/officials', { officials: [OLENA, IVAN] })).status).toBe(201);
    const { status, json } = await r.fetchRecord(OLENA.rnokpp);
    expect(status).toBe(200);
    expect(json).toEqual({
      rnokpp: '2245134075',
      lastName: 'Тестенко',
      firstName: 'Олена',
      middleName: 'Петрівна',
      position: 'головний спеціаліст',
      organisation: 'Тестова міська рада',
      employment: 'active',
      credential: { title: 'Службове посвідчення', series: 'АБ', number: '123456', issueDate: '2024-02-01', expiryDate: '2029-02-01', chip: true },
      contacts: { phone: '+380441234567', email: 'olena@example.gov.ua' },
      updatedAt: '2026-05-12T09:00:00.000Z',
    });
    const ivan = await r.fetchRecord(IVAN.rnokpp);
    expect(ivan.json).not.toHaveProperty('middleName');
    expect(ivan.json).not.toHaveProperty('credential.expiryDate');
    expect(await r.fetchRecord('1234567890')).toMatchObject({ status: 404, json: { code: 'unknown-official' } });
    expect(await r.fetchRecord('12')).toMatchObject({ status: 400, json: { code: 'invalid-rnokpp' } });
  });

  it('takes a dismissal as POST /driver/dismissals {rnokpp, on?} too (a harness trigger names no path parameter)', async () => {
    const r = await rig();
    await r.post('/driver/officials', OLENA);
    const res = await r.post('/driver/dismissals', { rnokpp: OLENA.rnokpp });
    expect([res.status, await res.json()]).toEqual([200, { rnokpp: OLENA.rnokpp, dismissedOn: '2026-05-12' }]);
    expect((await r.fetchRecord(OLENA.rnokpp)).json).toMatchObject({ employment: 'dismissed', dismissedAt: '2026-05-12' });
    expect((await r.post('/driver/dismissals', {})).status).toBe(422);
    expect((await r.post('/driver/dismissals', { rnokpp: '1111111111' })).status).toBe(404);
  });

  it('is dismissed from the Kyiv day of dismissal on the simulators’ clock, not before', async () => {
    const r = await rig();
    await r.post('/driver/officials', OLENA);
    expect((await r.post(`/driver/officials/${OLENA.rnokpp}/dismiss`, { on: '2026-05-13' })).status).toBe(204);
    expect((await r.fetchRecord(OLENA.rnokpp)).json).toMatchObject({ employment: 'active' });
    r.now.ms = Date.parse('2026-05-12T21:30:00Z'); // 00:30 on the 13th in Kyiv
    expect((await r.fetchRecord(OLENA.rnokpp)).json).toMatchObject({ employment: 'dismissed', dismissedAt: '2026-05-13' });
    await r.post('/driver/officials', IVAN);
    expect((await r.post(`/driver/officials/${IVAN.rnokpp}/dismiss`, {})).status).toBe(204);
    expect((await r.fetchRecord(IVAN.rnokpp)).json).toMatchObject({ employment: 'dismissed', dismissedAt: '2026-05-13' });
  });

  it('refuses every caller but Дія’s subsystem (percent-encoding of the id’s parts is read)', async () => {
    const r = await rig();
    await r.post('/driver/officials', OLENA);
    for (const client of ['SEVDEIR-TEST/GOV/37508470/DMS_prod', 'SEVDEIR-TEST/GOV/43395033', null, 'garbage']) {
      const got = await r.fetchRecord(OLENA.rnokpp, client);
      expect(got.status, String(client)).toBe(403);
      expect(got.text).not.toContain('Тестенко');
    }
    expect((await r.fetchRecord(OLENA.rnokpp, 'SEVDEIR-TEST/GOV/43395033/DIIA%5Fprod')).status).toBe(200);
  });

  it('journals each request and answer: X-Road-Id, the caller, the virtual time, sha256 of the exact bytes', async () => {
    const r = await rig();
    await r.post('/driver/officials', OLENA);
    const { text, id } = await r.fetchRecord(OLENA.rnokpp);
    const { entries } = (await (await fetch(`${r.hr.url}/driver/journal`)).json()) as { entries: unknown[] };
    const common = { messageId: id, counterpart: DIIA, service: 'diia.hr.fetch', time: '2026-05-12T09:00:00.000Z' };
    expect(entries).toEqual([
      { ...common, direction: 'in', sha256: createHash('sha256').update('').digest('hex') },
      { ...common, direction: 'out', sha256: createHash('sha256').update(text).digest('hex') },
    ]);
  });

  it('answers bad driver input with a located error', async () => {
    const r = await rig();
    const bad = async (body: unknown) => ((await (await r.post('/driver/officials', body)).json()) as { message: string }).message;
    expect(await bad({ ...OLENA, rnokpp: '1' })).toBe('officials[0].rnokpp: 10 digits are required');
    expect(await bad({ officials: [OLENA, { ...IVAN, credential: { ...IVAN.credential, issueDate: '2026-02-30' } }] })).toBe('officials[1].credential.issueDate: a date YYYY-MM-DD is required');
    expect(await bad({ ...OLENA, position: ' ' })).toBe('officials[0].position: a non-empty string is required');
    expect((await r.post('/driver/officials', '{')).status).toBe(400);
    expect((await r.post('/driver/officials/0000000000/dismiss', {})).status).toBe(404);
    expect((await r.post(`/driver/officials/${OLENA.rnokpp}/dismiss`, { on: 'tomorrow' })).status).toBe(422);
    expect((await fetch(`${r.hr.url}/driver/officials`)).status).toBe(405);
    expect((await fetch(`${r.hr.url}/elsewhere`)).status).toBe(404);
    expect(await (await fetch(`${r.hr.url}/driver/health`)).json()).toMatchObject({ ok: true, role: 'hr-system', identity: 'SEVDEIR-TEST/GOV/04054866/RTG_prod', faults: [] });
    await expect(startHrSystem({ port: 0, faults: 'nope' })).rejects.toThrow(/unknown fault switch 'nope'/);
  });
});

// ---------------------------------------------------------------- each rule as a check, each switch against them

const RULES: Record<string, (r: Rig) => Promise<boolean>> = {
  // no е-Посвідчення of a physical credential past its term: the HR system gives the true term
  'DIIA-01': async (r) => {
    // two officials whose credentials ran out the same day: another's record (wrong-person) is no way round the term
    const expired = { ...IVAN.credential, expiryDate: '2026-04-30' };
    await r.post('/driver/officials', [{ ...IVAN, rnokpp: '2987654321', credential: expired }, { ...OLENA, rnokpp: '2987654322', credential: expired }]);
    const formed = await r.form('2987654321');
    return formed.refused !== undefined || formed.credential?.expiryDate === '2026-04-30';
  },
  // Дія forms the е-Посвідчення when it is connected to the HR system
  'DIIA-03': async (r) => (await r.form(OLENA.rnokpp)).refused !== 'hr-unavailable',
  // the HR system holds the data the е-Посвідчення needs
  'DIIA-04': async (r) => (await r.form(OLENA.rnokpp)).refused !== 'hr-data-missing',
  // the data shown are the HR system's, and current (a dismissal takes effect)
  'DIIA-08': async (r) => {
    const formed = await r.form(OLENA.rnokpp);
    if (formed.credential && JSON.stringify(formed.credential) !== JSON.stringify(EXPECTED_OLENA)) return false;
    await r.post(`/driver/officials/${IVAN.rnokpp}/dismiss`, { on: '2026-05-12' });
    const dismissed = await r.form(IVAN.rnokpp);
    return dismissed.refused === 'dismissed' || dismissed.refused === 'hr-unavailable';
  },
  // personal data go to Дія alone
  'DIIA-15': async (r) => (await r.fetchRecord(OLENA.rnokpp, 'SEVDEIR-TEST/GOV/37508470/DMS_prod')).status === 403,
};

async function broken(faults: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [rule, check] of Object.entries(RULES)) {
    const r = await rig(faults);
    await r.post('/driver/officials', { officials: [OLENA, IVAN] });
    if (!(await check(r))) out.push(rule);
    await Promise.all(open.splice(0).map((close) => close()));
  }
  return out;
}

describe('hr-system: fault switches', () => {
  it('the correct HR system keeps every rule', async () => {
    expect(await broken([])).toEqual([]);
  });

  for (const f of FAULTS) {
    it(`${f.name} breaks ${f.breaks.length ? f.breaks.join(', ') : 'nothing (a variant)'}`, async () => {
      expect(await broken([f.name])).toEqual([...f.breaks]);
    });
  }

  it('the variants change the form only: key order, extra fields, an empty middleName', async () => {
    const keys = (json: Record<string, unknown>) => Object.keys(json);
    const plain = await rig();
    await plain.post('/driver/officials', [OLENA, IVAN]);
    const reordered = await rig(['reorder-keys']);
    await reordered.post('/driver/officials', [OLENA, IVAN]);
    const a = (await plain.fetchRecord(OLENA.rnokpp)).json;
    const b = (await reordered.fetchRecord(OLENA.rnokpp)).json;
    expect(b).toEqual(a);
    expect(keys(b)).toEqual(keys(a).reverse());
    const extra = await rig(['extra-fields']);
    await extra.post('/driver/officials', OLENA);
    expect((await extra.fetchRecord(OLENA.rnokpp)).json).toMatchObject({ ...a, personnelNumber: 'ТН-34075' });
    const empty = await rig(['no-middle-name']);
    await empty.post('/driver/officials', [OLENA, IVAN]);
    expect((await empty.fetchRecord(IVAN.rnokpp)).json).toHaveProperty('middleName', '');
    expect((await empty.fetchRecord(OLENA.rnokpp)).json).toHaveProperty('middleName', 'Петрівна');
  });
});
