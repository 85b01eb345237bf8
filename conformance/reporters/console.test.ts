import { describe, expect, it } from 'vitest';
import type { RunReport } from '../report-model.ts';
import { colorAllowed, createConsoleReporter, type ConsoleReporterOptions } from './console.ts';
import { sampleRun } from './test-fixture.ts';

/** Drives a reporter through a run the way the runner does and returns everything it wrote. */
async function play(report: RunReport, options: Omit<ConsoleReporterOptions, 'write'>): Promise<{ text: string; writes: string[] }> {
  const writes: string[] = [];
  const reporter = createConsoleReporter({ ...options, write: (s) => writes.push(s) });
  reporter.onRunStart?.({ runId: report.run.id, scenarios: report.scenarios.map((s) => ({ id: s.id, file: s.file, title: s.title })) });
  for (const s of report.scenarios) {
    reporter.onScenarioStart?.({ id: s.id, file: s.file });
    for (const step of s.steps) reporter.onStepEnd?.({ id: s.id }, step);
    reporter.onScenarioEnd?.(s);
  }
  await reporter.onRunEnd?.(report);
  return { text: writes.join(''), writes };
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/;

describe('console reporter, plain lines (CI)', () => {
  const { report } = sampleRun();

  it('writes one grep-able line per scenario and per problem step, without colour or redraws', async () => {
    const { text } = await play(report, { tty: false, color: true, env: {} });
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain('\r');
    const lines = text.split('\n');
    expect(lines).toContain('polihon: run 20260105-090000-ab12, 3 scenarios');
    expect(lines).toContain('PASS dms-declaration-same-day (2 steps, 0.4s)');
    expect(lines).toContain('FAIL dms-act-late step act-arrives [DMS-02]: act for 17******76 arrived a day late');
    expect(lines).toContain('WARN dms-act-late step warn-slow: slow answer: 2.1 s');
    expect(lines).toContain('FAIL dms-act-late (3 steps, 1.2s)');
    expect(lines).toContain('ERROR dms-verification-answer step ask [DMS-07]: E_SUT_UNREACHABLE POST http://localhost:9/verify: connection refused');
    expect(lines).toContain('ERROR dms-verification-answer (2 steps, 0.4s)');
  });

  it('ends with a summary: counts, failed and errored requirement ids, gaps, verdict, where the reports are', async () => {
    const { text } = await play(report, { tty: false, env: {}, reportsRoot: '/tmp/reports' });
    expect(text).toContain('Scenarios 3: 1 passed, 1 failed, 1 error');
    expect(text).toContain('Steps 7: 2 passed, 1 failed, 1 error, 2 skipped, 1 warning');
    expect(text).toContain('Requirements failed: DMS-02');
    expect(text).toContain('Requirements with errors: DMS-07');
    // DMS-08 is informative, so only DMS-09 is a gap
    expect(text).toContain('Not covered: DMS-09\n');
    expect(text).toContain('Result: ERROR (exit 3) in 3.2s');
    expect(text).toContain('Reports: /tmp/reports/20260105-090000-ab12/index.html (also /tmp/reports/latest)');
  });

  it('names the requirements only skipped checks judged, in both languages', async () => {
    const skipped: RunReport = { ...report, verdicts: [...report.verdicts, { id: 'XCH-06', outcome: 'skip', evidence: [{ scenario: 'eis-admission', step: 'test-ca', outcome: 'skip' }] }] };
    expect((await play(skipped, { tty: false, env: {} })).text).toContain('Requirements skipped: XCH-06\n');
    expect((await play(skipped, { tty: false, env: {}, lang: 'uk' })).text).toContain('Вимоги пропущено: XCH-06\n');
    expect((await play(report, { tty: false, env: {} })).text).not.toContain('Requirements skipped');
  });

  it('speaks Ukrainian when asked', async () => {
    const { text } = await play(report, { tty: false, env: {}, lang: 'uk' });
    expect(text).toContain('ПРОЙДЕНО dms-declaration-same-day (2 кроки, 0.4 с)');
    expect(text).toContain('Вимоги з невідповідністю: DMS-02');
    expect(text).toContain('Результат: ПОМИЛКА (код 3) за 3.2 с');
  });

  it('shows personal data only when the run is unmasked', async () => {
    const { text } = await play(report, { tty: false, env: {}, masked: false });
    expect(text).toContain('act for 1759013776 arrived a day late');
  });

  it('gives a scenario that broke before any step its reason', async () => {
    const broken = { ...report.scenarios[2]!, steps: [], errorCode: 'E_SUT_START', message: 'participant did not start' };
    const { text } = await play({ ...report, scenarios: [broken] }, { tty: false, env: {} });
    expect(text).toContain('ERROR dms-verification-answer: E_SUT_START participant did not start (0 steps, 0.4s)');
  });
});

describe('console reporter on a TTY', () => {
  const { report } = sampleRun();

  it('redraws a progress line per step and replaces it with the verdict', async () => {
    const { writes, text } = await play(report, { tty: true, env: {} });
    const late = writes.filter((w) => w.startsWith('\r\x1b[2K') && w.includes('dms-act-late'));
    // start, three steps, and the final line
    expect(late.length).toBe(5);
    expect(late[2]).toContain('✗');
    expect(text).toMatch(/\x1b\[31m✗\x1b\[0m \x1b\[1mdms-act-late\x1b\[0m/);
    expect(text).toMatch(/\x1b\[32m✓\x1b\[0m dms-declaration-same-day/);
    // error is magenta, distinct from fail's red
    expect(text).toMatch(/\x1b\[35m!\x1b\[0m ask \[DMS-07\]: E_SUT_UNREACHABLE/);
    expect(text).toContain('is the participant running? check polihon.sut.yaml');
  });

  it('has symbols but no colour with NO_COLOR', async () => {
    const { text } = await play(report, { tty: true, env: { NO_COLOR: '1' } });
    expect(text.replace(/\r\x1b\[2K/g, '')).not.toMatch(ANSI);
    expect(text).toContain('✗ dms-act-late (3 steps, 1.2s)');
    expect(text).toContain('    ✗ act-arrives [DMS-02]: act for 17******76 arrived a day late');
    expect(text).toContain('○');
  });
});

describe('colorAllowed', () => {
  it.each([
    [{ tty: true, env: {} }, true],
    [{ tty: false, env: {} }, false],
    [{ tty: true, env: { NO_COLOR: '1' } }, false],
    [{ tty: true, env: { NO_COLOR: '' } }, true],
    [{ tty: true, color: false, env: {} }, false],
  ])('%j → %s', (options, expected) => {
    expect(colorAllowed(options)).toBe(expected);
  });
});
