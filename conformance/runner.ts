// The conformance runner: for each scenario, a fresh world (conformance/world.ts: the simulators, served, seeded, the
// participant admitted and told where they are), its steps run under the stop rules, results rolled up. A participant
// that crashes or hangs makes its scenario `error`; the others still run, and the report is still produced.
import { randomInt } from 'node:crypto';
import type { CalendarOptions } from '../core/calendar.ts';
import { createVirtualClock, type Clock } from '../core/clock.ts';
import { PolihonError, toPolihonError } from '../core/errors.ts';
import { msg, render, type Msg } from '../core/i18n.ts';
import { createJournal, scopeJournal, sha256, type Journal, type JournalStorage } from '../core/journal.ts';
import { ERROR_TITLES } from '../core/messages.ts';
import { countOutcomes, requirementVerdicts, rollUp, type Artefact, type AssertionResult, type Outcome, type ScenarioResult, type StepResult } from '../core/results.ts';
import type { LoadReport } from '../load/report.ts';
import { expandCases } from './cases.ts';
import { chromiumFound } from './browser/chromium.ts';
import { UIM } from './browser/messages.ts';
import { referencesIn, resolveRefs } from './expressions.ts';
import { launchSut, type LaunchedSut } from './launchers/index.ts';
import { R } from './messages.ts';
import { roleCoverage } from './requirements/catalog.ts';
import { REPORT_SCHEMA_VERSION, type Reporter, type RequirementInfo, type RunReport, type ScenarioJournalRange } from './report-model.ts';
import { createRunClock } from './run-clock.ts';
import type { LoadedScenario } from './scenario.ts';
import { joinMsgs } from './steps/messages.ts';
import { createScenarioState, keepArtefact, type KeptArtefacts, type ReportFile, type RunnableStep, type StepContext, type UiRunContext } from './steps/types.ts';
import { admissionWarnings, mtlsWanted, prepareMtls, type PreparedMtls, type RunMtlsOptions } from './mtls.ts';
import { launcherKind, type SutProfile } from './sut-profile.ts';
import { controlWarnings, createWorld, type World } from './world.ts';

export interface RunOptions {
  scenarios: LoadedScenario[];
  profile: SutProfile;
  requirements: RequirementInfo[];
  /** extra env for a spawned participant (PARTICIPANT_FAULTS for the reference ones) */
  participantEnv?: Record<string, string>;
  settleMs?: number;
  scenarioTimeoutMs?: number;
  driverTimeoutMs?: number;
  reporters?: Reporter[];
  masked?: boolean;
  /** wall time source (the CLI passes Date.now) */
  wallTime?: () => number;
  journalStorage?: JournalStorage;
  runId?: string;
  toolVersion?: string;
  /** Ctrl-C/SIGTERM: the scenario under way ends `error` (E_INTERRUPTED), the rest are skipped, the report still made */
  signal?: AbortSignal;
  /** the seed generated cases are drawn with (scenarios with `cases`); drawn at random when absent, and reported */
  seed?: number;
  /** pairwise samples instead of each-choice ones */
  thorough?: boolean;
  /**
   * `ui` steps: run them (default), skip them (`--no-browser`), or skip them only when no Chromium is found
   * (POLIHON_NO_BROWSER=missing, which `npm start` can use on a machine without a browser)
   */
  browserSteps?: 'run' | 'skip' | 'skip-if-missing';
  /**
   * mTLS (conformance/mtls.ts): true or the CA and folder to use; a profile with `certificate` turns it on too. The
   * participant gets POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY and POLIHON_CA in its launch env.
   */
  mtls?: boolean | RunMtlsOptions;
  /**
   * where ЄІС МВС keeps its messaging records, each scenario's in a section of its own (the CLI: the run's report
   * folder's eis-messaging.jsonl); in memory when absent
   */
  messagingFile?: string;
}

export interface RunOutput {
  report: RunReport;
  journal: Journal;
  /** files for the report folder beside report.json (screenshots of `ui` steps), linked from their steps' artefacts */
  files: ReportFile[];
}

// what other files import from the runner, now the world's
export { checkIdentityParts, contractPerson, controlWarnings, PARTICIPANT_SLOT, participantScope, simulatorsInProcess, slotReplacement, type ParticipantScope } from './world.ts';

/**
 * The exit code follows the run's rolled-up outcome: any harness error makes the verdict incomplete (3), even
 * when some scenario also failed; the report lists both. Only a complete run can say "failures" (1).
 */
export function exitCodeFor(counts: { fail: number; error: number }): number {
  if (counts.error > 0) return 3;
  if (counts.fail > 0) return 1;
  return 0;
}

export async function runConformance(options: RunOptions): Promise<RunOutput> {
  const wallTime = options.wallTime ?? (() => Date.now());
  const started = wallTime();
  const runId = options.runId ?? new Date(started).toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const settleMs = options.settleMs ?? 300;
  const reporters = options.reporters ?? [];
  // generated cases: a run without them is as it always was, and says nothing of a seed
  const sampled = options.scenarios.some((s) => s.cases);
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  const thorough = options.thorough ?? false;
  const scenarios = options.scenarios.flatMap((s) => expandCases(s, { seed, thorough }));
  const drawn = sampled ? { seed, thorough } : undefined;
  const clock = createRunClock(createVirtualClock(scenarios[0]?.startMs ?? 0));
  const journal = createJournal({ clock, wallTime, ...(options.journalStorage ? { storage: options.journalStorage } : {}) });
  for (const r of reporters) r.onRunStart?.({ runId, scenarios: scenarios.map((s) => ({ id: s.id, file: s.file, title: s.title })), ...(drawn ? { cases: drawn } : {}) });

  const mtls = mtlsWanted(options.profile, options.mtls !== undefined && options.mtls !== false)
    ? await prepareMtls(options.profile, typeof options.mtls === 'object' ? options.mtls : {}, wallTime())
    : undefined;
  const participantEnv = mtls ? { ...mtls.env, ...options.participantEnv } : options.participantEnv;
  let sut: LaunchedSut | undefined;
  let launchError: PolihonError | undefined;
  let launchFailures = 0;
  const ensureSut = async () => {
    if (sut?.alive()) return sut;
    // a participant that could not be started or reached is not tried again (and waited for) in every scenario
    if (launchError) return undefined;
    if (sut) await sut.stop().catch(() => undefined);
    sut = undefined;
    try {
      sut = await launchSut(options.profile, { ...(participantEnv ? { env: participantEnv } : {}), ...(options.signal ? { signal: options.signal } : {}), clock });
      launchError = undefined;
    } catch (err) {
      launchError = toPolihonError(err);
    }
    return sut;
  };

  const results: ScenarioResult[] = [];
  const ranges: ScenarioJournalRange[] = [];
  // load reports that steps handed over as artefacts, in run order: report.json `load`, load.json, load-2.json, …; and
  // the screenshots, files of the report folder
  const loads: LoadReport[] = [];
  const kept: KeptArtefacts = { loads, files: [] };
  const ui = await uiRunContext(options, mtls);
  const signal = options.signal;
  // the scenario under way is not waited for: its steps may sit in a participant's long answer
  const interrupted = new Promise<void>((r) => signal?.addEventListener('abort', () => r(), { once: true }));
  const interruption = () => new PolihonError('E_INTERRUPTED', msg(R.interrupted, { reason: String(signal?.reason ?? 'signal') }));
  try {
    for (const scenario of scenarios) {
      if (signal?.aborted) {
        results.push({ ...errorScenario(scenario, interruption(), 0), outcome: 'skip', message: 'not run: the run was interrupted before it' });
        continue;
      }
      for (const r of reporters) r.onScenarioStart?.({ id: scenario.id, file: scenario.file });
      const t0 = wallTime();
      const fromSeq = journal.lastSeq() + 1;
      const live = await ensureSut();
      const done: StepResult[] = []; // the steps that ended, for an interrupted scenario's report
      const running = live
        ? runScenario(scenario, { ...options, settleMs, journal, clock, sut: live, wallTime, kept, ui: launchedUi(ui, live), ...(mtls ? { prepared: mtls } : {}), reporters: [...reporters, { onStepEnd: (_s, step) => void done.push(step) }] })
        : Promise.resolve(
            errorScenario(
              scenario,
              launchFailures++ === 0 || !launchError
                ? (launchError ?? new PolihonError('E_SUT_START', msg(R.didNotStart)))
                : new PolihonError(launchError.code, msg(R.notRunNoParticipant)),
              wallTime() - t0,
            ),
          );
      const result = await Promise.race([running, interrupted.then(() => ({ ...errorScenario(scenario, interruption(), wallTime() - t0), steps: [...done] }))]);
      results.push(result);
      ranges.push({ scenario: scenario.id, fromSeq, toSeq: journal.lastSeq() });
      for (const r of reporters) r.onScenarioEnd?.(result);
    }
  } finally {
    await (sut as LaunchedSut | undefined)?.stop().catch(() => undefined);
  }

  const counts = countOutcomes(results.map((r) => r.outcome));
  const verdicts = requirementVerdicts(
    options.requirements.map((r) => r.id),
    results,
  );
  const finished = wallTime();
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'polihon', version: options.toolVersion ?? '0.0.0' },
    run: {
      id: runId,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      wallMs: finished - started,
      outcome: rollUp(results.map((r) => r.outcome)),
      counts,
      exitCode: signal?.aborted ? 3 : exitCodeFor(counts),
      ...(signal?.aborted ? { interrupted: true } : {}),
      clockMode: 'virtual',
      martialLaw: scenarios.every((s) => s.martialLaw),
      scenarioSetHash: sha256([...options.scenarios].sort((a, b) => a.file.localeCompare(b.file)).map((s) => `${s.file}:${s.sha256}`).join('\n')),
      masked: options.masked ?? true,
      ...(drawn ? { cases: drawn } : {}),
    },
    participant: {
      name: options.profile.name,
      version: options.profile.version,
      roles: options.profile.roles,
      ...(options.profile.identity ? { identity: options.profile.identity } : {}),
      launcher: launcherKind(options.profile),
      faults: (options.participantEnv?.PARTICIPANT_FAULTS ?? '').split(',').filter(Boolean),
    },
    requirements: options.requirements,
    verdicts,
    coverage: roleCoverage(options.requirements, verdicts, options.profile.roles),
    scenarios: results,
    journal: { file: 'journal.jsonl', entries: journal.count(), head: journal.head(), intact: journal.verify() === null, scenarios: ranges },
    ...(loads.length ? { load: loads } : {}),
  };
  for (const r of reporters) await r.onRunEnd?.(report);
  return { report, journal, files: kept.files };
}

/** The web UI's address as the launched participant has it: a command launcher's `${port}` filled in. */
function launchedUi(ui: UiRunContext, sut: LaunchedSut): UiRunContext {
  const endpoint = sut.profile.endpoints.ui;
  return endpoint ? { ...ui, endpoint } : ui;
}

/** What `ui` steps get of the run: the profile's web UI and selectors, masking, and whether they are skipped. */
async function uiRunContext(options: RunOptions, mtls: PreparedMtls | undefined): Promise<UiRunContext> {
  const mode = options.browserSteps ?? 'run';
  const skip = mode === 'skip' ? msg(UIM.skippedFlag) : mode === 'skip-if-missing' && !(await chromiumFound()).present ? msg(UIM.skippedMissing) : undefined;
  return {
    ...(options.profile.endpoints.ui ? { endpoint: options.profile.endpoints.ui } : {}),
    selectors: options.profile.ui?.selectors ?? {},
    ...(skip ? { skip } : {}),
    masked: options.masked ?? true,
    ...(mtls ? { simulatorsSpki: mtls.serverSpki } : {}),
  };
}

/**
 * An error's message as a report carries it: the catalog message the thrower gave, or — for an error from outside
 * the catalog — its text as it came, after its code's title in the reader's language.
 */
export function errorMsg(e: PolihonError): Msg {
  return e.msg ?? msg(R.foreign, { title: msg(ERROR_TITLES[e.code]), text: e.message });
}

function errorScenario(s: LoadedScenario, err: PolihonError, wallMs: number): ScenarioResult {
  return {
    id: s.id,
    file: s.file,
    title: s.title,
    role: s.role,
    covers: s.covers,
    ...(s.case ? { case: s.case } : {}),
    outcome: 'error',
    message: err.message,
    msg: errorMsg(err),
    errorCode: err.code,
    steps: [],
    wallMs,
  };
}

interface ScenarioRunContext extends RunOptions {
  settleMs: number;
  journal: Journal;
  clock: ReturnType<typeof createRunClock>;
  sut: LaunchedSut;
  wallTime: () => number;
  reporters: Reporter[];
  /** the run's load reports and files, which steps' `load-report` and `image` artefacts are added to */
  kept: KeptArtefacts;
  ui: UiRunContext;
  /** an mTLS run's certificates */
  prepared?: PreparedMtls;
}

/**
 * One scenario in its world, and what the participant tried on the control API meanwhile: the simulators' ports
 * refuse it (serveSimulators, controlApi 'participant'), the journal records each call, the result warns of them.
 */
async function runScenario(scenario: LoadedScenario, run: ScenarioRunContext): Promise<ScenarioResult> {
  const t0 = run.wallTime();
  const scenarioClock = createVirtualClock(scenario.startMs);
  run.clock.use(scenarioClock);
  const calendar = { martialLaw: scenario.martialLaw };
  // steps judge only this scenario's exchanges; the run's journal keeps one chain across scenarios
  const scoped = scopeJournal(run.journal, run.journal.lastSeq());
  let world: World;
  try {
    world = createWorld({ scenario, profile: run.sut.profile, journal: run.journal, clock: scenarioClock, calendar, settleMs: run.settleMs, ...(run.driverTimeoutMs !== undefined ? { driverTimeoutMs: run.driverTimeoutMs } : {}), ...(run.prepared ? { mtls: run.prepared } : {}), ...(run.messagingFile ? { messagingFile: run.messagingFile } : {}) });
  } catch (err) {
    return errorScenario(scenario, toPolihonError(err), run.wallTime() - t0);
  }
  const result = await runScenarioSteps(scenario, run, { world, clock: scenarioClock, journal: scoped, calendar, t0 });
  const warnings = [...controlWarnings(world.controlAttempts), ...admissionWarnings(world.admissionRefusals)];
  return warnings.length ? { ...result, warnings } : result;
}

/** The world opened, the steps run under the stop rules and the scenario's limit, the world closed. */
async function runScenarioSteps(
  scenario: LoadedScenario,
  run: ScenarioRunContext,
  { world, clock: scenarioClock, journal: scoped, calendar, t0 }: { world: World; clock: Clock; journal: Journal; calendar: CalendarOptions; t0: number },
): Promise<ScenarioResult> {
  const { host, participant, control } = world;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), scenarioLimitMs(run));
  const steps: StepResult[] = [];
  try {
    const { driver, scope: data, settle: settleIn } = await world.open();
    const settle = () => settleIn(abort.signal);

    const outputs: Record<string, unknown> = {};
    const scope = {
      ...data,
      steps: outputs,
      participant,
      scenario: { id: scenario.id, start: new Date(scenario.startMs).toISOString() },
      ...(scenario.case ? { case: { ...scenario.case.values, start: scenario.case.start, index: scenario.case.index } } : {}),
    };
    const state = createScenarioState();
    // steps that were skipped, whose outputs a later step cannot have
    const skipped = new Set<string>();
    const contextFor = (step: RunnableStep): StepContext => ({
      scenarioId: scenario.id,
      stepId: step.id,
      covers: step.covers,
      clock: scenarioClock,
      journal: scoped,
      calendar,
      host,
      driver,
      settleMs: run.settleMs,
      settle,
      resolve: (v) => resolveRefs(v, scope, step.where),
      signal: abort.signal,
      control,
      state,
      ui: run.ui,
      mtls: run.prepared !== undefined,
      ...(step.children ? { children: step.children } : {}),
      // child steps of a structural step: the same machinery and stop rules, among themselves
      runSteps: async (children, { idPrefix }) => {
        const done: StepResult[] = [];
        let halted: Msg | undefined;
        for (const child of children) {
          const result = await runStep(child, { stopped: halted, make: () => contextFor(child), run, outputs, skipped, abort, reportId: `${idPrefix}.${child.id}` });
          done.push(result);
          if (!halted && (result.outcome === 'fail' || result.outcome === 'error')) halted = msg(result.outcome === 'fail' ? R.stepFailed : R.stepErrored, { step: result.id });
        }
        return done;
      },
    });
    let stopped: Msg | undefined;
    for (const step of scenario.steps) {
      const result = await runStep(step, { stopped, make: () => contextFor(step), run, outputs, skipped, abort });
      steps.push(result);
      for (const r of run.reporters) r.onStepEnd?.({ id: scenario.id }, result);
      if (!stopped && (result.outcome === 'fail' || result.outcome === 'error')) stopped = msg(result.outcome === 'fail' ? R.stepFailed : R.stepErrored, { step: step.id });
    }
    return finish(scenario, steps, run.wallTime() - t0);
  } catch (err) {
    const e = toPolihonError(err);
    const crashed = !run.sut.alive();
    const m = crashed ? msg(R.participantExit, { reason: exitReasonMsg(run.sut.exitReason()) }) : errorMsg(e);
    return {
      ...finish(scenario, steps, run.wallTime() - t0),
      outcome: 'error',
      message: crashed ? render(m, 'en') : e.message,
      msg: m,
      errorCode: crashed ? 'E_SUT_CRASHED' : e.code,
    };
  } finally {
    clearTimeout(timer);
    await world.close();
  }
}

/**
 * A scenario's real-time limit. It catches a participant that hangs. A participant without `GET /wake` is given
 * one settle window per virtual hour walked, so the limit grows with `--settle`: 250 windows, more than a week of
 * hours, and never less than a minute.
 */
export function scenarioLimitMs(run: { scenarioTimeoutMs?: number; settleMs: number }): number {
  return run.scenarioTimeoutMs ?? Math.max(60_000, 250 * run.settleMs);
}

function finish(scenario: LoadedScenario, steps: StepResult[], wallMs: number): ScenarioResult {
  const outcome = rollUp(steps.map((s) => s.outcome));
  const firstBad = steps.find((s) => s.outcome === 'error') ?? steps.find((s) => s.outcome === 'fail');
  return {
    id: scenario.id,
    file: scenario.file,
    title: scenario.title,
    role: scenario.role,
    covers: scenario.covers,
    ...(scenario.case ? { case: scenario.case } : {}),
    outcome,
    ...(firstBad ? scenarioReason(firstBad) : {}),
    ...(firstBad?.errorCode ? { errorCode: firstBad.errorCode } : {}),
    steps,
    wallMs,
  };
}

/**
 * How the participant's process ended, in the reader's language: the launchers say it in English
 * ('exited with code 1', 'exited with signal SIGKILL', 'spawn failed: …'); anything else stays as it came.
 */
export function exitReasonMsg(reason: string | undefined): Msg | string {
  const text = String(reason);
  const m = /^exited with (?:code (\S+)|signal (\S+))$/.exec(text);
  if (m?.[1] !== undefined) return msg(R.exitedCode, { code: m[1] });
  if (m?.[2] !== undefined) return msg(R.exitedSignal, { signal: m[2] });
  const spawn = /^spawn failed: ([\s\S]*)$/.exec(text);
  return spawn ? msg(R.spawnFailed, { reason: spawn[1]! }) : text;
}

/** A scenario's reason: its first bad step's id and message. */
function scenarioReason(step: StepResult): { message: string; msg: Msg } {
  const reason = step.msg ?? step.message ?? msg(step.outcome === 'fail' ? R.outcomeFail : R.outcomeError);
  const m = msg(R.scenarioStep, { step: step.id, message: reason });
  return { message: render(m, 'en'), msg: m };
}

/**
 * Runs one step (or one child of a structural step) under the stop rules. `reportId`: the id reports show, when it
 * is not the step's own (a child of `repeat`: '<parent>.<n>.<child>'); outputs stay under the step's own id.
 */
async function runStep(
  step: RunnableStep,
  args: {
    stopped: Msg | undefined;
    make: () => StepContext;
    run: ScenarioRunContext;
    outputs: Record<string, unknown>;
    skipped: Set<string>;
    abort: AbortController;
    reportId?: string;
  },
): Promise<StepResult> {
  const ctx = args.make();
  const vStart = new Date(ctx.clock.now()).toISOString();
  const w0 = performance.now();
  const base = { id: args.reportId ?? step.id, type: step.type, title: step.title, titles: step.titles, covers: step.covers, where: step.where };
  // a step that needs a skipped step's outputs (a `ui` step's, under --no-browser) is skipped with it, not an error
  const needs = referencesIn(step.fields).map((r) => r.split('.')).find(([head, id]) => head === 'steps' && args.skipped.has(id ?? ''))?.[1];
  const reason = args.stopped && !step.always ? args.stopped : needs !== undefined ? msg(R.needsSkipped, { step: needs }) : undefined;
  if (reason) {
    const skipped = msg(R.skipped, { reason });
    if (needs !== undefined) args.skipped.add(step.id);
    return { ...base, outcome: 'skip', message: render(skipped, 'en'), msg: skipped, virtualStart: vStart, virtualEnd: vStart, wallMs: 0, assertions: [], journalRefs: [] };
  }
  let outcome: Outcome;
  let assertions: AssertionResult[] = [];
  let message: Msg | undefined;
  let errorCode: string | undefined;
  let hint: Msg | string | undefined;
  // an error's own English text, which `message` keeps as it was (the carried one may add its code's title)
  let plain: string | undefined;
  let journalRefs: number[] = [];
  let artefacts: Artefact[] = [];
  let children: StepResult[] | undefined;
  try {
    const out = await step.def.run(step.fields, ctx);
    assertions = out.assertions;
    journalRefs = out.journalRefs ?? [];
    artefacts = (out.artefacts ?? []).map((a) => keepArtefact(a, args.run.kept));
    children = out.children;
    if (out.outputs) args.outputs[step.id] = out.outputs;
    outcome = assertions.length ? rollUp(assertions.map((a) => a.outcome)) : 'pass';
    if (outcome === 'skip') args.skipped.add(step.id);
    const failed = assertions.find((a) => a.outcome === 'fail');
    const joined = joinMsgs(assertions.flatMap((a) => (a.msg ? [a.msg] : [])));
    message = failed ? failed.msg : (out.msg ?? (typeof joined === 'string' ? undefined : joined));
  } catch (err) {
    const e = toPolihonError(err);
    outcome = 'error';
    message = errorMsg(e);
    plain = e.message;
    errorCode = e.code;
    hint = e.hintMsg ?? e.hint;
  }
  if (args.abort.signal.aborted) {
    outcome = 'error';
    errorCode = 'E_STEP_TIMEOUT';
    message = msg(R.timedOut, { ms: scenarioLimitMs(args.run) });
    plain = undefined;
  }
  // a participant that died makes the verdict unknowable: that is `error`, never `fail`. When it stopped
  // answering, give its exit a moment to be noticed, so a crash is named as one.
  if (errorCode === 'E_SUT_UNREACHABLE' || errorCode === 'E_DRIVER') await args.run.sut.waitExit(500);
  if (!args.run.sut.alive()) {
    outcome = 'error';
    errorCode = 'E_SUT_CRASHED';
    const reason = exitReasonMsg(args.run.sut.exitReason());
    const said = message;
    message = said ? msg(R.participantExitStep, { reason, message: said }) : msg(R.participantExit, { reason });
    // the English text quotes the step's error as it came, as `message` always has
    plain = said && plain !== undefined ? render(msg(R.participantExitStep, { reason, message: plain }), 'en') : undefined;
    hint = msg(R.lastOutput, { log: args.run.sut.logTail() });
    assertions = assertions.map((a) => (a.outcome === 'fail' ? { ...a, outcome: 'error' as const } : a));
  }
  return {
    ...base,
    outcome,
    ...(message ? { message: plain ?? render(message, 'en'), msg: message } : {}),
    ...(errorCode ? { errorCode } : {}),
    ...(typeof hint === 'string' ? { hint } : hint ? { hint: render(hint, 'en'), hintMsg: hint } : {}),
    virtualStart: vStart,
    virtualEnd: new Date(ctx.clock.now()).toISOString(),
    wallMs: Math.round(performance.now() - w0),
    assertions,
    journalRefs,
    ...(artefacts.length ? { artefacts } : {}),
    ...(children ? { steps: children } : {}),
  };
}

