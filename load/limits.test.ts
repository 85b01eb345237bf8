// The limiter rules (load/limits.ts) and the verdict they lead to (load/report.ts), on figures given by hand: no
// timed run, so the rules are judged the same on a quiet machine and a busy one.
import { describe, expect, it } from 'vitest';
import { placeholders, registeredMessages, render } from '../core/i18n.ts';
import { checkCapacity, peakRate } from './capacity.ts';
import { judgeLimits, LIMIT_RULES, timingSensitive, type HarnessMeasure } from './limits.ts';
import { createCollector } from './metrics.ts';
import { resolveProfile, validateProfile } from './profile.ts';
import { buildLoadReport, describeReport, verdictLine } from './report.ts';
import { parseThreshold, type ThresholdMetrics } from './thresholds.ts';
import type { EngineRun } from './engines/embedded.ts';

const quiet: HarnessMeasure = { windowMs: 20_000, processCpu: 0.2, eventLoopUtilization: 0.3, eventLoopDelayP99Ms: 5, machineCpu: 0.4, childrenCpu: 0.15, othersCpu: 0.45, cores: 2 };

describe('judgeLimits', () => {
  it('fires no rule for a run with CPU to spare, on schedule, the simulator the smaller share', () => {
    expect(judgeLimits({ harness: quiet, startLag: { p50: 1, p99: 20, max: 40 }, split: { simulator: { p95: 3 }, participant: { p95: 30 } } })).toEqual([]);
  });

  it.each([
    ['a machine filled by other programs', { harness: { ...quiet, machineCpu: 0.97, othersCpu: 1.4 } }, ['machine-cpu']],
    ['polihon using a whole core', { harness: { ...quiet, processCpu: 0.95 } }, ['generator-cpu']],
    ['iterations started late', { harness: quiet, startLag: { p50: 40, p99: 180, max: 300 } }, ['start-lag']],
    ['the simulator slower than the participant', { split: { simulator: { p95: 40 }, participant: { p95: 12 } } }, ['simulator-share']],
    ['the cause before its symptoms', { harness: { ...quiet, machineCpu: 1, othersCpu: 1.5 }, startLag: { p50: 40, p99: 180, max: 300 } }, ['machine-cpu', 'start-lag']],
  ] as const)('%s', (_name, input, rules) => {
    expect(judgeLimits(input).map((f) => f.rule)).toEqual(rules);
  });

  it('does not excuse a participant that fills the machine itself', () => {
    expect(judgeLimits({ harness: { ...quiet, machineCpu: 0.98, childrenCpu: 1.6, othersCpu: 0.1 } })).toEqual([]);
  });

  it('does not blame the simulator for a share too small to matter', () => {
    expect(judgeLimits({ split: { simulator: { p95: LIMIT_RULES.simulatorP95FloorMs - 1 }, participant: { p95: 2 } } })).toEqual([]);
  });

  it('says each finding in both languages with its figures', () => {
    const [f] = judgeLimits({ harness: { ...quiet, machineCpu: 0.96, othersCpu: 1.3 } });
    expect(render(f!.message, 'en')).toContain('96% busy (2 cores');
    expect(render(f!.message, 'uk')).toContain('зайнятий на 96% (2 ядра');
  });
});

describe('timingSensitive', () => {
  const metrics = (timeout: number, http5xx: number): ThresholdMetrics => ({
    latency: { count: 100, min: 1, max: 900, mean: 50, percentile: () => 900 },
    counts: { errors: timeout + http5xx, timeout, refused: 0, reset: 0, http4xx: 0, http5xx, protocol: 0, other: 0, dropped: 0, requests: 100 },
    rps: 40,
  });
  it.each([
    ['p(95) < 800ms', 0, 0, true],
    ['rps >= 45', 0, 0, true],
    ['count(dropped) == 0', 0, 0, true],
    ['rate(errors) < 0.01', 5, 0, true],
    ['rate(errors) < 0.01', 5, 3, false],
    ['count(http5xx) == 0', 0, 3, false],
    ['count(timeout) == 0', 4, 0, true],
  ] as const)('%s with %i timeouts and %i 5xx → %s', (expr, timeout, http5xx, expected) => {
    expect(timingSensitive(parseThreshold(expr), metrics(timeout, http5xx))).toBe(expected);
  });
});

describe('the verdict', () => {
  const resolved = () => {
    const v = validateProfile({ executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 2, http: { url: 'http://127.0.0.1:9/x' }, thresholds: ['p(95) < 100ms', 'count(errors) == 0'] });
    if (!v.ok) throw new Error('bad profile');
    return resolveProfile(v.profile);
  };
  const run = (latencyMs: number, errors = 0): EngineRun => {
    const c = createCollector();
    for (let i = 0; i < 10; i++) {
      c.started();
      c.startLag(1);
      c.record({ atMs: i * 100, latencyMs, ...(i < errors ? { error: { kind: 'http5xx' as const, message: 'HTTP 500' } } : {}) });
    }
    return { collector: c, startedAt: 0, activeMs: 1000, totalMs: 1000, stoppedBy: 'completed', vusMax: 2 };
  };
  const busy: HarnessMeasure = { ...quiet, machineCpu: 0.99, othersCpu: 1.5 };
  const build = (r: EngineRun, harness: HarnessMeasure) => buildLoadReport(resolved(), r, { runId: 't', toolVersion: 'test', finishedAt: 0, harness });

  it('a slow run on a quiet machine is the participant\'s: fail, exit 99', () => {
    const report = build(run(500), quiet);
    expect([report.run.outcome, report.run.exitCode]).toEqual(['fail', 99]);
    expect(verdictLine(report, 'en')).toBe('outcome: fail — a threshold failed (exit 99)');
  });

  it('a slow run on a machine filled by others is inconclusive, exit 3, and names the machine', () => {
    const report = build(run(500), busy);
    expect([report.run.outcome, report.run.exitCode, report.limits.side]).toEqual(['inconclusive', 3, 'machine']);
    expect(verdictLine(report, 'en')).toContain('the machine (CPU) was the limit, not the participant');
    expect(verdictLine(report, 'uk')).toContain('межа — машина (процесор), а не учасник');
    expect(describeReport(report, 'en').join('\n')).toContain('who was the limit:');
  });

  it('a 5xx stays the participant\'s failure however busy the machine was', () => {
    const report = build(run(500, 2), busy);
    expect([report.run.outcome, report.run.exitCode]).toEqual(['fail', 99]);
    expect(report.limits.firmFailures).toEqual(['count(errors) == 0']);
    expect(verdictLine(report, 'en')).toContain('count(errors) == 0');
  });

  it('a pass on a busy machine stays a pass, with the limit said', () => {
    const report = build(run(5), busy);
    expect([report.run.outcome, report.run.exitCode]).toEqual(['pass', 0]);
    expect(verdictLine(report, 'en')).toContain('the participant held even so');
  });
});

describe('checkCapacity', () => {
  const plan = (rate: number) => {
    const v = validateProfile({ executor: 'constant-arrival-rate', rate, duration: '5s', preAllocatedVUs: 2, call: 'dms.verification-request', thresholds: [] });
    if (!v.ok) throw new Error('bad profile');
    return resolveProfile(v.profile).plan;
  };

  it('says nothing for the README example on a quiet 2-core machine', () => {
    expect(checkCapacity(plan(50), 'dms.verification-request', { cores: 2, loadAverage: 0.3 }, 'en').warnings).toEqual([]);
  });

  it('says what the machine must have when the rate asks more cores than there are', () => {
    const c = checkCapacity(plan(150), 'dms.verification-request', { cores: 2, loadAverage: 0.3 }, 'en');
    expect(c.needCores).toBeGreaterThan(2);
    expect(c.warnings.join('\n')).toMatch(/need about 2\.25 CPU cores .* this machine has 2/);
  });

  it('warns when one thread cannot hold the rate, and when the machine is busy before the run', () => {
    const c = checkCapacity(plan(400), 'dms.verification-request', { cores: 16, loadAverage: 20 }, 'uk');
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toContain('один потік');
    expect(c.warnings[1]).toContain('середнє навантаження 20 на 16 ядер');
  });

  it('takes the peak of a ramp, and none for a closed model', () => {
    const v = validateProfile({ executor: 'ramping-arrival-rate', stages: [{ target: 30, duration: '2s' }, { target: 5, duration: '2s' }], preAllocatedVUs: 2, call: 'dms.verification-request', thresholds: [] });
    if (!v.ok) throw new Error('bad profile');
    expect(peakRate(resolveProfile(v.profile).plan)).toBe(30);
    const vus = validateProfile({ executor: 'constant-vus', vus: 3, duration: '2s', call: 'dms.verification-request', thresholds: [] });
    if (!vus.ok) throw new Error('bad profile');
    expect(peakRate(resolveProfile(vus.profile).plan)).toBeUndefined();
  });
});

describe('the load messages', () => {
  it('take the same parameters in uk and en', () => {
    const load = [...registeredMessages()].filter(([key]) => key.startsWith('load.'));
    expect(load.length).toBeGreaterThan(40);
    for (const [key, text] of load) expect([key, placeholders(text.uk)]).toEqual([key, placeholders(text.en)]);
  });
});
