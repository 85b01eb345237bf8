// Load profiles: what to run (executor), what to call, with what data, judged by which thresholds. A profile
// validates itself (every problem with its path, unknown keys rejected) and plans its timeline before anything
// runs. Where the YAML came from is the caller's business: issues carry paths, the loader turns them into
// file:line:col (conformance/steps/load.ts).
import { z } from 'zod';
import { PolihonError } from '../core/errors.ts';
import { EXECUTORS, executorOf, type ExecutorConfig } from './executors/index.ts';
import { durationMs, durationText, formatMs, HARD_MAX_DURATION_MS, round, type FieldProblem, type Plan } from './executors/types.ts';
import { parseThreshold, ThresholdSyntaxError, type ThresholdAst } from './thresholds.ts';

/** Named calls through a simulator; the harness makes the simulator call the participant. */
export const LOAD_CALLS = {
  'dms.verification-request': {
    title: 'ДМС sends a verification request to the hromada registry (POST {provider}/verification-requests)',
    simulator: 'dms',
  },
} as const;
export type LoadCall = keyof typeof LOAD_CALLS;

/** The most requests one run may send, whatever the profile says. */
export const HARD_MAX_REQUESTS = 1_000_000;
export const DEFAULT_MAX_REQUESTS = 100_000;
export const DEFAULT_TIMEOUT = '10s';
export const DEFAULT_GRACEFUL_STOP = '5s';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/**
 * Whether a URL's host is on this machine: 127.0.0.0/8, ::1 or localhost. Names other than `localhost` are
 * refused without resolving them, so DNS can never send load elsewhere.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return Boolean(m && Number(m[1]) === 127 && m.slice(2).every((o) => Number(o) <= 255));
}

const LOOPBACK_HINT = 'load goes only to this machine: use http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT';

/** Throws E_USAGE (exit 2) unless `url` is on loopback; `what` names it in the message. */
export function assertLoopback(url: string, what: string): void {
  if (!isLoopbackUrl(url)) {
    throw new PolihonError('E_USAGE', `refusing to send load to ${what} ${url}: not a loopback address`, { hint: LOOPBACK_HINT });
  }
}

const thresholdText = z.string().superRefine((s, ctx) => {
  try {
    parseThreshold(s);
  } catch (err) {
    if (!(err instanceof ThresholdSyntaxError)) throw err;
    ctx.addIssue({ code: 'custom', message: `${err.message} (column ${err.offset + 1} of '${s}'); ${err.hint}`, params: { offset: err.offset } });
  }
});

const httpTarget = z.strictObject({
  method: z.enum(HTTP_METHODS).optional(),
  url: z.string().refine((u) => /^https?:\/\//.test(u) && URL.canParse(u), 'an http(s) URL').refine(isLoopbackUrl, LOOPBACK_HINT),
  headers: z.record(z.string(), z.string()).optional(),
  /** a string is sent as is; anything else as JSON */
  body: z.unknown().optional(),
});

/** Fields every profile has, whatever its executor. */
const commonFields = {
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').optional(),
  description: z.string().optional(),
  call: z.enum(Object.keys(LOAD_CALLS) as [LoadCall]).optional(),
  http: httpTarget.optional(),
  /** seeded synthetic persons fed to `call` iterations in turn */
  people: z.strictObject({ seed: z.number().int().nonnegative().optional(), count: z.number().int().min(1).max(100_000).optional() }).optional(),
  /** how long one request may take before it counts as a timeout */
  timeout: durationText.optional(),
  /** how long iterations still running at the end get to finish before they are interrupted */
  gracefulStop: durationText.optional(),
  /** stop starting iterations after this many (bounded by HARD_MAX_REQUESTS) */
  maxRequests: z.number().int().positive().max(HARD_MAX_REQUESTS).optional(),
  thresholds: z.array(thresholdText).optional(),
  tags: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'a tag name: letters, digits, _'), z.string()).optional(),
};

export type LoadProfile = ExecutorConfig & {
  name?: string;
  description?: string;
  call?: LoadCall;
  http?: { method?: (typeof HTTP_METHODS)[number]; url: string; headers?: Record<string, string>; body?: unknown };
  people?: { seed?: number; count?: number };
  timeout?: string;
  gracefulStop?: string;
  maxRequests?: number;
  thresholds?: string[];
  tags?: Record<string, string>;
};

function commonProblems(p: LoadProfile): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (p.call === undefined && p.http === undefined) problems.push({ path: ['call'], message: 'say what to call: `call: dms.verification-request` or `http: { url: ... }`' });
  if (p.call !== undefined && p.http !== undefined) problems.push({ path: ['http'], message: 'give either `call` or `http`, not both' });
  if (p.people !== undefined && p.call === undefined) problems.push({ path: ['people'], message: '`people` feeds a simulator `call`; a plain `http` target does not use it' });
  if (p.timeout !== undefined && durationMs(p.timeout) <= 0) problems.push({ path: ['timeout'], message: 'timeout must be longer than 0' });
  if (p.gracefulStop !== undefined && durationMs(p.gracefulStop) > 60_000) problems.push({ path: ['gracefulStop'], message: 'gracefulStop may be at most 1m' });
  return problems;
}

function branch(type: keyof typeof EXECUTORS) {
  const def = EXECUTORS[type];
  return z.strictObject({ executor: z.literal(type), ...commonFields, ...def.fields }).superRefine((value, ctx) => {
    const p = value as unknown as LoadProfile;
    for (const problem of [...(def.check as (c: LoadProfile) => FieldProblem[])(p), ...commonProblems(p)]) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, ...(problem.hint ? { params: { hint: problem.hint } } : {}) });
    }
  });
}

/** The whole profile: a discriminated union on `executor`, strict in every branch. */
export const loadProfileSchema = z.discriminatedUnion(
  'executor',
  (Object.keys(EXECUTORS) as (keyof typeof EXECUTORS)[]).map(branch) as unknown as [ReturnType<typeof branch>, ...ReturnType<typeof branch>[]],
  { error: () => `executor must be one of ${Object.keys(EXECUTORS).join(', ')}` },
);

export interface ProfileIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** for a threshold: where in the expression the problem is (0-based) */
  offset?: number;
}

/** Validates a parsed YAML/JSON value; returns every problem rather than the first. */
export function validateProfile(value: unknown): { ok: true; profile: LoadProfile } | { ok: false; issues: ProfileIssue[] } {
  // a missing field is told as such; zod's own words name only the type it expected
  const required = (i: { code: string; message: string }) => i.code === 'invalid_type' && /received undefined/.test(i.message);
  const parsed = loadProfileSchema.safeParse(value);
  if (parsed.success) return { ok: true, profile: parsed.data as unknown as LoadProfile };
  const issues: ProfileIssue[] = [];
  for (const i of parsed.error.issues) {
    const params = (i as { params?: { offset?: number; hint?: string } }).params;
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) issues.push({ path: [...(i.path as (string | number)[]), k], message: `unknown key '${k}'`, hint: 'remove it or fix its spelling; unknown keys are rejected so typos cannot pass silently' });
      continue;
    }
    const path = i.path as (string | number)[];
    const custom = i.code === 'custom';
    issues.push({
      path,
      message: custom || path.length === 0 ? i.message : `${path.join('.')}: ${required(i) ? 'is required' : i.message}`,
      ...(params?.hint ? { hint: params.hint } : {}),
      ...(params?.offset !== undefined ? { offset: params.offset } : {}),
    });
  }
  return { ok: false, issues };
}

export interface ResolvedProfile {
  profile: LoadProfile;
  name: string;
  plan: Plan;
  thresholds: ThresholdAst[];
  timeoutMs: number;
  maxRequests: number;
  /** what each iteration does, in words */
  target: string;
}

export interface ResolveOptions {
  /** a name for unnamed profiles (the file's base name, the step id) */
  name?: string;
  /** `--max-duration`: cuts the run shorter than the profile asks (never longer than the hard cap) */
  maxDurationMs?: number;
  /** `--max-requests`: as maxRequests, the lower wins */
  maxRequests?: number;
}

/** A valid profile with its plan, parsed thresholds and effective bounds. */
export function resolveProfile(profile: LoadProfile, options: ResolveOptions = {}): ResolvedProfile {
  const gracefulStopMs = durationMs(profile.gracefulStop ?? DEFAULT_GRACEFUL_STOP);
  const plan = executorOf(profile).plan(profile, gracefulStopMs);
  const cap = Math.min(options.maxDurationMs ?? HARD_MAX_DURATION_MS, HARD_MAX_DURATION_MS);
  if (plan.durationMs > cap) plan.summary += ` (cut to ${formatMs(cap)} by --max-duration)`;
  const limited = cap < plan.durationMs ? cutPlan(plan, cap) : plan;
  return {
    profile,
    name: profile.name ?? options.name ?? 'load',
    plan: limited,
    thresholds: (profile.thresholds ?? []).map((t) => parseThreshold(t)),
    timeoutMs: durationMs(profile.timeout ?? DEFAULT_TIMEOUT),
    maxRequests: Math.min(profile.maxRequests ?? DEFAULT_MAX_REQUESTS, options.maxRequests ?? HARD_MAX_REQUESTS, HARD_MAX_REQUESTS),
    target: profile.call ? `${profile.call}: ${LOAD_CALLS[profile.call].title}` : `${profile.http?.method ?? 'GET'} ${profile.http?.url}`,
  };
}

function cutPlan(plan: Plan, cap: number): Plan {
  const segments = plan.segments
    .filter((s) => s.fromMs < cap)
    .map((s) => {
      if (s.toMs <= cap) return s;
      if (s.kind === 'vus') return { ...s, toMs: cap };
      const f = (cap - s.fromMs) / (s.toMs - s.fromMs);
      return { ...s, toMs: cap, endRate: s.startRate + (s.endRate - s.startRate) * f };
    });
  const planned = plan.plannedIterations === undefined ? undefined : Math.floor(segments.reduce((n, s) => n + (s.kind === 'arrival-rate' ? ((s.startRate + s.endRate) / 2) * ((s.toMs - s.fromMs) / 1000) : 0), 0));
  return { ...plan, durationMs: cap, segments, plannedIterations: planned };
}

/** The plan in words, one line per segment, for `polihon load --plan` and the report. */
export function describePlan(r: ResolvedProfile): string[] {
  const lines = [`profile ${r.name}: ${r.plan.summary}`, `target: ${r.target}`];
  for (const s of r.plan.segments) {
    const span = `${formatMs(Math.round(s.fromMs))} → ${formatMs(Math.round(s.toMs))}`;
    lines.push(s.kind === 'vus' ? `  ${span}: ${s.vus} VUs looping` : s.startRate === s.endRate ? `  ${span}: ${round(s.startRate, 2)} iter/s` : `  ${span}: ${round(s.startRate, 2)} → ${round(s.endRate, 2)} iter/s`);
  }
  lines.push(`then up to ${formatMs(r.plan.gracefulStopMs)} for iterations in flight (gracefulStop); request timeout ${formatMs(r.timeoutMs)}`);
  if (r.plan.plannedIterations !== undefined) lines.push(`planned iterations: ${r.plan.plannedIterations}${r.plan.plannedIterations > r.maxRequests ? ` — more than maxRequests ${r.maxRequests}: the run stops there` : ''}`);
  lines.push(`bounds: at most ${r.maxRequests} requests, ${formatMs(r.plan.durationMs + r.plan.gracefulStopMs)} in all`);
  lines.push(r.thresholds.length ? `thresholds: ${r.thresholds.map((t) => t.text).join(' · ')}` : 'thresholds: none (the run cannot fail)');
  return lines;
}

