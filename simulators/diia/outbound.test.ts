import { afterEach, describe, expect, it } from 'vitest';
import type { PresentAnswer } from './public.ts';
import { diiaWorld, fakeParticipant, r1, type Received } from './test-support.ts';

const RNOKPP = '3287300123';
const HR_RECORD = {
  rnokpp: RNOKPP,
  lastName: 'Шевченко',
  firstName: 'Олена',
  middleName: 'Петрівна',
  position: 'начальник відділу',
  organisation: 'Тестовий орган (polihon)',
  employment: 'active',
  credential: { title: 'Службове посвідчення', series: 'ВК', number: '654321', issueDate: '2024-05-01', chip: true },
  contacts: { phone: '+380671112233', email: 'olena@example.org' },
  updatedAt: '2026-03-01T09:00:00Z',
};

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

/** A participant that is both the HR system and the copy recipient. */
async function participant(hr: (r: Received) => { status: number; body: unknown } = () => ({ status: 200, body: HR_RECORD }), copies: { status: number; body: unknown } = { status: 200, body: { success: true } }) {
  const p = await fakeParticipant((r) => (r.method === 'GET' && r.url.startsWith('/officials/') ? hr(r) : r.url === '/copies' ? copies : { status: 404, body: { code: 'nope' } }));
  closers.push(p.close);
  const w = diiaWorld(p.url);
  await w.control('/__polihon/officials', { officials: [{ id: 'olena', rnokpp: RNOKPP, hr: 'participant' }] });
  return { ...p, w };
}

describe('HR data from the participant’s hr-system, through Трембіта', () => {
  it('forms the е-Посвідчення from the HR answer; Дія calls as DIIA_prod over r1', async () => {
    const { w, received } = await participant();
    const res = await w.control('/__polihon/present', { official: 'olena' });
    expect(res.status).toBe(201);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'GET', url: `/officials/${RNOKPP}` });
    expect(received[0]!.headers['x-road-client']).toBe('SEVDEIR-TEST/GOV/43395033/DIIA_prod');
    const p = res.body as unknown as PresentAnswer;
    const v = await (await w.trembita.handle(r1('/verifications', { barcode: p.barcode }))).json();
    expect(v.credential).toMatchObject({ fullName: 'Шевченко Олена Петрівна', seriesNumber: 'ВК 654321', issuingBody: 'Тестовий орган (polihon)', contacts: { phone: '+380671112233' } });
    expect('expiryDate' in v.credential).toBe(false);
    const fetched = w.ctx.journal.entries({ service: 'diia.hr.fetch', kind: 'response' });
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ channel: 'trembita', from: 'participant', to: 'diia', status: 200, outcome: 'answered', data: { employment: 'active', missing: [], issues: [], rnokppMatches: true } });
    expect(w.ctx.journal.entries({ service: 'trembita.rest', kind: 'request' }).some((e) => e.from === 'diia')).toBe(true);
  });

  it('judges a partial answer: what it lacks is in the journal, and no е-Посвідчення is formed (DIIA-04)', async () => {
    const { position: _p, ...partial } = HR_RECORD;
    const { w } = await participant(() => ({ status: 200, body: { ...partial, contacts: {} } }));
    const res = await w.control('/__polihon/present', { official: 'olena' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'hr-data-missing' });
    const entry = w.ctx.journal.entries({ service: 'diia.hr.fetch', kind: 'response' })[0]!;
    expect(entry).toMatchObject({ outcome: 'invalid-answer', data: { missing: ['position', 'contacts'], issues: ['position'] } });
  });

  it('a dismissed official, an unknown one, an HR system that is down', async () => {
    const dismissed = await participant(() => ({ status: 200, body: { ...HR_RECORD, employment: 'dismissed', dismissedAt: '2026-03-01' } }));
    expect((await dismissed.w.control('/__polihon/present', { official: 'olena' })).body).toMatchObject({ code: 'dismissed' });
    const unknown = await participant(() => ({ status: 404, body: { code: 'unknown-official' } }));
    expect((await unknown.w.control('/__polihon/present', { official: 'olena' })).body).toMatchObject({ code: 'hr-data-missing' });
    const broken = await participant(() => ({ status: 500, body: 'oops' }));
    expect((await broken.w.control('/__polihon/present', { official: 'olena' })).body).toMatchObject({ code: 'hr-unavailable' });
    const faulted = await participant();
    await faulted.w.control('/__polihon/faults', { service: 'diia.hr.fetch', kind: 'outage', count: 1 });
    expect((await faulted.w.control('/__polihon/present', { official: 'olena' })).body).toMatchObject({ code: 'hr-unavailable' });
    expect(faulted.received).toHaveLength(0);
    // not authenticated: nothing is asked of HR at all
    expect((await faulted.w.control('/__polihon/present', { official: 'olena', authenticated: false })).body).toMatchObject({ code: 'not-authenticated' });
    expect(faulted.received).toHaveLength(0);
  });
});

describe('copies to the participant’s copy-recipient, after consent (DIIA-13)', () => {
  async function requested(copies?: { status: number; body: unknown }) {
    const world = await participant(undefined, copies);
    const p = (await world.w.control('/__polihon/present', { official: 'olena' })).body as unknown as PresentAnswer;
    const res = await world.w.trembita.handle(r1('/copy-requests', { barcode: p.barcode, requestId: 'REQ-1', purpose: 'особова справа', keepDays: 7 }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ requestId: 'REQ-1', status: 'awaiting-consent' });
    return { ...world, p };
  }

  it('delivers multipart/form-data with the trace id, the PDF and encodeData, and records the receipt', async () => {
    const { w, p, received } = await requested();
    // the copy request spent the code
    expect((await w.trembita.handle(r1('/verifications', { barcode: p.barcode }))).status).toBe(409);
    const res = await w.control('/__polihon/consent', { requestId: 'REQ-1', accept: true });
    expect(res.body).toMatchObject({ requestId: 'REQ-1', status: 'delivered', delivery: { status: 200, success: true } });
    const copy = received.find((r) => r.url === '/copies')!;
    expect(copy.headers['x-document-request-trace-id']).toBe('REQ-1');
    expect(copy.headers['x-road-client']).toBe('SEVDEIR-TEST/GOV/43395033/DIIA_prod');
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': copy.headers['content-type']! }, body: new Uint8Array(copy.body) }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('e-credential.pdf');
    expect(file.type).toBe('application/pdf');
    expect((await file.text()).startsWith('%PDF-1.4')).toBe(true);
    const meta = JSON.parse(Buffer.from(String(form.get('encodeData')), 'base64').toString('utf8'));
    expect(meta).toMatchObject({ requestId: 'REQ-1', barcode: p.barcode, documentTypes: ['e-credential'], purpose: 'особова справа', keepUntil: '2026-03-17T08:00:00.000Z' });
    expect(Object.keys(meta.data['e-credential']).sort()).toEqual(['contacts', 'fullName', 'issueDate', 'issuingBody', 'photo', 'position', 'seriesNumber', 'state', 'title']);
    expect(w.ctx.journal.entries({ service: 'diia.copy.deliver', kind: 'response' })[0]).toMatchObject({ outcome: 'received', data: { success: true, answerStatus: 200 } });
    expect(await (await w.trembita.handle(r1('/copy-requests/REQ-1'))).json()).toEqual({ requestId: 'REQ-1', status: 'delivered' });
  });

  it('a refusal sends nothing; {"success": false} is delivery-failed', async () => {
    const refused = await requested();
    expect((await refused.w.control('/__polihon/consent', { requestId: 'REQ-1', accept: false })).body).toEqual({ requestId: 'REQ-1', status: 'refused' });
    expect(refused.received.filter((r) => r.url === '/copies')).toHaveLength(0);
    expect((await refused.w.control('/__polihon/consent', { requestId: 'REQ-1', accept: true })).status).toBe(409);
    const failed = await requested({ status: 200, body: { success: false } });
    expect((await failed.w.control('/__polihon/consent', { requestId: 'REQ-1', accept: true })).body).toMatchObject({ status: 'delivery-failed', delivery: { success: false } });
    expect(failed.w.ctx.journal.entries({ service: 'diia.copy.deliver', kind: 'response' })[0]).toMatchObject({ outcome: 'not-received' });
  });

  it('a copy request with bad fields is refused before the code is spent', async () => {
    const world = await participant();
    const p = (await world.w.control('/__polihon/present', { official: 'olena' })).body as unknown as PresentAnswer;
    const bad = await world.w.trembita.handle(r1('/copy-requests', { barcode: p.barcode, requestId: 'R', purpose: '', keepDays: 31 }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['purpose', 'keepDays']);
    expect((await world.w.trembita.handle(r1('/verifications', { barcode: p.barcode }))).status).toBe(200);
  });
});
