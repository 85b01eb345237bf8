import { describe, expect, it } from 'vitest';
import { kyivInstant } from '../../../core/calendar.ts';
import { placeholders } from '../../../core/i18n.ts';
import { T0 } from '../../testing.ts';
import { eisWorld, questionnaire, signedApplication, signedOtd, fingerprint } from '../test-support.ts';
import { CABINET_SERVICES } from './face.ts';
import { escapeHtml } from './html.ts';
import { CABINET } from './messages.ts';
import { renderNotifications, renderRequest } from './pages.ts';
import { createCabinetAuth, normaliseCode } from './sessions.ts';
import { presented, visitor } from './test-support.ts';

type World = Awaited<ReturnType<typeof eisWorld>>;

const EDRPOU = '04054866';
const MARIA = 'maria.petrenko@rada.example.com';
const REVIEW = kyivInstant('2026-03-12', '10:00');
const until = (w: World, at: number) => w.ctx.clock.advance(at - w.ctx.clock.now());

async function filedViaApi(w: World, q: unknown = questionnaire()) {
  const res = await w.call('POST', '/eis/v1/applications', await signedApplication(w.own, q));
  expect(res.status).toBe(202);
  return res.body.id as string;
}

async function registered(w: World) {
  const id = await filedViaApi(w);
  await w.call('POST', '/__polihon/decide', { application: id, decision: 'registered' });
  return id;
}

describe('without a session (EIS-ACC-02)', () => {
  it('answers every page with the login page (401), every API call with 401 problem+json, and journals each refusal', async () => {
    const w = await eisWorld();
    await registered(w);
    const b = visitor(w);
    for (const path of ['/cabinet/', '/cabinet/filing', '/cabinet/letter', '/cabinet/otd', '/cabinet/request', '/cabinet/notifications', '/cabinet/no-such-page']) {
      const v = await b.get(path);
      expect(v.status, path).toBe(401);
      expect(v.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(v.text).toContain('<form method="post" action="/cabinet/login');
      expect(v.text).not.toContain(MARIA);
    }
    for (const path of ['/cabinet/api/overview', '/cabinet/api/session', '/cabinet/api/notifications', '/cabinet/api/anything']) {
      const v = await b.get(path);
      expect(v.status, path).toBe(401);
      expect(v.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(v.text)).toMatchObject({ code: 'unauthenticated', status: 401, errors: [{ field: 'cookie', message: 'no-session' }] });
    }
    for (const path of ['/cabinet/applications', '/cabinet/request', '/cabinet/logout']) expect((await b.post(path, { csrf: 'x' })).status, path).toBe(401);
    // a made-up cookie is no session either
    b.cookie = 'eis_cabinet=forged';
    expect(JSON.parse((await b.get('/cabinet/api/overview')).text).errors[0].message).toBe('unknown-session');
    const refused = w.ctx.journal.entries({ kind: 'response' }).filter((e) => e.outcome === 'unauthenticated');
    expect(refused).toHaveLength(15);
    expect(refused.every((e) => e.channel === 'eis' && e.service.startsWith('eis.cabinet.'))).toBe(true);
    // nothing was filed
    expect(w.ctx.journal.entries({ service: 'eis.application.file', kind: 'request' })).toHaveLength(1);
  });

  it('keeps the login page free of external resources, behind a strict security policy', async () => {
    const w = await eisWorld();
    const v = await visitor(w).get('/cabinet/login');
    expect(v.status).toBe(200);
    expect(v.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(v.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(v.headers.get('cache-control')).toBe('no-store');
    expect(v.text).toContain('<html lang="uk">');
    expect(v.text).toContain('<label for="code">Одноразовий код входу</label>');
    expect(v.text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const en = await visitor(w).get('/cabinet/login?lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('One-time login code');
  });
});

describe('logging in', () => {
  it('with a one-time code: an HttpOnly, SameSite=Strict cookie; the code works once and stays out of the journal', async () => {
    const w = await eisWorld();
    await registered(w);
    const unknown = await w.call('POST', '/__polihon/cabinet/login', { user: 'nobody@example.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'unknown-user', errors: [{ field: '/user' }] });
    expect((await w.call('POST', '/__polihon/cabinet/login', {})).status).toBe(422);

    const issued = await w.call('POST', '/__polihon/cabinet/login', { user: MARIA.toUpperCase() });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ login: MARIA, participant: EDRPOU, role: 'administrator', expiresAt: new Date(T0 + 600_000).toISOString() });
    const code = issued.body.code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const b = visitor(w);
    const v = await b.post('/cabinet/login?next=/cabinet/notifications', { code: code.toLowerCase().replace('-', ' ') });
    expect(v.status).toBe(303);
    expect(v.headers.get('location')).toBe('/cabinet/notifications');
    const set = v.headers.get('set-cookie')!;
    expect(set).toMatch(/^eis_cabinet=[A-Za-z0-9_-]{43}; Path=\/cabinet; HttpOnly; SameSite=Strict; Secure$/);
    const session = JSON.parse((await b.get('/cabinet/api/session')).text);
    expect(session).toMatchObject({ session: 's-1', method: 'code', principal: { kind: 'user', login: MARIA, role: 'administrator', edrpou: EDRPOU } });

    const again = visitor(w);
    const second = await again.post('/cabinet/login', { code });
    expect(second.status).toBe(401);
    expect(second.text).toContain('Код не дійсний');
    const journal = JSON.stringify(w.ctx.journal.entries({}));
    expect(journal).not.toContain(code);
    expect(journal).not.toContain(set.split(';')[0]!.split('=')[1]);
    expect(w.ctx.journal.entries({ service: CABINET_SERVICES.login, kind: 'response' }).map((e) => e.outcome)).toEqual(['logged-in', 'refused']);
  });

  it('keeps English through the login and the pages (?lang=en)', async () => {
    const w = await eisWorld();
    await registered(w);
    const b = visitor(w);
    const { body } = await w.call('POST', '/__polihon/cabinet/login', { user: MARIA });
    const v = await b.post('/cabinet/login?lang=en', { code: body.code });
    expect(v.headers.get('location')).toBe('/cabinet/?lang=en');
    const page = await b.get('/cabinet/?lang=en');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('<strong id="status">registered</strong>');
    expect(page.text).toContain('href="/cabinet/request?lang=en"');
    expect(page.text).toContain('action="/cabinet/logout?lang=en"');
  });

  it('refuses an open redirect after login', async () => {
    const w = await eisWorld();
    const b = visitor(w);
    const { body } = await w.call('POST', '/__polihon/cabinet/login', { participant: EDRPOU });
    const v = await b.post('/cabinet/login?next=//evil.example/x', { code: body.code });
    expect(v.headers.get('location')).toBe('/cabinet/');
  });

  it('ends the session on the virtual clock: 30 minutes idle, and at logout', async () => {
    const w = await eisWorld();
    await registered(w);
    const b = visitor(w);
    await b.login({ user: MARIA });
    w.ctx.clock.advance(29 * 60_000);
    expect((await b.get('/cabinet/')).status).toBe(200);
    w.ctx.clock.advance(29 * 60_000);
    expect((await b.get('/cabinet/')).status).toBe(200);
    w.ctx.clock.advance(31 * 60_000);
    const v = await b.get('/cabinet/api/session');
    expect(v.status).toBe(401);
    expect(JSON.parse(v.text).errors[0].message).toBe('expired-session');

    await b.login({ user: MARIA });
    const page = await b.get('/cabinet/');
    expect(page.status).toBe(200);
    const out = await b.post('/cabinet/logout');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/cabinet/login?out=1');
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await b.get('/cabinet/login?out=1')).text).toContain('Ви вийшли з кабінету.');
    expect((await b.get('/cabinet/')).status).toBe(401);
  });

  it('with a certificate: a user certificate naming the user, the participant’s certificate as the applicant, nothing else', async () => {
    const w = await eisWorld();
    await registered(w);
    const maria = await w.pki.issue({ kind: 'user', commonName: MARIA, edrpou: EDRPOU });
    const b = visitor(w);
    const v = await b.post('/cabinet/login/certificate', {}, presented(maria));
    expect(v.status).toBe(303);
    expect(JSON.parse((await b.get('/cabinet/api/session')).text)).toMatchObject({ method: 'certificate', principal: { login: MARIA } });

    const applicant = visitor(w);
    expect((await applicant.post('/cabinet/login/certificate', {}, presented(w.own))).status).toBe(303);
    expect(JSON.parse((await applicant.get('/cabinet/api/session')).text).principal).toMatchObject({ kind: 'applicant', edrpou: EDRPOU });

    const refusals: [Record<string, string>, string][] = [
      [{}, 'no-certificate'],
      [presented(w.foreign), 'untrusted-certificate'],
      [presented(w.user), 'unknown-user'],
    ];
    for (const [headers, code] of refusals) {
      const r = await visitor(w).post('/cabinet/login/certificate', {}, headers);
      expect(r.status, code).toBe(401);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    w.pki.revoke(maria.certPem);
    expect((await visitor(w).post('/cabinet/login/certificate', {}, presented(maria))).status).toBe(401);
    const codes = w.ctx.journal.entries({ service: CABINET_SERVICES.login, kind: 'response' }).map((e) => e.data?.code ?? e.outcome);
    expect(codes).toEqual(['logged-in', 'logged-in', 'no-certificate', 'untrusted-certificate', 'unknown-user', 'untrusted-certificate']);
  });

  it('forgets every code and session when the simulator is reset', async () => {
    const w = await eisWorld();
    await registered(w);
    const b = visitor(w);
    await b.login({ user: MARIA });
    const { body } = await w.call('POST', '/__polihon/cabinet/login', { participant: EDRPOU });
    w.eis.reset();
    expect((await b.get('/cabinet/')).status).toBe(401);
    expect((await visitor(w).post('/cabinet/login', { code: body.code })).status).toBe(401);
  });
});

describe('the pages', () => {
  it('show a rework’s reasons per field and the deadline, and take the corrected application through the API’s own route', async () => {
    const w = await eisWorld({ automatic: true });
    const b = visitor(w);
    await b.login({ participant: EDRPOU });
    expect((await b.get('/cabinet/')).text).toContain('Заяв ще не подано.');

    const bad = questionnaire({ contactPhone: '0441234567' });
    delete bad.legalGround;
    await b.get('/cabinet/filing');
    const filed = await b.upload('/cabinet/applications', JSON.stringify(await signedApplication(w.own, bad)));
    expect(filed.status).toBe(303);
    const [api] = w.ctx.journal.entries({ service: 'eis.application.file', kind: 'response' });
    expect(api).toMatchObject({ outcome: 'received', from: 'eis', to: 'participant' });
    expect(w.ctx.journal.entries({ service: CABINET_SERVICES.file, kind: 'response' })[0]).toMatchObject({ outcome: 'received', data: { step: 'file', api: expect.stringMatching(/^\d+:/) } });

    until(w, REVIEW);
    // two days on, the session is long gone
    expect((await b.get('/cabinet/')).status).toBe(401);
    await b.login({ participant: EDRPOU });
    const page = await b.get('/cabinet/');
    expect(page.text).toContain('<strong id="status">повернуто на доопрацювання</strong>');
    expect(page.text).toContain('<code>/application/questionnaire/contactPhone</code>');
    expect(page.text).toContain('<code>/application/questionnaire/legalGround</code>');
    expect(page.text).toContain('Рішення не пізніше');
    expect(page.text).toContain('datetime="2026-03-17T21:59:59.999Z"');
    const id = (await w.call('GET', '/__polihon/applications')).body.applications[0].id as string;

    const form = await b.get('/cabinet/filing');
    expect(form.text).toContain(`action="/cabinet/applications/${id}/rework"`);
    const reworked = await b.upload(`/cabinet/applications/${id}/rework`, JSON.stringify(await signedApplication(w.own, questionnaire(), new Date(w.ctx.clock.now()).toISOString())));
    expect(reworked.status).toBe(303);
    expect((await w.call('GET', `/eis/v1/applications/${id}`)).body).toMatchObject({ status: 'received', submission: 2 });
    expect((await b.get('/cabinet/')).text).toContain('<strong id="status">на розгляді</strong>');
  });

  it('show the API’s refusal, located, and change nothing: a forged document, another participant’s, a stale form', async () => {
    const w = await eisWorld();
    const b = visitor(w);
    await b.login({ participant: EDRPOU });
    await b.get('/cabinet/filing');
    const signed = await signedApplication(w.own);
    const forged = { ...signed, application: { ...signed.application, questionnaire: { ...(signed.application.questionnaire as Record<string, unknown>), organisationName: 'Інша назва' } } };
    const v = await b.upload('/cabinet/applications', JSON.stringify(forged));
    expect(v.status).toBe(422);
    expect(v.text).toContain('Підпис недійсний');
    expect(v.text).toContain('<code>/signature/value</code>');

    const other = await b.upload('/cabinet/applications', JSON.stringify(await signedApplication(w.other, questionnaire({ edrpou: '43395033' }))));
    expect(other.status).toBe(403);
    expect(other.text).toContain('ЄДРПОУ 43395033');

    const junk = await b.upload('/cabinet/applications', '{not json');
    expect(junk.status).toBe(400);
    expect(junk.text).toContain('role="alert"');

    const stale = await b.upload('/cabinet/applications', JSON.stringify(signed), { csrf: 'stale' });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('Форма застаріла');
    expect((await w.call('GET', '/__polihon/applications')).body.applications).toEqual([]);
  });

  it('escape every value: a questionnaire and a rework reason carrying markup', async () => {
    const w = await eisWorld({ automatic: false });
    const evil = '<script>alert("x")</script>';
    const id = await filedViaApi(w, questionnaire({ organisationName: `Рада ${evil}` }));
    await w.call('POST', '/__polihon/decide', { application: id, decision: 'rework', reasons: [{ field: '/application/questionnaire/address', message: `<img src=x onerror=alert(1)> адреса` }] });
    const b = visitor(w);
    await b.login({ participant: EDRPOU });
    const page = await b.get('/cabinet/');
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain('Рада &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(page.text).toContain('&#60;img src=x onerror=alert(1)&#62; адреса');
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&#34;&#60;&#62;&#38;');
    const list = renderNotifications([{ at: T0, kind: 'message', text: { uk: evil, en: evil } }], (await createSession()).session, 'uk');
    expect(list).not.toContain('<script>');
    const req = renderRequest((await createSession()).session, 'en', { documentNumber: '"><b>', purpose: '</textarea><b>' }, { ok: true, answer: { status: '<b>', extra: { a: '<i>' } } });
    expect(req).not.toMatch(/<b>|<i>/);
  });

  it('after registration: the letter and the ОТД as downloads, a user-system request and its answer, notifications', async () => {
    const w = await eisWorld();
    const id = await registered(w);
    const b = visitor(w);
    await b.login({ user: MARIA });
    expect((await b.get('/cabinet/otd')).status).toBe(404);
    const page = await b.get('/cabinet/');
    expect(page.text).toContain('<strong id="status">зареєстровано</strong>');
    expect(page.text).toContain('Рекомендації щодо інтеграції з ЄІС МВС');

    const letter = await b.get('/cabinet/letter');
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-disposition')).toMatch(/^attachment; filename="eis-letter-[0-9a-f-]+\.json"$/);
    expect(JSON.parse(letter.text)).toEqual((await w.call('GET', `/eis/v1/applications/${id}/letter`)).body);

    expect((await w.call('POST', '/eis/v1/otd', await signedOtd(w.own, [fingerprint(w.own)]))).status).toBe(201);
    const otd = await b.get('/cabinet/otd');
    expect(JSON.parse(otd.text)).toMatchObject({ edrpou: EDRPOU, version: 1, subsystems: [{ code: 'RTG_prod', certificates: [fingerprint(w.own)] }] });

    await w.call('POST', '/__polihon/messaging/documents', { documents: [{ documentType: 'id-card', documentNumber: '000123456', status: 'stolen' }] });
    await b.get('/cabinet/request');
    const asked = await b.post('/cabinet/request', { service: 'document-status', documentType: 'id-card', documentNumber: '000123456', purpose: 'перевірка документа заявника', legalGround: 'Закон України «Про ЄДДР»' });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('<td id="answer-status">викрадений (stolen)</td>');
    expect(w.ctx.journal.entries({ service: 'eis.request', kind: 'response' })[0]).toMatchObject({ outcome: 'answered', data: { purpose: 'перевірка документа заявника' } });
    const noGround = await b.post('/cabinet/request', { service: 'document-status', documentType: 'id-card', documentNumber: '000123456', purpose: 'перевірка', legalGround: '' });
    expect(noGround.status).toBe(400);
    expect(noGround.text).toContain('<code>legalGround</code>');

    const notes = await b.get('/cabinet/notifications');
    expect(notes.text).toContain('Рішення щодо заяви');
    expect(notes.text).toContain('Надіслано лист: Рекомендації щодо інтеграції з ЄІС МВС');
    expect(notes.text).toContain('ОТД прийнято (версія 1)');
    const api = JSON.parse((await b.get('/cabinet/api/notifications')).text).notifications as { kind: string }[];
    expect(api.map((n) => n.kind)).toEqual(expect.arrayContaining(['received', 'decision', 'letter', 'user', 'otd']));
  });
});

describe('codes and sessions', () => {
  it('says everything in both languages, with the same placeholders', () => {
    for (const ref of Object.values(CABINET)) {
      expect(ref.text.uk.trim(), ref.key).not.toBe('');
      expect(ref.text.en.trim(), ref.key).not.toBe('');
      expect([...new Set(placeholders(ref.text.uk))].sort(), ref.key).toEqual([...new Set(placeholders(ref.text.en))].sort());
    }
  });

  it('reads a typed code leniently and refuses an expired one', () => {
    expect(normaliseCode(' abcd efgh ')).toBe('ABCD-EFGH');
    expect(normaliseCode('o1l0-IIII')).toBe('0110-1111');
    const auth = createCabinetAuth();
    const { code } = auth.issueCode({ kind: 'applicant', edrpou: EDRPOU, login: `applicant:${EDRPOU}`, role: 'applicant' }, T0);
    expect(auth.redeem(code, T0 + 600_001)).toEqual({ ok: false, code: 'expired-code' });
    expect(auth.redeem('', T0)).toEqual({ ok: false, code: 'no-code' });
  });
});

async function createSession() {
  const auth = createCabinetAuth();
  return auth.open({ kind: 'applicant', edrpou: EDRPOU, login: `applicant:${EDRPOU}`, role: 'applicant' }, 'code', T0);
}
