// The one masking step. Every reporter of a conformance run — the console's live lines, report.json, junit.xml,
// index.html, journal.jsonl — reads the run through what this module makes: a copy, masked once when the run is
// masked (mask.ts), then frozen. A reporter that tries to change it throws; none masks for itself, so the rules
// live in one place and `--unmasked` is one switch here.
import type { JournalEntry, MaskedJournalEntry } from '../../core/journal.ts';
import type { ScenarioResult, StepResult } from '../../core/results.ts';
import { deepFreeze } from '../../reporting/registry.ts';
import type { Reporter, RunReport } from '../report-model.ts';
import { parseJournalJsonl } from './journal.ts';
import { maskJournalEntry, maskScenario, maskStep, reportForOutput } from './mask.ts';

declare const MASKED_ONCE: unique symbol;

/** A run as reporters read it. Only runView makes one, so a reporter cannot be handed the raw report. */
export interface RunView {
  readonly report: Readonly<RunReport>;
  /** the journal's entries, in their sealed (masked) form when the run is masked */
  readonly journal: readonly Readonly<JournalEntry | MaskedJournalEntry>[];
  /** journal.jsonl as written: one entry a line, as given, each line the entry's sealed form when masked */
  readonly journalJsonl: string;
  readonly [MASKED_ONCE]: true;
}

/**
 * The run as every reporter reads it: the report and its journal (a JSONL export, or entries) copied, masked when
 * `report.run.masked`, and frozen. The caller's objects are never changed or frozen.
 * @example const view = runView(report, journal.toJSONL()); toJUnit(view)
 */
export function runView(report: Readonly<RunReport>, journal: string | readonly JournalEntry[] = ''): RunView {
  const masked = report.run.masked;
  const given = typeof journal === 'string' ? parseJournalJsonl(journal) : structuredClone(journal as JournalEntry[]);
  const entries: (JournalEntry | MaskedJournalEntry)[] = masked ? given.map(maskJournalEntry) : given;
  const jsonl = typeof journal !== 'string' ? entries.map((e) => JSON.stringify(e) + '\n').join('') : masked ? sealedLines(journal, entries) : journal;
  const view = { report: reportForOutput(structuredClone(report as RunReport)), journal: entries, journalJsonl: jsonl };
  return deepFreeze(view) as unknown as RunView;
}

/** The export's lines in place, blank ones kept, each entry line replaced by its sealed form. */
function sealedLines(jsonl: string, sealed: readonly (JournalEntry | MaskedJournalEntry)[]): string {
  let i = 0;
  return jsonl
    .split('\n')
    .map((line) => (line.trim() === '' ? line : JSON.stringify(sealed[i++])))
    .join('\n');
}

/**
 * A live reporter behind the masking step: each step, scenario and the final report reach it as copies, masked
 * when `masked`, and frozen — what the console shows is masked by the same rules, at the same single place, as
 * the files.
 */
export function behindMask(inner: Reporter, masked: boolean): Reporter {
  const step = (s: StepResult) => deepFreeze(masked ? maskStep(structuredClone(s)) : structuredClone(s));
  const scenario = (s: ScenarioResult) => deepFreeze(masked ? maskScenario(structuredClone(s)) : structuredClone(s));
  const out: Reporter = {};
  if (inner.onRunStart) out.onRunStart = (info) => inner.onRunStart!(deepFreeze(structuredClone(info)));
  if (inner.onScenarioStart) out.onScenarioStart = (s) => inner.onScenarioStart!(deepFreeze({ ...s }));
  if (inner.onStepEnd) out.onStepEnd = (s, st) => inner.onStepEnd!(deepFreeze({ ...s }), step(st));
  if (inner.onScenarioEnd) out.onScenarioEnd = (s) => inner.onScenarioEnd!(scenario(s));
  if (inner.onRunEnd) out.onRunEnd = (report) => inner.onRunEnd!(runView({ ...report, run: { ...report.run, masked } }).report);
  return out;
}
