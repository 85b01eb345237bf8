// Before a run: can this machine hold what the profile asks? The embedded engine, the simulators and (for a
// simulator call) the participant share this machine's cores, and polihon's part runs on one JavaScript thread.
// The CPU each iteration costs was measured on the project's 2-core machine (docs/en/load.md, "What the machine
// must have"); a profile asking more than half of what the cores or the thread can give gets a warning before
// the run, because its latencies would then measure the queue for CPU rather than the participant.
import os from 'node:os';
import { t, type Lang } from '../core/i18n.ts';
import type { Plan } from './executors/types.ts';
import { M } from './messages.ts';
import { round } from './metrics.ts';

/** CPU ms one iteration costs polihon's process, and the reference participant's, measured at 50 iter/s. */
export const CPU_MS_PER_ITERATION = {
  'dms.verification-request': { polihon: 4, participant: 3.5 },
  http: { polihon: 0.2, participant: 0 },
} as const;

/** The share of a core (or of the one thread) a run may plan to use: the rest absorbs bursts, GC and neighbours. */
export const CAPACITY_RESERVE = 0.5;

export type CallKind = keyof typeof CPU_MS_PER_ITERATION;

export interface MachineFacts {
  cores: number;
  /** 1-minute load average; 0 where the OS has none (Windows) */
  loadAverage: number;
}

export function machineFacts(): MachineFacts {
  return { cores: os.availableParallelism(), loadAverage: os.loadavg()[0] ?? 0 };
}

/** The highest arrival rate of the plan, iterations per second; undefined for closed-model executors. */
export function peakRate(plan: Plan): number | undefined {
  const rates = plan.segments.flatMap((s) => (s.kind === 'arrival-rate' ? [s.startRate, s.endRate] : []));
  return rates.length > 0 ? Math.max(...rates) : undefined;
}

export interface CapacityCheck {
  /** cores the plan needs at its peak rate, reserve included */
  needCores?: number;
  rate?: number;
  warnings: string[];
}

/**
 * Warnings, in the reader's language, for a plan this machine cannot hold with margin, and for a machine already
 * busy before the run. Nothing for a plan that fits a quiet machine.
 */
export function checkCapacity(plan: Plan, call: CallKind, machine: MachineFacts, lang: Lang): CapacityCheck {
  const warnings: string[] = [];
  const rate = peakRate(plan);
  const cost = CPU_MS_PER_ITERATION[call];
  let needCores: number | undefined;
  if (rate !== undefined) {
    const perIter = cost.polihon + cost.participant;
    needCores = round((rate * perIter) / 1000 / CAPACITY_RESERVE, 2);
    if (needCores > machine.cores) warnings.push(t(M.capacityCores, lang, { rate: round(rate, 1), call, need: needCores, perIter, cores: machine.cores }));
    const threadMax = Math.floor((1000 * CAPACITY_RESERVE) / cost.polihon);
    if (rate > threadMax) warnings.push(t(M.capacityThread, lang, { rate: round(rate, 1), call, max: threadMax }));
  }
  if (machine.loadAverage >= machine.cores) warnings.push(t(M.capacityBusy, lang, { load: round(machine.loadAverage, 1), cores: machine.cores }));
  return { ...(needCores !== undefined ? { needCores } : {}), ...(rate !== undefined ? { rate } : {}), warnings };
}
