import { describe, expect, it } from 'vitest';
import { kyivInstant } from '../../core/calendar.ts';
import { signDetached } from '../../core/pki.ts';
import { JOURNAL_ENTRY_HEADER } from '../kit/index.ts';
import { T0 } from '../testing.ts';
import { EIS_SERVICES, otdAdmitsOf, signingInput } from './public.ts';
import { eisWorld, fingerprint, questionnaire, signedApplication, signedOtd } from './test-support.ts';

/** T0 is Tuesday 10 March 2026 (martial law: every Mon–Fri works): the automatic decision falls on Thursday 12th, 10:00. */
const REVIEW = kyivInstant('2026-03-12', '10:00');

type World = Awaited<ReturnType<typeof eisWorld>>;

async function filed(w: World, q: unknown = questionnaire()) {
  const res = await w.call('POST', '/eis/v1/applications', await signedApplication(w.own, q));
  expect(res.status).toBe(202);
  return res.body as { id: string; links: { self: string } };
}

const until = (w: World, at: number) => w.ctx.clock.advance(at - w.ctx.clock.now());

describe('filing an application (EIS-REG-02, EIS-REG-03)', () => {
  it('receives a complete, validly signed application and registers it on the 2nd working day', async () => {
    const w = await eisWorld();
    const res = await w.call('POST', '/eis/v1/applications', await signedApplication(w.own));
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/eis/v1/applications/${res.body.id}`);
    expect(res.headers.get(JOURNAL_ENTRY_HEADER)).toBeTruthy();
    expect(res.body).toMatchObject({ edrpou: '04054866', status: 'received', submission: 1, receivedAt: new Date(T0).toISOString(), reasons: [] });
    // five working days: Wed 11 … Tue 17 March (the weekend of 14–15 does not count)
    expect(res.body.deadline).toBe(new Date(kyivInstant('2026-03-18') - 1).toISOString());
    const [req] = w.ctx.journal.entries({ service: EIS_SERVICES.file, kind: 'response' });
    expect(req).toMatchObject({ outcome: 'received', channel: 'eis', data: { applicationId: res.body.id, chain: 'checked', questionnaireReasons: [] } });

    until(w, REVIEW - 1);
    expect((await w.call('GET', res.body.links.self)).body.status).toBe('received');
    until(w, REVIEW);
    // journalled as the clock passed it, before anyone asked
    const [decision] = w.ctx.journal.entries({ service: EIS_SERVICES.decision });
    expect(decision).toMatchObject({ kind: 'event', outcome: 'registered', messageId: res.body.id, data: { by: 'automatic', withinDeadline: true, usersCreated: ['maria.petrenko@rada.example.com', 'andrii.koval@rada.example.com'] } });
    const got = await w.call('GET', res.body.links.self);
    expect(got.body).toMatchObject({ status: 'registered', decision: { decision: 'registered', decidedAt: new Date(REVIEW).toISOString(), withinDeadline: true }, links: { letter: `${res.body.links.self}/letter` } });

    const letter = await w.call('GET', `${res.body.links.self}/letter`);
    expect(letter.status).toBe(200);
    expect(letter.body.subject.uk).toBe('Рекомендації щодо інтеграції з ЄІС МВС');
    expect(letter.body.paragraphs[0].uk).toContain('04054866');
    const users = await w.call('GET', '/__polihon/users?participant=04054866');
    expect(users.body).toMatchObject({ registered: true, users: [{ login: 'maria.petrenko@rada.example.com', role: 'administrator' }, { login: 'andrii.koval@rada.example.com', role: 'operator' }] });
  });

  it('returns an incomplete questionnaire for rework with a reason per field, then registers the resubmission', async () => {
    const w = await eisWorld();
    const q = questionnaire({ contactPhone: '0441234567' });
    delete q.legalGround;
    const a = await filed(w, q);
    until(w, REVIEW);
    const got = await w.call('GET', a.links.self);
    expect(got.body.status).toBe('rework');
    expect(got.body.reasons).toEqual([
      { field: '/application/questionnaire/contactPhone', code: 'invalid', message: 'Поле «contactPhone» заповнено некоректно: номер у форматі +380XXXXXXXXX', messageEn: 'The field “contactPhone” is not correct: a number in the form +380XXXXXXXXX' },
      { field: '/application/questionnaire/legalGround', code: 'missing', message: 'Поле «legalGround» анкети не заповнено', messageEn: 'The questionnaire field “legalGround” is not filled in' },
    ]);
    expect((await w.call('GET', `${a.links.self}/letter`)).body).toMatchObject({ code: 'not-registered' });

    const again = await w.call('PUT', a.links.self, await signedApplication(w.own, questionnaire(), new Date(REVIEW).toISOString()));
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: 'received', submission: 2, receivedAt: new Date(REVIEW).toISOString() });
    until(w, kyivInstant('2026-03-16', '10:00'));
    expect((await w.call('GET', a.links.self)).body).toMatchObject({ status: 'registered', submission: 2, decision: { submission: 2 } });
  });
});

describe('signatures', () => {
  it('refuses a forged signature, another ЄДРПОУ’s certificate, a foreign CA’s and a user certificate, at once and with the field', async () => {
    const w = await eisWorld();
    const good = await signedApplication(w.own);
    const forged = { ...good, signature: { ...good.signature, value: await signDetached(w.own.keyPem, signingInput({ ...good.application, signedAt: '2026-03-10T07:00:00.000Z' })) } };
    const tampered = { ...good, application: { ...good.application, questionnaire: questionnaire({ organisationName: 'Підмінена назва' }) } };
    const cases: [unknown, string, string][] = [
      [forged, 'bad-signature', '/signature/value'],
      [tampered, 'bad-signature', '/signature/value'],
      [await signedApplication(w.other), 'edrpou-mismatch', '/signature/certificate'],
      [await signedApplication(w.foreign), 'untrusted-certificate', '/signature/certificate'],
      [await signedApplication(w.user), 'wrong-certificate-kind', '/signature/certificate'],
      [{ ...good, signature: { value: good.signature.value } }, 'missing-signature', '/signature/certificate'],
      [{ application: good.application }, 'missing-signature', '/signature'],
      [{ ...good, signature: { ...good.signature, certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } }, 'invalid-certificate', '/signature/certificate'],
    ];
    for (const [body, code, field] of cases) {
      const res = await w.call('POST', '/eis/v1/applications', body);
      expect(res.status, code).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body, code).toMatchObject({ code, errors: [{ field }] });
    }
    const responses = w.ctx.journal.entries({ service: EIS_SERVICES.file, kind: 'response' });
    expect(responses.map((e) => e.outcome)).toEqual(Array(cases.length).fill('rejected'));
    expect(responses.map((e) => (e.data as { code: string }).code)).toEqual(cases.map((c) => c[1]));
    expect((await w.call('GET', '/__polihon/applications')).body.applications).toEqual([]);
  });

  it('refuses an expired and a revoked certificate of the run’s CA, judged at the virtual instant', async () => {
    const w = await eisWorld();
    const expired = await w.pki.issue({ kind: 'participant', commonName: 'Прострочений', edrpou: '04054866', notBefore: T0 - 2 * 86_400_000, notAfter: T0 - 1 });
    const revoked = await w.pki.issue({ kind: 'participant', commonName: 'Відкликаний', edrpou: '04054866' });
    w.pki.revoke(revoked.certPem);
    for (const [pair, why] of [[expired, /expired at/], [revoked, /revoked/]] as const) {
      const res = await w.call('POST', '/eis/v1/applications', await signedApplication(pair));
      expect(res.body).toMatchObject({ status: 422, code: 'untrusted-certificate', detail: expect.stringMatching(why), errors: [{ field: '/signature/certificate' }] });
    }
  });

  it('names the foreign CA and the other ЄДРПОУ in the detail', async () => {
    const w = await eisWorld();
    expect((await w.call('POST', '/eis/v1/applications', await signedApplication(w.foreign))).body.detail).toMatch(/not issued by the test CA/);
    expect((await w.call('POST', '/eis/v1/applications', await signedApplication(w.other))).body.detail).toBe('the certificate is of ЄДРПОУ 43395033, the document names 04054866');
  });

  it('without a test CA checks the signature but journals the chain as unchecked', async () => {
    const w = await eisWorld();
    const { createEisSimulator } = await import('./app.ts');
    const bare = createEisSimulator(w.ctx);
    const res = await bare.handle(new Request('https://eis.polihon.test/eis/v1/applications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await signedApplication(w.foreign)) }));
    expect(res.status).toBe(202);
    expect(w.ctx.journal.entries({ service: EIS_SERVICES.file, kind: 'response' }).at(-1)?.data).toMatchObject({ chain: 'unchecked' });
  });
});

describe('bad input: refused with a located reason, journalled, nothing changed', () => {
  it('malformed JSON, no questionnaire, no ЄДРПОУ, stray members, stale or future signedAt, not an object', async () => {
    const w = await eisWorld();
    const good = await signedApplication(w.own);
    const { questionnaire: _q, ...noQuestionnaire } = good.application;
    const cases: [unknown, number, string, string | undefined][] = [
      ['{"application": {', 400, 'invalid-body', undefined],
      [[1, 2], 400, 'not-an-object', ''],
      [{ ...good, application: noQuestionnaire }, 422, 'missing-questionnaire', '/application/questionnaire'],
      [{ ...good, application: { ...good.application, questionnaire: 'анкета' } }, 422, 'missing-questionnaire', '/application/questionnaire'],
      [{ signature: good.signature }, 422, 'invalid-document', '/application'],
      [await signedApplication(w.own, questionnaire({ edrpou: '4054866' })), 422, 'invalid-document', '/application/questionnaire/edrpou'],
      [{ ...good, extra: 1 }, 422, 'invalid-document', '/extra'],
      [await signedApplication(w.own, questionnaire(), '2026-03-09T07:59:59.000Z'), 422, 'stale-document', '/application/signedAt'],
      [await signedApplication(w.own, questionnaire(), '2026-03-10T08:05:01.000Z'), 422, 'stale-document', '/application/signedAt'],
      [await signedApplication(w.own, questionnaire(), 'yesterday'), 422, 'invalid-document', '/application/signedAt'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await w.call('POST', '/eis/v1/applications', body);
      expect(res.status, code).toBe(status);
      expect(res.body.code, JSON.stringify(res.body)).toBe(code);
      if (field !== undefined) expect(res.body.errors).toEqual([{ field, message: res.body.detail }]);
    }
    const outcomes = w.ctx.journal.entries({ service: EIS_SERVICES.file, kind: 'response' }).map((e) => e.outcome);
    expect(outcomes).toEqual(Array(cases.length).fill('rejected'));
    expect((await w.call('GET', '/__polihon/applications')).body.applications).toEqual([]);
  });

  it('a replayed application, and a second one while the first is open', async () => {
    const w = await eisWorld();
    const body = await signedApplication(w.own);
    expect((await w.call('POST', '/eis/v1/applications', body)).status).toBe(202);
    const replay = await w.call('POST', '/eis/v1/applications', body);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ code: 'replayed-document', errors: [{ field: '/signature/value' }] });
    const second = await w.call('POST', '/eis/v1/applications', await signedApplication(w.own, questionnaire(), '2026-03-10T07:59:00.000Z'));
    expect(second.body).toMatchObject({ code: 'application-open', errors: [{ field: '/application/questionnaire/edrpou' }] });
    expect((await w.call('GET', '/__polihon/applications')).body.applications).toHaveLength(1);
  });

  it('unknown applications, a rework of an application not in rework', async () => {
    const w = await eisWorld();
    expect((await w.call('GET', '/eis/v1/applications/nope')).body).toMatchObject({ code: 'unknown-application', errors: [{ field: '/id' }] });
    expect((await w.call('PUT', '/eis/v1/applications/nope', await signedApplication(w.own))).status).toBe(404);
    const a = await filed(w);
    const res = await w.call('PUT', a.links.self, await signedApplication(w.own, questionnaire(), '2026-03-10T07:30:00.000Z'));
    expect(res.body).toMatchObject({ status: 409, code: 'not-in-rework' });
  });
});

describe('the harness decides', () => {
  it('decide overrides the automatic rules; deadline shows the term', async () => {
    const w = await eisWorld();
    const a = await filed(w);
    const bad = await w.call('POST', '/__polihon/decide', { application: a.id, decision: 'rework' });
    expect(bad.body).toMatchObject({ status: 422, code: 'invalid-decision', errors: [{ field: '/reasons' }] });
    const r = await w.call('POST', '/__polihon/decide', { application: a.id, decision: 'rework', reasons: [{ field: '/application/questionnaire/address', message: 'Вкажіть індекс' }] });
    expect(r.status).toBe(200);
    expect(r.body.application).toMatchObject({ status: 'rework', reasons: [{ field: '/application/questionnaire/address', code: 'other', message: 'Вкажіть індекс', messageEn: 'Вкажіть індекс' }] });
    expect(w.ctx.journal.entries({ service: EIS_SERVICES.decision })).toMatchObject([{ from: 'harness', outcome: 'rework', data: { by: 'scenario' } }]);
    const dl = await w.call('POST', '/__polihon/deadline', { application: a.id });
    expect(dl.body).toMatchObject({ application: a.id, status: 'rework', ok: true, workingDays: 0, deadline: new Date(kyivInstant('2026-03-18') - 1).toISOString() });
    expect((await w.call('POST', '/__polihon/decide', { application: 'nope', decision: 'refused' })).status).toBe(404);
    expect((await w.call('POST', '/__polihon/decide', { participant: '11111111', decision: 'refused' })).body).toMatchObject({ status: 404, code: 'unknown-participant' });
    expect((await w.call('POST', '/__polihon/decide', { decision: 'refused' })).body).toMatchObject({ status: 422, code: 'invalid-application-ref' });
    expect((await w.call('POST', '/__polihon/deadline', { participant: '04054866' })).body).toMatchObject({ application: a.id });
    expect((await w.call('POST', '/__polihon/decide', { application: a.id, decision: 'maybe' })).status).toBe(422);
  });

  it('a decision scheduled after the deadline is judged late', async () => {
    const w = await eisWorld();
    const a = await filed(w);
    const late = kyivInstant('2026-03-18', '10:00');
    expect((await w.call('POST', '/__polihon/decide', { participant: '04054866', decision: 'refused', at: new Date(late).toISOString() })).body.scheduled).toBeTruthy();
    until(w, kyivInstant('2026-03-18', '09:00'));
    expect((await w.call('GET', `/__polihon/deadline?application=${a.id}`)).body).toMatchObject({ ok: false, scheduled: { decision: 'refused', by: 'scenario' } });
    until(w, late);
    expect((await w.call('GET', a.links.self)).body.decision).toMatchObject({ decision: 'refused', withinDeadline: false });
  });
});

describe('the ОТД and activation (EIS-REG-01)', () => {
  it('refuses activation naming each missing part, then activates once all three exist', async () => {
    const w = await eisWorld();
    const refused = await w.call('POST', '/eis/v1/activation', { edrpou: '04054866' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'activation-refused', missing: [{ part: 'joint-decision' }, { part: 'registration' }, { part: 'otd' }] });
    expect(refused.body.missing[2].message).toBe('суб’єкт не подав заповнену й підписану ОТД');

    await filed(w);
    const otd = await w.call('POST', '/eis/v1/otd', await signedOtd(w.own, [fingerprint(w.own)]));
    expect(otd.status).toBe(201);
    expect(otd.body).toMatchObject({ edrpou: '04054866', version: 1, subsystems: [{ code: 'RTG_prod', certificates: [fingerprint(w.own)], services: ['CheckPassportStatus'] }] });
    expect((await w.call('POST', '/eis/v1/activation', { edrpou: '04054866' })).body.missing.map((m: { part: string }) => m.part)).toEqual(['joint-decision', 'registration']);
    expect((await w.call('POST', '/__polihon/joint-decision', { participant: '04054866', reference: 'СР-1/2026' })).status).toBe(200);
    expect((await w.call('POST', '/eis/v1/activation', { edrpou: '04054866' })).body.errors).toEqual([{ field: 'registration', message: 'the participant is not registered by the ЄІС МВС service' }]);
    until(w, REVIEW);
    const ok = await w.call('POST', '/eis/v1/activation', { edrpou: '04054866' });
    expect(ok.body).toEqual({ edrpou: '04054866', status: 'active', activatedAt: new Date(REVIEW).toISOString() });
    const outcomes = w.ctx.journal.entries({ service: EIS_SERVICES.activation, kind: 'response' }).map((e) => e.outcome);
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'activated']);

    expect(otdAdmitsOf(w.eis)?.('SEVDEIR-TEST/GOV/04054866/RTG_prod', fingerprint(w.own))).toEqual({ ok: true, edrpou: '04054866', subsystem: 'RTG_prod' });
    expect(w.eis.otdAdmits('SEVDEIR-TEST/GOV/04054866/RTG_prod', fingerprint(w.other))).toMatchObject({ ok: false });
    const q = new URLSearchParams({ subsystem: 'RTG_prod', fingerprint: fingerprint(w.other) });
    expect((await w.call('GET', `/__polihon/otd-admits?${q.toString()}`)).body).toMatchObject({ ok: false, reason: expect.stringMatching(/not bound/) });
  });

  it('refuses a bad ОТД where it is wrong, and one signed by another ЄДРПОУ', async () => {
    const w = await eisWorld();
    expect((await w.call('POST', '/eis/v1/otd', await signedOtd(w.own, [fingerprint(w.own)]))).body).toMatchObject({ code: 'unknown-participant', errors: [{ field: '/otd/edrpou' }] });
    await filed(w);
    const cases: [unknown, string, string][] = [
      [await signedOtd(w.own, ['abc']), 'invalid-document', '/otd/subsystems/0/certificates/0'],
      [await signedOtd(w.own, [], undefined, [{ code: 'RTG_prod', certificates: [fingerprint(w.own)], services: [] }]), 'invalid-document', '/otd/subsystems/0/services'],
      [await signedOtd(w.own, [], undefined, [{ code: 'MIA_prod', certificates: [fingerprint(w.own)], services: ['X'] }]), 'invalid-document', '/otd/subsystems/0/code'],
      [await signedOtd(w.own, [], undefined, []), 'invalid-document', '/otd/subsystems'],
      [await signedOtd(w.other, [fingerprint(w.own)]), 'edrpou-mismatch', '/signature/certificate'],
    ];
    for (const [body, code, field] of cases) expect((await w.call('POST', '/eis/v1/otd', body)).body, field).toMatchObject({ code, errors: [{ field }] });
    expect((await w.call('GET', '/__polihon/participants')).body.participants[0].parts).toEqual({ 'joint-decision': false, registration: false, otd: false });
    expect((await w.call('POST', '/eis/v1/activation', { edrpou: '123' })).body).toMatchObject({ code: 'invalid-document', errors: [{ field: '/edrpou' }] });
  });

  it('users: none before registration; the harness adds one after', async () => {
    const w = await eisWorld();
    const a = await filed(w);
    const early = await w.call('POST', '/__polihon/users', { participant: '04054866', add: [{ fullName: 'Нова Особа', email: 'nova@rada.example.com', role: 'operator' }] });
    expect(early.body).toMatchObject({ status: 409, code: 'not-registered' });
    await w.call('POST', '/__polihon/decide', { application: a.id, decision: 'registered' });
    const added = await w.call('POST', '/__polihon/users', { participant: '04054866', add: [{ fullName: 'Нова Особа', email: 'nova@rada.example.com', role: 'operator' }] });
    expect(added.body.users.map((u: { login: string; source: string }) => `${u.login}:${u.source}`)).toEqual([
      'maria.petrenko@rada.example.com:questionnaire',
      'andrii.koval@rada.example.com:questionnaire',
      'nova@rada.example.com:harness',
    ]);
  });
});

describe('the app', () => {
  it('serves its contract, and calls the messaging hook with its app and deps', async () => {
    let seen: unknown;
    const w = await eisWorld({ messaging: (app, deps) => {
      seen = deps.state;
      app.get('/eis/v1/messaging-probe', (c) => c.json({ ok: true }));
    } });
    expect(seen).toBeTruthy();
    expect((await w.call('GET', '/eis/v1/messaging-probe')).body).toEqual({ ok: true });
    const res = await w.eis.handle(new Request('https://eis.polihon.test/eis/v1/openapi.yaml'));
    expect(await res.text()).toMatch(/^# polihon's own reference contract/);
    expect(res.headers.get('x-polihon-simulator')).toBe('eis');
  });
});
