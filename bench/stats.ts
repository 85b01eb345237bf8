// Pure helpers of the benchmark: a latency histogram finer than autocannon's 1 ms one, validity checks, the rate
// search, ratios and plain-text tables. No I/O here, so bench.test.ts can check all of it quickly.

// ---------------------------------------------------------------------------------------------------------
// Latency histogram

/**
 * Latencies in ms, bucketed at 0.01 ms up to 10 ms, 0.1 ms up to 100 ms and 1 ms up to 60 s (beyond: the last
 * bucket). A percentile is the upper edge of the bucket it falls in, so it never understates a latency.
 */
export interface LatencyHistogram {
  record(ms: number): void;
  readonly count: number;
  readonly max: number;
  readonly mean: number;
  /** p in 0..100; NaN when empty */
  percentile(p: number): number;
}

const BANDS = [
  { upTo: 10, step: 0.01 },
  { upTo: 100, step: 0.1 },
  { upTo: 60_000, step: 1 },
] as const;

export function createLatencyHistogram(): LatencyHistogram {
  const edges: number[] = [];
  let from = 0;
  for (const band of BANDS) {
    const n = Math.round((band.upTo - from) / band.step);
    for (let i = 1; i <= n; i++) edges.push(Number((from + i * band.step).toFixed(2)));
    from = band.upTo;
  }
  const counts = new Uint32Array(edges.length);
  let count = 0;
  let sum = 0;
  let max = 0;
  const bucketOf = (ms: number): number => {
    if (ms <= 10) return Math.max(0, Math.ceil(ms / 0.01 - 1e-9) - 1);
    if (ms <= 100) return 1000 + Math.ceil((ms - 10) / 0.1 - 1e-9) - 1;
    if (ms <= 60_000) return 1900 + Math.ceil(ms - 100 - 1e-9) - 1;
    return edges.length - 1;
  };
  return {
    record(ms) {
      if (!Number.isFinite(ms) || ms < 0) return;
      counts[bucketOf(ms)]! += 1;
      count += 1;
      sum += ms;
      if (ms > max) max = ms;
    },
    get count() {
      return count;
    },
    get max() {
      return max;
    },
    get mean() {
      return count === 0 ? NaN : sum / count;
    },
    percentile(p) {
      if (count === 0) return NaN;
      const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * count));
      let seen = 0;
      for (let i = 0; i < counts.length; i++) {
        seen += counts[i]!;
        if (seen >= rank) return Math.min(edges[i]!, max);
      }
      return max;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Validity

export interface RunCounts {
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  responses: number;
  /** answers whose body was wrong (a SOAP fault, another message's answer), by kind */
  answerProblems?: Record<string, number>;
}

/**
 * Why a run cannot be used, or [] when it can: every response must carry `expectedStatus` (the simulator's 201
 * for a new, valid act) and, where bodies are checked, the right body; no connection errors or timeouts; and there
 * must be responses at all.
 */
export function invalidity(run: RunCounts, expectedStatus: number): string[] {
  const problems: string[] = [];
  if (run.responses === 0) problems.push('no responses at all');
  const other = Object.entries(run.statusCounts).filter(([code, n]) => Number(code) !== expectedStatus && n > 0);
  if (other.length > 0) {
    const bad = other.reduce((n, [, c]) => n + c, 0);
    problems.push(`${bad} of ${run.responses} responses were not ${expectedStatus}: ${other.map(([code, n]) => `${n} × ${code}`).join(', ')}`);
  }
  const wrong = Object.entries(run.answerProblems ?? {}).filter(([, n]) => n > 0);
  if (wrong.length > 0) {
    const bad = wrong.reduce((n, [, c]) => n + c, 0);
    problems.push(`${bad} of ${run.responses} answers were wrong: ${wrong.map(([kind, n]) => `${n} × ${kind}`).join(', ')}`);
  }
  if (run.errors > 0) problems.push(`${run.errors} connection errors`);
  if (run.timeouts > 0) problems.push(`${run.timeouts} timeouts`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// The rate search

export interface RateStep {
  rate: number;
  achieved: number;
  p99: number;
  passed: boolean;
}

export interface RateCriteria {
  /** p99 must be below this, ms */
  p99BelowMs: number;
  /** the achieved rate must reach this share of the asked one */
  minAchievedShare: number;
}

export const RATE_CRITERIA: RateCriteria = Object.freeze({ p99BelowMs: 50, minAchievedShare: 0.97 });

export function sustains(step: Omit<RateStep, 'passed'>, criteria: RateCriteria = RATE_CRITERIA): boolean {
  return step.p99 < criteria.p99BelowMs && step.achieved >= step.rate * criteria.minAchievedShare;
}

/**
 * Bisection for the highest sustained rate in (0, ceiling]: the ceiling is the full-speed throughput, which no
 * fixed rate can beat. Each step halves the bracket [highest passed, lowest failed]; after n steps the bracket is
 * ceiling / 2^n wide. Returns the next rate to try, or undefined once `steps` rates were tried.
 */
export function nextRate(ceiling: number, history: readonly RateStep[], steps: number): number | undefined {
  if (history.length >= steps || !(ceiling > 0)) return undefined;
  const { lo, hi } = bracket(ceiling, history);
  return Math.max(1, Math.round((lo + hi) / 2));
}

export function bracket(ceiling: number, history: readonly RateStep[]): { lo: number; hi: number } {
  let lo = 0;
  let hi = ceiling;
  for (const s of history) {
    if (s.passed) lo = Math.max(lo, s.rate);
    else hi = Math.min(hi, s.rate);
  }
  return { lo, hi };
}

export interface RateSearchResult {
  /** the highest rate that passed, or undefined when none did */
  sustained: number | undefined;
  /** the lowest rate that failed, or undefined when none did */
  failedAt: number | undefined;
  steps: RateStep[];
}

export function rateSearchResult(history: readonly RateStep[]): RateSearchResult {
  const passed = history.filter((s) => s.passed).map((s) => s.rate);
  const failed = history.filter((s) => !s.passed).map((s) => s.rate);
  return {
    sustained: passed.length ? Math.max(...passed) : undefined,
    failedAt: failed.length ? Math.min(...failed) : undefined,
    steps: [...history],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** a / b, or undefined when either is missing or b is 0 */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}

/** 0.0523 -> '0.052', 1.5 -> '1.50', 12.3 -> '12.3'; '—' when undefined */
export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  if (r >= 10) return r.toFixed(1);
  if (r >= 0.1) return r.toFixed(2);
  return r.toPrecision(2);
}

/** ms with a precision that fits the size: 0.42, 3.1, 48, 1204 */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return String(Math.round(ms));
}

/** a difference of latencies: '+3.1', '-0.42', '+48'; '—' when undefined */
export function formatSignedMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return `${ms < 0 ? '-' : '+'}${formatMs(Math.abs(ms))}`;
}

/** requests per second, rounded to a whole number with thousands separated by a thin space-free comma */
export function formatRate(rps: number | undefined): string {
  if (rps === undefined || !Number.isFinite(rps)) return '—';
  return Math.round(rps).toLocaleString('en-US');
}

export function formatPercent(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)} %`;
}

export function formatMiB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

/** A plain-text table: the first column left-aligned, the others right-aligned; also valid Markdown. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (cells: readonly string[]) => `| ${header.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
