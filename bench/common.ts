// What the bench's sections share: where the repository is, how they print, how they fail (InvalidMeasurement
// makes `npm run bench` exit 1), how a node target process is started, and the bisection loop of the rate search.
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './load.ts';
import type { SpawnTargetOptions, Target } from './process.ts';
import { formatMiB, formatMs, formatPercent, formatRate, nextRate, rateSearchResult, sustains, type RateSearchResult, type RateStep } from './stats.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WORK_DIR = join(ROOT, '.polihon', 'bench');

/** A measurement that cannot be used (a wrong status, a fault, an error): the bench stops and exits 1. */
export class InvalidMeasurement extends Error {}

/** the report, on stdout */
export const out = (line = '') => process.stdout.write(`${line}\n`);
/** progress, on stderr */
export const progress = (line: string) => process.stderr.write(`  · ${line}\n`);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A bench/targets/*.ts child run by this node with tsx; it prints {"url": ...} once it listens. `nodeArgs` go to
 * node itself (e.g. --cpu-prof).
 */
export function nodeTarget(name: string, file: string, args: string[] = [], nodeArgs: string[] = []): SpawnTargetOptions {
  return {
    name,
    command: process.execPath,
    args: [...nodeArgs, '--import', 'tsx', join(ROOT, file), ...args],
    cwd: ROOT,
    ready: (line: string) => {
      try {
        const url = (JSON.parse(line) as { url?: unknown }).url;
        return typeof url === 'string' ? url : undefined;
      } catch {
        return undefined;
      }
    },
    timeoutMs: 30_000,
  };
}

/**
 * The rate search (stats.ts nextRate): `steps` fixed-rate runs bisecting (0, ceiling], each judged by `sustains`;
 * `runAt` measures one rate and throws InvalidMeasurement when the run cannot be used.
 */
export async function searchRate(
  label: string,
  ceiling: number,
  plan: { rateSteps: number; rateStepS: number },
  runAt: (rate: number) => Promise<Measurement>,
): Promise<{ search: RateSearchResult; searchRuns: Measurement[] }> {
  const history: RateStep[] = [];
  const searchRuns: Measurement[] = [];
  for (let rate = nextRate(ceiling, history, plan.rateSteps); rate !== undefined; rate = nextRate(ceiling, history, plan.rateSteps)) {
    await sleep(300);
    progress(`${label}: ${rate} req/s for ${plan.rateStepS} s`);
    const m = await runAt(rate);
    searchRuns.push(m);
    const step = { rate, achieved: m.rps, p99: m.latency.p99 };
    history.push({ ...step, passed: sustains(step) });
  }
  return { search: rateSearchResult(history), searchRuns };
}

/** How many answers of a run were wrong, whatever the problem. */
export const wrongAnswers = (m: Measurement): number => Object.values(m.answerProblems ?? {}).reduce((n, c) => n + c, 0);

/** The target's CPU µs per answered request of a run at full speed; '—' when not measured. */
export function cpuPerRequest(m: Measurement, cpu = m.cpu.target): string {
  return cpu === undefined || !(m.rps > 0) ? '—' : String(Math.round((cpu * 1e6) / m.rps));
}

/**
 * A throughput table's row: rate, p50, p99, max, answers, wrong answers, the generator's and the target's CPU, the
 * named companion processes' CPU, other processes' CPU, the target's resident memory.
 */
export function throughputRow(m: Measurement, companions: string[] = []): string[] {
  return [
    formatRate(m.rps),
    formatMs(m.latency.p50),
    formatMs(m.latency.p99),
    formatMs(m.latency.max),
    m.responses.toLocaleString('en-US'),
    String(wrongAnswers(m)),
    formatPercent(m.cpu.generator),
    formatPercent(m.cpu.target),
    ...companions.map((c) => formatPercent(m.cpu.companions?.[c])),
    formatPercent(m.cpu.others),
    formatMiB(m.targetRss),
  ];
}

/**
 * A section run alone (`npx tsx bench/<section>.ts [--quick]`): prints the header, runs it, stops every target it
 * started, and exits 1 for an invalid measurement, 3 for any other failure, as `npm run bench`.
 */
export async function runSectionAlone(section: number, run: (quick: boolean, register: (t: Target) => void) => Promise<void>): Promise<never> {
  const quick = process.argv.includes('--quick');
  const targets: Target[] = [];
  let code = 0;
  out(`polihon bench, section ${section} alone (${quick ? 'quick' : 'default'}) — ${new Date().toISOString()} · load average at the start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    await run(quick, (t) => targets.push(t));
  } catch (err) {
    process.stderr.write(`\nbench: ${err instanceof InvalidMeasurement ? `INVALID MEASUREMENT — ${err.message}` : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = err instanceof InvalidMeasurement ? 1 : 3;
  } finally {
    await Promise.all(targets.map((t) => t.stop().catch(() => undefined)));
  }
  process.exit(code);
}
