// A `load` step inside a scenario, run by `polihon run` against the reference hromada registry: its thresholds
// are the step's assertions, and the run's reports carry the load section, the threshold test cases and load.json.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createMemoryOutput } from '../cli/output.ts';
import { runCommand } from '../cli/commands/run.ts';
import type { LoadReport } from '../load/report.ts';
import type { RunReport } from '../conformance/report-model.ts';
import { HROMADA_PROFILE } from './helpers.ts';

const SCENARIO = `id: verification-under-load
title: { uk: Перевірка місця проживання під навантаженням, en: Residence verification under load }
role: hromada-registry
covers: [DMS-07]
clock: { start: "2026-03-02T09:00:00+02:00" }
steps:
  - id: burst
    type: load
    covers: [DMS-07]
    profile:
      executor: constant-arrival-rate
      rate: 25
      duration: 2s
      preAllocatedVUs: 5
      call: dms.verification-request
      thresholds: ["p(95) < 800ms", "count(errors) == 0", "p(99) < 0.001ms"]
`;

it('runs a load step in a scenario; thresholds judge the step and every report shows the load', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'polihon-load-step-'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  const out = createMemoryOutput();
  const args = { values: { sut: HROMADA_PROFILE, reports: join(dir, 'reports') }, positionals: [join(dir, 'scenario.yaml')] } as unknown as Parameters<typeof runCommand>[0];
  const code = await runCommand(args, out);
  // the impossible p(99) makes the step fail: a conformance failure, exit 1
  expect(code).toBe(1);
  const runDir = /Reports: (.*)[\\/]index\.html/.exec(out.out.join(''))![1]!;
  const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunReport;
  const step = report.scenarios[0]!.steps[0]!;
  expect(step.type).toBe('load');
  expect(step.assertions.map((a) => [a.name, a.outcome])).toEqual([
    ['threshold p(95) < 800ms', 'pass'],
    ['threshold count(errors) == 0', 'pass'],
    ['threshold p(99) < 0.001ms', 'fail'],
  ]);
  expect(report.load).toHaveLength(1);
  // the step names its load report as an artefact, linked by its file
  expect(step.artefacts).toEqual([{ kind: 'load-report', name: 'burst', index: 0, file: 'load.json' }]);
  const load = JSON.parse(readFileSync(join(runDir, 'load.json'), 'utf8')) as LoadReport;
  expect(load.engine.name).toBe('embedded');
  // 25/s for 2 s plans 50 iterations; on a loaded CI machine a few may be dropped or cut at the end, and
  // the report must account for every one of them
  const it = load.iterations;
  expect(it.completed + it.dropped + it.interrupted).toBe(50);
  expect(it.completed).toBeGreaterThanOrEqual(40);
  expect(load.errors.total).toBe(0);
  const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
  expect(junit).toContain('<testsuite name="load: burst"');
  expect(junit).toMatch(/<testcase name="threshold p\(99\) &lt; 0.001ms"[^>]*>\s*<failure/);
  const html = readFileSync(join(runDir, 'index.html'), 'utf8');
  expect(html).toContain('id="load-1"');
  expect(html).toMatch(/<svg viewBox/);
  expect(existsSync(join(runDir, 'journal.jsonl'))).toBe(true);
});
