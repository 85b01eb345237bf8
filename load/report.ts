// load.json: the machine-readable load report, versioned. Readers check `schemaVersion` and refuse what they do
// not know. `engine` comes first, so the first line of the file names the engine that ran.
import type { EngineRun } from './engines/embedded.ts';
import type { Plan, PlanSegment } from './executors/types.ts';
import { ERROR_KINDS, round, type ErrorKind, type Histogram, type SecondBucket } from './metrics.ts';
import type { ResolvedProfile } from './profile.ts';
import { evaluate, type ThresholdVerdict } from './thresholds.ts';
import type { MemoryReport } from './soak.ts';
import { judgeLimits, limitingSide, timingSensitive, type HarnessMeasure, type LimitFinding, type LimitSide, type StartLag } from './limits.ts';
import { EXIT } from '../core/errors.ts';
import { render, t, type Lang } from '../core/i18n.ts';
import { M } from './messages.ts';

/** 1.1 added `harness`, `limits` and the outcome 'inconclusive' (a failure the harness, not the participant, caused). */
export const LOAD_REPORT_SCHEMA_VERSION = '1.1';
export const LOAD_REPORT_FILE = 'load.json';

/** Where the embedded engine's semantics differ from k6's (docs/decisions/0004-load-engines.md). */
export const EMBEDDED_DIFFERENCES = [
  'VUs are async loops in one Node process, not goroutines running JS: a VU is allocated at once when one is needed (k6 initialises it in the background and may drop the iteration meanwhile).',
  'rps is completed requests over the executor window (the plan\'s duration, or until a stop), not over the whole test including gracefulStop as k6 http_reqs rate is.',
  'Latency is the whole iteration (request sent to body read); k6 http_req_duration leaves out connecting and blocked time.',
  'Percentiles come from a log-linear histogram (to the microsecond below 128 µs, under 1 % relative error above); k6 keeps every sample.',
  'Iterations cut at the end of gracefulStop are counted as interrupted, not as requests or errors (as k6 does); no setup/teardown.',
] as const;

export interface LatencySummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface LoadReport {
  /** first: the engine that ran, and why that one */
  engine: { name: 'embedded'; version: string; note: string; differencesFromK6: readonly string[] };
  schemaVersion: typeof LOAD_REPORT_SCHEMA_VERSION;
  tool: { name: 'polihon'; version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    wallMs: number;
    /** the executor window: the plan's duration, or until the run was stopped */
    activeMs: number;
    stoppedBy: EngineRun['stoppedBy'];
    /**
     * 'pass' when every threshold held; 'fail' when one did not; 'inconclusive' when thresholds failed but the
     * generator, the simulator or the machine was the limit (limits), exit 3; 'error' when the run itself broke
     */
    outcome: 'pass' | 'fail' | 'inconclusive' | 'error';
    exitCode: number;
    message?: string;
  };
  profile: {
    name: string;
    file?: string;
    executor: string;
    target: string;
    summary: string;
    thresholds: string[];
    /** the profile as given, for the record */
    source: unknown;
  };
  timeline: { durationMs: number; gracefulStopMs: number; plannedIterations: number | null; preAllocatedVUs: number; maxVUs: number; segments: PlanSegment[] };
  iterations: { started: number; completed: number; dropped: number; interrupted: number; vusMax: number; startLag?: StartLag };
  throughput: { bucketMs: 1000; rps: number; series: SecondBucket[] };
  latency: LatencySummary & { unit: 'ms'; histogram: { fromMs: number; toMs: number; count: number }[] };
  /** for simulator calls: the simulator's own time and the participant's, apart */
  split?: { simulator: LatencySummary; participant: LatencySummary };
  errors: { total: number; rate: number; byKind: Record<ErrorKind, number>; samples: { kind: ErrorKind; message: string; count: number }[] };
  thresholds: ThresholdVerdict[];
  /** polihon's own process and the machine over the run, and how late iterations started (arrival-rate) */
  harness?: HarnessMeasure;
  /** the rules of load/limits.ts that fired: a side other than the participant that was the limit */
  limits: {
    side?: LimitSide;
    findings: LimitFinding[];
    /** failed thresholds that fail on the participant's account whatever the harness did (errors other than timeouts) */
    firmFailures: string[];
  };
  memory?: MemoryReport;
}

/** load.json for the first load run of a report, load-2.json, load-3.json, … for the others. */
export function loadReportFile(index: number): string {
  return index === 0 ? LOAD_REPORT_FILE : LOAD_REPORT_FILE.replace('.json', `-${index + 1}.json`);
}

/** The report as load.json holds it: `engine` is the first key, so the file's first lines name the engine. */
export function loadReportJson(r: LoadReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export function summarize(h: Histogram): LatencySummary {
  return {
    count: h.count,
    min: round(h.count ? h.min : 0),
    max: round(h.max),
    mean: round(h.mean),
    p50: round(h.percentile(50)),
    p90: round(h.percentile(90)),
    p95: round(h.percentile(95)),
    p99: round(h.percentile(99)),
  };
}

export interface BuildOptions {
  runId: string;
  toolVersion: string;
  file?: string;
  memory?: MemoryReport;
  /** from startHarnessMonitor() around the run */
  harness?: HarnessMeasure;
  finishedAt: number;
}

/** The report of one engine run, thresholds judged. */
export function buildLoadReport(resolved: ResolvedProfile, run: EngineRun, options: BuildOptions): LoadReport {
  const c = run.collector;
  const metrics = c.thresholdMetrics(run.activeMs);
  const verdicts = resolved.thresholds.map((t) => evaluate(t, metrics));
  const failed = verdicts.some((v) => !v.ok);
  const startLag: StartLag | undefined = c.lag.count > 0 ? { p50: round(c.lag.percentile(50)), p99: round(c.lag.percentile(99)), max: round(c.lag.max) } : undefined;
  const split = c.participant.count > 0 ? { simulator: summarize(c.simulator), participant: summarize(c.participant) } : undefined;
  const findings = judgeLimits({ ...(options.harness ? { harness: options.harness } : {}), ...(startLag ? { startLag } : {}), ...(split ? { split } : {}) });
  // inconclusive only when every failed threshold is one the harness may have caused
  const firmFailures = resolved.thresholds.filter((ast, i) => !verdicts[i]!.ok && !timingSensitive(ast, metrics)).map((ast) => ast.text);
  const outcome: LoadReport['run']['outcome'] = !failed ? 'pass' : findings.length > 0 && firmFailures.length === 0 ? 'inconclusive' : 'fail';
  const side = limitingSide(findings);
  const plan: Plan = resolved.plan;
  const errorsTotal = ERROR_KINDS.reduce((n, k) => n + c.errors[k], 0);
  return {
    engine: {
      name: 'embedded',
      version: options.toolVersion,
      note: 'engine: embedded (polihon). k6 is not run here: it is AGPL-licensed and this workplace does not use it; `polihon load --emit k6` writes the same profile as a k6 script for machines that have k6.',
      differencesFromK6: EMBEDDED_DIFFERENCES,
    },
    schemaVersion: LOAD_REPORT_SCHEMA_VERSION,
    tool: { name: 'polihon', version: options.toolVersion },
    run: {
      id: options.runId,
      startedAt: new Date(run.startedAt).toISOString(),
      finishedAt: new Date(options.finishedAt).toISOString(),
      wallMs: Math.round(run.totalMs),
      activeMs: Math.round(run.activeMs),
      stoppedBy: run.stoppedBy,
      outcome,
      exitCode: outcome === 'pass' ? EXIT.ok : outcome === 'fail' ? EXIT.loadThresholds : EXIT.harnessError,
    },
    profile: {
      name: resolved.name,
      ...(options.file ? { file: options.file } : {}),
      executor: plan.executor,
      target: resolved.target,
      summary: plan.summary,
      thresholds: resolved.thresholds.map((t) => t.text),
      source: resolved.profile,
    },
    timeline: {
      durationMs: plan.durationMs,
      gracefulStopMs: plan.gracefulStopMs,
      plannedIterations: plan.plannedIterations ?? null,
      preAllocatedVUs: plan.preAllocatedVUs,
      maxVUs: plan.maxVUs,
      segments: plan.segments,
    },
    iterations: { ...c.counters, vusMax: run.vusMax, ...(startLag ? { startLag } : {}) },
    throughput: { bucketMs: 1000, rps: round(metrics.rps, 2), series: c.series() },
    latency: { unit: 'ms', ...summarize(c.latency), histogram: c.latency.buckets() },
    ...(split ? { split } : {}),
    errors: {
      total: errorsTotal,
      rate: c.counters.completed ? round(errorsTotal / c.counters.completed, 5) : 0,
      byKind: { ...c.errors },
      samples: c.errorSamples.map((s) => ({ ...s })),
    },
    thresholds: verdicts,
    ...(options.harness ? { harness: options.harness } : {}),
    limits: { ...(side ? { side } : {}), findings, firmFailures },
    ...(options.memory ? { memory: options.memory } : {}),
  };
}

/** Plain lines for a terminal: the engine first, then the figures, each threshold, who was the limit, the verdict. */
export function describeReport(r: LoadReport, lang: Lang = 'en'): string[] {
  const l = r.latency;
  const lines = [
    `engine: ${r.engine.name} (polihon ${r.engine.version}) — k6 not run here (AGPL; see docs/decisions/0004-load-engines.md)`,
    `profile ${r.profile.name}: ${r.profile.summary}`,
    `target: ${r.profile.target}`,
    `iterations: ${r.iterations.completed} completed, ${r.iterations.dropped} dropped, ${r.iterations.interrupted} interrupted; ${r.throughput.rps} req/s; up to ${r.iterations.vusMax} VUs; stopped: ${r.run.stoppedBy}`,
    `latency ms: p50 ${l.p50} · p90 ${l.p90} · p95 ${l.p95} · p99 ${l.p99} · max ${l.max} · avg ${l.mean}`,
  ];
  if (r.split) lines.push(`  simulator own p50 ${r.split.simulator.p50} · p99 ${r.split.simulator.p99}; participant p50 ${r.split.participant.p50} · p99 ${r.split.participant.p99}`);
  const kinds = ERROR_KINDS.filter((k) => r.errors.byKind[k] > 0).map((k) => `${k} ${r.errors.byKind[k]}`);
  lines.push(`errors: ${r.errors.total}${kinds.length ? ` (${kinds.join(', ')})` : ''}`);
  for (const s of r.errors.samples.slice(0, 3)) lines.push(`  ${s.kind} ×${s.count}: ${s.message}`);
  if (r.memory) lines.push(`memory: heapUsed slope ${r.memory.slopeMbPerMin.heapUsed} MB/min, rss slope ${r.memory.slopeMbPerMin.rss} MB/min over ${r.memory.samples.length} samples`);
  for (const th of r.thresholds) lines.push(`${th.ok ? '✓' : '✗'} ${th.expression}  (observed ${th.observedText})`);
  lines.push(...describeHarness(r, lang));
  lines.push(verdictLine(r, lang));
  return lines;
}

/** The harness figures and the limits that fired, one per line. */
export function describeHarness(r: LoadReport, lang: Lang): string[] {
  const out: string[] = [];
  const h = r.harness;
  if (h) {
    const machine = h.machineCpu === null ? t(M.machineUnknown, lang) : `${Math.round(h.machineCpu * 100)}%`;
    const unknown = t(M.machineUnknown, lang);
    out.push(
      t(M.harnessLine, lang, {
        cpu: h.processCpu,
        elu: Math.round(h.eventLoopUtilization * 100),
        lag: h.eventLoopDelayP99Ms,
        child: h.childrenCpu ?? unknown,
        others: h.othersCpu ?? unknown,
        machine,
        cores: h.cores,
      }),
    );
  }
  const lag = r.iterations.startLag;
  if (lag) out.push(t(M.startLagLine, lang, { p50: lag.p50, p99: lag.p99, max: lag.max }));
  if (r.limits.findings.length > 0) {
    out.push(t(M.limitsHeading, lang));
    for (const f of r.limits.findings) out.push(`  ! ${render(f.message, lang)}`);
  }
  return out;
}

/** The side's name in the reader's language. */
export function sideText(side: LimitSide, lang: Lang): string {
  return t(side === 'generator' ? M.sideGenerator : side === 'simulator' ? M.sideSimulator : M.sideMachine, lang);
}

/** The one verdict line: pass, fail (the participant's), inconclusive (the harness was the limit), or error. */
export function verdictLine(r: LoadReport, lang: Lang): string {
  const side = r.limits.side ? sideText(r.limits.side, lang) : undefined;
  switch (r.run.outcome) {
    case 'pass':
      return side ? t(M.verdictPassLimited, lang, { side }) : t(M.verdictPass, lang);
    case 'inconclusive':
      return t(M.verdictLimited, lang, { side: side ?? '?' });
    case 'fail': {
      if (!side) return t(M.verdictFail, lang);
      return t(M.verdictFailNoted, lang, { expr: r.limits.firmFailures.join(', '), side });
    }
    default:
      return t(M.verdictError, lang, { code: r.run.exitCode });
  }
}
