// junit.xml for CI: a testsuite per scenario, a testcase per step. `fail` (the participant broke a rule) is a
// <failure>, `error` (the harness or environment broke) an <error> with its code, `skip` a <skipped/>, and
// `warn` passes with its message in <system-out>. Requirement ids travel as properties. One language per file
// (CI shows one): the run's --lang, English by default.
import { t, type Lang } from '../../core/i18n.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { textIn, type AssertionResult, type ScenarioResult, type StepResult } from '../../core/results.ts';
import { xmlAttr, xmlText } from '../../reporting/escape.ts';
import { loadSuite } from '../../reporting/load/junit.ts';
import type { RunView } from './view.ts';
import { actualText, assertionMessage, assertionName, expectedText, JU, outcomeWord, scenarioMessage, stepHint, stepMessage, stepTitle } from './messages.ts';

export interface JUnitOptions {
  lang?: Lang;
}

export const JUNIT_FILE = 'junit.xml';

export { xmlAttr, xmlText };

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

function requirementProperties(ids: readonly string[], indent: string): string {
  if (ids.length === 0) return '';
  const rows = ids.map((id) => `${indent}  <property name="requirement" value="${xmlAttr(id)}"/>`);
  return `${indent}<properties>\n${rows.join('\n')}\n${indent}</properties>\n`;
}

/** The readable body of a failure or error: what broke, where, and each non-passing assertion in full. */
function details(step: StepResult, lang: Lang): string {
  const lines: string[] = [];
  const covers = step.covers.length > 0 ? ` [${step.covers.join(', ')}]` : '';
  lines.push(`${t(JU.step, lang, { id: step.id, type: step.type })}${covers}${step.where ? ` ${t(JU.at, lang, { where: step.where })}` : ''}`);
  const message = stepMessage(step, lang);
  if (message) lines.push(message);
  if (step.errorCode) lines.push(`${t(JU.code, lang)}: ${step.errorCode}`);
  const hint = stepHint(step, lang);
  if (hint) lines.push(`${t(JU.hint, lang)}: ${hint}`);
  const shown = step.assertions.filter((a) => a.outcome === 'fail' || a.outcome === 'error');
  for (const a of shown) lines.push('', ...assertionLines(a, lang));
  if (step.journalRefs.length > 0) lines.push('', `${t(JU.journal, lang)}: ${step.journalRefs.map((n) => `#${n}`).join(', ')}`);
  return lines.join('\n');
}

function assertionLines(a: AssertionResult, lang: Lang): string[] {
  const lines = [`${outcomeWord(a.outcome, lang)} ${assertionName(a, lang)}${a.covers.length > 0 ? ` [${a.covers.join(', ')}]` : ''}`];
  const message = assertionMessage(a, lang);
  if (message) lines.push(`  ${message}`);
  // the labels are padded to one width, so expected and actual values line up
  const [e, x] = [t(JU.expected, lang), t(JU.actual, lang)];
  const width = Math.max(e.length, x.length) + 1;
  const expected = expectedText(a, lang);
  const actual = actualText(a, lang);
  if (expected !== undefined) lines.push(`  ${`${e}:`.padEnd(width)} ${expected.replace(/\n/g, '\n  ')}`);
  if (actual !== undefined) lines.push(`  ${`${x}:`.padEnd(width)} ${actual.replace(/\n/g, '\n  ')}`);
  return lines;
}

/** First failing assertion's message, else the step's: the one line a CI summary shows. */
function headline(step: StepResult, lang: Lang): string {
  const a = step.assertions.find((x) => x.outcome === step.outcome && (x.msg || x.message));
  return stepMessage(step, lang) ?? (a && assertionMessage(a, lang)) ?? `${step.outcome}: ${stepTitle(step, lang)}`;
}

function testcase(scenario: ScenarioResult, step: StepResult, lang: Lang): string {
  const open = `    <testcase${attrs({ name: `${step.id}: ${stepTitle(step, lang)}`, classname: scenario.id, time: seconds(step.wallMs), file: scenario.file })}>\n`;
  let inner = requirementProperties(step.covers, '      ');
  switch (step.outcome) {
    case 'fail':
      inner += `      <failure${attrs({ message: headline(step, lang), type: 'fail' })}>${xmlText(details(step, lang))}</failure>\n`;
      break;
    case 'error':
      inner += `      <error${attrs({ message: headline(step, lang), type: step.errorCode ?? 'error' })}>${xmlText(details(step, lang))}</error>\n`;
      break;
    case 'skip':
      inner += `      <skipped${attrs({ message: stepMessage(step, lang) })}/>\n`;
      break;
    case 'warn':
      inner += `      <system-out>${xmlText(`${outcomeWord('warn', lang)} ${headline(step, lang)}`)}</system-out>\n`;
      break;
    case 'pass':
      break;
  }
  return `${open}${inner}    </testcase>\n`;
}

/**
 * A scenario that failed or errored without a step to say so (it broke while setting up) gets one testcase
 * of its own, so CI never shows a red suite with only green cases.
 */
function scenarioCase(s: ScenarioResult, lang: Lang): StepResult | undefined {
  if (s.outcome !== 'fail' && s.outcome !== 'error') return undefined;
  if (s.steps.some((st) => st.outcome === s.outcome)) return undefined;
  const message = scenarioMessage(s, lang);
  return {
    id: t(JU.scenario, lang),
    type: 'scenario',
    title: s.title[lang],
    outcome: s.outcome,
    covers: [],
    ...(message === undefined ? {} : { message }),
    ...(s.errorCode === undefined ? {} : { errorCode: s.errorCode }),
    virtualStart: '',
    virtualEnd: '',
    wallMs: 0,
    assertions: [],
    journalRefs: [],
  };
}

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function tally(steps: readonly StepResult[]): Tally {
  return {
    tests: steps.length,
    failures: steps.filter((s) => s.outcome === 'fail').length,
    errors: steps.filter((s) => s.outcome === 'error').length,
    skipped: steps.filter((s) => s.outcome === 'skip').length,
  };
}

/** The run as JUnit XML (masked already, by view.ts, when the run is). */
export function toJUnit(view: RunView, options: JUnitOptions = {}): string {
  const lang = options.lang ?? 'en';
  const report = view.report;
  const total: Tally = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = report.scenarios.map((s) => {
    const extra = scenarioCase(s, lang);
    const steps = extra ? [...s.steps, extra] : s.steps;
    const t = tally(steps);
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
    const props = [
      ['title.uk', s.title.uk],
      ['title.en', s.title.en],
      ['role', s.role],
      ...s.covers.map((id) => ['requirement', id]),
      // a generated case: what it was and the seed that draws it again (`polihon run … --seed`)
      ...(s.case
        ? [
            ['case.scenario', s.case.scenario],
            ['case.index', String(s.case.index)],
            ['case.seed', String(s.case.seed)],
            ...(s.case.thorough ? [['case.thorough', 'true']] : []),
            ['case.start', s.case.start],
            ...Object.entries(s.case.values).map(([k, v]) => [`case.${k}`, v]),
          ]
        : []),
    ]
      .map(([name, value]) => `      <property name="${xmlAttr(name as string)}" value="${xmlAttr(value as string)}"/>`)
      .join('\n');
    return (
      `  <testsuite${attrs({ name: s.id, tests: t.tests, failures: t.failures, errors: t.errors, skipped: t.skipped, time: seconds(s.wallMs), timestamp: report.run.startedAt, file: s.file })}>\n` +
      `    <properties>\n${props}\n    </properties>\n` +
      steps.map((st) => testcase(s, st, lang)).join('') +
      // warnings change no outcome: the suite's own output carries them (the participant called the control API)
      (s.warnings?.length ? `    <system-out>${xmlText(s.warnings.map((w) => `${outcomeWord('warn', lang)} ${textIn(lang, w.msg, w.message)}`).join('\n'))}</system-out>\n` : '') +
      `  </testsuite>\n`
    );
  });
  // load thresholds are test cases too: one suite per load step
  for (const l of report.load ?? []) {
    const { xml, tally } = loadSuite(l);
    suites.push(xml);
    total.tests += tally.tests;
    total.failures += tally.failures;
    total.errors += tally.errors;
  }
  const name = t(JU.suites, lang, { name: report.participant.name, version: report.participant.version });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attrs({ name, tests: total.tests, failures: total.failures, errors: total.errors, skipped: total.skipped, time: seconds(report.run.wallMs), timestamp: report.run.startedAt })}>\n` +
    suites.join('') +
    `</testsuites>\n`
  );
}

/** Writes `<dir>/junit.xml` (creating `dir`) and returns its path. */
export async function writeJUnit(dir: string, view: RunView, options: JUnitOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, JUNIT_FILE);
  await writeFile(file, toJUnit(view, options));
  return file;
}
