// index.html: one self-contained page per run, Ukrainian by default with an English switch. Header with the
// verdict, the requirement coverage matrix, scenarios with their steps (failing ones open, with the messages
// exchanged), and a journal browser. Everything from the report or the journal is escaped: bodies come from
// the participant and are untrusted.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { both, type Bi, type Lang } from '../../core/i18n.ts';
import type { Commitments, JournalEntry } from '../../core/journal.ts';
import { countOutcomes, textIn, type AssertionResult, type Outcome, type RequirementVerdict, type ScenarioResult, type StepResult } from '../../core/results.ts';
import type { RequirementInfo, RunReport } from '../report-model.ts';
import { partitionByRoles, REQUIREMENT_GROUPS, requirementGroup } from '../requirements/catalog.ts';
import { esc } from '../../reporting/escape.ts';
import { HTML_SCRIPT, HTML_STYLE } from '../../reporting/html-assets.ts';
import { LOAD_STYLE, loadSection } from '../../reporting/load/section.ts';
import { artefactsHtml } from './artefacts.ts';
import { certificationSection } from './certification.ts';
import type { RunView } from './view.ts';
import { actualText, assertionMessage, assertionName, expectedText, KIND, scenarioMessage, stepHint, stepMessage, UI as UI_MESSAGES, VERDICT, VIEW } from './messages.ts';

export const HTML_FILE = 'index.html';

export interface HtmlOptions {
  /** rows in the journal browser; the rest stay in journal.jsonl (default 2000) */
  maxJournalRows?: number;
  /** characters of one body shown (default 20 000) */
  maxBodyChars?: number;
  /** the language the page opens in (the run's --lang; default uk); the other is one click away */
  lang?: Lang;
}
type Verdict = RequirementVerdict['outcome'] | 'informative' | 'simulator';

// the catalog's texts (reporters/messages.ts) as the page uses them: both languages side by side
const UI = Object.fromEntries(Object.entries(UI_MESSAGES).map(([k, ref]) => [k, ref.text])) as Record<keyof typeof UI_MESSAGES, Bi>;
const OUTCOME_LABEL = Object.fromEntries(Object.entries(VERDICT).map(([k, ref]) => [k, ref.text])) as Record<Verdict, Bi>;

export const OUTCOME_SYMBOL: Record<Outcome, string> = { pass: '✓', fail: '✗', error: '!', skip: '○', warn: '⚠' };

export { esc };

/** Both languages; CSS shows the chosen one. */
const bi = (t: Bi) => `<span lang="uk">${esc(t.uk)}</span><span lang="en">${esc(t.en)}</span>`;
/** A tooltip that follows the language switch (Ukrainian until the script says otherwise). */
const biTitle = (t: Bi) => ` title="${esc(t.uk)}" data-title-uk="${esc(t.uk)}" data-title-en="${esc(t.en)}"`;
/** A result's text in both languages, as `pick` finds it for each. */
const biOf = (pick: (lang: Lang) => string | undefined): Bi => ({ uk: pick('uk') ?? '', en: pick('en') ?? '' });
/** A result's text: one copy when both languages read the same (data, or a report from before carried messages). */
const biText = (t: Bi) => (t.uk === t.en ? esc(t.uk) : bi(t));
/** A journal entry's kind (request, response) in both languages; other kinds as they are. */
const kindOf = (kind: string) => (kind in KIND ? bi(KIND[kind as keyof typeof KIND].text) : esc(kind));
const badge = (v: Verdict, big = false) => `<span class="badge o-${v}${big ? ' big' : ''}">${bi(OUTCOME_LABEL[v])}</span>`;

const KYIV = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Kyiv',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
/** An ISO instant as Kyiv wall time, the days the deadlines count in. */
function kyiv(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : KYIV.format(ms);
}

/** A wall-clock duration in both languages, as HTML. */
function duration(ms: number): string {
  if (ms < 1000) return bi(both(UI_MESSAGES.durMs, { n: Math.round(ms) }));
  if (ms < 60_000) return bi(both(UI_MESSAGES.durS, { s: (ms / 1000).toFixed(1) }));
  return bi(both(UI_MESSAGES.durMin, { m: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) }));
}

/** JSON and XML bodies indented for reading; anything else as it came. */
export function prettyBody(body: string): string {
  const t = body.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      return body;
    }
  }
  return t.startsWith('<') ? prettyXml(t) : body;
}

function prettyXml(xml: string): string {
  const tokens = xml
    .replace(/>\s+</g, '><')
    .split(/(<[^>]+>)/)
    .filter((x) => x !== '');
  const lines: string[] = [];
  let depth = 0;
  const pad = () => '  '.repeat(depth);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (tok.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push(pad() + tok);
    } else if (tok.startsWith('<') && !/^<[?!]/.test(tok) && !tok.endsWith('/>')) {
      if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        lines.push(pad() + tok + next + after);
        i += 2;
      } else if (next?.startsWith('</')) {
        lines.push(pad() + tok + next);
        i += 1;
      } else {
        lines.push(pad() + tok);
        depth += 1;
      }
    } else {
      lines.push(pad() + tok.trim());
    }
  }
  return lines.join('\n');
}

interface Ctx {
  report: RunReport;
  maxBodyChars: number;
  bySeq: Map<number, JournalEntry>;
  linkedTo: Map<number, number[]>;
  /** scenario id → index, for anchors */
  scenarioIndex: Map<string, number>;
  /** seq → the scenario that wrote it */
  scenarioOf: Map<number, string>;
  /** seqs with a row in the journal browser: their bodies live there, and evidence links to them */
  inBrowser: Set<number>;
  /**
   * seq → the browser row that holds its body: the first entry with the same bytes (a message passing through
   * Трембіта is journalled at each hop with one body)
   */
  bodyHome: Map<number, number>;
  /** seqs whose body an evidence card already holds (entries past the browser's cut) */
  bodyShown: Set<number>;
}

const stepAnchor = (si: number, ti: number) => `step-${si}-${ti}`;

function bodyBlock(ctx: Ctx, e: JournalEntry): string {
  if (e.body === undefined || e.body === '') return `<div class="note">${bi(UI.noBody)}</div>`;
  let text = prettyBody(e.body);
  const cut = text.length > ctx.maxBodyChars || e.bodyTruncated === true;
  if (text.length > ctx.maxBodyChars) text = text.slice(0, ctx.maxBodyChars);
  // entries come masked already (htmlPage); the commitments say whether the body had anything to hide
  const hid = 'commitments' in e && (e.commitments as Commitments).body !== undefined;
  const notes = [cut ? bi(UI.truncated) : '', hid ? bi(UI.bodyMasked) : ''].filter(Boolean);
  return `<pre>${esc(text)}</pre>${notes.length > 0 ? `<div class="note">${notes.join(' · ')}</div>` : ''}`;
}

function callText(e: JournalEntry): string {
  return [e.method, e.path].filter(Boolean).join(' ');
}

function statusSpan(status: number | undefined): string {
  return status === undefined ? '' : `<span class="mono st-${String(status)[0]}">${status}</span>`;
}

/** A link to the entry's journal row, or the plain number when the browser has no row for it. */
function seqRef(ctx: Ctx, seq: number): string {
  return ctx.inBrowser.has(seq) ? `<a class="mono" href="#j-${seq}"${biTitle(both(VIEW.inJournal))}>#${seq}</a>` : `<span class="mono">#${seq}</span>`;
}

/**
 * The body of an entry shown with a step, held once per page: an entry in the journal browser keeps its body
 * there and the card gets a slot the script fills from it (a link without the script); an entry past the
 * browser's cut is shown by the first card that needs it and linked from the others.
 */
function cardBody(ctx: Ctx, e: JournalEntry): string {
  if (e.body === undefined || e.body === '') return `<div class="note">${bi(UI.noBody)}</div>`;
  const home = ctx.bodyHome.get(e.seq);
  if (home !== undefined) {
    return `<div class="body-ref" data-body-of="${home}"><a class="note" href="#j-${home}">${bi(both(VIEW.bodyInJournal, { seq: home }))}</a></div>`;
  }
  if (ctx.bodyShown.has(e.seq)) return `<div class="note"><a href="#body-${e.seq}">${bi(both(VIEW.bodyInStep))}</a></div>`;
  ctx.bodyShown.add(e.seq);
  return `<div id="body-${e.seq}">${bodyBlock(ctx, e)}</div>`;
}

/**
 * For a failing step that names no messages itself (an `assert` over values other steps gathered): the way to
 * its scenario's exchanges, the journal filtered to them.
 */
function scenarioExchangeLink(ctx: Ctx, scenario: string | undefined): string {
  if (scenario === undefined) return '';
  let n = 0;
  for (const seq of ctx.inBrowser) if (ctx.scenarioOf.get(seq) === scenario) n += 1;
  if (n === 0) return '';
  return `<div class="meta"><a href="#journal" data-show-scenario="${esc(scenario)}">${bi(both(VIEW.scenarioExchange, { n }))}</a></div>`;
}

/** Kyiv wall time, the zone named, with the UTC instant beside it. */
function timeCell(iso: string): string {
  return `<time datetime="${esc(iso)}">${esc(kyiv(iso))}</time> <span class="utc mono">${esc(iso)}</span>`;
}

function messageCard(ctx: Ctx, seq: number): string {
  const e = ctx.bySeq.get(seq);
  if (!e) return `<div class="msg"><div class="msg-head"><span class="mono">#${seq}</span> ${bi(UI.notInJournal)}</div></div>`;
  const data = e.data === undefined ? '' : ` <span class="mono">${esc(JSON.stringify(e.data))}</span>`;
  return (
    `<div class="msg"><div class="msg-head">` +
    `${seqRef(ctx, e.seq)} <span>${kindOf(e.kind)}</span>` +
    (callText(e) ? ` <code>${esc(callText(e))}</code>` : '') +
    ` ${statusSpan(e.status)} <b>${esc(e.service)}</b> <span>${esc(e.from)} → ${esc(e.to)}</span>` +
    ` <span class="meta" title="${esc(e.virtualTime)} UTC">${esc(kyiv(e.virtualTime))} ${bi(both(VIEW.kyiv))}</span> <span class="meta">${esc(e.channel)}</span>` +
    (e.messageId ? ` <span class="meta mono">${esc(e.messageId)}</span>` : '') +
    (e.outcome ? ` <span class="meta">${esc(e.outcome)}</span>` : '') +
    data +
    `</div>${cardBody(ctx, e)}</div>`
  );
}

/** The entries a step points at, with the requests/responses linked to them, in journal order. */
function referencedSeqs(ctx: Ctx, step: StepResult): number[] {
  const direct = new Set([...step.journalRefs, ...step.assertions.flatMap((a) => a.journalRefs ?? [])]);
  const all = new Set(direct);
  for (const seq of direct) {
    for (const l of ctx.bySeq.get(seq)?.links ?? []) all.add(l);
    for (const l of ctx.linkedTo.get(seq) ?? []) all.add(l);
  }
  return [...all].sort((a, b) => a - b);
}

/** Requirement ids as links to their matrix rows; as plain labels inside a <summary>, which may hold no links. */
function coversList(ids: readonly string[], links = true): string {
  const item = (id: string) => (links ? `<a class="rq" href="#req-${esc(id)}">${esc(id)}</a>` : `<span class="rq">${esc(id)}</span>`);
  return ids.length === 0 ? '' : `<span class="covers">${ids.map(item).join('')}</span>`;
}

/** A value as the page shows it: the same data in both languages needs no second copy. */
function biPre(t: Bi): string {
  return t.uk === t.en ? `<pre>${esc(t.uk)}</pre>` : `<pre><span lang="uk">${esc(t.uk)}</span><span lang="en">${esc(t.en)}</span></pre>`;
}

function assertionBlock(a: AssertionResult): string {
  const hasExpected = 'expected' in a || a.expectedMsg !== undefined;
  const hasActual = 'actual' in a || a.actualMsg !== undefined;
  // a passing assertion needs only its name; the others show what was expected against what came
  const diff =
    a.outcome !== 'pass' && (hasExpected || hasActual)
      ? `<div class="diff">` +
        `<div><div class="label">${bi(UI.expected)}</div>${hasExpected ? biPre(biOf((l) => expectedText(a, l))) : '<pre>—</pre>'}</div>` +
        `<div><div class="label">${bi(UI.actual)}</div>${hasActual ? biPre(biOf((l) => actualText(a, l))) : '<pre>—</pre>'}</div>` +
        `</div>`
      : '';
  const message = a.msg || a.message ? biOf((l) => assertionMessage(a, l)) : undefined;
  return (
    `<div class="assertion"><span class="o-${a.outcome}">${OUTCOME_SYMBOL[a.outcome]}</span> <b>${biText(biOf((l) => assertionName(a, l)))}</b> ${coversList(a.covers)}` +
    (message ? `<div class="message">${bi(message)}</div>` : '') +
    diff +
    `</div>`
  );
}

function stepBlock(ctx: Ctx, si: number, ti: number, step: StepResult): string {
  const open = step.outcome === 'fail' || step.outcome === 'error';
  const timing = `${duration(step.wallMs)}${step.virtualStart ? esc(` · ${kyiv(step.virtualStart)}${step.virtualEnd && step.virtualEnd !== step.virtualStart ? ` → ${kyiv(step.virtualEnd)}` : ''}`) : ''}`;
  const zone = step.virtualStart ? ` ${bi(both(VIEW.kyiv))}` : '';
  const body: string[] = [];
  if (step.msg || step.message) body.push(`<div class="message">${biText(biOf((l) => stepMessage(step, l)))}</div>`);
  if (step.errorCode) body.push(`<div><code>${esc(step.errorCode)}</code></div>`);
  if (step.hintMsg || step.hint) body.push(`<div class="hint">${bi(UI.hint)}: ${biText(biOf((l) => stepHint(step, l)))}</div>`);
  if (step.where) body.push(`<div class="meta">${bi(UI.where)}: <code>${esc(step.where)}</code></div>`);
  if (step.covers.length > 0) body.push(`<div class="meta">${coversList(step.covers)}</div>`);
  for (const a of step.assertions) body.push(assertionBlock(a));
  body.push(artefactsHtml(step.artefacts, (seq) => `#j-${seq}`));
  const seqs = referencedSeqs(ctx, step);
  if (seqs.length > 0) {
    const cards = seqs.map((s) => messageCard(ctx, s)).join('');
    body.push(
      open
        ? `<h4>${bi(UI.exchanged)}</h4>${cards}`
        : `<details><summary class="meta">${bi(UI.exchanged)} (${seqs.length})</summary>${cards}</details>`,
    );
  } else if (open) {
    body.push(scenarioExchangeLink(ctx, ctx.report.scenarios[si]?.id));
  }
  return (
    `<li><details class="step is-${step.outcome}" id="${stepAnchor(si, ti)}"${open ? ' open' : ''}>` +
    `<summary><span class="sym o-${step.outcome}"${biTitle(OUTCOME_LABEL[step.outcome])}>${OUTCOME_SYMBOL[step.outcome]}</span>` +
    `<code>${esc(step.id)}</code> <span>${biText(step.titles ?? { uk: step.title, en: step.title })}</span> <span class="meta">${esc(step.type)}</span> ${coversList(step.covers, false)}` +
    ` <span class="meta">${timing}${zone}</span></summary>` +
    `<div class="step-body">${body.join('')}</div></details></li>`
  );
}

function scenarioBlock(ctx: Ctx, si: number, s: ScenarioResult): string {
  const warnings = s.warnings ?? [];
  // a warning changes no outcome, so it opens the scenario to be seen (the participant called the control API)
  const open = s.outcome === 'fail' || s.outcome === 'error' || warnings.length > 0;
  const c = countOutcomes(s.steps.map((x) => x.outcome));
  const stepCounts = (Object.keys(c) as Outcome[])
    .filter((o) => c[o] > 0)
    .map((o) => `<span class="o-${o}">${OUTCOME_SYMBOL[o]} ${c[o]}</span>`)
    .join(' ');
  const head = [
    s.msg || s.message ? `<div class="message">${biText(biOf((l) => scenarioMessage(s, l)))}</div>` : '',
    s.errorCode ? `<div><code>${esc(s.errorCode)}</code></div>` : '',
    ...warnings.map(
      (w) =>
        `<div class="message o-warn">${OUTCOME_SYMBOL.warn} ${biText(biOf((l) => textIn(l, w.msg, w.message)))} ${w.journalRefs.slice(0, 10).map((seq) => seqRef(ctx, seq)).join(' ')}</div>`,
    ),
  ].join('');
  const steps = s.steps.length === 0 ? `<p class="note">${bi(UI.noSteps)}</p>` : `<ol class="steps">${s.steps.map((st, ti) => stepBlock(ctx, si, ti, st)).join('')}</ol>`;
  return (
    `<details class="scenario is-${s.outcome}" id="scenario-${si}"${open ? ' open' : ''}>` +
    `<summary>${badge(s.outcome)} <span class="title">${bi(s.title)}</span> <code>${esc(s.id)}</code>` +
    ` <span class="meta">${esc(s.file)} · ${esc(s.role)} · ${duration(s.wallMs)}</span> <span class="meta">${stepCounts}</span>` +
    (s.case
      ? ` <span class="meta">${bi(both(UI_MESSAGES.caseOf, { index: s.case.index, count: s.case.count }))}: ${esc(Object.entries(s.case.values).map(([k, v]) => `${k}=${v}`).join(', '))}</span>`
      : '') +
    `</summary>` +
    `<div class="scenario-body">${head}${steps}</div></details>`
  );
}

interface RequirementExtras {
  observable?: boolean;
}

/** A verdict as the matrix shows it: untouched informative and simulator-only rows are not gaps. */
function matrixVerdict(v: RequirementVerdict | undefined, r: (RequirementInfo & RequirementExtras) | undefined): Verdict {
  const outcome = v?.outcome ?? 'not-covered';
  if (outcome !== 'not-covered' || !r) return outcome;
  if (r.observable === false) return 'informative';
  // as `polihon requirements` counts: a rule the participant shares with a simulator (DMS-06) is still its gap
  if (r.roles.every((role) => role === 'simulator')) return 'simulator';
  return 'not-covered';
}

function evidenceLinks(ctx: Ctx, v: RequirementVerdict | undefined): string {
  if (!v || v.evidence.length === 0) return '';
  return v.evidence
    .map((ev) => {
      const si = ctx.scenarioIndex.get(ev.scenario);
      const s = si === undefined ? undefined : ctx.report.scenarios[si];
      const ti = s?.steps.findIndex((st) => st.id === ev.step || ev.step.startsWith(`${st.id}/`)) ?? -1;
      // evidence names an assertion by its English name; the page shows that assertion's name in both languages
      const st = ti >= 0 ? s?.steps[ti] : undefined;
      const judged = st?.assertions.find((x) => `${st.id}/${x.name}` === ev.step);
      const label = judged
        ? `${esc(`${OUTCOME_SYMBOL[ev.outcome]} ${ev.scenario} › ${st!.id}/`)}${biText(biOf((l) => assertionName(judged, l)))}`
        : esc(`${OUTCOME_SYMBOL[ev.outcome]} ${ev.scenario} › ${ev.step}`);
      return si !== undefined && ti >= 0
        ? `<a class="o-${ev.outcome}" href="#${stepAnchor(si, ti)}">${label}</a>`
        : `<span class="o-${ev.outcome}">${label}</span>`;
    })
    .join('');
}

type MatrixRow = { id: string; v: RequirementVerdict | undefined; r: (RequirementInfo & RequirementExtras) | undefined; verdict: Verdict };

function matrixTable(ctx: Ctx, shown: readonly MatrixRow[]): string {
  const rows: string[] = [];
  let group: string | undefined;
  for (const x of shown) {
    const g = requirementGroup(x.id);
    if (g !== group) {
      group = g;
      const title = REQUIREMENT_GROUPS.find((gr) => gr.prefix === g)?.title ?? { uk: g, en: g };
      rows.push(`<tr class="group"><th colspan="4">${bi(title)}</th></tr>`);
    }
    const tip = x.r ? { uk: `${x.r.text.uk}\n${UI.check.uk}: ${x.r.check.uk}`, en: `${x.r.text.en}\n${UI.check.en}: ${x.r.check.en}` } : { uk: x.id, en: x.id };
    rows.push(
      `<tr id="req-${esc(x.id)}" class="v-${x.verdict}" data-verdict="${x.verdict}">` +
        `<td class="rid"><span${biTitle(tip)}>${esc(x.id)}</span></td>` +
        `<td>${badge(x.verdict)}</td>` +
        // the clamped text opens in place on hover; the id's tooltip carries it with the check as well
        `<td><div class="clamp">${x.r ? bi(x.r.text) : '—'}</div></td>` +
        `<td class="evidence">${evidenceLinks(ctx, x.v)}</td></tr>`,
    );
  }
  return (
    `<table class="matrix"><thead><tr><th>${bi(UI.requirement)}</th><th>${bi(UI.verdict)}</th><th>${bi(UI.rule)}</th><th>${bi(UI.judgedBy)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/**
 * The coverage matrix: the rules of the participant's roles first, counted; the other roles' rules folded apart,
 * since a hromada registry is not judged on Дія's rules and must not read them as gaps.
 */
function matrix(ctx: Ctx): string {
  const { report } = ctx;
  const verdicts = new Map(report.verdicts.map((v) => [v.id, v]));
  const infos = new Map(report.requirements.map((r) => [r.id, r as RequirementInfo & RequirementExtras]));
  const ids = [...report.requirements.map((r) => r.id), ...report.verdicts.map((v) => v.id).filter((id) => !infos.has(id))];
  const shown: MatrixRow[] = ids.map((id) => ({ id, v: verdicts.get(id), r: infos.get(id) })).map((x) => ({ ...x, verdict: matrixVerdict(x.v, x.r) }));
  const roles = report.participant.roles;
  const judged = (id: string) => (verdicts.get(id)?.outcome ?? 'not-covered') !== 'not-covered';
  const { own, others } = partitionByRoles(
    shown.map((x) => ({ ...x, roles: x.r?.roles ?? [] })),
    roles,
    judged,
  );

  const tally = new Map<Verdict, number>();
  for (const x of own) tally.set(x.verdict, (tally.get(x.verdict) ?? 0) + 1);
  const summary = (Object.keys(OUTCOME_LABEL) as Verdict[])
    .filter((k) => tally.has(k))
    .map((k) => `<span class="badge o-${k}">${bi(OUTCOME_LABEL[k])}: ${tally.get(k)}</span>`)
    .join('');
  const rolesText = roles.length > 0 ? roles.join(', ') : '—';

  const otherPart =
    others.length === 0
      ? ''
      : `<details class="other-roles" id="other-roles"><summary>${bi(both(VIEW.otherRoles, { n: others.length }))}</summary>` +
        `<p class="note">${bi(both(VIEW.otherRolesNote))}</p>${matrixTable(ctx, others)}</details>`;
  return (
    `<h3 class="own-roles">${bi(both(VIEW.ownRoles, { roles: rolesText }))} <span class="meta">· ${bi(both(VIEW.ownCount, { n: own.length }))}</span></h3>` +
    `<div class="toolbar"><div class="counts" id="own-counts">${summary}</div>` +
    `<label><input type="checkbox" id="matrix-problems"> ${bi(UI.onlyProblems)}</label></div>` +
    (own.length > 0 ? matrixTable(ctx, own) : `<p class="note">${bi(both(VIEW.noOwn))}</p>`) +
    otherPart
  );
}

function select(name: 'service' | 'from' | 'to', values: readonly string[]): string {
  const options = [...new Set(values)].sort().map((v) => `<option value="${esc(v)}">${esc(v)}</option>`);
  return (
    `<label>${bi(UI[name])} <select data-jfilter="${name}">` +
    `<option value="" data-text-uk="${esc(UI.all.uk)}" data-text-en="${esc(UI.all.en)}">${esc(UI.all.uk)}</option>${options.join('')}</select></label>`
  );
}

function scenarioSelect(ctx: Ctx, rows: readonly JournalEntry[]): string {
  const present = new Set(rows.map((e) => ctx.scenarioOf.get(e.seq) ?? ''));
  // run order, which is the journal's order too
  const options = ctx.report.scenarios.filter((sc) => present.has(sc.id)).map((sc) => `<option value="${esc(sc.id)}">${esc(sc.id)}</option>`);
  const outside = both(VIEW.outsideScenarios);
  if (present.has('')) options.push(`<option value="-" data-text-uk="${esc(outside.uk)}" data-text-en="${esc(outside.en)}">${esc(outside.uk)}</option>`);
  return (
    `<label>${bi(both(VIEW.scenario))} <select data-jfilter="scenario">` +
    `<option value="" data-text-uk="${esc(UI.all.uk)}" data-text-en="${esc(UI.all.en)}">${esc(UI.all.uk)}</option>${options.join('')}</select></label>`
  );
}

/**
 * A cell that keeps to its column: long ids and paths are cut with an ellipsis and shown whole on hover (short
 * ones fit every column, so they carry no second copy).
 */
const cut = (text: string, cls = '') => `<div class="trunc${cls ? ` ${cls}` : ''}"${text.length > 16 ? ` title="${esc(text)}"` : ''}>${esc(text)}</div>`;

function journalBrowser(ctx: Ctx, entries: readonly JournalEntry[], maxRows: number): string {
  if (entries.length === 0) return `<p class="note">${bi(UI.noJournal)}</p>`;
  const rows = entries.slice(0, maxRows);
  const body = rows
    .map((e) => {
      const scenario = ctx.scenarioOf.get(e.seq);
      const home = ctx.bodyHome.get(e.seq) ?? e.seq;
      const content =
        home === e.seq
          ? `<div class="jbody-content" id="body-${e.seq}">${bodyBlock(ctx, e)}</div>`
          : `<div class="jbody-content note">${bi(both(VIEW.sameBody))} <a href="#j-${home}">#${home}</a></div>`;
      const facts = [
        e.messageId ? `messageId <span class="mono">${esc(e.messageId)}</span>` : '',
        e.links?.length ? `links ${e.links.map((l) => (ctx.inBrowser.has(l) ? `<a href="#j-${l}">#${l}</a>` : `#${l}`)).join(', ')}` : '',
        e.mode ? esc(e.mode) : '',
        `${e.bodyBytes} B`,
        `sha256 <span class="mono">${esc(e.bodySha256.slice(0, 16))}…</span>`,
        e.data === undefined ? '' : `<span class="mono">${esc(JSON.stringify(e.data))}</span>`,
      ].filter(Boolean);
      return (
        `<tr class="jrow" id="j-${e.seq}" data-seq="${e.seq}"${home === e.seq ? '' : ` data-body-home="${home}"`} data-scenario="${esc(scenario ?? '-')}" data-service="${esc(e.service)}" data-from="${esc(e.from)}" data-to="${esc(e.to)}">` +
        `<td><button type="button" class="jtoggle mono" aria-expanded="false" aria-controls="jb-${e.seq}">${e.seq}</button></td><td class="time">${timeCell(e.virtualTime)}</td><td>${scenario ? cut(scenario, 'mono') : '—'}</td><td>${kindOf(e.kind)}</td><td>${esc(e.channel)}</td>` +
        `<td>${esc(e.from)} → ${esc(e.to)}</td><td>${cut(e.service)}</td><td>${callText(e) ? cut(callText(e), 'mono') : ''}</td><td>${statusSpan(e.status)}</td><td>${esc(e.outcome ?? '')}</td></tr>` +
        `<tr class="jbody" id="jb-${e.seq}" hidden><td colspan="10"><div class="kv">${facts.map((f) => `<span>${f}</span>`).join('')}</div>${content}</td></tr>`
      );
    })
    .join('');
  const cutNote =
    entries.length > rows.length
      ? `<p class="note">${bi({ uk: UI.journalCut.uk.replace('{n}', String(maxRows)), en: UI.journalCut.en.replace('{n}', String(maxRows)) })}</p>`
      : '';
  return (
    `<div class="toolbar">${scenarioSelect(ctx, rows)}${select('service', rows.map((e) => e.service))}${select('from', rows.map((e) => e.from))}${select('to', rows.map((e) => e.to))}` +
    `<label>${bi(UI.search)} <input type="search" data-jfilter="q"></label>` +
    `<span>${bi(UI.shown)} <b id="jshown">${rows.length}</b> ${bi(UI.of)} ${entries.length} · ${bi(UI.clickRow)}</span></div>${cutNote}` +
    `<table class="journal"><colgroup><col class="c-seq"><col class="c-time"><col class="c-scenario"><col class="c-kind"><col class="c-channel"><col class="c-route"><col class="c-service"><col class="c-call"><col class="c-status"><col class="c-result"></colgroup>` +
    `<thead><tr><th>#</th><th>${bi(both(VIEW.time))}</th><th>${bi(both(VIEW.scenario))}</th><th>${bi(UI.kind)}</th><th>${bi(UI.channel)}</th><th>${bi(UI.route)}</th>` +
    `<th>${bi(UI.service)}</th><th>${bi(UI.call)}</th><th>${bi(UI.status)}</th><th>${bi(UI.result)}</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

/** For each browser row with a body, the first row with the same bytes (itself when it is the first). */
function bodyHomes(rows: readonly JournalEntry[]): Map<number, number> {
  const first = new Map<string, number>();
  const out = new Map<number, number>();
  for (const e of rows) {
    if (e.body === undefined || e.body === '') continue;
    const key = `${e.bodySha256}:${e.bodyTruncated === true}`;
    if (!first.has(key)) first.set(key, e.seq);
    out.set(e.seq, first.get(key) ?? e.seq);
  }
  return out;
}

/**
 * Which scenario wrote each entry: the ranges the runner recorded, or, for a report without them, the entries
 * each scenario's steps point at.
 */
function scenarioOfEntries(report: RunReport, journal: readonly JournalEntry[]): Map<number, string> {
  const out = new Map<number, string>();
  const ranges = report.journal.scenarios;
  if (ranges) {
    for (const e of journal) {
      const r = ranges.find((x) => e.seq >= x.fromSeq && e.seq <= x.toSeq);
      if (r) out.set(e.seq, r.scenario);
    }
    return out;
  }
  for (const sc of report.scenarios) {
    for (const st of sc.steps) for (const seq of [...st.journalRefs, ...st.assertions.flatMap((a) => a.journalRefs ?? [])]) if (!out.has(seq)) out.set(seq, sc.id);
  }
  return out;
}

function fact(label: Bi, value: string): string {
  return `<div><dt>${bi(label)}</dt><dd>${value}</dd></div>`;
}

function header(report: RunReport): string {
  const { run, participant: p, journal } = report;
  const sc = countOutcomes(report.scenarios.map((s) => s.outcome));
  const st = countOutcomes(report.scenarios.flatMap((s) => s.steps.map((x) => x.outcome)));
  const chips = (c: typeof sc) =>
    (Object.keys(c) as Outcome[])
      .filter((o) => c[o] > 0)
      .map((o) => `<span class="badge o-${o}">${OUTCOME_SYMBOL[o]} ${c[o]}</span>`)
      .join(' ') || '—';
  const yesNo = (b: boolean) => bi(b ? UI.yes : UI.no);
  const id = p.identity ? [p.identity.instance, p.identity.memberClass, p.identity.memberCode, p.identity.subsystem].filter(Boolean).join('/') : '';
  const facts = [
    fact(UI.participant, `${esc(p.name)} <span class="mono">${esc(p.version)}</span>`),
    fact(UI.roles, esc(p.roles.join(', '))),
    id ? fact(UI.identity, `<span class="mono">${esc(id)}</span>`) : '',
    p.faults && p.faults.length > 0 ? fact(UI.faults, `<span class="mono">${esc(p.faults.join(', '))}</span>`) : '',
    fact(UI.run, `<span class="mono">${esc(run.id)}</span>${/^\d{4}-\d\d-\d\dT/.test(run.id) ? ' <span class="meta">(UTC)</span>' : ''}`),
    fact(UI.started, `${bi(both(VIEW.startedUtc, { time: kyiv(run.startedAt) }))} <span class="utc mono">${esc(run.startedAt)}</span>`),
    fact(UI.duration, duration(run.wallMs)),
    fact(UI.scenarios, chips(sc)),
    fact(UI.steps, chips(st)),
    fact(UI.clock, `${bi(run.clockMode === 'virtual' ? UI.virtual : UI.real)}; ${bi(UI.martialLaw)}: ${yesNo(run.martialLaw)}`),
    fact(UI.scenarioSet, `<span class="mono" title="${esc(run.scenarioSetHash)}">${esc(run.scenarioSetHash.slice(0, 16))}…</span>`),
    fact(UI.journalHead, `<span class="mono" title="${esc(journal.head)}">${esc(journal.head.slice(0, 16))}…</span> (${journal.entries})`),
    fact(UI.chainIntact, journal.intact ? `<span class="o-pass">✓ ${bi(UI.yes)}</span>` : `<span class="o-fail">✗ ${bi(UI.no)}</span>`),
    fact(UI.masked, bi(run.masked ? UI.maskedYes : UI.maskedNo)),
    run.cases ? fact(UI.caseSeed, `<span class="mono">${run.cases.seed}</span> (${bi(run.cases.thorough ? UI.casePairwise : UI.caseEachChoice)})`) : '',
    fact(UI.exitCode, `<span class="mono">${run.exitCode}</span>`),
  ];
  return (
    `<header class="top"><div class="lang-switch"><button type="button" data-set-lang="uk">Українська</button><button type="button" data-set-lang="en">English</button></div>` +
    `<h1>${bi(UI.title)} ${badge(run.outcome, true)}</h1>` +
    `<div class="sub">${esc(p.name)} ${esc(p.version)} · <span class="mono">${esc(run.id)}</span></div>` +
    `<dl class="facts">${facts.join('')}</dl></header>`
  );
}

/**
 * The report page, with the view's journal in its browser (both masked already, by view.ts, when the run is).
 * @example await writeFile('index.html', toHtml(runView(report, entries)))
 */
export function toHtml(view: RunView, options: HtmlOptions = {}): string {
  const page = htmlPage(view, options);
  return options.lang === 'en' ? openInEnglish(page) : page;
}

/**
 * Tooltips and switch-driven texts are written Ukrainian first (the script swaps them on a switch); a page that
 * opens in English starts with their English side. Values are escaped, so no quote ends an attribute early.
 */
function openInEnglish(page: string): string {
  return page
    .replace(/ title="([^"]*)" data-title-uk="\1" data-title-en="([^"]*)"/g, ' title="$2" data-title-uk="$1" data-title-en="$2"')
    .replace(/ data-text-uk="([^"]*)" data-text-en="([^"]*)">\1</g, ' data-text-uk="$1" data-text-en="$2">$2<');
}

function htmlPage(view: RunView, given: HtmlOptions): string {
  const report = view.report as RunReport;
  // the entries as journal.jsonl holds them: sealed (bodies, paths and facts masked) when the run is masked
  const options = { ...given, journal: view.journal as readonly JournalEntry[] };
  const bySeq = new Map(options.journal.map((e) => [e.seq, e]));
  const linkedTo = new Map<number, number[]>();
  for (const e of options.journal) for (const l of e.links ?? []) linkedTo.set(l, [...(linkedTo.get(l) ?? []), e.seq]);
  const maxJournalRows = options.maxJournalRows ?? 2000;
  const ctx: Ctx = {
    report,
    maxBodyChars: options.maxBodyChars ?? 20_000,
    bySeq,
    linkedTo,
    scenarioIndex: new Map(report.scenarios.map((s, i) => [s.id, i])),
    scenarioOf: scenarioOfEntries(report, options.journal),
    inBrowser: new Set(options.journal.slice(0, maxJournalRows).map((e) => e.seq)),
    bodyHome: bodyHomes(options.journal.slice(0, maxJournalRows)),
    bodyShown: new Set(),
  };
  const lang = options.lang ?? 'uk';
  // the tab's title follows the language switch too (the script sets data-text-* elements' text)
  const title = biOf((l) => `${UI.title[l]} · ${report.participant.name} ${report.participant.version} · ${report.run.id}`);
  return `<!doctype html>
<html lang="${lang}" data-lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="polihon ${esc(report.tool.version)}">
<title data-text-uk="${esc(title.uk)}" data-text-en="${esc(title.en)}">${esc(title[lang])}</title>
<style>${HTML_STYLE}${report.load?.length ? LOAD_STYLE : ''}</style>
</head>
<body>
${header(report)}
<nav class="toc">${report.certification ? `<a href="#certification">${bi(UI.certification)}</a>` : ''}<a href="#coverage">${bi(UI.coverage)}</a><a href="#scenarios">${bi(UI.scenarios)} (${report.scenarios.length})</a><a href="#journal">${bi(UI.journal)} (${options.journal.length})</a>${(report.load ?? []).map((l, i) => `<a href="#load-${i + 1}">${bi(UI.load)}: ${esc(l.profile.name)}</a>`).join('')}</nav>
<main>
${certificationSection(report.certification)}<section id="coverage"><h2>${bi(UI.coverage)}</h2>${matrix(ctx)}</section>
<section id="scenarios"><h2>${bi(UI.scenarios)}</h2>${report.scenarios.map((s, i) => scenarioBlock(ctx, i, s)).join('\n')}</section>
${(report.load ?? []).map((l, i) => loadSection(l, `load-${i + 1}`)).join('\n')}
<section id="journal"><h2>${bi(UI.journal)}</h2>${journalBrowser(ctx, options.journal, maxJournalRows)}</section>
</main>
<footer>${bi(UI.generated)} polihon ${esc(report.tool.version)} · ${bi(UI.schema)} ${esc(report.schemaVersion)}</footer>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

/** Writes `<dir>/index.html` (creating `dir`) and returns its path. */
export async function writeHtml(dir: string, view: RunView, options: HtmlOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, HTML_FILE);
  await writeFile(file, toHtml(view, options));
  return file;
}
