// index.html in a real browser: a small real run (the reference hromada registry with a fault switch, so a step
// fails with the messages it judged), its reports written as the CLI writes them, and the page opened from file:// at 1400×900. Checks the
// language switch, coverage by role, the failing step's evidence and its link into the journal, the journal's
// scenario filter, no sideways scrolling, and axe-core's accessibility rules; keeps full-page screenshots.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registeredMessages } from '../core/i18n.ts';
import type { RunReport } from '../conformance/report-model.ts';
import { writeReports } from '../conformance/reporters/write-all.ts';
import { chromiumMissing, launchChromium, type LaunchedChromium } from './browser.ts';
import { dmsScenarios, ROOT, runReference } from './helpers.ts';

const ARTEFACTS = path.join(ROOT, 'reports', 'test-artefacts');
const missing = chromiumMissing();

let browser: LaunchedChromium | undefined;
let page: Page;
let report: RunReport;
let url: string;
let dir: string;
/** Words the page shows as data, not as polihon's prose: step ids and types, journal parties, kinds and outcomes. */
const dataWords = new Set<string>();

beforeAll(async () => {
  if (missing) return;
  // two scenarios keep it short and still give the journal filter something to tell apart
  const scenarios = dmsScenarios().filter((s) => s.id === 'dms-declaration' || s.id === 'dms-verification');
  const out = await runReference(['late-verification-answer'], scenarios);
  report = out.report;
  const failed = report.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.id);
  if (failed.join() !== 'DMS-07') throw new Error(`the fault switch late-verification-answer should fail DMS-07 alone; failed: ${failed.join(', ') || 'none'}`);
  dir = await mkdtemp(path.join(tmpdir(), 'polihon-report-browser-'));
  for (const s of report.scenarios) for (const st of s.steps) dataWords.add(st.id).add(st.type);
  for (const e of out.journal.entries()) for (const v of [e.from, e.to, e.kind, e.outcome, e.channel]) if (v) dataWords.add(v);
  const written = await writeReports(dir, report, out.journal.toJSONL());
  url = pathToFileURL(written.files.html!).href;
  browser = await launchChromium({ width: 1400, height: 900 });
  await mkdir(ARTEFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // every test fails with the reason, rather than the file quietly showing them as skipped
  if (missing) throw missing;
  if (!browser) throw new Error('the browser did not start');
  page = await browser.context.newPage();
  // the language choice is remembered across pages; each test starts from the Ukrainian default
  await page.goto(url);
  await page.evaluate(() => localStorage.removeItem('polihon.lang'));
  await page.reload();
});

const visibleText = () => page.evaluate(() => document.body.innerText);
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The English texts of the message catalog as the literal pieces between their placeholders (plural choices
 * dropped), each at least four characters with a Latin letter: what must not show on a Ukrainian page.
 */
function englishPieces(): { key: string; piece: string }[] {
  const out: { key: string; piece: string }[] = [];
  for (const [key, text] of registeredMessages()) {
    if (text.en === text.uk) continue;
    for (const raw of text.en.split(/\{\w+(?::[^{}]*)?\}/)) {
      const piece = raw.trim().replace(/^[(:·,—-]+\s*|\s*[(:·,—-]+$/g, '');
      if (piece.length >= 4 && /[A-Za-z]/.test(piece) && !dataWords.has(piece)) out.push({ key, piece });
    }
  }
  return out;
}

/** A piece found as whole words: not inside an identifier such as dms.act.submit or a JSON key. */
function containsWords(text: string, piece: string): boolean {
  const escaped = piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}._-])${escaped}(?![\\p{L}\\p{N}_-])`, 'u').test(text);
}

describe('the report page in Chromium', { timeout: 60_000 }, () => {
  it('is Ukrainian by default, switches to English and back, and shows no catalog English in Ukrainian', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('uk');
    const uk = await visibleText();
    expect(uk).toContain('Звіт про відповідність');
    expect(uk).not.toContain('Conformance report');
    const pieces = englishPieces();
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.filter((p) => containsWords(uk, p.piece)).map((p) => `${p.key}: ${p.piece}`)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const en = await visibleText();
    expect(en).toContain('Conformance report');
    expect(en).toContain("Requirements of the participant's roles: hromada-registry");
    expect(en).not.toContain('Звіт про відповідність');
    await page.getByRole('button', { name: 'Українська' }).click();
    expect(await visibleText()).toContain('Покриття вимог');
  });

  it("counts only the participant's roles in the matrix and folds the others apart, closed", async () => {
    const own = report.coverage?.[0];
    expect(own?.role).toBe('hromada-registry');
    const counts = await page.locator('#own-counts').innerText();
    expect(counts).toContain(`не покрито: ${own?.counts['not-covered']}`);
    expect(counts).toContain('невідповідність: 1');
    const ownRows = page.locator('#coverage > table.matrix tr[data-verdict]');
    expect(await ownRows.count()).toBe(own?.requirements);
    expect(await page.locator('#req-DMS-07').getAttribute('data-verdict')).toBe('fail');
    // a Дія rule is there for reference, folded, and not counted
    expect(await page.locator('#req-DIIA-01').isVisible()).toBe(false);
    const others = page.locator('details#other-roles');
    expect(await others.locator('summary').innerText()).toMatch(/Вимоги інших ролей, не оцінювані в цьому запуску \(\d+\)/);
    await others.locator('summary').click();
    expect(await page.locator('#req-DIIA-01').isVisible()).toBe(true);
  });

  it("shows the failing step's messages with their bodies, and links each into the journal", async () => {
    const step = page.locator('details.step.is-fail[open]');
    expect(await step.count()).toBe(1);
    expect(await step.locator('summary').innerText()).toContain('DMS-07');
    const card = step.locator('.msg').first();
    expect(await card.isVisible()).toBe(true);
    // the body is kept in the journal row and copied into the open card
    const body = step.locator('.body-ref pre').first();
    expect(await body.isVisible()).toBe(true);
    expect((await body.innerText()).length).toBeGreaterThan(10);
    const link = card.locator('a[href^="#j-"]').first();
    const target = (await link.getAttribute('href'))?.slice(1) ?? '';
    await link.click();
    const row = page.locator(`tr#${target}`);
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator('button.jtoggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator(`tr#${target} + tr.jbody`).isVisible()).toBe(true);
  });

  it('narrows the journal to one scenario with its filter', async () => {
    const rows = page.locator('table.journal tr.jrow');
    const total = await rows.count();
    expect(total).toBe(report.journal.entries);
    const range = report.journal.scenarios?.find((r) => r.scenario === 'dms-declaration');
    expect(range).toBeDefined();
    const expected = (range?.toSeq ?? 0) - (range?.fromSeq ?? 0) + 1;
    await page.locator('select[data-jfilter="scenario"]').selectOption('dms-declaration');
    const visible = page.locator('table.journal tr.jrow:visible');
    expect(await visible.count()).toBe(expected);
    expect(expected).toBeLessThan(total);
    expect(await page.locator('#jshown').innerText()).toBe(String(expected));
    expect(new Set(await visible.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-scenario'))))).toEqual(new Set(['dms-declaration']));
  });

  it('never scrolls sideways at 1400 px, with everything opened, in either language', async () => {
    expect(await pageWidth()).toBeLessThanOrEqual(1400);
    // every scenario, step and folded section open, and every journal body shown
    await page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true));
      document.querySelectorAll('tr.jbody').forEach((tr) => ((tr as HTMLElement).hidden = false));
    });
    expect(await pageWidth()).toBeLessThanOrEqual(1400);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await pageWidth()).toBeLessThanOrEqual(1400);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    expect(bad).toEqual([]);
  });

  it('keeps full-page screenshots as test artefacts', async () => {
    const uk = path.join(ARTEFACTS, 'report-uk.png');
    await page.screenshot({ path: uk, fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.screenshot({ path: path.join(ARTEFACTS, 'report-en.png'), fullPage: true });
    expect(uk).toMatch(/report-uk\.png$/);
  });
});
