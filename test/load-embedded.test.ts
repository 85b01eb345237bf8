// Short real runs of the embedded engine (each ≤ 3 s of load): against the ДМС simulator served on 127.0.0.1,
// against the reference hromada registry through `dms.verification-request`, a threshold that must fail (exit
// 99), the participant killed mid-load, and targets off this machine refused.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand } from '../cli/commands/load.ts';
import { createMemoryOutput } from '../cli/output.ts';
import { createRealClock } from '../core/clock.ts';
import { PolihonError } from '../core/errors.ts';
import { createJournal } from '../core/journal.ts';
import { launchSut } from '../conformance/launchers/index.ts';
import { writeLoadReports } from '../reporting/load/write.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { runEmbedded } from '../load/engines/embedded.ts';
import { resolveProfile, validateProfile, type LoadProfile } from '../load/profile.ts';
import { buildLoadReport, type LoadReport } from '../load/report.ts';
import { createDmsVerificationTarget } from '../load/targets/dms-verification.ts';
import { createHttpTarget } from '../load/targets/http.ts';
import { createSimulatorHost } from '../simulators/host.ts';
import { serveSimulators, type ServedSimulators } from '../simulators/transport/http-server.ts';
import { HROMADA_PROFILE } from './helpers.ts';

const clock = createRealClock(() => Date.now());
let served: ServedSimulators;
let dmsUrl: string;
const tmp = mkdtempSync(join(tmpdir(), 'polihon-load-'));

beforeAll(async () => {
  const host = createSimulatorHost({ clock, journal: createJournal({ clock, wallTime: () => Date.now() }), fetch: (i, init) => fetch(i, init), simulators: ['dms'] });
  served = await serveSimulators(host, { host: '127.0.0.1', basePort: 0 });
  dmsUrl = served.urls.dms!;
});
afterAll(async () => {
  await served?.close();
});

function profile(value: unknown): LoadProfile {
  const v = validateProfile(value);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.profile;
}

/** Runs `polihon load` in-process on a profile written to a temporary file. */
async function polihonLoad(yaml: string, values: Record<string, unknown> = {}, name = `p-${Math.random().toString(36).slice(2)}`) {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, yaml);
  const out = createMemoryOutput();
  const reports = join(tmp, 'reports');
  const args = { values: { reports, ...values }, positionals: [file] } as unknown as Parameters<typeof loadCommand>[0];
  const code = await loadCommand(args, out, new AbortController().signal);
  const text = out.out.join('');
  const dir = /reports: (.*)\n/.exec(text)?.[1];
  return { code, text, dir, report: dir ? (JSON.parse(readFileSync(join(dir, 'load.json'), 'utf8')) as LoadReport) : undefined };
}

describe('embedded engine, plain HTTP against the ДМС simulator on 127.0.0.1', () => {
  it('holds a constant arrival rate with sane figures', async () => {
    const p = profile({ executor: 'constant-arrival-rate', rate: 300, duration: '2s', preAllocatedVUs: 5, maxVUs: 200, http: { url: `${dmsUrl}/__polihon/health` }, thresholds: ['p(99) < 500ms', 'count(errors) == 0', 'rps >= 270'] });
    const r = resolveProfile(p);
    const target = createHttpTarget(p.http!, { maxSockets: r.plan.maxVUs, timeoutMs: r.timeoutMs });
    const run = await runEmbedded(r, target);
    await target.close();
    const report = buildLoadReport(r, run, { runId: 't', toolVersion: 'test', finishedAt: Date.now() });
    // 300/s for 2 s plans 600: every one is accounted for, and on a busy CI machine at most a few are dropped
    const it = report.iterations;
    expect(it.completed + it.dropped + it.interrupted).toBe(600);
    expect(it.completed).toBeGreaterThanOrEqual(570);
    expect(report.errors.total).toBe(0);
    expect(report.latency.p50).toBeGreaterThan(0);
    expect(report.latency.p50).toBeLessThanOrEqual(report.latency.p99);
    expect(report.latency.p99).toBeLessThanOrEqual(report.latency.max);
    expect(Math.abs(report.throughput.rps - 300) / 300).toBeLessThan(0.1);
    expect(report.throughput.series.reduce((n, b) => n + b.requests, 0)).toBe(it.completed);
    expect(report.latency.histogram.reduce((n, b) => n + b.count, 0)).toBe(it.completed);
    expect(report.thresholds.every((t) => t.ok)).toBe(true);
    expect(report.run.exitCode).toBe(0);
  });

  it('a threshold that cannot hold fails the run (exit 99; 3 when the machine or polihon was the limit), and still writes every report', async () => {
    const r = await polihonLoad(`name: must-fail
executor: constant-arrival-rate
rate: 100
duration: 1s
preAllocatedVUs: 5
http: { url: "${dmsUrl}/__polihon/health" }
thresholds:
  - p(99) < 0.001ms
  - count(errors) == 0
`);
    // a latency bound fails on a quiet machine and a busy one alike; on a busy one the run cannot blame the participant
    const limited = r.report!.limits.findings.length > 0;
    expect(r.report!.run.outcome).toBe(limited ? 'inconclusive' : 'fail');
    expect(r.code).toBe(limited ? 3 : 99);
    expect(r.text.split('\n')[0]).toMatch(/^engine: embedded/);
    expect(r.text).toContain('✗ p(99) < 0.001ms');
    expect(r.report!.thresholds.map((t) => t.ok)).toEqual([false, true]);
    expect(Object.keys(r.report!)[0]).toBe('engine');
    const junit = readFileSync(join(r.dir!, 'junit.xml'), 'utf8');
    // an inconclusive run's threshold is the harness's error, not the participant's failure
    expect(junit).toMatch(limited ? /<testcase name="threshold p\(99\) &lt; 0.001ms"[^>]*>\s*<error [^>]*type="harness-limit"/ : /<testcase name="threshold p\(99\) &lt; 0.001ms"[^>]*>\s*<failure/);
    expect(junit).toMatch(limited ? /tests="2" failures="0" errors="1"/ : /tests="2" failures="1" errors="0"/);
    const html = readFileSync(join(r.dir!, 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('engine: embedded');
  });

  it('says before the run what the machine must have when the profile asks more than it holds', async () => {
    // the plan asks 4000/s; maxRequests keeps the load itself to 20 requests
    const r = await polihonLoad(`name: too-fast
executor: constant-arrival-rate
rate: 4000
duration: 1s
preAllocatedVUs: 5
maxRequests: 20
http: { url: "${dmsUrl}/__polihon/health" }
thresholds: ["count(errors) == 0"]
`);
    const lines = r.text.split('\n');
    const warning = lines.findIndex((l) => l.startsWith("warning: 4000 iterations/s is more than the embedded engine's one thread holds"));
    expect(warning).toBeGreaterThan(0);
    // before the report, whose first line names the engine again
    expect(warning).toBeLessThan(lines.findIndex((l, i) => i > 0 && l.startsWith('engine: embedded')));
    expect(r.report!.iterations.completed).toBe(20);
  });

  it('a failure that is the target\'s own answer (HTTP 404) is exit 99 however busy the machine was', async () => {
    const r = await polihonLoad(`name: must-fail-firmly
executor: constant-arrival-rate
rate: 50
duration: 1s
preAllocatedVUs: 5
http: { url: "${dmsUrl}/no-such-path" }
thresholds:
  - p(99) < 0.001ms
  - count(errors) == 0
`);
    expect(r.code).toBe(99);
    expect(r.report!.run.outcome).toBe('fail');
    expect(r.report!.limits.firmFailures).toEqual(['count(errors) == 0']);
    expect(r.report!.harness!.cores).toBeGreaterThan(0);
  });
});

describe('embedded engine, ДМС verification requests to the reference hromada registry', () => {
  it('drives the simulator\'s delivery and reports the simulator apart from the participant', async () => {
    const r = await polihonLoad(
      `name: verify
executor: constant-arrival-rate
rate: 40
duration: 3s
preAllocatedVUs: 5
maxVUs: 100
call: dms.verification-request
people: { seed: 7, count: 50 }
thresholds: ["p(95) < 800ms", "count(errors) == 0", "rps >= 36"]
`,
      { sut: HROMADA_PROFILE },
    );
    expect(r.text).toContain('outcome: pass');
    expect(r.code).toBe(0);
    const rep = r.report!;
    expect(rep.engine.name).toBe('embedded');
    expect(rep.iterations.completed + rep.iterations.dropped + rep.iterations.interrupted).toBe(120);
    expect(rep.iterations.completed).toBeGreaterThanOrEqual(114);
    expect(rep.errors.total).toBe(0);
    expect(rep.latency.p50).toBeLessThanOrEqual(rep.latency.p99);
    expect(Math.abs(rep.throughput.rps - 40) / 40).toBeLessThan(0.1);
    expect(rep.split!.participant.count).toBe(120);
    expect(rep.split!.simulator.p50).toBeGreaterThan(0);
    expect(rep.split!.participant.p50).toBeGreaterThan(0);
    // the participant's share is part of the whole, never more
    expect(rep.split!.participant.mean).toBeLessThan(rep.latency.mean);
    for (const f of ['load.json', 'index.html', 'junit.xml']) expect(existsSync(join(r.dir!, f))).toBe(true);
    expect(existsSync(join(tmp, 'reports', 'latest', 'load.json'))).toBe(true);
  });

  it('counts errors by kind when the participant dies mid-load, fails its thresholds and still writes the report', async () => {
    const sut = await launchSut(loadProfile(HROMADA_PROFILE));
    const journal = createJournal({ clock, wallTime: () => Date.now() });
    const p = profile({ name: 'killed', executor: 'constant-arrival-rate', rate: 50, duration: '3s', preAllocatedVUs: 5, maxVUs: 50, call: 'dms.verification-request', timeout: '2s', thresholds: ['count(errors) == 0', 'rate(errors) < 0.01'] });
    const r = resolveProfile(p);
    const target = await createDmsVerificationTarget({ providerUrl: sut.profile.endpoints.provider!, clock, journal, timeoutMs: r.timeoutMs });
    const kill = setTimeout(() => void sut.stop(), 1000);
    let report: LoadReport;
    try {
      const run = await runEmbedded(r, target);
      report = buildLoadReport(r, run, { runId: 'killed-run', toolVersion: 'test', finishedAt: Date.now() });
    } finally {
      clearTimeout(kill);
      await target.close();
      await sut.stop();
    }
    expect(report.iterations.completed).toBeGreaterThan(100);
    const good = report.iterations.completed - report.errors.total;
    expect(good).toBeGreaterThan(20); // the first second went through
    expect(report.errors.total).toBeGreaterThan(50);
    expect(report.errors.byKind.refused + report.errors.byKind.reset).toBeGreaterThan(0);
    expect(report.errors.samples.length).toBeGreaterThan(0);
    expect(report.thresholds.every((t) => !t.ok)).toBe(true);
    expect(report.run.exitCode).toBe(99);
    const written = await writeLoadReports(join(tmp, 'reports'), report);
    expect(JSON.parse(readFileSync(written.files.json!, 'utf8')).errors.total).toBe(report.errors.total);
    expect(readFileSync(written.files.html!, 'utf8')).toMatch(/refused|reset/);
  });
});

describe('load goes only to loopback', () => {
  it('refuses a profile whose http target is another host: exit 2, located', async () => {
    let err: unknown;
    try {
      await polihonLoad(`executor: constant-vus\nvus: 1\nduration: 1s\nhttp: { url: "http://10.1.2.3:8080/" }\n`, {}, 'bad-host');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolihonError);
    expect((err as PolihonError).exitCode).toBe(2);
    expect((err as PolihonError).format()).toMatch(/bad-host\.yaml:4:14: load goes only to this machine/);
  });

  it('refuses a participant provider endpoint off this machine before sending anything', async () => {
    const journal = createJournal({ clock, wallTime: () => Date.now() });
    const attempt = createDmsVerificationTarget({ providerUrl: 'http://192.168.10.20:7301/hromada/v1', clock, journal, timeoutMs: 1000 });
    await expect(attempt).rejects.toThrow(/refusing to send load to the participant's provider endpoint http:\/\/192\.168\.10\.20/);
    await expect(attempt).rejects.toMatchObject({ exitCode: 2 });
    expect(() => createHttpTarget({ url: 'http://example.org/' }, { maxSockets: 1, timeoutMs: 1000 })).toThrow(/not a loopback address/);
  });
});
