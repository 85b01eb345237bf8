// Live progress on the terminal. On a TTY one line per scenario that grows a symbol per step (✓ ✗ ! ○ ⚠) and
// is replaced by the verdict when the scenario ends; elsewhere (CI logs) plain lines that grep well:
// `PASS id (12 steps, 0.4s)`, `FAIL id step act-arrives [DMS-02]: message`. A summary closes the run.
import path from 'node:path';
import { countOutcomes, type Counts, type Outcome, type ScenarioResult, type StepResult } from '../../core/results.ts';
import type { Reporter, RunReport } from '../report-model.ts';
import { bindsRoles } from '../requirements/catalog.ts';
import { maskText } from './mask.ts';

export interface OutputStream {
  write(s: string): void;
}

export interface ConsoleReporterOptions extends OutputStream {
  /** the output is a terminal: redraw progress in place */
  tty: boolean;
  /** colour wanted by the caller (default true); never on without a TTY or with NO_COLOR set */
  color?: boolean;
  lang?: 'uk' | 'en';
  /** where writeReports puts this run (`<reportsRoot>/<run-id>`), for the closing summary */
  reportsRoot?: string;
  /** mask personal data in the messages shown, as the reports do (default true) */
  masked?: boolean;
  /** environment to read NO_COLOR from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
}

const SYMBOL: Record<Outcome, string> = { pass: '✓', fail: '✗', error: '!', skip: '○', warn: '⚠' };
const WORD: Record<Outcome, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIP', warn: 'WARN' };
// error is magenta, not red: the harness broke, the participant did not
const COLOR: Record<Outcome, string> = { pass: '32', fail: '31', error: '35', skip: '90', warn: '33' };

type Lang = 'uk' | 'en';

/** Ukrainian plural: 1 крок, 2 кроки, 5 кроків. */
function ukPlural(n: number, one: string, few: string, many: string): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return one;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return few;
  return many;
}

const TEXT = {
  steps: (n: number, lang: Lang) => (lang === 'uk' ? `${n} ${ukPlural(n, 'крок', 'кроки', 'кроків')}` : `${n} ${n === 1 ? 'step' : 'steps'}`),
  seconds: (ms: number, lang: Lang) => `${(ms / 1000).toFixed(1)}${lang === 'uk' ? ' с' : 's'}`,
  start: (n: number, id: string, lang: Lang) =>
    lang === 'uk' ? `polihon: запуск ${id}, сценаріїв: ${n}` : `polihon: run ${id}, ${n} ${n === 1 ? 'scenario' : 'scenarios'}`,
  outcomes: {
    uk: { pass: 'пройдено', fail: 'невідповідність', error: 'помилка', skip: 'пропущено', warn: 'попередження' },
    en: { pass: 'passed', fail: 'failed', error: 'error', skip: 'skipped', warn: 'warning' },
  } satisfies Record<Lang, Record<Outcome, string>>,
  label: {
    uk: {
      scenarios: 'Сценарії',
      steps: 'Кроки',
      failed: 'Вимоги з невідповідністю',
      errored: 'Вимоги з помилками',
      notCovered: 'Не покрито',
      result: 'Результат',
      exit: 'код',
      in: 'за',
      reports: 'Звіти',
      latest: 'також',
    },
    en: {
      scenarios: 'Scenarios',
      steps: 'Steps',
      failed: 'Requirements failed',
      errored: 'Requirements with errors',
      notCovered: 'Not covered',
      result: 'Result',
      exit: 'exit',
      in: 'in',
      reports: 'Reports',
      latest: 'also',
    },
  },
};

// messages may quote the participant: no escape sequences or bells reach the terminal through them
const CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g;
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(CONTROL, '').trim();

/** `NO_COLOR` set to anything non-empty turns colour off (no-color.org). */
export function colorAllowed(options: Pick<ConsoleReporterOptions, 'tty' | 'color' | 'env'>): boolean {
  const env = options.env ?? process.env;
  return (options.color ?? true) && options.tty && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/**
 * A Reporter that writes progress to `options.write`.
 * @example createConsoleReporter({ write: (s) => process.stdout.write(s), tty: process.stdout.isTTY === true })
 */
export function createConsoleReporter(options: ConsoleReporterOptions): Reporter {
  const lang: Lang = options.lang ?? 'en';
  const color = colorAllowed(options);
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out = (s: string) => options.write(s);
  const masked = options.masked ?? true;
  const say = (s: string) => oneLine(masked ? maskText(s) : s);
  let runId = '';
  // the TTY progress line of the running scenario
  let current: { id: string; symbols: string[]; last?: string; problems: StepResult[] } | undefined;

  const coversOf = (ids: readonly string[]) => (ids.length > 0 ? ` [${ids.join(', ')}]` : '');
  const stepSummary = (step: StepResult) => {
    const message = step.message ?? step.assertions.find((a) => a.outcome === step.outcome && a.message)?.message ?? step.title;
    return `${coversOf(step.covers)}: ${step.errorCode ? `${step.errorCode} ` : ''}${say(message)}`;
  };

  const drawProgress = () => {
    if (!current) return;
    const shown = current.symbols.length > 40 ? ['…', ...current.symbols.slice(-40)] : current.symbols;
    out(`\r\x1b[2K${paint('36', '›')} ${current.id} ${shown.join('')}${current.last ? paint('2', ` ${current.last}`) : ''}`);
  };

  const scenarioLine = (s: ScenarioResult) => {
    const tail = `(${TEXT.steps(s.steps.length, lang)}, ${TEXT.seconds(s.wallMs, lang)})`;
    // a scenario that broke before any step carries its own reason
    const own = s.steps.length === 0 && s.message ? `: ${s.errorCode ? `${s.errorCode} ` : ''}${say(s.message)}` : '';
    return { tail, own };
  };

  return {
    onRunStart(info) {
      runId = info.runId;
      out(`${TEXT.start(info.scenarios.length, info.runId, lang)}\n`);
    },

    onScenarioStart(scenario) {
      if (!options.tty) return;
      current = { id: scenario.id, symbols: [], problems: [] };
      drawProgress();
    },

    onStepEnd(scenario, step) {
      const problem = step.outcome === 'fail' || step.outcome === 'error' || step.outcome === 'warn';
      if (options.tty) {
        if (!current || current.id !== scenario.id) current = { id: scenario.id, symbols: [], problems: [] };
        current.symbols.push(paint(COLOR[step.outcome], SYMBOL[step.outcome]));
        current.last = step.id;
        if (problem) current.problems.push(step);
        drawProgress();
      } else if (problem) {
        out(`${WORD[step.outcome]} ${scenario.id} step ${step.id}${stepSummary(step)}\n`);
      }
    },

    onScenarioEnd(s) {
      const { tail, own } = scenarioLine(s);
      if (!options.tty) {
        out(`${WORD[s.outcome]} ${s.id}${own} ${tail}\n`);
        return;
      }
      const problems = current?.id === s.id ? current.problems : s.steps.filter((x) => x.outcome === 'fail' || x.outcome === 'error' || x.outcome === 'warn');
      current = undefined;
      out(`\r\x1b[2K${paint(COLOR[s.outcome], SYMBOL[s.outcome])} ${s.outcome === 'pass' ? s.id : paint('1', s.id)}${own} ${paint('2', tail)}\n`);
      for (const step of problems) {
        out(`    ${paint(COLOR[step.outcome], SYMBOL[step.outcome])} ${step.id}${stepSummary(step)}\n`);
        if (step.hint) out(`      ${paint('2', say(step.hint))}\n`);
      }
    },

    onRunEnd(report) {
      out(summary(report, { lang, paint, runId: runId || report.run.id, reportsRoot: options.reportsRoot }));
    },
  };
}

function countsLine(c: Counts, lang: Lang, paint: (code: string, s: string) => string): string {
  return (Object.keys(c) as Outcome[])
    .filter((o) => c[o] > 0)
    .map((o) => paint(COLOR[o], `${c[o]} ${TEXT.outcomes[lang][o]}`))
    .join(', ');
}

function idList(ids: readonly string[], lang: Lang): string {
  const max = 12;
  if (ids.length <= max) return ids.join(', ');
  const rest = ids.length - max;
  return `${ids.slice(0, max).join(', ')} … (${lang === 'uk' ? `ще ${rest}` : `${rest} more`})`;
}

/** The closing lines: counts, requirement ids that failed or errored, gaps, the verdict, where the reports are. */
function summary(
  report: Readonly<RunReport>,
  o: { lang: Lang; paint: (code: string, s: string) => string; runId: string; reportsRoot: string | undefined },
): string {
  const L = TEXT.label[o.lang];
  const scenarios = countOutcomes(report.scenarios.map((s) => s.outcome));
  const steps = countOutcomes(report.scenarios.flatMap((s) => s.steps.map((x) => x.outcome)));
  const byOutcome = (x: string) => report.verdicts.filter((v) => v.outcome === x).map((v) => v.id);
  // informative rows and rows only a simulator keeps are not gaps in the participant's coverage,
  // and a gap is only a gap for a role the participant plays: a hromada registry is not judged on Дія rules
  const judged = new Map(
    report.requirements.map((r) => [r.id, (r as { observable?: boolean }).observable !== false && bindsRoles(r, report.participant.roles)]),
  );
  const notCovered = byOutcome('not-covered').filter((id) => judged.get(id) ?? true);
  const lines = [
    '',
    `${L.scenarios} ${report.scenarios.length}: ${countsLine(scenarios, o.lang, o.paint)}`,
    `${L.steps} ${report.scenarios.reduce((n, s) => n + s.steps.length, 0)}: ${countsLine(steps, o.lang, o.paint)}`,
  ];
  const failed = byOutcome('fail');
  const errored = byOutcome('error');
  if (failed.length > 0) lines.push(o.paint(COLOR.fail, `${L.failed}: ${idList(failed, o.lang)}`));
  if (errored.length > 0) lines.push(o.paint(COLOR.error, `${L.errored}: ${idList(errored, o.lang)}`));
  if (notCovered.length > 0) lines.push(`${L.notCovered}: ${idList(notCovered, o.lang)}`);
  const verdict = o.paint(`1;${COLOR[report.run.outcome]}`, WORD[report.run.outcome]);
  lines.push(`${L.result}: ${verdict} (${L.exit} ${report.run.exitCode}) ${L.in} ${TEXT.seconds(report.run.wallMs, o.lang)}`);
  if (o.reportsRoot) {
    const dir = path.join(o.reportsRoot, o.runId);
    lines.push(`${L.reports}: ${path.join(dir, 'index.html')} (${L.latest} ${path.join(o.reportsRoot, 'latest')})`);
  }
  return lines.join('\n') + '\n';
}
