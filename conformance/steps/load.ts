// `load`: a load phase inside a scenario, and the loader of standalone profile files (load/profiles/*.yaml) with
// every problem at file:line:col. Each threshold of the profile becomes one assertion of the step; the whole load
// report is the step's artefact, which the runner puts into the run's reports (report.json `load`, load.json).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PolihonError, type PolihonIssue } from '../../core/errors.ts';
import { runEmbedded } from '../../load/engines/embedded.ts';
import { formatMs } from '../../load/executors/types.ts';
import { loadProfileSchema, resolveProfile, validateProfile, type LoadProfile, type ProfileIssue, type ResolveOptions, type ResolvedProfile } from '../../load/profile.ts';
import { buildLoadReport, type LoadReport } from '../../load/report.ts';
import { createDmsVerificationTarget } from '../../load/targets/dms-verification.ts';
import { createHttpTarget } from '../../load/targets/http.ts';
import { msg } from '../../core/i18n.ts';
import { S } from './messages.ts';
import { check, defineStep, title } from './types.ts';
import { capIssues, parseYamlLocated, readInputFile, type LocatedYaml } from '../yaml-located.ts';

/** polihon's version, for the load reports of steps (the CLI passes its own to standalone runs). */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A load step must end well inside the runner's real-time budget for a scenario (60 s). */
const STEP_MAX_MS = 45_000;

/** Turns profile issues into located ones; a threshold's problem points at its column inside the expression. */
export function locateProfileIssues(issues: readonly ProfileIssue[], src: LocatedYaml, text: string, prefix: readonly (string | number)[] = []): PolihonIssue[] {
  const lines = text.split('\n');
  return issues.map((i) => {
    let where = src.locate([...prefix, ...i.path], i.message.startsWith('unknown key'));
    if (i.offset !== undefined) {
      const m = /^(.*):(\d+):(\d+)$/.exec(where);
      if (m) {
        const line = lines[Number(m[2]) - 1] ?? '';
        const col = Number(m[3]);
        const quoted = line[col - 1] === '"' || line[col - 1] === "'";
        where = `${m[1]}:${m[2]}:${col + (quoted ? 1 : 0) + i.offset}`;
      }
    }
    return { where, message: i.message, ...(i.hint ? { hint: i.hint } : {}) };
  });
}

export interface LoadedProfileFile {
  file: string;
  resolved: ResolvedProfile;
}

/**
 * Reads and validates a profile file; throws one PolihonError (exit 2) listing every problem with file:line:col.
 * @example const { resolved } = readLoadProfile('load/profiles/dms-verification.yaml')
 */
export function readLoadProfile(path: string, options: ResolveOptions & { cwd?: string } = {}): LoadedProfileFile {
  const shown = relative(options.cwd ?? process.cwd(), path) || path;
  const text = readInputFile(path, { shown, notFoundHint: 'give a load profile file, e.g. load/profiles/dms-verification.yaml' });
  return parseLoadProfile(text, shown, options);
}

/** As readLoadProfile, from text. */
export function parseLoadProfile(text: string, file: string, options: ResolveOptions = {}): LoadedProfileFile {
  const src = parseYamlLocated(text, file);
  const v = validateProfile(src.value);
  if (!v.ok) {
    const details = capIssues(locateProfileIssues(v.issues, src, text), file);
    throw new PolihonError('E_SCENARIO_INVALID', `${details.length} problem${details.length > 1 ? 's' : ''} in the load profile; nothing was run`, { where: file, details });
  }
  const base = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  return { file, resolved: resolveProfile(v.profile, { ...options, name: options.name ?? base }) };
}

type LoadStep = { profile: LoadProfile };

export const loadStep = defineStep<LoadStep>({
  type: 'load',
  fields: { profile: loadProfileSchema },
  describe: (s) => title(msg(S.titleLoad, { summary: resolveProfile(s.profile).plan.summary })),
  check(s) {
    const plan = resolveProfile(s.profile).plan;
    if (plan.durationMs + plan.gracefulStopMs > STEP_MAX_MS) {
      return {
        field: 'profile',
        message: `a load step may take at most ${formatMs(STEP_MAX_MS)} with its gracefulStop; this one takes ${formatMs(plan.durationMs + plan.gracefulStopMs)}`,
        hint: 'scenarios run under a real-time budget; run longer load with `polihon load <profile> --sut <profile>`',
      };
    }
    return undefined;
  },
  async run(step, ctx) {
    const resolved = resolveProfile(step.profile, { name: ctx.stepId });
    const p = resolved.profile;
    const provider = ctx.host.endpoints['participant.provider'];
    const target = p.call
      ? await (() => {
          if (!provider) throw new PolihonError('E_PROFILE_INVALID', msg(S.noProvider), { hint: msg(S.noProviderHint) });
          return createDmsVerificationTarget({ providerUrl: provider, clock: ctx.clock, journal: ctx.journal, timeoutMs: resolved.timeoutMs, ...(p.people ? { people: p.people } : {}) });
        })()
      : createHttpTarget(p.http!, { maxSockets: resolved.plan.maxVUs, timeoutMs: resolved.timeoutMs });
    let report: LoadReport;
    try {
      const run = await runEmbedded(resolved, target, { signal: ctx.signal });
      report = buildLoadReport(resolved, run, { runId: `${ctx.scenarioId}.${ctx.stepId}`, toolVersion: VERSION, finishedAt: Date.now() });
    } finally {
      await target.close();
    }
    const assertions = report.thresholds.map((t) =>
      check(msg(S.thresholdLabel, { expression: t.expression }), t.ok, ctx.covers, {
        expected: t.expression,
        actual: t.observedText,
        msg: msg(S.thresholdMsg, { expression: t.expression, observed: t.observedText }),
      }),
    );
    return {
      assertions,
      msg: msg(S.loadSummary, { n: report.iterations.completed, rps: report.throughput.rps, p95: report.latency.p95, errors: report.errors.total }),
      outputs: { rps: report.throughput.rps, p95: report.latency.p95, p99: report.latency.p99, errors: report.errors.total, requests: report.iterations.completed },
      artefacts: [{ kind: 'load-report', name: resolved.name, report }],
    };
  },
});
