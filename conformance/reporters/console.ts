// Live progress on the terminal. On a TTY one line per scenario that grows a symbol per step (✓ ✗ ! ○ ⚠) and
// is replaced by the verdict when the scenario ends; elsewhere (CI logs) plain lines that grep well:
// `PASS id (12 steps, 0.4s)`, `FAIL id step act-arrives [DMS-02]: message`. A summary closes the run.
import path from 'node:path';
import { t, type Lang } from '../../core/i18n.ts';
import { countOutcomes, textIn, type Counts, type Outcome, type ScenarioResult, type StepResult } from '../../core/results.ts';
import type { CaseDraw, Reporter, RunReport } from '../report-model.ts';
import { bindsRoles } from '../requirements/catalog.ts';
import { behindMask } from './view.ts';
import { assertionMessage, CON, COUNTED, outcomeWord, scenarioMessage, stepHint, stepMessage, stepTitle } from './messages.ts';

export interface OutputStream {
  write(s: string): void;
}

export interface ConsoleReporterOptions extends OutputStream {
  /** the output is a terminal: redraw progress in place */
  tty: boolean;
  /** colour wanted by the caller (default true); never on without a TTY or with NO_COLOR set */
  color?: boolean;
  lang?: Lang;
  /** where writeReports puts this run (`<reportsRoot>/<run-id>`), for the closing summary */
  reportsRoot?: string;
  /** mask personal data in the messages shown, as the reports do (default true): by the one masking step, view.ts */
  masked?: boolean;
  /** environment to read NO_COLOR from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** the command line that draws a run's generated cases again (the CLI's own), for the closing summary */
  reproduce?: (draw: CaseDraw) => string;
}

const SYMBOL: Record<Outcome, string> = { pass: '✓', fail: '✗', error: '!', skip: '○', warn: '⚠' };
// error is magenta, not red: the harness broke, the participant did not
const COLOR: Record<Outcome, string> = { pass: '32', fail: '31', error: '35', skip: '90', warn: '33' };

const steps = (n: number, lang: Lang) => t(CON.steps, lang, { n });
const seconds = (ms: number, lang: Lang) => t(CON.seconds, lang, { s: (ms / 1000).toFixed(1) });

// messages may quote the participant: no escape sequences or bells reach the terminal through them
const CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g;
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(CONTROL, '').trim();

/** `NO_COLOR` set to anything non-empty turns colour off (no-color.org). */
export function colorAllowed(options: Pick<ConsoleReporterOptions, 'tty' | 'color' | 'env'>): boolean {
  const env = options.env ?? process.env;
  return (options.color ?? true) && options.tty && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/**
 * A Reporter that writes progress to `options.write`, behind the masking step (it sees every result masked
 * already, unless `masked: false`).
 * @example createConsoleReporter({ write: (s) => process.stdout.write(s), tty: process.stdout.isTTY === true })
 */
export function createConsoleReporter(options: ConsoleReporterOptions): Reporter {
  return behindMask(consoleLines(options), options.masked ?? true);
}

/** The console itself: what it is given is what it shows (one line each, without control characters). */
function consoleLines(options: ConsoleReporterOptions): Reporter {
  const lang: Lang = options.lang ?? 'en';
  const color = colorAllowed(options);
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out = (s: string) => options.write(s);
  const say = oneLine;
  let runId = '';
  // the TTY progress line of the running scenario
  let current: { id: string; symbols: string[]; last?: string; problems: StepResult[] } | undefined;

  const coversOf = (ids: readonly string[]) => (ids.length > 0 ? ` [${ids.join(', ')}]` : '');
  const stepSummary = (step: StepResult) => {
    const bad = step.assertions.find((a) => a.outcome === step.outcome && (a.msg || a.message));
    const message = stepMessage(step, lang) ?? (bad && assertionMessage(bad, lang)) ?? stepTitle(step, lang);
    return `${coversOf(step.covers)}: ${step.errorCode ? `${step.errorCode} ` : ''}${say(message)}`;
  };

  const drawProgress = () => {
    if (!current) return;
    const shown = current.symbols.length > 40 ? ['…', ...current.symbols.slice(-40)] : current.symbols;
    out(`\r\x1b[2K${paint('36', '›')} ${current.id} ${shown.join('')}${current.last ? paint('2', ` ${current.last}`) : ''}`);
  };

  const scenarioLine = (s: ScenarioResult) => {
    const tail = `(${steps(s.steps.length, lang)}, ${seconds(s.wallMs, lang)})`;
    // a scenario that broke before any step carries its own reason
    const reason = scenarioMessage(s, lang);
    const own = s.steps.length === 0 && reason ? `: ${s.errorCode ? `${s.errorCode} ` : ''}${say(reason)}` : '';
    // a generated case says which it is: the failure of `#3` is read without opening the report
    return { tail, own: s.case ? ` · ${oneLine(s.case.label[lang])}${own}` : own };
  };

  return {
    onRunStart(info) {
      runId = info.runId;
      const how = info.cases?.thorough ? t(CON.pairwise, lang) : '';
      out(`${info.cases ? t(CON.startSeed, lang, { n: info.scenarios.length, id: info.runId, seed: info.cases.seed, how }) : t(CON.start, lang, { n: info.scenarios.length, id: info.runId })}\n`);
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
        out(`${outcomeWord(step.outcome, lang)} ${scenario.id} ${t(CON.step, lang)} ${step.id}${stepSummary(step)}\n`);
      }
    },

    onScenarioEnd(s) {
      const { tail, own } = scenarioLine(s);
      // warnings change no outcome, so they follow the verdict line (the participant called the control API)
      const warnings = (s.warnings ?? []).map((w) => say(textIn(lang, w.msg, w.message) ?? ''));
      if (!options.tty) {
        out(`${outcomeWord(s.outcome, lang)} ${s.id}${own} ${tail}\n`);
        for (const w of warnings) out(`${outcomeWord('warn', lang)} ${s.id}: ${w}\n`);
        return;
      }
      const problems = current?.id === s.id ? current.problems : s.steps.filter((x) => x.outcome === 'fail' || x.outcome === 'error' || x.outcome === 'warn');
      current = undefined;
      out(`\r\x1b[2K${paint(COLOR[s.outcome], SYMBOL[s.outcome])} ${s.outcome === 'pass' ? s.id : paint('1', s.id)}${own} ${paint('2', tail)}\n`);
      for (const step of problems) {
        out(`    ${paint(COLOR[step.outcome], SYMBOL[step.outcome])} ${step.id}${stepSummary(step)}\n`);
        const hint = stepHint(step, lang);
        if (hint) out(`      ${paint('2', say(hint))}\n`);
      }
      for (const w of warnings) out(`    ${paint(COLOR.warn, SYMBOL.warn)} ${w}\n`);
    },

    onRunEnd(report) {
      out(summary(report, { lang, paint, runId: runId || report.run.id, reportsRoot: options.reportsRoot, reproduce: options.reproduce }));
    },
  };
}

function countsLine(c: Counts, lang: Lang, paint: (code: string, s: string) => string): string {
  return (Object.keys(c) as Outcome[])
    .filter((o) => c[o] > 0)
    .map((o) => paint(COLOR[o], `${c[o]} ${t(COUNTED[o], lang)}`))
    .join(', ');
}

function idList(ids: readonly string[], lang: Lang): string {
  const max = 12;
  if (ids.length <= max) return ids.join(', ');
  const rest = ids.length - max;
  return `${ids.slice(0, max).join(', ')} … (${t(CON.more, lang, { n: rest })})`;
}

/** The closing lines: counts, requirement ids that failed or errored, gaps, the verdict, where the reports are. */
function summary(
  report: Readonly<RunReport>,
  o: { lang: Lang; paint: (code: string, s: string) => string; runId: string; reportsRoot: string | undefined; reproduce: ((draw: CaseDraw) => string) | undefined },
): string {
  const L = (ref: (typeof CON)[keyof typeof CON]) => t(ref, o.lang);
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
    `${L(CON.scenarios)} ${report.scenarios.length}: ${countsLine(scenarios, o.lang, o.paint)}`,
    `${L(CON.stepsLabel)} ${report.scenarios.reduce((n, s) => n + s.steps.length, 0)}: ${countsLine(steps, o.lang, o.paint)}`,
  ];
  const failed = byOutcome('fail');
  const errored = byOutcome('error');
  if (failed.length > 0) lines.push(o.paint(COLOR.fail, `${L(CON.failed)}: ${idList(failed, o.lang)}`));
  if (errored.length > 0) lines.push(o.paint(COLOR.error, `${L(CON.errored)}: ${idList(errored, o.lang)}`));
  // judged by no check that ran: a browser step turned off, a certificate check in a run without certificates
  const skipped = byOutcome('skip').filter((id) => judged.get(id) ?? true);
  if (skipped.length > 0) lines.push(`${L(CON.skipped)}: ${idList(skipped, o.lang)}`);
  if (notCovered.length > 0) lines.push(`${L(CON.notCovered)}: ${idList(notCovered, o.lang)}`);
  const verdict = o.paint(`1;${COLOR[report.run.outcome]}`, outcomeWord(report.run.outcome, o.lang));
  const draw = report.run.cases;
  if (draw) {
    const command = o.reproduce?.(draw) ?? `--seed ${draw.seed}${draw.thorough ? ' --thorough' : ''}`;
    lines.push(t(CON.reproduce, o.lang, { seed: draw.seed, command }));
  }
  lines.push(`${L(CON.result)}: ${verdict} (${L(CON.exit)} ${report.run.exitCode}) ${L(CON.in)} ${seconds(report.run.wallMs, o.lang)}`);
  if (o.reportsRoot) {
    const dir = path.join(o.reportsRoot, o.runId);
    lines.push(`${L(CON.reports)}: ${path.join(dir, 'index.html')} (${L(CON.latest)} ${path.join(o.reportsRoot, 'latest')})`);
  }
  return lines.join('\n') + '\n';
}
