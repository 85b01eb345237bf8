import { describe, expect, it } from 'vitest';
import { createTestContext, KYIV_ADDRESS, OLENA } from '../testing.ts';
import { createDmsSimulator, DEFAULT_WEB_REGISTRATION_BODY } from './app.ts';

const BASE = 'http://dms.polihon.test';

function setup() {
  const ctx = createTestContext();
  const dms = createDmsSimulator(ctx, { eddr: [{ rnokpp: OLENA.rnokpp }] });
  const postForm = (fields: Record<string, string>, type = 'application/x-www-form-urlencoded') =>
    dms.handle(new Request(`${BASE}/dms/web/acts`, { method: 'POST', headers: { 'content-type': type }, body: new URLSearchParams(fields).toString() }));
  return { ctx, dms, postForm };
}

const valid = {
  kind: 'declaration',
  'person.lastName': OLENA.lastName,
  'person.firstName': OLENA.firstName,
  'person.patronymic': OLENA.patronymic,
  'person.birthDate': OLENA.birthDate,
  'person.sex': OLENA.sex,
  'person.rnokpp': OLENA.rnokpp,
  'person.unzr': '',
  'person.document.type': 'id-card',
  'person.document.number': OLENA.document.number,
  'address.katottg': KYIV_ADDRESS.katottg,
  'address.text': KYIV_ADDRESS.text,
  cancelsActId: '',
};

describe('the form page', () => {
  it('is a self-contained Ukrainian page with a label for every input', async () => {
    const { dms } = setup();
    const res = await dms.handle(new Request(`${BASE}/dms/web/`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="uk">');
    // nothing fetched from anywhere: no scripts, images, stylesheets or absolute links
    expect(html).not.toMatch(/<script|<img|<link|src=|https?:\/\//);
    const ids = [...html.matchAll(/<(?:input|select)[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(14);
    expect(ids.filter((id) => !labelled.has(id))).toEqual([]);
    for (const label of ['Вид дії', 'Прізвище', "Ім'я", 'По батькові', 'Дата народження', 'Стать', 'РНОКПП', 'УНЗР', 'Код КАТОТТГ', 'Адреса']) {
      expect(html).toContain(`>${label.replace("'", '&#39;')}</label>`);
    }
    expect(html).toContain(DEFAULT_WEB_REGISTRATION_BODY.edrpou);
  });

  it('redirects /dms/web to /dms/web/', async () => {
    const res = await setup().dms.handle(new Request(`${BASE}/dms/web`));
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/dms/web/');
  });
});

describe('entering an act through the web registry (DMS-03)', () => {
  it('confirms it, shows the confirmation id, and journals it on the web channel', async () => {
    const s = setup();
    const res = await s.postForm(valid);
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain('Дію внесено і підтверджено');
    expect(html).toContain('<strong id="confirmation-id">CNF-000001</strong>');
    const { acts } = await (await s.dms.handle(new Request(`${BASE}/__polihon/acts`))).json();
    expect(acts).toMatchObject([
      {
        actId: 'WEB-000001',
        status: 'confirmed',
        channel: 'web',
        act: { registrationBody: DEFAULT_WEB_REGISTRATION_BODY, person: { rnokpp: OLENA.rnokpp, document: { type: 'id-card' } }, performedAt: '2026-03-10T08:00:00.000Z' },
      },
    ]);
    expect(acts[0].act.person.unzr).toBeUndefined();
    const [req, confirmed, , answer] = s.ctx.journal.entries();
    expect(req).toMatchObject({ kind: 'request', channel: 'web', service: 'dms.act.submit', messageId: 'WEB-000001', data: { actId: 'WEB-000001', rnokpp: OLENA.rnokpp, sameDay: true } });
    expect(req!.body).toContain('person.rnokpp=3287300123');
    expect(confirmed).toMatchObject({ service: 'dms.act.confirmed', channel: 'web' });
    expect(answer).toMatchObject({ kind: 'response', channel: 'web', status: 201, links: [req!.seq] });
  });

  it('shows the field errors in Ukrainian beside the fields, keeping what was typed', async () => {
    const s = setup();
    const res = await s.postForm({ ...valid, 'person.rnokpp': '3287300124', 'address.katottg': '', 'address.text': '', 'person.firstName': '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Неправильна контрольна цифра РНОКПП');
    expect(html).toContain('Адреса обов&#39;язкова для декларування та реєстрації');
    expect(html).toContain('Ім&#39;я: Обов&#39;язкове поле');
    expect(html).toMatch(/id="f-person-rnokpp" name="person.rnokpp" value="3287300124" [^>]*aria-invalid="true" aria-describedby="f-person-rnokpp-error"/);
    expect(html).toContain('value="Шевченко"');
    const { acts } = await (await s.dms.handle(new Request(`${BASE}/__polihon/acts`))).json();
    expect(acts).toEqual([]);
    expect(s.ctx.journal.entries({ kind: 'response' })[0]).toMatchObject({ channel: 'web', status: 422, data: { problem: 'invalid-act' } });
  });

  it('asks for what was left empty rather than calling it malformed, in Ukrainian', async () => {
    const s = setup();
    const html = await (await s.postForm({ ...valid, 'person.birthDate': '', 'person.sex': '', kind: 'deportation' })).text();
    expect(html).toContain('<li>Дата народження: Обов&#39;язкове поле</li>');
    expect(html).toContain('<li>Стать: Обов&#39;язкове поле</li>');
    expect(html).toContain('<li>Вид дії: Недопустиме значення; можливі: декларування, реєстрація, зняття з місця проживання, скасування</li>');
  });

  it('says so when the same action was already entered', async () => {
    const s = setup();
    await s.postForm(valid);
    const res = await s.postForm(valid);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Таку саму дію щодо цієї особи за цією адресою сьогодні вже внесено (акт WEB-000001)');
  });

  it('says the confirmation is still awaited when ДМС withholds it', async () => {
    const s = setup();
    s.dms.faults.add({ service: 'dms.act.submit', kind: 'withhold', count: 1 });
    const html = await (await s.postForm(valid)).text();
    expect(html).toContain('Підтвердження ДМС ще не надано');
    expect(html).not.toContain('confirmation-id');
  });

  it('cancels an act entered through the web, and escapes what it echoes', async () => {
    const s = setup();
    await s.postForm(valid);
    const res = await s.postForm({ ...valid, kind: 'cancellation', cancelsActId: 'WEB-000001', 'address.katottg': '', 'address.text': '' });
    expect(res.status).toBe(201);
    const bad = await (await s.postForm({ ...valid, 'person.lastName': '<b>x</b>', 'person.rnokpp': '1' })).text();
    expect(bad).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(bad).not.toContain('<b>x</b>');
  });

  it('refuses a body that is not a form', async () => {
    const res = await setup().postForm(valid, 'application/json');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('непідтримуваному форматі');
  });
});
