import { describe, expect, it } from 'vitest';
import { requirementVerdicts } from '../../core/results.ts';
import { loadCatalog } from '../requirements/catalog.ts';
import type { JournalEntry } from '../../core/journal.ts';
import type { RunReport } from '../report-model.ts';
import { esc, prettyBody, toHtml as renderHtml, type HtmlOptions } from './html.ts';
import { RAW_EMAIL, RAW_LAST_NAME, RAW_RNOKPP, sampleRun } from './test-fixture.ts';
import { runView } from './view.ts';

// the renderer reads a view (masked once, frozen); these tests give it a report and its journal as a run would
const toHtml = (report: RunReport, { journal, ...options }: HtmlOptions & { journal: readonly JournalEntry[] }) => renderHtml(runView(report, journal), options);

const rowOf = (html: string, id: string) => new RegExp(`<tr id="req-${id}"[^>]*>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

describe('toHtml', () => {
  const { report, journal } = sampleRun();
  const html = toHtml(report, { journal });

  it('is one self-contained document: no external scripts, styles, images or fonts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="?stylesheet/i);
    expect(html).not.toMatch(/<img\s/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/\bsrc="https?:/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('is Ukrainian by default and carries every UI string in both languages', () => {
    expect(html).toContain('<html lang="uk" data-lang="uk">');
    expect(html).toContain('<span lang="uk">Покриття вимог</span><span lang="en">Requirement coverage</span>');
    expect(html).toContain('data-set-lang="en">English</button>');
    // the scenario titles from the YAML also come in both
    expect(html).toContain('<span lang="uk">Дія надходить до ДМС із запізненням</span><span lang="en">The act reaches ДМС late</span>');
    // a <span lang="uk"> is never left without its English twin
    expect(html.match(/<span lang="uk">/g)?.length).toBe(html.match(/<span lang="en">/g)?.length);
  });

  it('shows the header facts', () => {
    expect(html).toContain('РТГ Бужанської громади');
    expect(html).toContain('20260105-090000-ab12');
    expect(html).toContain(report.journal.head.slice(0, 16));
    expect(html).toContain(report.run.scenarioSetHash.slice(0, 16));
    expect(html).toMatch(/Ланцюг журналу цілий[\s\S]*?o-pass">✓/);
    expect(html).toMatch(/<h1>[\s\S]*?badge o-error big/);
  });

  it('has a matrix row for every requirement, with its verdict and where it was judged', () => {
    for (const r of report.requirements) expect(rowOf(html, r.id), r.id).not.toBe('');
    expect(rowOf(html, 'DMS-02')).toContain('data-verdict="fail"');
    expect(rowOf(html, 'DMS-02')).toMatch(/href="#step-1-0"[^>]*>✗ dms-act-late › act-arrives\/receipt date/);
    expect(rowOf(html, 'DMS-01')).toContain('data-verdict="pass"');
    expect(rowOf(html, 'DMS-07')).toContain('data-verdict="error"');
    expect(rowOf(html, 'DMS-09')).toContain('data-verdict="not-covered"');
    expect(rowOf(html, 'DMS-09')).toContain('не покрито');
    expect(rowOf(html, 'DMS-08')).toContain('data-verdict="informative"');
    // the rule text rides along as a tooltip in both languages
    expect(rowOf(html, 'DMS-02')).toMatch(/data-title-en="Information reaches the ДМС system on the day/);
  });

  it("counts only the participant's roles, and folds the other roles' rules apart", () => {
    const catalog = loadCatalog();
    const full = { ...report, requirements: catalog, verdicts: requirementVerdicts(catalog.map((r) => r.id), report.scenarios) };
    const page = toHtml(full, { journal });
    const [ownPart = '', otherPart = ''] = page.split('<details class="other-roles"');
    expect(ownPart).toContain('Вимоги ролей учасника: hromada-registry');
    // a Дія or ЄІС rule is not a hromada registry's gap; a simulator-only rule is nobody's
    for (const id of ['DIIA-01', 'EIS-REG-01', 'TRB-01', 'DMS-05']) {
      expect(rowOf(ownPart, id), id).toBe('');
      expect(rowOf(otherPart, id), id).not.toBe('');
    }
    for (const id of ['DMS-02', 'DMS-09', 'XCH-03']) expect(rowOf(ownPart, id), id).not.toBe('');
    const own = catalog.filter((r) => r.roles.includes('hromada-registry'));
    const gaps = own.filter((r) => r.observable && full.verdicts.find((v) => v.id === r.id)?.outcome === 'not-covered').length;
    expect(/id="own-counts">([\s\S]*?)<\/div>/.exec(page)?.[1]).toContain(`<span lang="uk">не покрито</span><span lang="en">not covered</span>: ${gaps}</span>`);
    expect(otherPart).toContain(`<span lang="uk">Вимоги інших ролей, не оцінювані в цьому запуску (${catalog.length - own.length})</span>`);
  });

  it('keeps a rule of another role in the counted part when a scenario judged it: a verdict is never folded away', () => {
    const catalog = loadCatalog();
    const scenarios = report.scenarios.map((sc, i) => (i === 0 ? { ...sc, steps: sc.steps.map((st, j) => (j === 0 ? { ...st, covers: ['TRB-01'] } : st)) } : sc));
    const page = toHtml({ ...report, scenarios, requirements: catalog, verdicts: requirementVerdicts(catalog.map((r) => r.id), scenarios) }, { journal });
    const [ownPart = ''] = page.split('<details class="other-roles"');
    expect(rowOf(ownPart, 'TRB-01')).toContain('data-verdict="pass"');
  });

  it('opens failing and erroring steps and shows their messages, expected vs actual, and the journal entries', () => {
    const failing = /<details class="step is-fail" id="step-1-0" open>[\s\S]*?<\/details><\/li>/.exec(html)?.[0] ?? '';
    expect(failing).toContain('arrived a day late');
    expect(failing).toContain('ДМС got the act on the next day');
    expect(failing).toMatch(/очікувано[\s\S]*2026-01-05[\s\S]*фактично[\s\S]*2026-01-06/);
    // the entries link to their journal rows, where their bodies are kept
    expect(failing).toMatch(/<a class="mono" href="#j-3"[^>]*>#3<\/a>/);
    expect(failing).toContain('<div class="body-ref" data-body-of="3"><a class="note" href="#j-3">');
    expect(failing).toContain('<code>POST /restapi/dms/v1/acts</code>');
    expect(failing).toContain('participant → dms');
    // the linked response comes with the request
    expect(failing).toMatch(/href="#j-4"[^>]*>#4<\/a>/);
    expect(html).toMatch(/<details class="step is-error" id="step-2-0" open>[\s\S]*?E_SUT_UNREACHABLE[\s\S]*?is the participant running\?/);
    expect(html).toMatch(/<details class="step is-pass" id="step-0-0">/);
  });

  it('masks personal data in bodies, values and messages, and never shows the raw ones', () => {
    expect(html).not.toContain(RAW_RNOKPP);
    expect(html).not.toContain(RAW_LAST_NAME);
    expect(html).not.toContain(RAW_EMAIL);
    expect(html).not.toContain('19900101-00018');
    expect(html).toContain('17******76');
    expect(html).toContain('&quot;lastName&quot;: &quot;Ш***&quot;');
    expect(html).toContain('t***@example.com');
  });

  it('shows personal data when the run is not masked', () => {
    const { report: raw, journal: rawJournal } = sampleRun({ masked: false });
    const page = toHtml(raw, { journal: rawJournal });
    expect(page).toContain(RAW_RNOKPP);
    expect(page).toContain(RAW_LAST_NAME);
  });

  it('escapes bodies: a <script> in a message is text, not markup', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(html).toContain(']]&gt; done');
    // SOAP bodies are shown as escaped, indented XML
    expect(html).toMatch(/&lt;soap:Envelope&gt;\n {2}&lt;soap:Body&gt;/);
  });

  it('escapes everything that comes from the report, not just bodies', () => {
    const { report: r, journal: j } = sampleRun();
    const hostile = '"><img src=x onerror=alert(1)>';
    const page = toHtml(
      { ...r, participant: { ...r.participant, name: hostile }, scenarios: r.scenarios.map((s) => ({ ...s, id: hostile, file: hostile })) },
      { journal: j.map((e) => ({ ...e, service: hostile })) },
    );
    expect(page).not.toContain('<img');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('drops control characters, which HTML cannot show', () => {
    expect(html).not.toContain('\u0007');
    expect(html).toContain('connection refused </div>');
  });

  it('has a journal browser with a row and a hidden body per entry, and filters for service, from and to', () => {
    expect(html.match(/<tr class="jrow"/g)).toHaveLength(journal.length);
    expect(html.match(/<tr class="jbody" id="jb-\d+" hidden>/g)).toHaveLength(journal.length);
    // the row's number is the button that opens its body, for keyboards and screen readers
    expect(html).toContain('<button type="button" class="jtoggle mono" aria-expanded="false" aria-controls="jb-1">1</button>');
    expect(html).toContain('<select data-jfilter="service">');
    expect(html).toContain('<option value="dms.act.submit">dms.act.submit</option>');
    expect(html).toContain('<select data-jfilter="from">');
    expect(html).toContain('<select data-jfilter="to">');
    expect(html).toContain('data-jfilter="q"');
  });

  it('cuts the journal browser and long bodies, and says so', () => {
    const page = toHtml(report, { journal, maxJournalRows: 2, maxBodyChars: 20 });
    expect(page.match(/<tr class="jrow"/g)).toHaveLength(2);
    expect(page).toContain('The first 2 entries are shown');
    expect(page).toContain('body cut; in full in journal.jsonl');
    // an entry past the cut has no row: the first card that needs its body shows it, the others link to it
    expect(page).toContain('<div id="body-3"><pre>');
    expect(page.match(/id="body-3"/g)).toHaveLength(1);
    expect(page).not.toContain('href="#j-3"');
  });

  it('renders each body once: the journal row holds it and evidence cards refer to it', () => {
    expect(html.match(/&lt;script&gt;alert/g)).toHaveLength(1);
    expect(html.match(/soap:Envelope&gt;\n/g)).toHaveLength(1);
    expect(html.match(/id="body-3"/g)).toHaveLength(1);
    expect(html).toMatch(/<tr class="jbody" id="jb-3" hidden><td colspan="10">[\s\S]*?<div class="jbody-content" id="body-3"><pre>/);
  });

  it('keeps one copy of a body journalled at two hops, and points the second entry at the first', () => {
    const hop = { ...(journal[2] as (typeof journal)[number]), seq: 6, from: 'trembita' };
    const page = toHtml(report, { journal: [...journal, hop] });
    expect(page.match(/&lt;script&gt;alert/g)).toHaveLength(1);
    expect(page).toMatch(/<tr class="jrow" id="j-6" [^>]*data-body-home="3"/);
    expect(page).toMatch(/<div class="jbody-content note"><span lang="uk">те саме тіло, що й у записі<\/span><span lang="en">the same body as entry<\/span> <a href="#j-3">#3<\/a>/);
  });

  it('has a scenario column and filter, from the runner\'s journal ranges or else from the steps\' references', () => {
    expect(html).toContain('<select data-jfilter="scenario">');
    // the fixture has no ranges: entries a step points at are attributed to its scenario, the rest are outside
    expect(html).toMatch(/<tr class="jrow" id="j-1" [^>]*data-scenario="dms-declaration-same-day"/);
    expect(html).toMatch(/<tr class="jrow" id="j-3" [^>]*data-scenario="dms-act-late"/);
    expect(html).toMatch(/<tr class="jrow" id="j-5" [^>]*data-scenario="-"/);
    expect(html).toContain('<option value="-" data-text-uk="поза сценаріями" data-text-en="outside scenarios">');
    const ranged = toHtml(
      {
        ...report,
        journal: {
          ...report.journal,
          scenarios: [
            { scenario: 'dms-declaration-same-day', fromSeq: 1, toSeq: 2 },
            { scenario: 'dms-act-late', fromSeq: 3, toSeq: 5 },
            { scenario: 'dms-verification-answer', fromSeq: 6, toSeq: 5 },
          ],
        },
      },
      { journal },
    );
    expect(ranged).toMatch(/<tr class="jrow" id="j-5" [^>]*data-scenario="dms-act-late"/);
    expect(ranged).not.toContain('<option value="-"');
    // options in run order, only scenarios that wrote something
    expect(/<select data-jfilter="scenario">([\s\S]*?)<\/select>/.exec(ranged)?.[1]).toMatch(
      /value="dms-declaration-same-day"[\s\S]*value="dms-act-late"/,
    );
    expect(ranged).not.toContain('<option value="dms-verification-answer"');
  });

  it("points a failing step that names no messages at its scenario's part of the journal", () => {
    const scenarios = report.scenarios.map((sc) =>
      sc.id !== 'dms-act-late' ? sc : { ...sc, steps: sc.steps.map((st) => ({ ...st, journalRefs: [], assertions: st.assertions.map((a) => ({ ...a, journalRefs: [] })) })) },
    );
    const ranges = [
      { scenario: 'dms-declaration-same-day', fromSeq: 1, toSeq: 2 },
      { scenario: 'dms-act-late', fromSeq: 3, toSeq: 5 },
    ];
    const page = toHtml({ ...report, scenarios, journal: { ...report.journal, scenarios: ranges } }, { journal });
    const failing = /<details class="step is-fail" id="step-1-0" open>[\s\S]*?<\/details><\/li>/.exec(page)?.[0] ?? '';
    expect(failing).not.toContain('class="msg"');
    expect(failing).toContain('<a href="#journal" data-show-scenario="dms-act-late"><span lang="uk">Обмін цього сценарію в журналі (3 записи)</span>');
  });

  it('names the time zones: Kyiv wall time beside the UTC instant', () => {
    expect(html).toContain('<span lang="uk">Віртуальний час: Київ / UTC</span><span lang="en">Virtual time: Kyiv / UTC</span>');
    const first = journal[0];
    expect(html).toContain(`<time datetime="${first?.virtualTime}">2026-01-05 09:00:00</time> <span class="utc mono">${first?.virtualTime}</span>`);
    expect(html).toContain('<span lang="uk">2026-01-05 09:00:00 за Києвом</span><span lang="en">2026-01-05 09:00:00 Kyiv time</span> <span class="utc mono">2026-01-05T07:00:00.000Z</span>');
  });

  it('says so when an entry a step points at is missing from the journal', () => {
    const page = toHtml(report, { journal: [] });
    expect(page).toContain('not in the journal export');
    expect(page).toContain('No journal was given to the report.');
  });
});

describe('helpers', () => {
  it('esc escapes markup and both quotes', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('prettyBody indents JSON and XML and leaves the rest', () => {
    expect(prettyBody('{"a":{"b":1}}')).toBe('{\n  "a": {\n    "b": 1\n  }\n}');
    expect(prettyBody('<a><b>1</b><c/></a>')).toBe('<a>\n  <b>1</b>\n  <c/>\n</a>');
    expect(prettyBody('{"cut": "in the mid')).toBe('{"cut": "in the mid');
    expect(prettyBody('plain text')).toBe('plain text');
  });
});
