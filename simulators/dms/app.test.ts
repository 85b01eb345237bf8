import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { JournalEntry } from '../../core/journal.ts';
import { BODY_LIMIT, TIME_HEADER } from '../kit/index.ts';
import { BODY, cp1251, createTestContext, declaration, jsonRequest, KYIV_ADDRESS, OLENA, T0, type TestContextOptions } from '../testing.ts';
import { createDmsSimulator, type DmsOptions } from './app.ts';
import { ActSchema, VerificationAnswerSchema } from './schemas.ts';

const BASE = 'http://dms.polihon.test';

function setup(options: DmsOptions & { fetch?: TestContextOptions['fetch']; endpoints?: Record<string, string> } = {}) {
  const { fetch, endpoints, ...dmsOptions } = options;
  const ctx = createTestContext({ ...(fetch ? { fetch } : {}), ...(endpoints ? { endpoints } : {}) });
  const dms = createDmsSimulator(ctx, { eddr: [{ rnokpp: OLENA.rnokpp }], ...dmsOptions });
  const submit = (body: unknown, headers: Record<string, string> = {}) => dms.handle(jsonRequest(`${BASE}/dms/v1/acts`, body, { headers }));
  const get = (path: string) => dms.handle(new Request(`${BASE}${path}`));
  const post = (path: string, body?: unknown) =>
    dms.handle(body === undefined ? new Request(`${BASE}${path}`, { method: 'POST' }) : jsonRequest(`${BASE}${path}`, body));
  const services = (service?: string) => ctx.journal.entries(service ? { service } : {});
  return { ctx, dms, submit, get, post, services };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { code: string; status: number; errors?: { field: string; message: string }[]; duplicateOf?: string; detail?: string };
}

describe('intake of a valid act', () => {
  it('enters and confirms it (201), shows it by actId, stamps the answer with the simulator clock', async () => {
    const s = setup();
    const res = await s.submit(declaration());
    expect(res.status).toBe(201);
    expect(res.headers.get(TIME_HEADER)).toBe(new Date(T0).toISOString());
    const body = await res.json();
    expect(body).toEqual({
      actId: 'RTG-2026-000001',
      dmsActId: 'DMS-000001',
      kind: 'declaration',
      status: 'confirmed',
      receivedAt: '2026-03-10T08:00:00.000Z',
      confirmation: { id: 'CNF-000001', confirmedAt: '2026-03-10T08:00:00.000Z', kind: 'entry' },
    });
    const got = await s.get('/dms/v1/acts/RTG-2026-000001');
    expect(await got.json()).toEqual(body);
  });

  it('accepts all four kinds (DMS-01)', async () => {
    const s = setup();
    const kinds = [
      declaration(),
      declaration({ actId: 'R', kind: 'registration' }),
      declaration({ actId: 'D', kind: 'removal', address: undefined }),
      declaration({ actId: 'C', kind: 'cancellation', cancelsActId: 'R', address: undefined }),
    ];
    for (const act of kinds) expect((await s.submit(act)).status).toBe(201);
    const list = await (await s.get('/__polihon/acts')).json();
    expect(list.acts.map((a: { kind: string }) => a.kind)).toEqual(['declaration', 'registration', 'removal', 'cancellation']);
    expect(list.acts[3].confirmation.kind).toBe('cancellation');
    expect(list.acts[1].cancelledBy).toBe('C');
  });

  it('journals request, confirmation, dataset and response, linked, with the facts in data', async () => {
    const s = setup();
    await s.submit(declaration({ performedAt: '2026-03-09T21:30:00.000Z' })); // 23:30 Kyiv the day before
    const [req, confirmed, dataset, res] = s.services() as [JournalEntry, JournalEntry, JournalEntry, JournalEntry];
    expect(req).toMatchObject({
      kind: 'request',
      channel: 'direct',
      from: 'participant',
      to: 'dms',
      service: 'dms.act.submit',
      messageId: 'RTG-2026-000001',
      data: { actId: 'RTG-2026-000001', kind: 'declaration', rnokpp: OLENA.rnokpp, unzr: OLENA.unzr, performedAt: '2026-03-09T21:30:00.000Z', sameDay: false },
    });
    expect(JSON.parse(req.body!)).toEqual(declaration({ performedAt: '2026-03-09T21:30:00.000Z' }));
    expect(confirmed).toMatchObject({ kind: 'event', service: 'dms.act.confirmed', links: [req.seq], data: { confirmationId: 'CNF-000001', dmsActId: 'DMS-000001' } });
    expect(dataset).toMatchObject({ kind: 'event', service: 'eddr.dataset.formed', from: 'dms', to: 'eddr', links: [confirmed.seq], data: { datasetId: 'EDDR-000001', reason: 'in-eddr' } });
    expect(res).toMatchObject({ kind: 'response', status: 201, links: [req.seq], outcome: 'confirmed' });
    expect(s.ctx.journal.verify()).toBeNull();
  });

  it('names a simulator that sends as its `from`', async () => {
    const s = setup();
    await s.submit(declaration(), { 'X-Polihon-Simulator': 'hromada' });
    expect(s.services('dms.act.submit')[0]).toMatchObject({ from: 'hromada' });
  });
});

describe('idempotency and duplicates', () => {
  it('answers a safe retry with 200 and the same act, without a second confirmation or dataset', async () => {
    const s = setup();
    const first = await (await s.submit(declaration())).json();
    const again = await s.submit(declaration());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(s.services('dms.act.confirmed')).toHaveLength(1);
    expect(s.services('eddr.dataset.formed')).toHaveLength(1);
    expect(s.services('dms.act.submit').filter((e) => e.kind === 'response').map((e) => e.outcome)).toEqual(['confirmed', 'retry']);
  });

  it('takes a retry in another shape the contract allows as the same act: offset, УНЗР dash, key order (200)', async () => {
    const s = setup();
    const first = await (await s.submit(declaration())).json();
    const { person, ...rest } = declaration() as { person: Record<string, unknown> } & Record<string, unknown>;
    const reshaped = Object.fromEntries(
      Object.entries({ ...rest, performedAt: '2026-03-10T10:00:00+02:00', person: { ...person, unzr: String(person.unzr).replace('-', '') } }).reverse(),
    );
    const again = await s.submit(reshaped);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    // another instant is other content
    expect((await s.submit(declaration({ performedAt: '2026-03-10T10:00:00+03:00' }))).status).toBe(409);
  });

  it('refuses the same actId with different content (409 act-id-conflict)', async () => {
    const s = setup();
    await s.submit(declaration());
    const res = await s.submit(declaration({ address: { ...KYIV_ADDRESS, text: 'інша адреса' } }));
    expect(res.status).toBe(409);
    expect(await problemOf(res)).toMatchObject({ code: 'act-id-conflict', errors: [{ field: 'actId' }] });
  });

  it('refuses the same action under another actId (409 duplicate-act, naming the first)', async () => {
    const s = setup();
    await s.submit(declaration());
    const res = await s.submit(declaration({ actId: 'RTG-2026-000002', performedAt: '2026-03-10T06:00:00.000Z' }));
    expect(res.status).toBe(409);
    expect(await problemOf(res)).toMatchObject({ code: 'duplicate-act', duplicateOf: 'RTG-2026-000001' });
    expect(s.services('dms.act.submit').at(-1)).toMatchObject({ data: { problem: 'duplicate-act', duplicateOf: 'RTG-2026-000001' } });
  });
});

describe('validation: each rule gives 422 invalid-act naming the field', () => {
  const p = (over: Record<string, unknown>) => ({ person: { ...OLENA, ...over } });
  const cases: [string, Record<string, unknown>, string][] = [
    ['РНОКПП check digit', p({ rnokpp: '3287300124' }), 'person.rnokpp'],
    ['РНОКПП not 10 digits', p({ rnokpp: '328730012' }), 'person.rnokpp'],
    ['РНОКПП birth date disagrees', p({ birthDate: '1990-01-02', unzr: undefined }), 'person.rnokpp'],
    ['РНОКПП sex disagrees', p({ sex: 'male' }), 'person.rnokpp'],
    ['УНЗР check digit', p({ unzr: '19900101-00019' }), 'person.unzr'],
    ['УНЗР birth date disagrees', p({ unzr: '20001231-01239', rnokpp: undefined }), 'person.unzr'],
    ['neither РНОКПП nor УНЗР', p({ rnokpp: undefined, unzr: undefined }), 'person.rnokpp'],
    ['ЄДРПОУ check digit', { registrationBody: { ...BODY, edrpou: '04054867' } }, 'registrationBody.edrpou'],
    ['КАТОТТГ form of the address', { address: { ...KYIV_ADDRESS, katottg: 'UA8000000000009331' } }, 'address.katottg'],
    ['КАТОТТГ form of the registration body', { registrationBody: { ...BODY, katottg: 'ua80000000000093317' } }, 'registrationBody.katottg'],
    ['address missing for a declaration', { address: undefined }, 'address'],
    ['address missing for a registration', { kind: 'registration', address: undefined }, 'address'],
    ['cancelsActId missing for a cancellation', { kind: 'cancellation', address: undefined }, 'cancelsActId'],
    ['cancelsActId on a declaration', { cancelsActId: 'RTG-1' }, 'cancelsActId'],
    ['cancelsActId naming no known act', { kind: 'cancellation', cancelsActId: 'NOPE', address: undefined }, 'cancelsActId'],
    ['performedAt after the simulator clock', { performedAt: '2026-03-10T08:00:00.001Z' }, 'performedAt'],
    ['performedAt not an instant', { performedAt: '10.03.2026' }, 'performedAt'],
    ['ID-card number not 9 digits', p({ document: { type: 'id-card', number: '12345' } }), 'person.document.number'],
    ['booklet passport in Latin letters', p({ document: { type: 'booklet-passport', number: 'AA123456' } }), 'person.document.number'],
    ['unknown kind', { kind: 'deportation' }, 'kind'],
    ['actId with a space', { actId: 'RTG 1' }, 'actId'],
    ['birth date not a real date', p({ birthDate: '1990-02-30' }), 'person.birthDate'],
    ['empty last name', p({ lastName: '  ' }), 'person.lastName'],
    ['a missing required field', { person: { ...OLENA, firstName: undefined } }, 'person.firstName'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    ['an unknown nested field', p({ nickname: 'Оля' }), 'person.nickname'],
  ];

  it.each(cases)('%s', async (_rule, overrides, field) => {
    const s = setup();
    const res = await s.submit(JSON.parse(JSON.stringify(declaration(overrides))));
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect(body.code).toBe('invalid-act');
    expect(body.errors?.map((e) => e.field)).toEqual([field]);
    expect(s.services('dms.act.submit').at(-1)).toMatchObject({ outcome: 'rejected', data: { problem: 'invalid-act', fields: [field] } });
    expect((await s.get('/__polihon/acts').then((r) => r.json())).acts).toEqual([]);
  });

  it('refuses a cancellation of another registration body’s act', async () => {
    const s = setup();
    await s.submit(declaration({ registrationBody: { edrpou: '00032684', katottg: 'UA80000000000093317' } }));
    const res = await s.submit(declaration({ actId: 'C', kind: 'cancellation', cancelsActId: 'RTG-2026-000001', address: undefined }));
    expect((await problemOf(res)).errors).toEqual([{ field: 'cancelsActId', message: expect.stringContaining('another registration body') }]);
  });

  it('tells a missing field from one of the wrong type', async () => {
    const body = await problemOf(await setup().submit(declaration({ firstEntry: 'yes', person: { ...OLENA, firstName: undefined } })));
    expect(body.errors).toEqual([
      { field: 'person.firstName', message: 'is required' },
      { field: 'firstEntry', message: 'must be boolean' },
    ]);
  });

  it('reports every offending field at once, one item each', async () => {
    const s = setup();
    const act = declaration({ actId: 'bad id', address: undefined, person: { ...OLENA, rnokpp: '1', unzr: '19900101-00019', sex: 'male' } });
    const body = await problemOf(await s.submit(act));
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['actId', 'address', 'person.rnokpp', 'person.unzr']);
  });
});

describe('garbage in', () => {
  it('answers non-JSON with 400 invalid-body, a wrong content type the same, oversize with 413, then serves on', async () => {
    const s = setup();
    const garbage = await s.dms.handle(new Request(`${BASE}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"actId": "RTG' }));
    expect(garbage.status).toBe(400);
    expect(await problemOf(garbage)).toMatchObject({ code: 'invalid-body', detail: expect.stringContaining('not JSON') });
    const form = await s.dms.handle(new Request(`${BASE}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }));
    expect(await problemOf(form)).toMatchObject({ code: 'invalid-body', status: 400 });
    const huge = await s.submit({ ...declaration(), padding: 'x'.repeat(BODY_LIMIT) });
    expect(huge.status).toBe(413);
    expect(await problemOf(huge)).toMatchObject({ code: 'body-too-large' });
    const array = await s.submit([1, 2]);
    expect(array.status).toBe(422);
    expect((await s.submit(declaration())).status).toBe(201);
    expect(s.services('dms.act.submit').filter((e) => e.kind === 'response').map((e) => e.status)).toEqual([400, 400, 413, 422, 201]);
  });

  it('refuses an act in Windows-1251 with 400 naming the first byte that is not UTF-8, and journals its bytes as sent', async () => {
    const s = setup();
    const text = JSON.stringify(declaration({ person: { ...OLENA, lastName: 'Шевченко', firstName: 'Олена' } }));
    const bytes = cp1251(text);
    expect(new TextDecoder('windows-1251').decode(bytes)).toBe(text);
    // the first letter past ASCII: every byte before it is the same in both encodings
    const offset = text.search(/[^\x00-\x7f]/);
    const post = (contentType: string, body: Uint8Array | string = bytes) =>
      s.dms.handle(new Request(`${BASE}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': contentType }, body: body as BodyInit }));
    const res = await post('application/json');
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ code: 'invalid-encoding', detail: expect.stringContaining(`byte offset ${offset}`) });
    // not decoded with U+FFFD and taken: nothing entered, and the journal has the bytes exactly
    expect((await (await s.get('/__polihon/acts')).json()).acts).toEqual([]);
    const [request] = s.services('dms.act.submit').filter((e) => e.kind === 'request');
    expect(request).toMatchObject({ bodyEncoding: 'base64', bodyBytes: bytes.byteLength });
    expect(Buffer.from(request!.body!, 'base64')).toEqual(bytes);
    expect(s.ctx.journal.verify()).toBeNull();

    // a declared charset other than UTF-8 is named; JSON is UTF-8 (RFC 8259 §8.1)
    const declared = await problemOf(await post('application/json; charset=windows-1251'));
    expect(declared).toMatchObject({ code: 'unsupported-charset', status: 400, detail: expect.stringContaining('"windows-1251"') });
    // the same act in UTF-8, declared any way UTF-8 is spelled, is taken
    expect((await post('application/json; charset=UTF8', text)).status).toBe(201);
  });

  it('answers an unknown act with 404 unknown-act', async () => {
    const res = await setup().get('/dms/v1/acts/NOPE');
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toMatchObject({ code: 'unknown-act' });
  });
});

describe('ЄДДР datasets (DMS-05, DMS-06)', () => {
  it('forms one per confirmed act, only for persons in ЄДДР or entering it', async () => {
    const s = setup({ eddr: [] });
    await s.submit(declaration()); // not in ЄДДР
    await s.submit(declaration({ actId: 'FIRST', kind: 'registration', firstEntry: true }));
    await s.submit(declaration({ actId: 'FIRST', kind: 'registration', firstEntry: true })); // retry
    const seeded = await s.post('/__polihon/seed', { eddr: [{ rnokpp: '3287400133', sex: 'male' }] });
    expect(await seeded.json()).toEqual({ added: 1 });
    const ivan = { ...OLENA, firstName: 'Іван', birthDate: '1990-01-02', sex: 'male', rnokpp: '3287400133', unzr: undefined };
    await s.submit(JSON.parse(JSON.stringify(declaration({ actId: 'IVAN', person: ivan }))));
    const { datasets } = await (await s.get('/__polihon/eddr/datasets')).json();
    expect(datasets.map((d: { actId: string; reason: string }) => [d.actId, d.reason])).toEqual([
      ['FIRST', 'first-entry'],
      ['IVAN', 'in-eddr'],
    ]);
    expect(s.services('eddr.dataset.skipped')).toHaveLength(1);
    expect(s.services('eddr.dataset.skipped')[0]).toMatchObject({ data: { actId: 'RTG-2026-000001', reason: 'person-not-in-eddr' } });
  });

  it('refuses seed data that is not a list of persons', async () => {
    const s = setup();
    expect((await s.post('/__polihon/seed', { eddr: [{ rnokpp: '1' }] })).status).toBe(422);
    expect((await s.post('/__polihon/seed', { people: [] })).status).toBe(422);
  });
});

describe('confirmation withheld (DMS-04)', () => {
  it('answers 202 without confirmation until the harness confirms; then the act and dataset follow', async () => {
    const s = setup();
    await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'withhold', count: 1 });
    const res = await s.submit(declaration());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ actId: 'RTG-2026-000001', dmsActId: 'DMS-000001', kind: 'declaration', status: 'received', receivedAt: '2026-03-10T08:00:00.000Z' });
    expect((await (await s.get('/dms/v1/acts/RTG-2026-000001')).json()).status).toBe('received');
    expect((await s.submit(declaration())).status).toBe(200); // a retry does not confirm it either
    expect(s.services('eddr.dataset.formed')).toEqual([]);

    s.ctx.clock.advance(60_000);
    const confirmed = await s.post('/__polihon/acts/RTG-2026-000001/confirm');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ status: 'confirmed', confirmation: { id: 'CNF-000001', confirmedAt: '2026-03-10T08:01:00.000Z' } });
    const request = s.services('dms.act.submit')[0]!;
    expect(s.services('dms.act.confirmed')[0]).toMatchObject({ links: [request.seq] });
    expect(s.services('eddr.dataset.formed')).toHaveLength(1);
    expect((await s.post('/__polihon/acts/RTG-2026-000001/confirm')).status).toBe(409);
    expect((await s.post('/__polihon/acts/NOPE/confirm')).status).toBe(404);
    // the fault had count 1: the next act is confirmed at once
    expect((await s.submit(declaration({ actId: 'NEXT', kind: 'registration' }))).status).toBe(201);
  });
});

describe('other faults on dms.act.submit', () => {
  it('answers an injected error and outage with problems, and journals them', async () => {
    const s = setup();
    await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'error', status: 500, count: 1 });
    expect((await s.submit(declaration())).status).toBe(500);
    await s.post('/__polihon/faults', { service: '*', kind: 'outage', count: 1 });
    expect((await s.submit(declaration())).status).toBe(503);
    expect((await s.submit(declaration())).status).toBe(201);
    expect(s.services('dms.act.submit').filter((e) => e.kind === 'response').map((e) => e.outcome)).toEqual(['fault:error', 'fault:outage', 'confirmed']);
  });

  it('takes the act but garbles the answer for malformed, so a retry gets it (200)', async () => {
    const s = setup();
    await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'malformed', count: 1 });
    const res = await s.submit(declaration());
    expect(res.status).toBe(201);
    await expect(res.clone().json()).rejects.toThrow();
    expect((await s.submit(declaration())).status).toBe(200);
  });

  it('drops the connection for reset, and journals the request it dropped', async () => {
    const s = setup();
    await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'reset', count: 1 });
    const res = await s.submit(declaration());
    expect(res.type).toBe('error');
    expect(s.services('dms.act.submit')).toMatchObject([{ kind: 'request', outcome: 'fault:reset' }]);
    expect((await s.get('/__polihon/acts').then((r) => r.json())).acts).toEqual([]);
  });

  it('forgets faults and acts on reset, keeping the seeded ЄДДР', async () => {
    const s = setup();
    await s.post('/__polihon/faults', { service: 'dms.act.submit', kind: 'withhold' });
    await s.submit(declaration());
    expect((await s.post('/__polihon/reset')).status).toBe(204);
    expect(s.dms.faults.list()).toEqual([]);
    expect((await s.submit(declaration())).status).toBe(201);
    expect(s.services('eddr.dataset.formed')).toHaveLength(1);
  });
});

describe('verification requests (DMS-07)', () => {
  const person = { lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-01', rnokpp: OLENA.rnokpp };

  function withRegistry(ack: (req: Request) => Response | Promise<Response> = () => Response.json({ status: 'accepted' }, { status: 202 })) {
    const sent: Request[] = [];
    const s = setup({
      endpoints: { 'participant.provider': 'http://registry.test/api/' },
      fetch: async (input, init) => {
        const req = new Request(input, init);
        sent.push(req.clone());
        return ack(req);
      },
    });
    return { ...s, sent };
  }

  it('sends the request to the participant with answerBy = end of the 3rd working day, across a weekend', async () => {
    const s = withRegistry();
    s.ctx.clock.set(Date.parse('2026-03-13T15:00:00.000Z')); // Friday 17:00 Kyiv
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      requestId: 'VR-000001',
      answerBy: '2026-03-18T21:59:59.999Z',
      via: 'direct',
      delivery: { status: 202, body: { status: 'accepted' } },
    });
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]!.url).toBe('http://registry.test/api/verification-requests');
    expect(s.sent[0]!.headers.get(TIME_HEADER)).toBe('2026-03-13T15:00:00.000Z');
    expect(await s.sent[0]!.json()).toEqual({
      requestId: 'VR-000001',
      sentAt: '2026-03-13T15:00:00.000Z',
      answerBy: '2026-03-18T21:59:59.999Z',
      question: 'residence',
      person,
      replyTo: 'http://dms.polihon.test/dms/v1/verification-requests/VR-000001/answer',
    });
    const [req, ack] = s.services('dms.verification.request');
    expect(req).toMatchObject({ kind: 'request', from: 'dms', to: 'participant', messageId: 'VR-000001', data: { requestId: 'VR-000001', answerBy: '2026-03-18T21:59:59.999Z', rnokpp: OLENA.rnokpp } });
    expect(ack).toMatchObject({ kind: 'response', from: 'participant', to: 'dms', status: 202, links: [req!.seq] });
  });

  it('judges the answer on time up to answerBy and late after it', async () => {
    const s = withRegistry();
    await s.post('/__polihon/verification-requests', { person });
    await s.post('/__polihon/verification-requests', { person });
    const answer = (id: string) => ({ requestId: id, answeredAt: '2026-03-10T09:00:00.000Z', found: true, registrations: [{ actId: 'A', kind: 'declaration', performedAt: '2020-01-01T00:00:00Z', address: KYIV_ADDRESS }] });
    s.ctx.clock.set(Date.parse('2026-03-13T21:59:59.999Z')); // Friday 23:59:59.999 Kyiv, the last moment
    const onTime = await s.post('/dms/v1/verification-requests/VR-000001/answer', answer('VR-000001'));
    expect(await onTime.json()).toEqual({ requestId: 'VR-000001', receivedAt: '2026-03-13T21:59:59.999Z', onTime: true });
    s.ctx.clock.advance(1);
    const late = await s.post('/dms/v1/verification-requests/VR-000002/answer', answer('VR-000002'));
    expect(await late.json()).toMatchObject({ onTime: false });
    expect(s.services('dms.verification.answer').filter((e) => e.kind === 'response').map((e) => [e.outcome, e.data?.onTime])).toEqual([
      ['on-time', true],
      ['late', false],
    ]);
    const { requests } = await (await s.get('/__polihon/verification-requests')).json();
    expect(requests.map((r: { answer: { onTime: boolean } }) => r.answer.onTime)).toEqual([true, false]);
  });

  it('refuses an answer to no request, a second answer, and a malformed one', async () => {
    const s = withRegistry();
    await s.post('/__polihon/verification-requests', { person });
    const ok = { requestId: 'VR-000001', answeredAt: '2026-03-10T09:00:00Z', found: false };
    expect((await s.post('/dms/v1/verification-requests/VR-000009/answer', { ...ok, requestId: 'VR-000009' })).status).toBe(404);
    const mismatch = await s.post('/dms/v1/verification-requests/VR-000001/answer', { ...ok, requestId: 'VR-000002' });
    expect(await problemOf(mismatch)).toMatchObject({ code: 'invalid-answer', errors: [{ field: 'requestId' }] });
    const bad = await s.post('/dms/v1/verification-requests/VR-000001/answer', { ...ok, found: 'yes' });
    expect(await problemOf(bad)).toMatchObject({ status: 422, errors: [{ field: 'found' }] });
    expect((await s.post('/dms/v1/verification-requests/VR-000001/answer', ok)).status).toBe(200);
    expect((await s.post('/dms/v1/verification-requests/VR-000001/answer', ok)).status).toBe(409);
  });

  it('reports a registry that cannot be reached as delivery status 0', async () => {
    const s = setup({ endpoints: { 'participant.provider': 'http://registry.test' } });
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(await res.json()).toMatchObject({ requestId: 'VR-000001', delivery: { status: 0, error: expect.stringContaining('no outbound fetch') } });
  });

  it('takes a person as scenarios hold them, and sends only the fields a request carries', async () => {
    const s = withRegistry();
    await s.post('/__polihon/verification-requests', { person: { ...OLENA } });
    const sent = await s.sent[0]!.json();
    expect(sent.person).toEqual({ lastName: OLENA.lastName, firstName: OLENA.firstName, patronymic: OLENA.patronymic, birthDate: OLENA.birthDate, rnokpp: OLENA.rnokpp, unzr: OLENA.unzr });
    const noIds = await s.post('/__polihon/verification-requests', { person: { ...person, rnokpp: undefined } });
    expect((await problemOf(noIds)).errors).toEqual([{ field: 'person.rnokpp', message: expect.stringContaining('rnokpp or unzr') }]);
  });

  it('needs an endpoint and a valid person', async () => {
    expect((await setup().post('/__polihon/verification-requests', { person })).status).toBe(409);
    const s = withRegistry();
    const res = await s.post('/__polihon/verification-requests', { person: { ...person, rnokpp: '1' } });
    expect(res.status).toBe(422);
    expect(s.sent).toEqual([]);
  });

  it('sends twice under a duplicate fault, and not at all under withhold', async () => {
    const s = withRegistry();
    await s.post('/__polihon/faults', { service: 'dms.verification.request', kind: 'duplicate', count: 1 });
    await s.post('/__polihon/verification-requests', { person });
    expect(s.sent).toHaveLength(2);
    expect((await s.sent[0]!.json()).requestId).toBe((await s.sent[1]!.json()).requestId);
    await s.post('/__polihon/faults', { service: 'dms.verification.request', kind: 'withhold', count: 1 });
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(await res.json()).toMatchObject({ requestId: 'VR-000002', delivery: { status: 0, error: expect.stringContaining('withheld') } });
    expect(s.sent).toHaveLength(2);
  });
});

describe('verification requests through Трембіта (DMS-09)', () => {
  const person = { lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-01', rnokpp: OLENA.rnokpp };
  const TREMBITA = 'http://trembita.test';
  const R1_REQUESTS = `${TREMBITA}/r1/SEVDEIR-TEST/GOV/04054866/RTG_prod/ResidenceVerificationRequests_v1/verification-requests`;

  function via(options: DmsOptions = {}, answer: (req: Request) => Response = () => Response.json({ status: 'accepted' }, { status: 202 }), endpoints: Record<string, string> = { trembita: TREMBITA }) {
    const sent: Request[] = [];
    const s = setup({
      ...options,
      endpoints: { 'participant.provider': 'http://registry.test/api', ...endpoints },
      fetch: async (input, init) => {
        const req = new Request(input, init);
        sent.push(req.clone());
        return answer(req);
      },
    });
    return { ...s, sent };
  }

  it('goes over r1 to the participant’s ResidenceVerificationRequests_v1 when the host has Трембіта, replyTo ДМС’s answers service', async () => {
    const s = via();
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(await res.json()).toMatchObject({ requestId: 'VR-000001', via: 'trembita', delivery: { status: 202 } });
    const [req] = s.sent;
    expect(req!.url).toBe(R1_REQUESTS);
    expect(req!.headers.get('x-road-client')).toBe('SEVDEIR-TEST/GOV/37508470/DMS_prod');
    expect(req!.headers.get('x-road-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await req!.json()).replyTo).toBe(`${TREMBITA}/r1/SEVDEIR-TEST/GOV/37508470/DMS_prod/ResidenceVerificationAnswers_v1/VR-000001/answer`);
    const [entry] = s.services('dms.verification.request');
    expect(entry).toMatchObject({ kind: 'request', channel: 'trembita', from: 'dms', to: 'participant', data: { xRoadId: req!.headers.get('x-road-id') } });
  });

  it('a fresh X-Road-Id for each message, a duplicate included', async () => {
    const s = via();
    await s.post('/__polihon/faults', { service: 'dms.verification.request', kind: 'duplicate', count: 1 });
    await s.post('/__polihon/verification-requests', { person });
    const ids = s.sent.map((r) => r.headers.get('x-road-id'));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('addresses the participant and calls as ДМС by the subsystems given', async () => {
    const s = via({ xroad: { participant: 'SEVDEIR-TEST/GOV/12345678/HR_prod', client: 'SUBSYSTEM:SEVDEIR-TEST/GOV/37508470/DMS_test' } });
    await s.post('/__polihon/verification-requests', { person });
    expect(s.sent[0]!.url).toBe(`${TREMBITA}/r1/SEVDEIR-TEST/GOV/12345678/HR_prod/ResidenceVerificationRequests_v1/verification-requests`);
    expect(s.sent[0]!.headers.get('x-road-client')).toBe('SEVDEIR-TEST/GOV/37508470/DMS_test');
    expect(() => setup({ xroad: { participant: 'SEVDEIR-TEST/GOV/12345678' } })).toThrow(/xroad\.participant must be a subsystem id/);
  });

  it('routeVia direct goes straight to the participant even with Трембіта there', async () => {
    const s = via({ routeVia: 'direct' });
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(await res.json()).toMatchObject({ via: 'direct' });
    expect(s.sent[0]!.url).toBe('http://registry.test/api/verification-requests');
    expect(s.sent[0]!.headers.get('x-road-client')).toBeNull();
    expect((await s.sent[0]!.json()).replyTo).toBe('http://dms.polihon.test/dms/v1/verification-requests/VR-000001/answer');
    expect(s.services('dms.verification.request')[0]!.channel).toBe('direct');
  });

  it('routeVia trembita without Трембіта in the host is refused before anything is sent', async () => {
    const s = via({ routeVia: 'trembita' }, undefined, {});
    const res = await s.post('/__polihon/verification-requests', { person });
    expect(await problemOf(res)).toMatchObject({ status: 409, code: 'no-endpoint', detail: expect.stringContaining('endpoints.trembita') });
    expect(s.sent).toEqual([]);
  });

  it('a security server’s error is "nothing answered"; the participant’s own error passes as its status', async () => {
    const ss = via({}, () => Response.json({ type: 'Server.ServerProxy.NetworkError', message: 'Connection refused', detail: 'x' }, { status: 500, headers: { 'x-road-error': 'Server.ServerProxy.NetworkError' } }));
    const down = await (await ss.post('/__polihon/verification-requests', { person })).json();
    expect(down.delivery).toMatchObject({ status: 0, xRoadError: 'Server.ServerProxy.NetworkError', error: 'Трембіта answered 500 Server.ServerProxy.NetworkError: Connection refused' });
    const own = via({}, () => Response.json({ type: 'https://polihon.test/problems/invalid-request', code: 'invalid-request' }, { status: 422 }));
    expect((await (await own.post('/__polihon/verification-requests', { person })).json()).delivery).toMatchObject({ status: 422 });
  });
});

describe('published contract', () => {
  it('serves its OpenAPI 3.1 reference contract, saying plainly it is polihon’s own', async () => {
    const res = await setup().get('/dms/v1/openapi.yaml');
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    const doc = parseYaml(await res.text());
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.description).toMatch(/polihon's reference contract, not an official one: no public technical contract exists/);
  });

  it('describes the same fields as the schemas the simulator validates with', async () => {
    const doc = parseYaml(await (await setup().get('/dms/v1/openapi.yaml')).text());
    const shape = (schema: unknown, refs: Record<string, unknown>): unknown => {
      const s = schema as Record<string, unknown>;
      if (typeof s.$ref === 'string') return shape(refs[s.$ref.split('/').pop()!], refs);
      if (s.type === 'object' && s.properties) {
        return {
          required: [...((s.required as string[]) ?? [])].sort(),
          closed: s.additionalProperties === false,
          properties: Object.fromEntries(Object.entries(s.properties as Record<string, unknown>).map(([k, v]) => [k, shape(v, refs)]).sort()),
        };
      }
      if (s.type === 'array') return { items: shape(s.items, refs) };
      return 'leaf';
    };
    const fromOpenApi = (name: string) => shape(doc.components.schemas[name], doc.components.schemas);
    const fromZod = (schema: z.ZodType) => shape(z.toJSONSchema(schema, { io: 'input' }), {});
    expect(fromOpenApi('Act')).toEqual(fromZod(ActSchema));
    expect(fromOpenApi('VerificationAnswer')).toEqual(fromZod(VerificationAnswerSchema));
  });

  it('its example act is one the simulator accepts', async () => {
    const s = setup();
    const doc = parseYaml(await (await s.get('/dms/v1/openapi.yaml')).text());
    s.ctx.clock.set(Date.parse('2026-03-10T08:00:00.000Z'));
    expect((await s.submit(doc.components.examples.Declaration.value)).status).toBe(201);
  });
});
