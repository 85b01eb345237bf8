// The Ukrainian view of a failing run holds no English from polihon: a real run against a participant on loopback
// that fails, errors and skips steps (default step titles, failure messages, expected/actual, skip reasons, a
// driver error), rendered by the console reporter with --lang uk and as index.html with its English spans removed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredMessages } from '../../core/i18n.ts';
import { loadCatalog } from '../requirements/catalog.ts';
import { runConformance, type RunOutput } from '../runner.ts';
import { parseScenario } from '../scenario.ts';
import { STEP_TYPES } from '../steps/index.ts';
import { parseProfile } from '../sut-profile.ts';
import { createConsoleReporter } from './console.ts';
import { toHtml } from './html.ts';
import { runView } from './view.ts';

// steps without titles: the report must make their titles up, in both languages
const SCENARIO = `
id: i18n-uk
title: { uk: "Сценарій, що не вдається", en: A scenario that fails }
role: hromada-registry
covers: [DMS-01, DMS-02, DMS-04, XCH-03]
clock: { start: "2026-03-10T10:00:00+02:00", martialLaw: true }
data: { people: { olena: { sex: female, age: 34 } } }
steps:
  - { id: krok-1, type: trigger, action: registration-action, with: { kind: declaration, person: "\${people.olena}" }, covers: [DMS-01] }
  - { id: krok-2, type: expect, at: dms, service: dms.act.submit, within: 1 working day, accepted: true, channel: trembita, covers: [DMS-02], always: true }
  - { id: krok-3, type: assert, that: { participantAction: { ref: "\${steps.krok-1.ref}", status: complete } }, covers: [DMS-04], always: true }
  - { id: krok-4, type: assert, that: { participantJournal: { services: [dms.act.submit] } }, covers: [XCH-03], always: true }
  - { id: krok-5, type: advance, by: 1m }
  - { id: krok-6, type: assert, that: { journalCount: { service: dms.act.submit, equals: 1 } } }
`;

/** A participant that answers its driver calls and never sends ДМС anything; its journal call fails. */
function participant(): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.url === '/driver/health') return send(200, { ok: true });
      if (req.url === '/driver/reset') return send(200, {});
      if (req.method === 'POST' && req.url === '/driver/actions') return send(200, { ref: 'R-1' });
      if (req.url?.startsWith('/driver/actions/')) return send(200, { status: 'pending' });
      return send(500, { oops: true });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * The literal parts of every catalog message in one language that the other language's text does not share:
 * English words for the Ukrainian view, Ukrainian ones for the English view (names such as ДМС are shared).
 */
function fragments(lang: 'uk' | 'en'): string[] {
  const other = lang === 'en' ? 'uk' : 'en';
  const letters = lang === 'en' ? /[A-Za-z]{3,}/ : /[А-ЯІЇЄҐа-яіїєґ’]{3,}/;
  const out = new Set<string>();
  for (const text of registeredMessages().values()) {
    if (text.uk === text.en) continue;
    for (const part of text[lang].split(/\{\w+(?::[^{}]*)?\}/)) {
      const chunk = part.replace(/^[\s,.;:()·—-]+|[\s,.;:()·—-]+$/g, '');
      if (letters.test(chunk) && !text[other].includes(chunk)) out.add(chunk);
    }
  }
  return [...out];
}
const englishFragments = () => fragments('en');

// a whole word or phrase, not part of a path or an identifier (`GET /journal`, `dms.act.submit`)
const found = (text: string, fragments: readonly string[]) =>
  fragments.filter((f) => new RegExp(`(^|[^A-Za-zА-ЯІЇЄҐа-яіїєґ’/._-])${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-zА-ЯІЇЄҐа-яіїєґ’/._-])`).test(text));

/** The page as a reader of one language sees it: no spans or switch texts of the other, no script or style, no markup. */
function view(html: string, lang: 'uk' | 'en'): string {
  const other = lang === 'uk' ? 'en' : 'uk';
  return html
    .replace(/<script>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '')
    .replace(new RegExp(`<span lang="${other}">[^<]*</span>`, 'g'), '')
    .replace(new RegExp(` data-(title|text|placeholder)-${other}="[^"]*"`, 'g'), '')
    // what is shown before the script runs is the side the page opens in, checked above
    .replace(/ title="[^"]*"/g, '')
    .replace(/<title[^>]*>[^<]*<\/title>/, '')
    // identifiers, not prose: step ids, error codes, file places, and the scenario language's step types
    .replace(/<code>[^<]*<\/code>/g, '')
    .replace(new RegExp(`<span class="meta">(${Object.keys(STEP_TYPES).join('|')})</span>`, 'g'), '')
    .replace(/<button[^>]*data-set-lang="\w+">[^<]*<\/button>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the Ukrainian view of a failing run', () => {
  let server: Server;
  let out: RunOutput;
  let consoleText = '';

  beforeAll(async () => {
    server = await participant();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const profile = parseProfile(
      `name: Бужанська ТГ\nversion: "1.0"\nroles: [hromada-registry]\nendpoints: { driver: "${base}/driver" }\nlaunch: { url: "${base}" }\n`,
      'polihon.sut.yaml',
    );
    const writes: string[] = [];
    out = await runConformance({
      scenarios: [parseScenario(SCENARIO, 'scenarios/i18n-uk.yaml')],
      profile,
      requirements: loadCatalog().filter((r) => ['DMS-01', 'DMS-02', 'DMS-04', 'XCH-03'].includes(r.id)),
      settleMs: 5,
      reporters: [createConsoleReporter({ write: (s) => writes.push(s), tty: false, lang: 'uk', env: {} })],
      runId: 'i18n-uk',
    });
    consoleText = writes.join('');
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is a run that failed, errored and skipped, with carried messages', () => {
    const steps = out.report.scenarios[0]!.steps;
    expect(steps.map((s) => s.outcome)).toEqual(['pass', 'fail', 'fail', 'error', 'skip', 'skip']);
    expect(steps.every((s) => s.titles && s.titles.uk !== s.titles.en)).toBe(true);
    expect(steps[1]!.message).toMatch(/did not arrive by 2026-03-11 23:59:59 Kyiv/);
    expect(steps[3]).toMatchObject({ errorCode: 'E_DRIVER', msg: { key: 'driver.refused' } });
    expect(steps[4]!.msg).toMatchObject({ key: 'runner.skipped' });
  });

  it('says nothing in English on the terminal with --lang uk', () => {
    expect(consoleText).toContain('не надійшло до 2026-03-11 23:59:59 за Києвом');
    expect(consoleText).toContain('тестовий драйвер учасника відхилив GET /journal: HTTP 500');
    expect(found(consoleText, englishFragments())).toEqual([]);
  });

  it('says nothing in English in the page’s Ukrainian spans, and everything in its English ones', () => {
    const html = toHtml(runView(out.report, out.journal.entries()));
    const uk = view(html, 'uk');
    expect(uk).toContain('пропущено: крок krok-2 виявив невідповідність');
    expect(uk).toContain('учасник: виконати реєстраційну дію');
    expect(found(uk, englishFragments())).toEqual([]);
    // the same search finds the English side: it would see English had it leaked
    expect(found(html, englishFragments()).length).toBeGreaterThan(20);
    expect(html).toContain('<span lang="en">skipped: krok-2 failed</span>');
    expect(html).toContain('<span lang="en">participant: perform a registration action</span>');
  });

  it('opens in English, with an English <title>, when the run asked for English', () => {
    const html = toHtml(runView(out.report, []), { lang: 'en' });
    expect(html).toContain('<html lang="en" data-lang="en">');
    expect(html).toContain(' title="fail" data-title-uk="невідповідність" data-title-en="fail"');
    expect(toHtml(runView(out.report, []))).toContain(' title="невідповідність" data-title-uk="невідповідність" data-title-en="fail"');
    // and its English side holds no Ukrainian from polihon (names such as ДМС and Трембіта aside)
    const en = view(toHtml(runView(out.report, out.journal.entries())), 'en');
    expect(en).toContain('skipped: krok-2 failed');
    expect(found(en, fragments('uk'))).toEqual([]);
    expect(found(toHtml(runView(out.report, [])), fragments('uk')).length).toBeGreaterThan(20);
    expect(html).toMatch(/<title data-text-uk="Звіт про відповідність · [^"]*" data-text-en="Conformance report · [^"]*">Conformance report · Бужанська ТГ 1\.0 · i18n-uk<\/title>/);
  });
});
