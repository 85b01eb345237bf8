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

/** Original → masked text of every parameter a message's masking changed, for the English `message` beside it. */
type Swaps = Map<string, string>;

/** A carried message with its parameters masked (they quote what the participant sent), nested ones too. */
export function maskMsg(m: Msg, swaps?: Swaps): Msg {
  if (!m.params) return m;
  // a field-by-field difference quotes the field's values as {actual} and {expected}: mask them as that field
  const field = typeof m.params.field === 'string' ? m.params.field : undefined;
  const keyOf = (k: string) => (field !== undefined && (k === 'actual' || k === 'expected') ? field : k);
  const params = Object.fromEntries(
    Object.entries(m.params).map(([k, v]) => {
      if (typeof v === 'object') return [k, maskMsg(v, swaps)];
      const masked = maskValue(v, keyOf(k)) as string | number;
      if (swaps && masked !== v && String(v).length > 0) swaps.set(String(v), String(masked));
      return [k, masked];
    }),
  );
  return { ...m, params };
}

/**
 * The English `message` kept beside a carried one is rendered from the same parameters: what masking changed in them
 * is changed in it too (pattern masking alone does not know a name is a name), then the patterns run over the rest.
 */
function maskMessage(message: string, swaps: Swaps): string {
  let out = message;
  for (const [from, to] of [...swaps].sort((a, b) => b[0].length - a[0].length)) out = out.split(from).join(to);
  return maskText(out);
}

function maskAssertion(a: AssertionResult): AssertionResult {
  const out: AssertionResult = { ...a };
  const swaps: Swaps = new Map();
  if (a.msg) out.msg = maskMsg(a.msg, swaps);
  if (a.label) out.label = maskMsg(a.label, swaps);
  if (a.expectedMsg) out.expectedMsg = maskMsg(a.expectedMsg, swaps);
  if (a.actualMsg) out.actualMsg = maskMsg(a.actualMsg, swaps);
  if (a.message !== undefined) out.message = maskMessage(a.message, swaps);
  // a field-by-field check names its field (label or msg parameter): its values are masked as that field's
  const field = [a.label?.params?.field, a.msg?.params?.field].find((f): f is string => typeof f === 'string');
  if ('expected' in a) out.expected = maskValue(a.expected, field);
  if ('actual' in a) out.actual = maskValue(a.actual, field);
  return out;
}

/** A step's result as outputs show it: messages and values masked by their field names (the console's too). */
export function maskStep(s: StepResult): StepResult {
  const swaps: Swaps = new Map();
  const out: StepResult = { ...s, assertions: s.assertions.map(maskAssertion) };
  if (s.msg) out.msg = maskMsg(s.msg, swaps);
  // a hint may quote what the participant sent as much as a message does
  if (s.hintMsg) out.hintMsg = maskMsg(s.hintMsg, swaps);
  if (s.message !== undefined) out.message = maskMessage(s.message, swaps);
  if (s.hint !== undefined) out.hint = maskMessage(s.hint, swaps);
  return out;
}

/** A scenario's result as outputs show it, every step masked. */
export function maskScenario(s: ScenarioResult): ScenarioResult {
  const swaps: Swaps = new Map();
  const out: ScenarioResult = { ...s, steps: s.steps.map(maskStep) };
  if (s.msg) out.msg = maskMsg(s.msg, swaps);
  if (s.message !== undefined) out.message = maskMessage(s.message, swaps);
  if (s.warnings) out.warnings = s.warnings.map((w) => ({ ...w, msg: maskMsg(w.msg, swaps), message: maskMessage(w.message, swaps) }));
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
