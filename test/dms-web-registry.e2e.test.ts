// The ДМС web registry (DMS-03, user-system) in a real browser: an officer fills the form by its labels, submits,
// and sees the confirmation; ДМС holds the act, journalled on the web channel. And a wrong РНОКПП is explained in Ukrainian.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { createJournal } from '../core/journal.ts';
import { createSimulatorHost, type SimulatorHost } from '../simulators/host.ts';
import { KYIV_ADDRESS, OLENA, T0 } from '../simulators/testing.ts';
import { serveSimulators, type ServedSimulators } from '../simulators/transport/http-server.ts';
import { CHROMIUM_ARGS, chromiumMissing, chromiumPath } from '../scripts/chromium.mjs';

const CHROMIUM = chromiumPath();

let browser: Browser;
let host: SimulatorHost;
let served: ServedSimulators;
let page: Page;

const missing = existsSync(CHROMIUM) ? undefined : new Error(chromiumMissing(CHROMIUM));

beforeAll(async () => {
  if (missing) return;
  const clock = createVirtualClock(T0);
  let wall = 0;
  host = createSimulatorHost({
    clock,
    journal: createJournal({ clock, wallTime: () => ++wall }),
    seed: 1,
    fetch: (input, init) => globalThis.fetch(input, init),
    simulators: ['dms'],
    options: { dms: { eddr: [{ rnokpp: OLENA.rnokpp }] } },
  });
  served = await serveSimulators(host);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

beforeEach(async () => {
  // every test fails with the reason, rather than the file quietly showing them as skipped
  if (missing) throw missing;
  host.reset();
  page = await browser.newPage();
  await page.goto(`${served.urls.dms}/dms/web/`);
});

afterEach(() => page?.close());

async function fillPerson(rnokpp: string): Promise<void> {
  await page.getByLabel('Вид дії').selectOption('declaration');
  await page.getByLabel('Прізвище', { exact: true }).fill(OLENA.lastName);
  await page.getByLabel("Ім'я", { exact: true }).fill(OLENA.firstName);
  await page.getByLabel('По батькові', { exact: true }).fill(OLENA.patronymic);
  await page.getByLabel('Дата народження').fill(OLENA.birthDate);
  await page.getByLabel('Стать').selectOption('female');
  await page.getByLabel('РНОКПП').fill(rnokpp);
  await page.getByLabel('УНЗР').fill(OLENA.unzr);
  await page.getByLabel('Вид документа').selectOption('id-card');
  await page.getByLabel('Номер документа').fill(OLENA.document.number);
  await page.getByLabel('Код КАТОТТГ').fill(KYIV_ADDRESS.katottg);
  await page.getByLabel('Адреса', { exact: true }).fill(KYIV_ADDRESS.text);
}

describe('ДМС web registry in a browser', () => {
  it('enters a declaration, shows the confirmation, and ДМС holds it from the web channel', async () => {
    expect(await page.title()).toContain('Реєстр територіальної громади');
    await fillPerson(OLENA.rnokpp);
    await page.getByRole('button', { name: 'Внести' }).click();
    await page.getByRole('heading', { name: 'Дію внесено і підтверджено' }).waitFor();
    const confirmation = (await page.locator('#confirmation-id').textContent())?.trim();
    expect(confirmation).toMatch(/^CNF-\d{6}$/);

    const { body } = await host.request('dms', 'GET', '/__polihon/acts');
    expect(body).toMatchObject({
      acts: [
        {
          kind: 'declaration',
          status: 'confirmed',
          channel: 'web',
          confirmation: { id: confirmation },
          act: { person: { rnokpp: OLENA.rnokpp, unzr: OLENA.unzr, lastName: OLENA.lastName }, address: KYIV_ADDRESS },
        },
      ],
    });
    const submits = host.journal.entries({ service: 'dms.act.submit' });
    expect(submits.map((e) => [e.kind, e.channel])).toEqual([
      ['request', 'web'],
      ['response', 'web'],
    ]);
    expect(host.journal.entries({ service: 'dms.act.confirmed' })).toMatchObject([{ channel: 'web', data: { confirmationId: confirmation } }]);
  });

  it('explains a wrong РНОКПП in Ukrainian beside the field, and enters nothing', async () => {
    await fillPerson('3287300124');
    await page.getByRole('button', { name: 'Внести' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('РНОКПП: Неправильна контрольна цифра РНОКПП');
    const field = page.getByLabel('РНОКПП');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('3287300124');
    const describedBy = await field.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('Неправильна контрольна цифра РНОКПП');
    expect((await host.request('dms', 'GET', '/__polihon/acts')).body).toEqual({ acts: [] });
    expect(host.journal.entries({ service: 'dms.act.submit', kind: 'response' }).at(-1)).toMatchObject({ channel: 'web', status: 422 });
  });
});
