// Load profiles: located validation, plans, arrival schedules, and their k6 / k6-operator forms.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { PolihonError } from '../core/errors.ts';
import { parseLoadProfile, readLoadProfile } from '../conformance/steps/load.ts';
import { parseScenario } from '../conformance/scenario.ts';
import { operatorManifest, operatorObjects } from '../load/engines/k6-operator.ts';
import { generateK6, k6Options, k6Threshold } from '../load/engines/k6-script.ts';
import { arrivals } from '../load/executors/index.ts';
import { describePlan, isLoopbackUrl, resolveProfile } from '../load/profile.ts';
import { parseThreshold } from '../load/thresholds.ts';
import { ROOT } from './helpers.ts';

function problems(text: string): { where: string; message: string }[] {
  try {
    parseLoadProfile(text, 'p.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PolihonError);
    expect((err as PolihonError).exitCode).toBe(2);
    return [...(err as PolihonError).details];
  }
  throw new Error('the profile was accepted');
}

const HTTP = `
executor: constant-arrival-rate
rate: 10
duration: 5s
preAllocatedVUs: 2
http: { url: "http://127.0.0.1:9/x" }
`;

describe('load profile validation', () => {
  it('accepts every bundled profile', () => {
    const dir = join(ROOT, 'load', 'profiles');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(readLoadProfile(join(dir, f)).resolved.plan.durationMs).toBeGreaterThan(0);
  });

  it('reports every problem at file:line:col, a threshold at its column inside the expression', () => {
    const found = problems(`name: bad
executor: constant-arrival-rate
rate: 10
duraton: 5s
preAllocatedVUs: 20
maxVUs: 5
http: { url: "http://127.0.0.1:9/x" }
thresholds:
  - p(95) < 800ms
  - "p(95) < 800xs"
  - rate(errors) < 5ms
`);
    const text = found.map((p) => `${p.where} ${p.message}`).join('\n');
    expect(text).toContain("p.yaml:4:1 unknown key 'duraton'");
    expect(text).toContain('p.yaml:1:1 duration: is required'); // a missing field is located at its parent
    // inside the quotes of line 10, 'xs' starts at column 17; on line 11 'ms' at column 21
    expect(text).toMatch(/p\.yaml:10:17 'xs' is not a time unit \(column 12/);
    expect(text).toMatch(/p\.yaml:11:21 a rate takes a fraction/);
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  it('checks across fields once the fields themselves are right', () => {
    const text = problems(`executor: constant-arrival-rate
rate: 10
duration: 20m
preAllocatedVUs: 20
maxVUs: 5
call: dms.verification-request
http: { url: "http://127.0.0.1:9/x" }
`)
      .map((p) => `${p.where} ${p.message}`)
      .join('\n');
    expect(text).toMatch(/p\.yaml:3:11 20m is longer than the hard cap of 15m/);
    expect(text).toMatch(/p\.yaml:5:9 maxVUs \(5\) is less than preAllocatedVUs \(20\)/);
    expect(text).toMatch(/p\.yaml:7:7 give either `call` or `http`, not both/);
  });

  it('names the executors when the executor is unknown, and rejects unknown keys in nested objects', () => {
    expect(problems('executor: shared-iterations\n').map((p) => p.message).join()).toMatch(/constant-arrival-rate, ramping-arrival-rate, constant-vus/);
    const nested = problems(HTTP.replace('http: {', 'http: { verb: GET,'));
    expect(nested.map((p) => `${p.where} ${p.message}`).join()).toMatch(/p\.yaml:6:\d+ unknown key 'verb'/);
  });

  it.each(['http://10.0.0.1/x', 'http://192.168.1.10:8080/', 'http://example.org/', 'http://127.0.0.1.example.org/', 'http://[::2]/'])('refuses the non-loopback target %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
    const found = problems(HTTP.replace('http://127.0.0.1:9/x', url));
    expect(found.map((p) => p.message).join()).toMatch(/load goes only to this machine/);
  });

  it.each(['http://127.0.0.1:1/', 'http://127.255.3.4/', 'http://localhost:80/', 'http://[::1]:9000/'])('accepts the loopback target %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it('validates a load step inside a scenario with the same schema, located in the scenario file', () => {
    const scenario = (thresholds: string) => `id: s
title: { uk: с, en: s }
role: hromada-registry
covers: [DMS-07]
clock: { start: "2026-03-02T09:00:00+02:00" }
steps:
  - type: load
    id: burst
    profile:
      executor: constant-vus
      vus: 2
      duration: 1s
      http: { url: "http://127.0.0.1:9/x" }
      thresholds: [${thresholds}]
`;
    expect(parseScenario(scenario('"p(95) < 1s"'), 's.yaml').steps[0]!.type).toBe('load');
    let err: PolihonError | undefined;
    try {
      parseScenario(scenario('"p(95) < 1 hour"'), 's.yaml');
    } catch (e) {
      err = e as PolihonError;
    }
    expect(err?.details.map((d) => `${d.where} ${d.message}`).join()).toMatch(/s\.yaml:14:\d+ .*unexpected 'hour'/);
  });
});

describe('plans and arrival schedules', () => {
  it('describes the timeline before anything runs', () => {
    const r = parseLoadProfile(readFileSync(join(ROOT, 'load/profiles/dms-verification-ramp.yaml'), 'utf8'), 'ramp.yaml').resolved;
    const lines = describePlan(r).join('\n');
    expect(lines).toContain('ramping-arrival-rate: 3 stage(s) over 1m10s, peak 100 iter/s, 20..300 VUs');
    expect(lines).toContain('0s → 30s: 10 → 100 iter/s');
    expect(lines).toContain('1m → 1m10s: 100 → 0 iter/s');
    expect(r.plan.plannedIterations).toBe(1650 + 3000 + 500); // the area under the rate
  });

  it('starts constant-rate iterations evenly, k6-style (the first at 0)', () => {
    const r = resolveProfile({ executor: 'constant-arrival-rate', rate: 30, timeUnit: '1m', duration: '10s', preAllocatedVUs: 1, http: { url: 'http://127.0.0.1:1/' } });
    const starts = [...arrivals(r.plan.segments)];
    expect(starts).toHaveLength(5);
    expect(starts.map((s) => Math.round(s))).toEqual([0, 2000, 4000, 6000, 8000]);
  });

  it('ramps as the area under the rate: 0→100/s over 10s is 500 starts, denser at the end', () => {
    const r = resolveProfile({ executor: 'ramping-arrival-rate', stages: [{ target: 100, duration: '10s' }], preAllocatedVUs: 1, http: { url: 'http://127.0.0.1:1/' } });
    const starts = [...arrivals(r.plan.segments)];
    expect(starts).toHaveLength(500);
    expect(starts.filter((t) => t < 5000)).toHaveLength(125);
    expect(starts.every((t, i) => i === 0 || t >= starts[i - 1]!)).toBe(true);
  });

  it('--max-duration cuts the plan and its planned iterations', () => {
    const r = resolveProfile({ executor: 'constant-arrival-rate', rate: 10, duration: '10m', preAllocatedVUs: 1, http: { url: 'http://127.0.0.1:1/' } }, { maxDurationMs: 5000 });
    expect(r.plan.durationMs).toBe(5000);
    expect(r.plan.plannedIterations).toBe(50);
  });
});

describe('k6 generation', () => {
  it.each([
    ['p(95) < 800ms', 'http_req_duration', 'p(95)<800'],
    ['p(99)<50ms', 'http_req_duration', 'p(99)<50'],
    ['p(99.9) <= 1s', 'http_req_duration', 'p(99.9)<=1000'],
    ['avg < 200ms', 'http_req_duration', 'avg<200'],
    ['med < 2s', 'http_req_duration', 'med<2000'],
    ['max < 2s', 'http_req_duration', 'max<2000'],
    ['min > 1500us', 'http_req_duration', 'min>1.5'],
    ['rate(errors) < 0.01', 'polihon_errors', 'rate<0.01'],
    ['errors < 1%', 'polihon_errors', 'rate<0.01'],
    ['rate(timeout) == 0', 'polihon_timeout', 'rate==0'],
    ['count(errors) == 0', 'polihon_errors_count', 'count==0'],
    ['count(http5xx) != 3', 'polihon_http5xx_count', 'count!=3'],
    ['count(dropped) == 0', 'dropped_iterations', 'count==0'],
    ['count(requests) >= 100', 'http_reqs', 'count>=100'],
    ['rps >= 100', 'http_reqs', 'rate>=100'],
  ])('%s → %s: %s', (text, metric, expression) => {
    expect(k6Threshold(parseThreshold(text))).toEqual({ metric, expression });
  });

  it('maps each executor to its k6 scenario exactly', () => {
    const opts = (p: object) => k6Options(resolveProfile({ name: 'x', http: { url: 'http://127.0.0.1:1/' }, ...p } as never)).scenarios.x;
    expect(opts({ executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '2m', preAllocatedVUs: 10, maxVUs: 100 })).toEqual({
      executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '2m', preAllocatedVUs: 10, maxVUs: 100, gracefulStop: '5s', exec: 'default',
    });
    expect(opts({ executor: 'ramping-arrival-rate', startRate: 5, stages: [{ target: 20, duration: '30s' }, { target: 0, duration: '500ms' }], preAllocatedVUs: 3, gracefulStop: '10s' })).toEqual({
      executor: 'ramping-arrival-rate', startRate: 5, timeUnit: '1s', stages: [{ target: 20, duration: '30s' }, { target: 0, duration: '500ms' }], preAllocatedVUs: 3, maxVUs: 3, gracefulStop: '10s', exec: 'default',
    });
    expect(opts({ executor: 'constant-vus', vus: 7, duration: '90s' })).toEqual({ executor: 'constant-vus', vus: 7, duration: '1m30s', gracefulStop: '5s', exec: 'default' });
  });

  for (const file of ['dms-verification.yaml', 'http-bench.yaml']) {
    it(`writes a script for ${file} that parses as an ES module and exports the options file's options`, async () => {
      const { resolved } = readLoadProfile(join(ROOT, 'load/profiles', file));
      const bundle = generateK6(resolved, { toolVersion: 'test', referenceMs: Date.UTC(2026, 2, 2) });
      const dir = mkdtempSync(join(tmpdir(), 'polihon-k6-'));
      const script = join(dir, 'test.mjs');
      writeFileSync(script, bundle.script);
      execFileSync(process.execPath, ['--check', script]);
      // k6's modules stubbed as packages beside the script, so the module links and its options can be read
      const k6 = join(dir, 'node_modules', 'k6');
      mkdirSync(k6, { recursive: true });
      writeFileSync(join(k6, 'package.json'), JSON.stringify({ name: 'k6', type: 'module', exports: { './http': './http.js', './execution': './execution.js', './metrics': './metrics.js' } }));
      writeFileSync(join(k6, 'http.js'), 'export default { post() {}, request() {} };');
      writeFileSync(join(k6, 'execution.js'), 'export default { scenario: { iterationInTest: 0 } };');
      writeFileSync(join(k6, 'metrics.js'), 'export class Rate { add() {} }\nexport class Counter { add() {} }');
      // k6's init context has __ENV; a bare object stands in for it
      (globalThis as { __ENV?: object }).__ENV = {};
      const mod = (await import(pathToFileURL(script).href)) as { options: unknown; default: unknown };
      delete (globalThis as { __ENV?: object }).__ENV;
      expect(typeof mod.default).toBe('function');
      expect(mod.options).toEqual(JSON.parse(JSON.stringify(bundle.options)));
      expect(Object.keys(mod.options as object)).toEqual(expect.arrayContaining(['scenarios', 'thresholds', 'tags']));
      expect(bundle.options.thresholds.http_req_duration).toBeDefined();
    });
  }
});

describe('k6-operator bundle', () => {
  const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/k6-testrun.schema.json'), 'utf8')));
  const { resolved } = readLoadProfile(join(ROOT, 'load/profiles/dms-verification.yaml'));
  const bundle = generateK6(resolved, { toolVersion: 'test' });

  it('writes a TestRun that the TestRun schema accepts, pointing at the ConfigMap that holds the script', () => {
    const yaml = operatorManifest(bundle, resolved.name, { parallelism: 4, namespace: 'load', resources: { cpu: '1', memory: '512Mi' }, env: { POLIHON_DMS_URL: 'http://polihon-dms:7400' } });
    type Obj = { metadata: { name: string }; data: Record<string, string>; kind: string; spec: { parallelism: number; script: { configMap: unknown }; runner: { env: unknown } } };
    const [cm, tr] = parseAllDocuments(yaml).map((d) => d.toJS()) as [Obj, Obj];
    const ok = schema.safeParse(tr);
    expect(ok.success ? [] : ok.error.issues).toEqual([]);
    expect(tr.spec.parallelism).toBe(4);
    expect(tr.spec.script.configMap).toEqual({ name: cm.metadata.name, file: bundle.scriptFile });
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.data[bundle.scriptFile]).toBe(bundle.script);
    expect(tr.spec.runner.env).toEqual([{ name: 'POLIHON_DMS_URL', value: 'http://polihon-dms:7400' }]);
  });

  it('the schema is strict enough to catch a misspelt field', () => {
    const [, tr] = operatorObjects(bundle, resolved.name, { parallelism: 1 });
    const spec = (tr as { spec: Record<string, unknown> }).spec;
    expect(schema.safeParse(tr).success).toBe(true);
    expect(schema.safeParse({ ...tr, spec: { ...spec, paralelism: 2 } }).success).toBe(false);
    expect(() => operatorObjects(bundle, resolved.name, { parallelism: 0 })).toThrow(/parallelism/);
  });
});
