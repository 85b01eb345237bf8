// Which side limited a load run. A failed latency threshold says "slow", not "the participant is slow": the
// engine, the simulator it drives and the participant share one machine (here 2 cores, shared with other work),
// and any of them can be the limit. The monitor measures polihon's own process and the machine over the run;
// judgeLimits applies the rules docs/en/load.md states (section "Who was the limit") and says which side, if any,
// was not the participant. Pure rules, so they are table-tested without a timed run.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { msg, type Msg } from '../core/i18n.ts';
import { M } from './messages.ts';
import { round } from './metrics.ts';
import type { ThresholdAst, ThresholdMetrics } from './thresholds.ts';
import { evaluate } from './thresholds.ts';

/** What the monitor measured over the run, beside the latencies. */
export interface HarnessMeasure {
  /** wall ms the figures cover */
  windowMs: number;
  /** CPU of polihon's process (engine and simulators together), in cores: 1 = one core all the time */
  processCpu: number;
  /** the share of the time polihon's one JavaScript thread was busy (0..1): at 1 it cannot do more */
  eventLoopUtilization: number;
  /** how late polihon's event loop ran what was due, ms (p99) */
  eventLoopDelayP99Ms: number;
  /** the machine's CPU busy share over all cores (0..1); null where the OS does not say */
  machineCpu: number | null;
  /**
   * CPU of polihon's child processes, in cores: the participant it launched (and its own helpers); null where
   * /proc is not there to read it (not Linux)
   */
  childrenCpu: number | null;
  /** CPU of everything else on the machine, in cores: other programs competing for the same cores */
  othersCpu: number | null;
  cores: number;
}

/** How late the engine started iterations against their arrival schedule (arrival-rate executors), ms. */
export interface StartLag {
  p50: number;
  p99: number;
  max: number;
}

export type LimitSide = 'generator' | 'simulator' | 'machine';

export interface LimitFinding {
  /** which rule fired */
  rule: 'start-lag' | 'generator-cpu' | 'simulator-share' | 'machine-cpu';
  side: LimitSide;
  /** the measured value and the bound it crossed, in the rule's unit */
  observed: number;
  bound: number;
  message: Msg;
}

/** The bounds of the rules; docs/en/load.md and docs/uk/load.md state the same numbers. */
export const LIMIT_RULES = {
  /** iterations started this late (p99) mean the engine fell behind its schedule */
  startLagP99Ms: 100,
  /**
   * polihon's process using this many cores: its one JavaScript thread (engine and simulators) is at its ceiling.
   * CPU actually used, not event-loop utilisation, which also counts the time a busy machine keeps the process
   * waiting and so would blame the generator for its neighbours.
   */
  processCpu: 0.9,
  /** the simulator's own p95 above the participant's, and at least this many ms, makes it the larger share */
  simulatorP95FloorMs: 10,
  /** the machine's cores busy this share of the time: everyone, participant included, waited for CPU ... */
  machineCpu: 0.9,
  /** ... and others than polihon and the participant used at least this share of the cores, so they, not the participant, filled it */
  othersShare: 0.25,
} as const;

export interface LimitInput {
  harness?: HarnessMeasure;
  startLag?: StartLag;
  /** simulator and participant latency apart, for simulator calls */
  split?: { simulator: { p95: number }; participant: { p95: number } };
}

const pct = (x: number) => Math.round(x * 100);

/**
 * The rules, nearest cause first: a saturated machine makes every side wait, so it is named before polihon's own
 * CPU; an engine late on its schedule with CPU to spare comes next; the simulator's share last.
 */
export function judgeLimits(input: LimitInput): LimitFinding[] {
  const out: LimitFinding[] = [];
  const R = LIMIT_RULES;
  const h = input.harness;
  // a participant that fills the machine itself is its own limit: the rule asks for neighbours to have filled it
  const neighbours = h?.othersCpu === null || h?.othersCpu === undefined ? h?.machineCpu ?? 0 : h.othersCpu / h.cores;
  if (h && h.machineCpu !== null && h.machineCpu >= R.machineCpu && neighbours >= R.othersShare) {
    out.push({
      rule: 'machine-cpu',
      side: 'machine',
      observed: round(h.machineCpu, 3),
      bound: R.machineCpu,
      message: msg(M.limitMachineCpu, { busy: pct(h.machineCpu), cores: h.cores, bound: pct(R.machineCpu), own: round(h.processCpu, 2), others: h.othersCpu === null ? '?' : round(h.othersCpu, 2) }),
    });
  }
  if (h && h.processCpu >= R.processCpu) {
    out.push({
      rule: 'generator-cpu',
      side: 'generator',
      observed: round(h.processCpu, 3),
      bound: R.processCpu,
      message: msg(M.limitGeneratorCpu, { cpu: round(h.processCpu, 2), bound: R.processCpu, elu: pct(h.eventLoopUtilization) }),
    });
  }
  const lag = input.startLag;
  if (lag && lag.p99 > R.startLagP99Ms) {
    out.push({ rule: 'start-lag', side: 'generator', observed: round(lag.p99, 1), bound: R.startLagP99Ms, message: msg(M.limitStartLag, { p99: round(lag.p99, 1), max: round(lag.max, 1), bound: R.startLagP99Ms }) });
  }
  const s = input.split;
  if (s && s.simulator.p95 >= R.simulatorP95FloorMs && s.simulator.p95 > s.participant.p95) {
    out.push({ rule: 'simulator-share', side: 'simulator', observed: s.simulator.p95, bound: s.participant.p95, message: msg(M.limitSimulatorShare, { sim: s.simulator.p95, par: s.participant.p95 }) });
  }
  return out;
}

/**
 * Whether a failed threshold can be the harness's doing: latency, throughput and dropped iterations depend on
 * every side having CPU in time; so do timeouts. An error rate or count fails on the participant's own account
 * when it fails with the timeouts left out (a 5xx is the participant's answer whatever the machine did).
 */
export function timingSensitive(ast: ThresholdAst, m: ThresholdMetrics): boolean {
  const a = ast.aggregate;
  if (a.kind === 'rate' || a.kind === 'count') {
    if (a.of === 'dropped') return true;
    if (a.of !== 'errors' && a.of !== 'timeout') return false;
    const timeouts = m.counts.timeout;
    const without = { ...m, counts: { ...m.counts, timeout: 0, errors: m.counts.errors - timeouts } };
    return evaluate(ast, without).ok;
  }
  return true;
}

/** The side named in a verdict: the first finding's (the rules are ordered so the nearest cause comes first). */
export function limitingSide(findings: readonly LimitFinding[]): LimitSide | undefined {
  return findings[0]?.side;
}

export interface HarnessMonitor {
  stop(): HarnessMeasure;
}

/** CPU seconds (user + system) of every process below `root` in the process tree, from /proc; null off Linux. */
export function descendantsCpuSeconds(root = process.pid): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of entries) {
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      // the command name may hold spaces and parentheses: the fields start after its last ')'
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // gone between the listing and the read
    }
  }
  const below = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, st] of stats) {
      if (below.has(pid) || !below.has(st.ppid)) continue;
      below.add(pid);
      grew = true;
    }
  }
  let ticks = 0;
  for (const pid of below) if (pid !== root) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / CLOCK_TICKS;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every platform Node runs on. */
const CLOCK_TICKS = 100;

function machineTimes(): { busy: number; total: number } | null {
  const cpus = os.cpus();
  if (cpus.length === 0) return null;
  let busy = 0;
  let total = 0;
  for (const c of cpus) {
    const t = c.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/**
 * Starts measuring polihon's process and the machine; stop() gives the figures over the time between.
 * @example const monitor = startHarnessMonitor(); const run = await runEmbedded(…); report.harness = monitor.stop()
 */
export function startHarnessMonitor(): HarnessMonitor {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const m0 = machineTimes();
  const c0 = descendantsCpuSeconds();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return {
    stop() {
      delay.disable();
      const windowMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const elu = performance.eventLoopUtilization(elu0);
      const m1 = machineTimes();
      const machine = m0 && m1 && m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : null;
      const c1 = descendantsCpuSeconds();
      // children that exited during the run take their CPU with them from /proc: never below zero
      const children = c0 !== null && c1 !== null && windowMs > 0 ? Math.max(0, (c1 - c0) * 1000) / windowMs : null;
      const processCpu = windowMs > 0 ? (cpu.user + cpu.system) / 1000 / windowMs : 0;
      const cores = os.availableParallelism();
      return {
        windowMs: Math.round(windowMs),
        processCpu: round(processCpu, 3),
        eventLoopUtilization: round(elu.utilization, 3),
        // the histogram counts in ns; its own resolution (10 ms) is subtracted, as Node's docs advise
        eventLoopDelayP99Ms: delay.count > 0 ? round(Math.max(0, delay.percentile(99) / 1e6 - 10), 1) : 0,
        machineCpu: machine === null ? null : round(machine, 3),
        childrenCpu: children === null ? null : round(children, 3),
        othersCpu: machine === null || children === null ? null : round(Math.max(0, machine * cores - processCpu - children), 3),
        cores,
      };
    },
  };
}
