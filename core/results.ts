// The result model of a conformance run and the pure roll-ups over it. `fail` = the participant broke a rule;
// `error` = the harness or environment broke. They are never merged into one another.
//
// Messages travel as catalog keys with parameters (`msg`, `label`, `hintMsg`, …) so each report renders them in its
// reader's language. Beside each carried message the English text stays in the old field (`message`, `name`, `hint`,
// `expected`/`actual`): report.json readers of schema 1.0 keep working, and `name` stays the stable id that
// requirement evidence points at (`step/name`).
import { render, type Lang, type Msg } from './i18n.ts';

export type Outcome = 'pass' | 'fail' | 'error' | 'skip' | 'warn';
export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'error', 'skip', 'warn'];

/** One judged fact inside a step, with the requirement ids it bears on. */
export interface AssertionResult {
  /** English, and the id of the check in requirement evidence */
  name: string;
  /** the name as a catalog message */
  label?: Msg;
  outcome: Outcome;
  covers: string[];
  message?: string;
  msg?: Msg;
  expected?: unknown;
  actual?: unknown;
  /** when expected/actual are words of polihon ('nothing', 'by 2026-03-18 …') rather than data */
  expectedMsg?: Msg;
  actualMsg?: Msg;
  /** journal entry ids (seq numbers) that show the evidence */
  journalRefs?: number[];
}

export interface StepResult {
  id: string;
  type: string;
  title: string;
  /** the title in both report languages: the scenario's own, else the default made from the step's type (catalog) */
  titles?: { uk: string; en: string };
  outcome: Outcome;
  covers: string[];
  message?: string;
  msg?: Msg;
  errorCode?: string;
  hint?: string;
  hintMsg?: Msg;
  /** virtual time when the step started and ended (ISO) */
  virtualStart: string;
  virtualEnd: string;
  wallMs: number;
  assertions: AssertionResult[];
  journalRefs: number[];
  /** the file location of the step, for reports and IDE links */
  where?: string;
  /** what the step made that readers can open beside its assertions; absent when it made nothing */
  artefacts?: Artefact[];
  /** the child steps a structural step (`repeat`) ran, each judged as a step; its own assertions hold theirs */
  steps?: StepResult[];
}

/**
 * Something a step made, as report.json names it: small and already safe to show — heavy or personal content
 * stays where it is kept (the run's `load` list, the journal, a file in the report folder) and is linked from here.
 */
export type Artefact =
  /** a load phase's report: report.json `load[index]`, written as `file` (load.json, load-2.json, …) */
  | { kind: 'load-report'; name: string; index: number; file: string }
  /** a message as exchanged, by its journal entry (masked with the journal) */
  | { kind: 'message'; name: string; journalRef: number }
  /** a file in the run's report folder, e.g. a screenshot (`mediaType: image/png`); `masked`: taken blurred */
  | { kind: 'file'; name: string; mediaType: string; file: string; masked?: boolean };

export interface ScenarioResult {
  id: string;
  file: string;
  title: { uk: string; en: string };
  role: string;
  covers: string[];
  /** one generated case of a scenario with `cases`: which, with its values and start (conformance/cases.ts) */
  case?: {
    /** the scenario's id as written; the case's id is `<scenario>#<index>` */
    scenario: string;
    /** 1-based, in the sample's order, of `count` */
    index: number;
    count: number;
    /** the run seed the sample was drawn with, and whether it was pairwise */
    seed: number;
    thorough: boolean;
    /** the value of each dimension */
    values: Record<string, string>;
    /** the case's first instant (ISO) */
    start: string;
    /** the case in words: `removal · Monday 2026-03-30 23:41` */
    label: { uk: string; en: string };
  };
  outcome: Outcome;
  message?: string;
  msg?: Msg;
  errorCode?: string;
  steps: StepResult[];
  wallMs: number;
  /**
   * What the harness saw that is no verdict but the reader must know (the participant called the control API); the
   * outcome does not change. Absent when there is nothing to say.
   */
  warnings?: ScenarioWarning[];
}

export interface ScenarioWarning {
  /** English */
  message: string;
  msg: Msg;
  /** journal entries (seq) that record it */
  journalRefs: number[];
}

/**
 * A result's text in one language: the carried message when there is one, else the plain text (a report written
 * before messages were carried, or an error from outside the catalog).
 */
export function textIn(lang: Lang, carried: Msg | undefined, plain: string | undefined): string | undefined {
  return carried ? render(carried, lang) : plain;
}

export interface RequirementVerdict {
  id: string;
  outcome: Outcome | 'not-covered';
  /** scenario/step places that judged it, e.g. 'dms-declaration#act-arrives' */
  evidence: { scenario: string; step: string; outcome: Outcome }[];
}

export interface Counts {
  pass: number;
  fail: number;
  error: number;
  skip: number;
  warn: number;
}

/**
 * Rolls child outcomes up to a parent. `error` outranks `fail` for a container (its verdict is unknown),
 * `fail` outranks `warn`, `warn` outranks `pass`; all `skip` (or nothing) is `skip`.
 */
export function rollUp(outcomes: Iterable<Outcome>): Outcome {
  let seen = false;
  let worst: Outcome = 'skip';
  const rank: Record<Outcome, number> = { skip: 0, pass: 1, warn: 2, fail: 3, error: 4 };
  for (const o of outcomes) {
    seen = true;
    if (rank[o] > rank[worst]) worst = o;
  }
  return seen ? worst : 'skip';
}

export function countOutcomes(outcomes: Iterable<Outcome>): Counts {
  const c: Counts = { pass: 0, fail: 0, error: 0, skip: 0, warn: 0 };
  for (const o of outcomes) c[o] += 1;
  return c;
}

/**
 * Per-requirement verdicts from step and assertion results. A requirement fails if any check covering it failed
 * (a demonstrated breach outweighs an inconclusive check); it is `error` if it had errors and no failures;
 * `pass` if at least one check passed; skipped-only stays `skip`; untouched ids are `not-covered`.
 */
export function requirementVerdicts(ids: readonly string[], scenarios: readonly ScenarioResult[]): RequirementVerdict[] {
  const byId = new Map<string, RequirementVerdict>(ids.map((id) => [id, { id, outcome: 'not-covered', evidence: [] }]));
  const note = (id: string, scenario: string, step: string, outcome: Outcome) => {
    let v = byId.get(id);
    if (!v) {
      v = { id, outcome: 'not-covered', evidence: [] };
      byId.set(id, v);
    }
    v.evidence.push({ scenario, step, outcome });
  };
  for (const s of scenarios) {
    for (const step of s.steps) {
      const judged = new Set<string>();
      for (const a of step.assertions) {
        for (const id of a.covers) {
          note(id, s.id, `${step.id}/${a.name}`, a.outcome);
          judged.add(id);
        }
      }
      // a step's own `covers` counts when no assertion inside it spoke for that id (e.g. the step errored early)
      for (const id of step.covers) if (!judged.has(id)) note(id, s.id, step.id, step.outcome);
    }
  }
  for (const v of byId.values()) {
    const os = v.evidence.map((e) => e.outcome);
    if (os.length === 0) continue;
    if (os.includes('fail')) v.outcome = 'fail';
    else if (os.includes('error')) v.outcome = 'error';
    else if (os.includes('pass') || os.includes('warn')) v.outcome = os.includes('warn') ? 'warn' : 'pass';
    else v.outcome = 'skip';
  }
  return [...byId.values()];
}
