// Section 6 of `npm run bench` (issue 4 item 6): each load engine's generating capacity against the bare node:http
// server — polihon's embedded engine (load/engines/embedded.ts with its `http` target, driven as `polihon load`
// drives it) beside autocannon, measured the same way: full speed with 50 connections / VUs, then the rate search
// with the same criteria, the same body (one fixed act) and the same target. Both run in this process. k6 is not run
// here (docs/decisions/0004-load-engines.md).
import { runEmbedded } from '../load/engines/embedded.ts';
import { HARD_MAX_REQUESTS, resolveProfile, validateProfile } from '../load/profile.ts';
import { createHttpTarget } from '../load/targets/http.ts';
import { out } from './common.ts';
import { LOAD_SETTINGS, startCpuSample, type Measurement } from './load.ts';
import type { Target } from './process.ts';
import { formatMs, formatPercent, formatRate, formatRatio, formatTable, RATE_CRITERIA, ratio, type RateSearchResult } from './stats.ts';

export interface EngineRunOptions {
  target: Target;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  durationS: number;
  /** iterations per second (constant-arrival-rate); full speed (constant-vus) when undefined */
  rate?: number;
  /** VUs, and the sockets of the http target's keep-alive pool: as many as autocannon's connections */
  vus: number;
  timeoutS: number;
}

/** The profile `polihon load` would run for these options: constant-vus at full speed, constant-arrival-rate paced. */
export function engineProfile(o: Omit<EngineRunOptions, 'target'> & { url: string }): unknown {
  const common = {
    name: 'bench-generator',
    http: { method: o.method, url: `${o.url}${o.path}`, headers: o.headers, body: o.body },
    timeout: `${o.timeoutS}s`,
    gracefulStop: '2s',
    maxRequests: HARD_MAX_REQUESTS,
  };
  return o.rate === undefined
    ? { executor: 'constant-vus', vus: o.vus, duration: `${o.durationS}s`, ...common }
    : { executor: 'constant-arrival-rate', rate: o.rate, timeUnit: '1s', duration: `${o.durationS}s`, preAllocatedVUs: o.vus, maxVUs: o.vus, ...common };
}

/** One run of the embedded engine, as a Measurement (no status counts: any status ≥ 400 is an error to the engine). */
export async function measureEngine(o: EngineRunOptions): Promise<Measurement> {
  const validated = validateProfile(engineProfile({ ...o, url: o.target.url }));
  if (!validated.ok) throw new Error(`the bench's load profile is invalid: ${validated.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const resolved = resolveProfile(validated.profile);
  const http = createHttpTarget(validated.profile.http!, { maxSockets: o.vus, timeoutMs: o.timeoutS * 1000 });
  const sample = startCpuSample(o.target);
  let run;
  try {
    run = await runEmbedded(resolved, http);
  } finally {
    await http.close();
  }
  const { cpu } = sample();
  const c = run.collector;
  const errors = Object.values(c.errors).reduce((n, e) => n + e, 0);
  const completed = c.counters.completed;
  const windowS = run.activeMs / 1000;
  return {
    target: o.target.name,
    ...(o.rate === undefined ? {} : { rate: Math.round(o.rate) }),
    durationS: windowS,
    responses: completed,
    rps: completed / windowS,
    latency: { p50: c.latency.percentile(50), p90: c.latency.percentile(90), p99: c.latency.percentile(99), max: c.latency.max, mean: c.latency.mean },
    statusCounts: {},
    errors,
    timeouts: c.errors.timeout,
    non2xx: c.errors.http4xx + c.errors.http5xx,
    bytesPerResponse: 0,
    cpu,
    targetRss: o.target.rssBytes(),
    dropped: c.counters.dropped,
  };
}

export interface EngineCapacity {
  label: string;
  fullSpeed: Measurement;
  search: RateSearchResult;
  searchRuns: Measurement[];
}

/** The engines' table, the ratio, and why k6 has no row. */
export function printEngines(engines: { autocannon: EngineCapacity; embedded: EngineCapacity }, plan: { measureS: number; rateSteps: number; rateStepS: number }, body: string): void {
  const { autocannon, embedded } = engines;
  out(
    `6. Load engines' generating capacity against the bare node:http server (each in this process; one fixed act of ${Buffer.byteLength(body)} B, POST; ` +
      `${LOAD_SETTINGS.connections} connections / VUs; full speed ${plan.measureS} s, then the rate search of section 2: p99 < ${RATE_CRITERIA.p99BelowMs} ms, ` +
      `achieved ≥ ${Math.round(RATE_CRITERIA.minAchievedShare * 100)} %, ${plan.rateSteps} × ${plan.rateStepS} s)`,
  );
  out();
  out(
    formatTable(
      ['engine', 'full speed req/s', 'p99 there ms', 'CPU generator', 'CPU target', 'sustained req/s', 'first failed at', 'CPU others (max)', 'steps: req/s asked → achieved, p99 ms'],
      [autocannon, embedded].map((e) => [
        e.label,
        formatRate(e.fullSpeed.rps),
        formatMs(e.fullSpeed.latency.p99),
        formatPercent(e.fullSpeed.cpu.generator),
        formatPercent(e.fullSpeed.cpu.target),
        e.search.sustained === undefined ? `< ${formatRate(e.search.failedAt)}` : formatRate(e.search.sustained),
        e.search.failedAt === undefined ? '—' : formatRate(e.search.failedAt),
        formatPercent(Math.max(e.fullSpeed.cpu.others ?? 0, ...e.searchRuns.map((m) => m.cpu.others ?? 0))),
        e.search.steps
          .map((s, i) => {
            const dropped = e.searchRuns[i]?.dropped;
            return `${formatRate(s.rate)}→${formatRate(s.achieved)} ${formatMs(s.p99)}${dropped ? ` (${formatRate(dropped)} dropped)` : ''} ${s.passed ? '✓' : '✗'}`;
          })
          .join(', '),
      ]),
    ),
  );
  out();
  out(
    `RATIO generating capacity embedded / autocannon: sustained rate ${formatRatio(ratio(embedded.search.sustained, autocannon.search.sustained))}` +
      ` · full speed ${formatRatio(ratio(embedded.fullSpeed.rps, autocannon.fullSpeed.rps))}`,
  );
  out(
    'k6: not run. This workplace does not install, build or run k6 (AGPL; docs/decisions/0004-load-engines.md); `polihon load <profile> --emit k6` ' +
      'writes the script for a machine that has it, where its capacity can be measured against the same server.',
  );
  out(
    'The embedded engine: constant-vus (full speed) and constant-arrival-rate (rate steps, preAllocatedVUs = maxVUs; an iteration due while every VU is busy is dropped), ' +
      "node:http keep-alive pool; any status ≥ 400, network error or timeout is an error and makes the run invalid. autocannon: the bench's own pacer (section 2).",
  );
  out();
}
