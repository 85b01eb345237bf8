// The Electronic Cabinet in real Chromium, served on loopback by the ЄІС МВС simulator's own handle: refused when not
// logged in, a login with a one-time code from the harness, the rework's reasons per field, the corrected
// application uploaded through the form, the letter downloaded after registration, a request sent and its answer
// shown, the notifications — with axe-core's accessibility rules and nothing loaded the security policy would block.
import { AxeBuilder } from '@axe-core/playwright';
import { serve, type ServerType } from '@hono/node-server';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyivInstant } from '../../../core/calendar.ts';
import { chromiumMissing, launchChromium, type LaunchedChromium } from '../../../test/browser.ts';
import { eisWorld, questionnaire, signedApplication } from '../test-support.ts';

const ARTEFACTS = path.join(import.meta.dirname, '..', '..', '..', 'reports', 'test-artefacts');
const EDRPOU = '04054866';
const MARIA = 'maria.petrenko@rada.example.com';
/** T0 is Tuesday 10 March 2026; the automatic decision falls on Thursday 12th, 10:00 Kyiv */
const REVIEW = kyivInstant('2026-03-12', '10:00');

const missing = chromiumMissing();
let w: Awaited<ReturnType<typeof eisWorld>>;
let server: ServerType | undefined;
let base = '';
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  if (missing) return;
  w = await eisWorld();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => w.eis.handle(req), hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function code(who: { user?: string; participant?: string }): Promise<string> {
  const res = await w.call('POST', '/__polihon/cabinet/login', who);
  expect(res.status).toBe(200);
  return res.body.code as string;
}

async function logIn(page: Page, who: { user?: string; participant?: string }) {
  await page.getByLabel('Одноразовий код входу').fill(await code(who));
  await page.getByRole('button', { name: 'Увійти', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Заява та рішення' }).waitFor();
}

async function noSeriousViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('the Electronic Cabinet in Chromium', () => {
  it('refuses without a login, shows the rework reasons, takes the corrected application, gives the letter, answers a request', { timeout: 120_000 }, async () => {
    if (missing) throw missing;
    // the participant's system files an incomplete application through the API; the service returns it for rework
    const bad = questionnaire({ contactPhone: '0441234567' });
    delete bad.legalGround;
    expect((await w.call('POST', '/eis/v1/applications', await signedApplication(w.own, bad))).status).toBe(202);
    w.ctx.clock.advance(REVIEW - w.ctx.clock.now());

    const page = await browser!.context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) blocked.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) blocked.push(`request to ${r.url()}`);
    });

    // not logged in: the login page, refused (401), for a page and for the API
    const refused = await page.goto(`${base}/cabinet/`);
    expect(refused?.status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain('Потрібна автентифікація');
    expect((await page.request.get(`${base}/cabinet/api/overview`)).status()).toBe(401);
    await noSeriousViolations(page);

    // the applicant logs in with a code and sees the reasons, per field
    await logIn(page, { participant: EDRPOU });
    expect(await page.locator('#status').textContent()).toBe('повернуто на доопрацювання');
    const reasons = page.getByRole('table', { name: 'Що виправити, за полями' });
    expect(await reasons.textContent()).toContain('/application/questionnaire/contactPhone');
    expect(await reasons.textContent()).toContain('/application/questionnaire/legalGround');
    await noSeriousViolations(page);
    await page.screenshot({ path: path.join(ARTEFACTS, 'eis-cabinet-rework.png'), fullPage: true });

    // the corrected application, uploaded through the form
    await page.getByRole('link', { name: 'Подати заяву' }).click();
    const corrected = JSON.stringify(await signedApplication(w.own, questionnaire(), new Date(w.ctx.clock.now()).toISOString()));
    await page.getByLabel('Підписаний документ (файл JSON)').setInputFiles({ name: 'application.json', mimeType: 'application/json', buffer: Buffer.from(corrected) });
    await page.getByRole('button', { name: 'Подати виправлену заяву' }).click();
    await page.getByRole('heading', { level: 1, name: 'Заява та рішення' }).waitFor();
    expect(await page.locator('#status').textContent()).toBe('на розгляді');

    // registered: the applicant logs out, a user the registration created logs in
    const id = (await w.call('GET', '/__polihon/applications')).body.applications[0].id as string;
    expect((await w.call('POST', '/__polihon/decide', { application: id, decision: 'registered' })).status).toBe(200);
    await page.getByRole('button', { name: 'Вийти' }).click();
    await page.getByText('Ви вийшли з кабінету.').waitFor();
    await logIn(page, { user: MARIA });
    expect(await page.locator('#status').textContent()).toBe('зареєстровано');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Завантажити лист/ }).click()]);
    const letter = JSON.parse(await readFile((await download.path())!, 'utf8')) as { subject: { uk: string }; edrpou: string };
    expect(letter).toMatchObject({ edrpou: EDRPOU, subject: { uk: 'Рекомендації щодо інтеграції з ЄІС МВС' } });

    // a user-system request and its answer
    await w.call('POST', '/__polihon/messaging/documents', { documents: [{ documentType: 'passport', documentNumber: 'КН123456', status: 'lost' }] });
    await page.getByRole('link', { name: 'Надіслати запит' }).click();
    await page.getByLabel('Тип документа').selectOption('passport');
    await page.getByLabel('Номер документа').fill('КН123456');
    await page.getByLabel('Мета запиту').fill('перевірка паспорта під час реєстрації місця проживання');
    await page.getByLabel('Правова підстава').fill('Закон України «Про свободу пересування»');
    await page.getByRole('button', { name: 'Надіслати запит' }).click();
    await page.getByRole('heading', { name: 'Відповідь' }).waitFor();
    expect(await page.locator('#answer-status').textContent()).toBe('втрачений (lost)');
    await noSeriousViolations(page);

    await page.getByRole('link', { name: 'Сповіщення' }).click();
    expect(await page.getByRole('table', { name: 'Сповіщення' }).textContent()).toContain('Надіслано лист');
    await page.screenshot({ path: path.join(ARTEFACTS, 'eis-cabinet-notifications.png'), fullPage: true });

    // logged out, the pages are closed again
    await page.getByRole('button', { name: 'Вийти' }).click();
    const after = await page.goto(`${base}/cabinet/request`);
    expect(after?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Вхід до Електронного кабінету');
    expect(blocked).toEqual([]);
    await page.close();
  });
});
