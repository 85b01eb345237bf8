// The reference credential verifier against a small fake Дія behind a small fake Трембіта (fake-diia.ts; the
// participant is standalone, so its tests bring their own counterparts): the r1 call and its headers, what the
// officer is shown for every answer of the contract, no cache, the journal, the driver and the page — and a matrix
// proving each fault switch breaks exactly the rules faults.ts maps it to, and each variant breaks none.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS } from './faults.ts';
import { CREDENTIAL, ean13, PARTICIPANT, SERVICE_PATH, startFakeDiia, type FakeDiia } from './fake-diia.ts';
import { startVerifier, type RunningVerifier } from './server.ts';
import { isEan13, MESSAGES, type Shown } from './verify.ts';

interface Rig {
  fake: FakeDiia;
  verifier: RunningVerifier;
  verify(body: unknown): Promise<Shown>;
  post(path: string, body: unknown): Promise<Response>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function rig(faults: string[] = [], options: { timeoutMs?: number; identity?: { subsystem: string } } = {}): Promise<Rig> {
  const fake = await startFakeDiia();
  const verifier = await startVerifier({ port: 0, faults, timeoutMs: options.timeoutMs ?? 2000, slowMs: 20, log: () => undefined, ...(options.identity ? { identity: options.identity } : {}) });
  open.push(() => verifier.close(), () => fake.close());
  const post = (path: string, body: unknown) =>
    fetch(`${verifier.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const reset = await post('/driver/reset', { simulators: { trembita: fake.trembita, diia: fake.diia }, clock: fake.clock });
  expect(reset.status).toBe(204);
  return {
    fake,
    verifier,
    post,
    async verify(body) {
      const res = await post('/driver/verifications', body);
      expect(res.status).toBe(200);
      const json = (await res.json()) as { ref: string; shown: Shown };
      expect(json.ref).toMatch(/^[0-9a-f-]{36}$/);
      return json.shown;
    },
  };
}

/** How the phone groups the digits: "4 820000 123456". */
const grouped = (b: string) => `${b[0]} ${b.slice(1, 7)} ${b.slice(7)}`;

describe('credential verifier: the call to Дія', () => {
  it('sends a typed code (spaces stripped) as barcode through Трембіта r1 with its client, a fresh id and the officer', async () => {
    const r = await rig();
    const code = r.fake.present();
    const shown = await r.verify({ code: grouped(code.barcode) });
    expect(shown).toEqual({ verdict: 'valid', message: 'Посвідчення дійсне', credential: CREDENTIAL });
    expect(r.fake.calls).toHaveLength(1);
    const call = r.fake.calls[0]!;
    expect(call).toMatchObject({ method: 'POST', path: '/verifications', via: 'trembita' });
    expect(JSON.parse(call.body)).toEqual({ barcode: code.barcode });
    const seen = r.fake.trembitaSeen[0]!;
    expect(seen.path).toBe(`${SERVICE_PATH}/verifications`);
    expect(seen.headers['x-road-client']).toBe(PARTICIPANT);
    expect(seen.headers['x-road-userid']).toBe('UA2245134075');
    expect(seen.headers['x-road-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a scanned link as qrCode, one call per presentation, a new X-Road-Id each', async () => {
    const r = await rig();
    const a = r.fake.present({ documentId: 'doc-1' });
    const b = r.fake.present({ documentId: 'doc-1' });
    expect((await r.verify({ qrCode: a.qrCode })).verdict).toBe('valid');
    expect((await r.verify({ qrCode: b.qrCode })).verdict).toBe('valid');
    expect(r.fake.calls.map((c) => JSON.parse(c.body))).toEqual([{ qrCode: a.qrCode }, { qrCode: b.qrCode }]);
    const ids = r.fake.trembitaSeen.map((s) => s.headers['x-road-id']);
    expect(new Set(ids).size).toBe(2);
  });

  it('refuses locally a typed code that is not 13 digits with a valid EAN-13 check digit, without calling Дія', async () => {
    const r = await rig();
    const good = r.fake.present().barcode;
    const wrongCheck = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    for (const code of [wrongCheck, good.slice(0, 12), `${good}1`, 'abc', '', '4-820000-123456']) {
      expect(await r.verify({ code }), code).toEqual({ verdict: 'invalid', message: MESSAGES.badTyped });
    }
    expect(r.fake.calls).toHaveLength(0);
    expect(isEan13('4006381333931')).toBe(true);
    expect(ean13('400638133393')).toBe('4006381333931');
  });

  it('shows each refusal of Дія by its code, never valid', async () => {
    const r = await rig();
    const used = r.fake.present();
    await r.verify({ code: used.barcode });
    expect(await r.verify({ code: used.barcode })).toEqual({ verdict: 'used', message: MESSAGES.used });
    const old = r.fake.present();
    r.fake.now += 181_000;
    expect(await r.verify({ code: old.barcode })).toEqual({ verdict: 'expired', message: MESSAGES.expired });
    expect(await r.verify({ code: ean13('123456789012') })).toEqual({ verdict: 'invalid', message: MESSAGES.unknown });
    expect(await r.verify({ qrCode: 'https://example.test/not-diia' })).toEqual({ verdict: 'invalid', message: MESSAGES.unknown });
    for (const [refusal, message] of [
      ['credential-revoked', MESSAGES.invalidCredential],
      ['credential-expired', MESSAGES.invalidCredential],
      ['hr-data-missing', MESSAGES.hrMissing],
    ] as const) {
      expect(await r.verify({ code: r.fake.present({ refusal }).barcode }), refusal).toEqual({ verdict: 'invalid', message });
    }
  });

  it('a code of 2:59 passes, one of 3:01 is expired — as Дія says', async () => {
    const r = await rig();
    const a = r.fake.present();
    r.fake.now += 179_000;
    expect((await r.verify({ code: a.barcode })).verdict).toBe('valid');
    const b = r.fake.present();
    r.fake.now += 181_000;
    expect((await r.verify({ code: b.barcode })).verdict).toBe('expired');
  });

  it('Дія down, hanging, dropping the connection, Трембіта refusing, or an answer without the ten fields: not valid', async () => {
    const r = await rig([], { timeoutMs: 300 });
    const unavailable = { verdict: 'unavailable', message: 'Дія недоступна — перевірку не виконано, посвідчення не приймати' };
    for (const mode of ['down', 'hang', 'reset'] as const) {
      r.fake.mode = mode;
      expect(await r.verify({ code: r.fake.present().barcode }), mode).toEqual(unavailable);
    }
    r.fake.mode = 'bad';
    expect(await r.verify({ code: r.fake.present().barcode })).toEqual({ verdict: 'error', message: MESSAGES.malformed });
    r.fake.mode = 'ok';
    const other = await rig([], { identity: { subsystem: 'OTHER_prod' } });
    expect(await other.verify({ code: other.fake.present().barcode })).toEqual(unavailable);
    expect(other.fake.calls).toHaveLength(0);
  });

  it('keeps nothing: a second presentation of the same official is asked again, and Дія’s outage then is shown', async () => {
    const r = await rig();
    expect((await r.verify({ qrCode: r.fake.present({ documentId: 'd' }).qrCode })).verdict).toBe('valid');
    r.fake.mode = 'down';
    expect((await r.verify({ qrCode: r.fake.present({ documentId: 'd' }).qrCode })).verdict).toBe('unavailable');
    expect(r.fake.verifyCount()).toBe(2);
  });
});

describe('credential verifier: journal and driver', () => {
  it('journals every message with Дія: X-Road-Id, direction, Дія’s subsystem, the virtual time, sha256 of the exact body', async () => {
    const r = await rig();
    const code = r.fake.present();
    await r.verify({ code: code.barcode });
    const { entries } = (await (await fetch(`${r.verifier.url}/driver/journal`)).json()) as { entries: Record<string, string>[] };
    const id = r.fake.trembitaSeen[0]!.headers['x-road-id'];
    const sent = r.fake.calls[0]!.body;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      messageId: id,
      direction: 'out',
      counterpart: 'SEVDEIR-TEST/GOV/43395033/DIIA_prod',
      service: 'diia.verify',
      time: new Date(r.fake.now).toISOString(),
      sha256: createHash('sha256').update(sent).digest('hex'),
    });
    expect(entries[1]).toMatchObject({ messageId: id, direction: 'in', counterpart: 'SEVDEIR-TEST/GOV/43395033/DIIA_prod', service: 'diia.verify', time: new Date(r.fake.now).toISOString() });
    expect(entries[1]!.verificationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await r.post('/driver/reset', {})).text()).toBe('');
    expect(((await (await fetch(`${r.verifier.url}/driver/journal`)).json()) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('answers bad driver input with a clear error and keeps serving', async () => {
    const r = await rig();
    const status = async (path: string, body: unknown) => (await r.post(path, body)).status;
    expect(await status('/driver/verifications', { code: '1', qrCode: 'x' })).toBe(422);
    expect(await status('/driver/verifications', {})).toBe(422);
    expect(await status('/driver/verifications', { code: 5 })).toBe(422);
    expect(await status('/driver/verifications', '{not json')).toBe(400);
    expect(await status('/driver/verifications', '')).toBe(400);
    expect(await status('/driver/reset', { simulators: { trembita: 'ftp://x' } })).toBe(422);
    expect(await status('/driver/reset', { clock: 7 })).toBe(422);
    expect((await fetch(`${r.verifier.url}/driver/verifications`)).status).toBe(405);
    expect((await fetch(`${r.verifier.url}/nowhere`)).status).toBe(404);
    const health = (await (await fetch(`${r.verifier.url}/driver/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, role: 'credential-verifier', client: PARTICIPANT, userId: 'UA2245134075', faults: [] });
    const fresh = await startVerifier({ port: 0, log: () => undefined });
    open.push(() => fresh.close());
    const res = await fetch(`${fresh.url}/driver/verifications`, { method: 'POST', body: JSON.stringify({ code: '4006381333931' }) });
    expect(res.status).toBe(409);
    const shown = (await (await r.post('/driver/verifications', { code: r.fake.present().barcode })).json()) as { ref: string };
    expect(await (await fetch(`${r.verifier.url}/driver/verifications/${shown.ref}`)).json()).toEqual({ ref: shown.ref, verdict: 'valid' });
  });

  it('serves the page (Ukrainian, the four selectors) and jsQR; the page’s backend judges as the driver does', async () => {
    const r = await rig();
    const page = await (await fetch(`${r.verifier.url}/`)).text();
    expect(page).toContain('<html lang="uk">');
    for (const s of ['id="code"', 'id="verify"', 'id="scan"', 'id="result"', '<label for="code">Цифровий код</label>', 'Перевірити', 'Сканувати QR']) expect(page).toContain(s);
    const js = await fetch(`${r.verifier.url}/jsQR.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('jsQR');
    const res = await r.post('/api/verifications', { code: r.fake.present().barcode });
    expect(((await res.json()) as { shown: Shown }).shown.verdict).toBe('valid');
  });

  it('refuses an unknown fault switch, naming the valid ones', async () => {
    await expect(startVerifier({ port: 0, faults: 'nope' })).rejects.toThrow(/unknown fault switch 'nope'.*valid switches: cache-positive/);
  });
});

// ---------------------------------------------------------------- each rule as a check, each switch against them

type Check = (r: Rig) => Promise<boolean>;

const RULES: Record<string, { timeoutMs?: number; check: Check }> = {
  'DIIA-05': {
    check: async (r) => {
      const a = r.fake.present();
      r.fake.now += 179_000;
      const fresh = await r.verify({ code: a.barcode });
      const b = r.fake.present();
      r.fake.now += 181_000;
      const stale = await r.verify({ code: b.barcode });
      return fresh.verdict === 'valid' && stale.verdict === 'expired';
    },
  },
  'DIIA-06': {
    check: async (r) => {
      const c = r.fake.present();
      await r.verify({ code: c.barcode });
      const reused = (await r.verify({ code: c.barcode })).verdict === 'used';
      // a well-formed code the fake Дія never issued, and no code at all: neither is ever "valid"
      const unknown = (await r.verify({ code: '4006381333931' })).verdict !== 'valid';
      const none = (await r.verify({ code: '' })).verdict !== 'valid';
      return reused && unknown && none;
    },
  },
  'DIIA-07': { check: async (r) => JSON.stringify((await r.verify({ code: r.fake.present().barcode })).credential) === JSON.stringify(CREDENTIAL) },
  'DIIA-10': {
    timeoutMs: 300,
    check: async (r) => {
      const first = await r.verify({ qrCode: r.fake.present({ documentId: 'same' }).qrCode });
      const second = await r.verify({ qrCode: r.fake.present({ documentId: 'same' }).qrCode });
      r.fake.mode = 'down';
      const third = await r.verify({ qrCode: r.fake.present({ documentId: 'same' }).qrCode });
      // every "valid" shown is backed by a valid answer of Дія given for that presentation; an outage is never valid
      const shownValid = [first, second, third].filter((s) => s.verdict === 'valid').length;
      return shownValid === r.fake.validAnswers && third.verdict !== 'valid';
    },
  },
  'DIIA-11': {
    check: async (r) => (await r.verify({ qrCode: r.fake.present().qrCode })).verdict === 'valid' && (await r.verify({ code: grouped(r.fake.present().barcode) })).verdict === 'valid',
  },
  'DIIA-12': {
    check: async (r) => {
      const valid = await r.verify({ code: r.fake.present().barcode });
      const c = r.fake.present();
      r.fake.now += 181_000;
      const expired = await r.verify({ code: c.barcode });
      return valid.message === 'Посвідчення дійсне' && expired.message.trim() !== '';
    },
  },
  'DIIA-15': {
    timeoutMs: 300,
    check: async (r) => {
      r.fake.mode = 'hang';
      const hung = await r.verify({ code: r.fake.present().barcode });
      r.fake.mode = 'down';
      const down = await r.verify({ code: r.fake.present().barcode });
      return hung.verdict === 'unavailable' && down.verdict === 'unavailable';
    },
  },
  'DIIA-16': {
    check: async (r) => (await r.verify({ code: r.fake.present().barcode })).verdict === 'valid' && r.fake.calls.length > 0 && r.fake.calls.every((c) => c.via === 'trembita'),
  },
};

async function broken(faults: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [rule, { check, timeoutMs }] of Object.entries(RULES)) {
    const r = await rig(faults, timeoutMs ? { timeoutMs } : {});
    if (!(await check(r))) out.push(rule);
    await Promise.all(open.splice(0).map((close) => close()));
  }
  return out;
}

describe('credential verifier: fault switches', () => {
  it('the correct verifier keeps every rule', async () => {
    expect(await broken([])).toEqual([]);
  });

  // the copy-recipient's switches (role-tagged) are judged by the copies scenarios, not by these verification rules
  for (const f of FAULTS.filter((x) => !('role' in x))) {
    it(`${f.name} breaks ${f.breaks.length ? f.breaks.join(', ') : 'nothing (a variant)'}`, async () => {
      expect(await broken([f.name])).toEqual([...f.breaks]);
    });
  }

  it('variants change what they say: dashes, a scanned 13-digit content, one retry after a dropped connection', async () => {
    const dashed = (b: string) => `${b[0]}-${b.slice(1, 7)}-${b.slice(7)}`;
    const plain = await rig();
    expect((await plain.verify({ code: dashed(plain.fake.present().barcode) })).verdict).toBe('invalid');
    expect((await plain.verify({ qrCode: plain.fake.present().barcode })).verdict).toBe('invalid');
    plain.fake.trembitaDrops = 1;
    expect((await plain.verify({ code: plain.fake.present().barcode })).verdict).toBe('unavailable');

    const spaced = await rig(['spaced-code']);
    expect((await spaced.verify({ code: dashed(spaced.fake.present().barcode) })).verdict).toBe('valid');
    const byForm = await rig(['qr-as-barcode']);
    const c = byForm.fake.present();
    expect((await byForm.verify({ qrCode: c.barcode })).verdict).toBe('valid');
    expect(JSON.parse(byForm.fake.calls[0]!.body)).toEqual({ barcode: c.barcode });
    const retry = await rig(['retry-once']);
    retry.fake.trembitaDrops = 1;
    expect((await retry.verify({ code: retry.fake.present().barcode })).verdict).toBe('valid');
    const ids = retry.fake.trembitaSeen.map((s) => s.headers['x-road-id']);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('typed-only serves a scan button that does nothing; silent shows the verdict with an empty message', async () => {
    const typed = await rig(['typed-only']);
    expect(await (await fetch(`${typed.verifier.url}/`)).text()).toContain('data-scan="off"');
    expect(await typed.verify({ qrCode: typed.fake.present().qrCode })).toEqual({ verdict: 'error', message: MESSAGES.scanOff });
    expect(typed.fake.calls).toHaveLength(0);
    const silent = await rig(['silent']);
    expect(await silent.verify({ code: silent.fake.present().barcode })).toEqual({ verdict: 'valid', message: '', credential: CREDENTIAL });
  });
});
