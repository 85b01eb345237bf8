// The masked form of everything a reporter outputs: the report model (messages, hints, expected/actual values) and
// journal entries. No reporter calls these: view.ts does, once, before any reporter sees the report (report.json,
// junit.xml, index.html, journal.jsonl and the console alike); the rules themselves are core/mask.ts, which the
// journal's hash chain seals with (so a masked journal still verifies).
import type { Msg } from '../../core/i18n.ts';
import { maskedEntry, type JournalEntry, type MaskedJournalEntry } from '../../core/journal.ts';
import { maskText, maskValue } from '../../core/mask.ts';
import type { AssertionResult, ScenarioResult, StepResult } from '../../core/results.ts';
import type { RunReport } from '../report-model.ts';

export { maskAddress, maskBirthDate, maskDigits, maskEmail, maskName, maskPhone, maskText, maskValue } from '../../core/mask.ts';

/** A carried message with its parameters masked (they quote what the participant sent), nested ones too. */
export function maskMsg(m: Msg): Msg {
  if (!m.params) return m;
  const params = Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'object' ? maskMsg(v) : (maskValue(v, k) as string | number)]));
  return { ...m, params };
}

function maskAssertion(a: AssertionResult): AssertionResult {
  const out: AssertionResult = { ...a };
  if (a.message !== undefined) out.message = maskText(a.message);
  if (a.msg) out.msg = maskMsg(a.msg);
  if (a.label) out.label = maskMsg(a.label);
  if (a.expectedMsg) out.expectedMsg = maskMsg(a.expectedMsg);
  if (a.actualMsg) out.actualMsg = maskMsg(a.actualMsg);
  // a field-by-field check names its field (label or msg parameter): its values are masked as that field's
  const field = [a.label?.params?.field, a.msg?.params?.field].find((f): f is string => typeof f === 'string');
  if ('expected' in a) out.expected = maskValue(a.expected, field);
  if ('actual' in a) out.actual = maskValue(a.actual, field);
  return out;
}

/** A step's result as outputs show it: messages and values masked by their field names (the console's too). */
export function maskStep(s: StepResult): StepResult {
  const out: StepResult = { ...s, assertions: s.assertions.map(maskAssertion) };
  if (s.message !== undefined) out.message = maskText(s.message);
  if (s.msg) out.msg = maskMsg(s.msg);
  // a hint may quote what the participant sent as much as a message does
  if (s.hint !== undefined) out.hint = maskText(s.hint);
  if (s.hintMsg) out.hintMsg = maskMsg(s.hintMsg);
  return out;
}

/** A scenario's result as outputs show it, every step masked. */
export function maskScenario(s: ScenarioResult): ScenarioResult {
  const out: ScenarioResult = { ...s, steps: s.steps.map(maskStep) };
  if (s.message !== undefined) out.message = maskText(s.message);
  if (s.msg) out.msg = maskMsg(s.msg);
  if (s.warnings) out.warnings = s.warnings.map((w) => ({ ...w, message: maskText(w.message), msg: maskMsg(w.msg) }));
  return out;
}

/** The report as writers show it: masked when `run.masked` says so, untouched otherwise. Never mutates. */
export function reportForOutput(report: Readonly<RunReport>): RunReport {
  if (!report.run.masked) return report as RunReport;
  return { ...report, scenarios: report.scenarios.map(maskScenario) };
}

/**
 * A journal entry as masked outputs show it: body, path and extracted facts masked, each hidden piece replaced by a
 * salted commitment in `commitments`, so the entry's `hash` can still be recomputed (core/journal.ts). An entry
 * already masked is returned as it is.
 */
export function maskJournalEntry(e: JournalEntry | MaskedJournalEntry): MaskedJournalEntry {
  return maskedEntry(e);
}
