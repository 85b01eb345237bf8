// The machine-readable run report (report.json). Versioned: readers check `schemaVersion` and refuse what they
// do not know. Reporters see it read-only; they never change verdicts.
import type { Counts, Outcome, RequirementVerdict, ScenarioResult, StepResult } from '../core/results.ts';
import type { LoadReport } from '../load/report.ts';

// 1.1 added `coverage` and `journal.scenarios`; both optional, so a 1.0 report still reads as 1.1
export const REPORT_SCHEMA_VERSION = '1.1';

export interface ParticipantInfo {
  name: string;
  version: string;
  roles: string[];
  identity?: { instance: string; memberClass: string; memberCode: string; subsystem?: string };
  launcher: 'url' | 'command' | 'container' | 'compose';
  /** fault switches active in a bundled reference participant (self-test); empty for real participants */
  faults?: string[];
}

export interface RequirementInfo {
  id: string;
  source: string;
  section: string;
  text: { uk: string; en: string };
  check: { uk: string; en: string };
  roles: string[];
}

/** The requirements that bind one of the participant's roles, and how this run judged them. */
export interface RoleCoverage {
  role: string;
  /** catalog rows that bind the role */
  requirements: number;
  /** of them, informative rows no scenario can judge */
  informative: number;
  /** verdicts of the observable rows; `not-covered` are the gaps */
  counts: Counts & { 'not-covered': number };
}

/** The journal entries a scenario wrote: seq numbers `fromSeq`..`toSeq` (empty when toSeq < fromSeq). */
export interface ScenarioJournalRange {
  scenario: string;
  fromSeq: number;
  toSeq: number;
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'polihon'; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    wallMs: number;
    outcome: Outcome;
    counts: Counts;
    /** exit code the CLI gave for this run */
    exitCode: number;
    clockMode: 'virtual' | 'real';
    martialLaw: boolean;
    /** SHA-256 over the scenario files that ran, in path order, so a verdict names exactly what was tested */
    scenarioSetHash: string;
    /** whether personal data in this report is masked (default true) */
    masked: boolean;
    /** Ctrl-C or SIGTERM stopped the run: the report holds what ran; absent when it ran to the end */
    interrupted?: boolean;
    /** how generated cases were drawn (`polihon run … --seed <seed>` reproduces them); absent when no scenario has `cases` */
    cases?: CaseDraw;
  };
  participant: ParticipantInfo;
  requirements: RequirementInfo[];
  verdicts: RequirementVerdict[];
  scenarios: ScenarioResult[];
  /** per participant role: its requirements and their verdicts (rules of other roles are not judged) */
  coverage?: RoleCoverage[];
  journal: {
    file: string;
    entries: number;
    head: string;
    intact: boolean;
    /** which entries each scenario wrote, in run order, so readers can tell scenarios apart in one chain */
    scenarios?: ScenarioJournalRange[];
  };
  /** load phases of the run (`load` steps), each a load.json report; absent when there were none */
  load?: LoadReport[];
  /** set on a certification run (`polihon certify`), optional as 1.1's other additions are */
  certification?: CertificationInfo;
}

/** What index.html says of a certification run: the official set it ran, and the signed statement beside it. */
export interface CertificationInfo {
  /** the lock the set was checked against, relative to the package root */
  lock: string;
  setHash: string;
  files: number;
  /** file names in the run's folder */
  statement: string;
  signature: string;
  html: string;
  alg: string;
  keyId: string;
}

/** The draw of a run's generated cases: its seed, and whether the sample was pairwise (`--thorough`). */
export interface CaseDraw {
  seed: number;
  thorough: boolean;
}

/** Hooks all optional (vitest's reporter idea): live progress, files at the end. */
export interface Reporter {
  onRunStart?(info: { runId: string; scenarios: { id: string; file: string; title: { uk: string; en: string } }[]; cases?: CaseDraw }): void;
  onScenarioStart?(scenario: { id: string; file: string }): void;
  onStepEnd?(scenario: { id: string }, step: StepResult): void;
  onScenarioEnd?(result: ScenarioResult): void;
  onRunEnd?(report: Readonly<RunReport>): void | Promise<void>;
}
