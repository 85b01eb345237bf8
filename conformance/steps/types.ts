// The step contract: each step type is one file with a strict zod schema for its own fields and a `run`
// that returns judged assertions, outputs for later steps and artefacts for the reports. Steps signal a participant
// breach with a failed assertion and a harness problem by throwing a PolihonError — the two never mix (STYLE:
// inferno's typed signals). What a step must remember across steps of its scenario lives in `ctx.state`, never in
// module state: a run holds many scenarios, and a module outlives them all.
import { z } from 'zod';
import type { CalendarOptions } from '../../core/calendar.ts';
import { parseTimeSpec } from '../../core/duration.ts';
import type { Clock } from '../../core/clock.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg, render, type Bi, type Msg } from '../../core/i18n.ts';
import type { Journal } from '../../core/journal.ts';
import type { Artefact, AssertionResult, StepResult } from '../../core/results.ts';
import { loadReportFile, type LoadReport } from '../../load/report.ts';
import type { DriverClient } from '../driver.ts';
import type { SimulatorHost } from '../../simulators/host.ts';
import { S } from './messages.ts';

export const localized = z.union([z.string().min(1), z.strictObject({ uk: z.string().min(1), en: z.string().min(1) })]);
export const requirementIdList = z.array(z.string().regex(/^[A-Z]+(-[A-Z]+)?-\d{2}$/, 'a requirement id such as DMS-02'));

/** Fields every step may carry, whatever its type. */
export const commonStepFields = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').optional(),
  title: localized.optional(),
  covers: requirementIdList.optional(),
  /** run even when an earlier step failed (clean-up, late diagnostics) */
  always: z.boolean().optional(),
  /** only in the generated cases whose dimensions have one of these values (the scenario's `cases`) */
  when: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional(),
};

/**
 * An artefact as a step hands it over. Content the report keeps elsewhere travels whole (a load report goes into
 * report.json `load` and load.json; an image becomes a file in the report folder); the runner turns it into the
 * step's `artefacts` entry that links to it. One already kept (a child step's, which a structural step passes on)
 * stays as it is.
 */
export type StepArtefact =
  | { kind: 'load-report'; name: string; report: LoadReport }
  /** a screenshot; `masked`: taken blurred, as the run masks personal data */
  | { kind: 'image'; name: string; mediaType: 'image/png'; bytes: Uint8Array; masked: boolean }
  | Artefact;

/** A file a run writes into its report folder beside report.json (screenshots), by its name there. */
export interface ReportFile {
  file: string;
  bytes: Uint8Array;
}

/** What a run keeps of the artefacts that travel whole, in run order. */
export interface KeptArtefacts {
  loads: LoadReport[];
  files: ReportFile[];
}

/**
 * An artefact as report.json names it: a load report joins the run's `load` list and is linked by its file; an
 * image joins the run's files as `screenshot-<n>-<name>.png`.
 */
export function keepArtefact(a: StepArtefact, kept: KeptArtefacts): Artefact {
  if ('report' in a) {
    kept.loads.push(a.report);
    const index = kept.loads.length - 1;
    return { kind: 'load-report', name: a.name, index, file: loadReportFile(index) };
  }
  if ('bytes' in a) {
    const file = `screenshot-${kept.files.length + 1}-${a.name.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 60)}.png`;
    kept.files.push({ file, bytes: a.bytes });
    return { kind: 'file', name: a.name, mediaType: a.mediaType, file, ...(a.masked ? { masked: true } : {}) };
  }
  return a;
}

export interface StepOutput {
  assertions: AssertionResult[];
  /** values later steps can refer to as ${steps.<id>.<name>} */
  outputs?: Record<string, unknown>;
  journalRefs?: number[];
  /** what the step did, when no assertion speaks for it (a catalog message; the runner keeps its English too) */
  msg?: Msg;
  /** what the step made for the reports (a load report, screenshots) */
  artefacts?: StepArtefact[];
  /** the results of the child steps a structural step ran through `ctx.runSteps`, for the reports */
  children?: StepResult[];
}

/** A named slot of scenario state with its initial value (stateKey). The name keeps two slots apart in messages. */
export interface StateKey<T> {
  readonly name: string;
  init(): T;
}

/** A slot of scenario state; declare it once at module level, read it with `ctx.state.get(key)`. */
export const stateKey = <T>(name: string, init: () => T): StateKey<T> => ({ name, init });

/** What steps keep across one scenario (one per scenario, made by the runner): each slot made on first use. */
export interface ScenarioState {
  get<T>(key: StateKey<T>): T;
}

export function createScenarioState(): ScenarioState {
  const slots = new Map<StateKey<unknown>, unknown>();
  return {
    get<T>(key: StateKey<T>): T {
      if (!slots.has(key)) slots.set(key, key.init());
      return slots.get(key) as T;
    },
  };
}

/**
 * A step ready to run: its definition and validated fields (conformance/scenario.ts LoadedStep is one). Structural
 * steps hold lists of these and run them through `ctx.runSteps`.
 */
export interface RunnableStep {
  id: string;
  type: string;
  title: string;
  titles: Bi;
  covers: string[];
  always: boolean;
  where: string;
  def: StepDefinition<Record<string, unknown>>;
  fields: Record<string, unknown>;
  /** a structural step's children, loaded from its `childSteps` field */
  children?: readonly RunnableStep[];
}

export interface StepContext {
  scenarioId: string;
  stepId: string;
  covers: string[];
  clock: Clock;
  journal: Journal;
  calendar: CalendarOptions;
  host: SimulatorHost;
  driver: DriverClient;
  /** real milliseconds the participant gets to react at each virtual checkpoint */
  settleMs: number;
  /**
   * Waits until the participant is quiet at the clock's current time (conformance/settle.ts); `hinted` when its driver
   * answers `GET /wake`, with its next wake-up. Absent (unit tests): the steps wait `settleMs`.
   */
  settle?(): Promise<{ hinted: boolean; nextWake?: number }>;
  /** resolves ${...} references against scenario data and earlier step outputs */
  resolve<T = unknown>(value: T): unknown;
  signal: AbortSignal;
  /** calls a simulator's control API in-process: control('dms', 'POST', '/__polihon/acts/x/confirm', body) */
  control(simulator: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** what steps keep across this scenario (the messages `expect` already matched, …) */
  state: ScenarioState;
  /** a structural step's loaded child steps (StepDefinition `childSteps`) */
  children?: readonly RunnableStep[];
  /**
   * Runs child steps as the scenario runs its own: each with its context, under the stop rules among them (after a
   * failed or errored child the rest skip, except `always`), outputs and artefacts kept as for any step. `idPrefix`
   * names the children in reports ('<parent>.<n>.<child>'); references still use the child's own id.
   * Absent where no runner is (unit tests of single steps).
   */
  runSteps?(steps: readonly RunnableStep[], options: { idPrefix: string }): Promise<StepResult[]>;
  /** what a `ui` step needs of the run: the profile's web UI, whether browser steps run, masking (absent: unit tests) */
  ui?: UiRunContext;
  /**
   * The participant presents a client certificate on the channel: an mTLS run (`run --mtls`, a profile `certificate`).
   * Without one a check that judges certificates (XCH-06, EIS-ACC-01's admission) has nothing to judge and would pass
   * whatever the participant did: it ends `skip` (needsCertificate). Absent: no certificate (unit tests of single steps).
   */
  mtls?: boolean;
}

/** The run's side of `ui` steps (conformance/steps/ui.ts). */
export interface UiRunContext {
  /** the profile's `endpoints.ui` */
  endpoint?: string;
  /** the profile's `ui.selectors` */
  selectors: Readonly<Record<string, string>>;
  /** why browser steps are skipped in this run (`--no-browser`); absent: they run */
  skip?: Msg;
  /** the run masks personal data: screenshots are taken blurred */
  masked: boolean;
  /**
   * In an mTLS run the simulators serve HTTPS with a certificate of the workspace's test CA, which no browser knows:
   * the SHA-256 of that certificate's public key (base64), which the step's Chromium accepts for it and nothing else,
   * so that a `camera:` action can film a simulator's page.
   */
  simulatorsSpki?: string;
}

export interface StepDefinition<S extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  /** the step's own fields (without `type` and the common fields) */
  fields: z.ZodRawShape;
  /**
   * A structural step: the field that lists its child steps. The scenario loader validates and locates each child as
   * a step of its own; `run` finds them in `ctx.children` and runs them with `ctx.runSteps`.
   */
  childSteps?: string;
  /** the default title, for a step the scenario gave none (both languages, from the catalog) */
  describe(step: S): Bi;
  /** cross-field checks at load time (the schema checks fields one by one); returns a problem or undefined */
  check?(step: S): { field?: string; message: string; hint?: string } | undefined;
  run(step: S, ctx: StepContext): Promise<StepOutput>;
}

/** A zod string that must be one of the time phrases of core/duration.ts ('3 working days', '5m', 'same day'). */
export const timeSpecText = z.string().refine(
  (s) => {
    try {
      parseTimeSpec(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a time spec; use e.g. 'same day', '3 working days', '5m', '181s', 'next working day 09:00'" },
);

export function defineStep<S extends Record<string, unknown>>(def: StepDefinition<S>): StepDefinition<S> {
  return def;
}

/**
 * The registry of one kind of definition, keyed by name: a name given twice is a startup error, not a silent
 * override (the later would win, and a scenario would run a step nobody meant).
 * @example registry(msg(S.registryStepType), [advanceStep, callStep], (d) => d.type)
 */
export function registry<D>(what: Msg, defs: readonly D[], nameOf: (d: D) => string): Readonly<Record<string, D>> {
  const out: Record<string, D> = {};
  for (const d of defs) {
    const name = nameOf(d);
    if (Object.hasOwn(out, name)) throw new PolihonError('E_INTERNAL', msg(S.duplicateName, { what, name }), { hint: msg(S.duplicateNameHint) });
    out[name] = d;
  }
  return Object.freeze(out);
}

/** What a check may say beside its outcome: the same fields as the assertion it becomes. */
export type CheckDetails = Pick<AssertionResult, 'msg' | 'expected' | 'actual' | 'expectedMsg' | 'actualMsg' | 'journalRefs'>;

/** A default step title from a catalog message, in both languages. */
export const title = (m: Msg): Bi => ({ uk: render(m, 'uk'), en: render(m, 'en') });

/**
 * One assertion result. Its name and texts are carried as catalog messages; their English renderings fill the
 * plain fields (`name`, `message`, `expected`/`actual`) that report.json readers of schema 1.0 know.
 */
export function check(label: Msg, ok: boolean, covers: string[], details: CheckDetails = {}): AssertionResult {
  const { msg: m, expectedMsg, actualMsg, ...rest } = details;
  return {
    name: render(label, 'en'),
    label,
    outcome: ok ? 'pass' : 'fail',
    covers,
    ...(m ? { message: render(m, 'en'), msg: m } : {}),
    ...rest,
    ...(expectedMsg ? { expectedMsg, ...('expected' in rest ? {} : { expected: render(expectedMsg, 'en') }) } : {}),
    ...(actualMsg ? { actualMsg, ...('actual' in rest ? {} : { actual: render(actualMsg, 'en') }) } : {}),
  };
}

/**
 * The result of a check that only means something with client certificates, in a run without them: `skip`, saying
 * why in both languages, so that coverage shows its requirement skipped rather than covered by a vacuous pass.
 * Example: if (!ctx.mtls) out.push(needsCertificate(msg(E.testCaLabel), ctx.covers));
 */
export function needsCertificate(label: Msg, covers: string[]): AssertionResult {
  return { ...check(label, true, covers, { msg: msg(S.noClientCertificate) }), outcome: 'skip' };
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    // the listener is removed when the timer fires, or a long scenario piles up listeners on its signal
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
