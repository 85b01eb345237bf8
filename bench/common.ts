// What the bench's sections share: where the repository is, how they print, how they fail (InvalidMeasurement
// makes `npm run bench` exit 1), how a node target process is started, and the bisection loop of the rate search.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './load.ts';
import type { SpawnTargetOptions } from './process.ts';
import { nextRate, rateSearchResult, sustains, type RateSearchResult, type RateStep } from './stats.ts';

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
