// Ctrl-C, SIGTERM and a closed pipe during a run, as a user causes them: a real CLI process running the reference
// participant. The participant runs under `sh -c '… & wait'`, so its process group has two members, and a marker
// argument tells its processes apart from any other polihon run on the machine.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const BIN = join(ROOT, 'bin', 'polihon.mjs');

/**
 * A copy of the reference hromada registry's profile whose processes carry `marker` on their command line. A
 * `stubborn` group's leader ignores SIGTERM and lingers after the participant stops, so only the SIGKILL that
 * follows the bounded wait ends it.
 */
function markedProfile(dir: string, marker: string, stubborn = false): string {
  const path = join(dir, 'polihon.sut.yaml');
  const original = readFileSync(join(ROOT, 'participants/hromada-registry/polihon.sut.yaml'), 'utf8');
  const command = stubborn ? `trap '' TERM; node ../../bin/run.mjs main.ts ${marker} & wait; sleep 60 # ${marker}` : `node ../../bin/run.mjs main.ts ${marker} & wait`;
  const marked = original.replace(
    /command: \[node, \.\.\/\.\.\/bin\/run\.mjs, main\.ts\]/,
    `command: ${JSON.stringify(command)}\n  cwd: ${JSON.stringify(join(ROOT, 'participants/hromada-registry'))}`,
  );
  expect(marked).toContain(marker);
  writeFileSync(path, marked);
  return path;
}

/** Processes whose command line has the marker (ps, not pgrep: nothing else on the machine is matched or touched). */
function marked(marker: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

// SIGINT meets a stubborn group: the participant is still stopped, by the SIGKILL after the bounded wait
describe.each(['SIGTERM', 'SIGINT'] as const)('polihon run interrupted by %s', (signal) => {
  it('stops the participant group, writes the reports marked interrupted, exits 3', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-int-'));
    const marker = `polihon-test-${randomUUID()}`;
    const profile = markedProfile(dir, marker, signal === 'SIGINT');
    const reports = join(dir, 'reports');
    const child = spawn(process.execPath, [BIN, 'run', '--sut', profile, '--reports', reports, '--lang', 'en', join(ROOT, 'scenarios/dms')], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // the first scenario has ended, so the second is under way with the participant up
    expect(await until(() => /^(PASS|FAIL|ERROR) /m.test(out), 60_000), out).toBe(true);
    expect(marked(marker).length, 'the participant runs').toBeGreaterThanOrEqual(2);
    child.kill(signal);
    expect(await exited, out).toBe(3);
    expect(out).toMatch(new RegExp(`interrupted \\(${signal}\\)`));
    expect(marked(marker), 'no process of the participant group is left').toEqual([]);

    const report = JSON.parse(readFileSync(join(reports, 'latest', 'report.json'), 'utf8'));
    expect(report.run.interrupted).toBe(true);
    expect(report.run.exitCode).toBe(3);
    const outcomes = report.scenarios.map((s: { outcome: string; errorCode?: string }) => `${s.outcome}${s.errorCode ? `:${s.errorCode}` : ''}`);
    // every scenario of the set is in the report, each generated case as one
    expect(outcomes).toHaveLength(Number(/^polihon: run \S+, (\d+) scenarios/m.exec(out)?.[1]));
    expect(outcomes[0]).not.toMatch(/E_INTERRUPTED|skip/);
    // after the scenario that was under way (error E_INTERRUPTED), nothing more ran
    const cut = outcomes.findIndex((o: string) => o === 'error:E_INTERRUPTED' || o.startsWith('skip'));
    expect(cut, outcomes.join(' ')).toBeGreaterThan(0);
    expect(outcomes.slice(cut + 1).every((o: string) => o.startsWith('skip')), outcomes.join(' ')).toBe(true);
    for (const f of ['junit.xml', 'index.html']) expect(readFileSync(join(reports, 'latest', f), 'utf8').length).toBeGreaterThan(0);
  });
});

describe('polihon run | head', () => {
  it('ends quietly when the reader goes away and leaves no participant running', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-pipe-'));
    const marker = `polihon-test-${randomUUID()}`;
    const profile = markedProfile(dir, marker);
    const command = `"${process.execPath}" "${BIN}" run --sut "${profile}" --reports "${join(dir, 'reports')}" "${join(ROOT, 'scenarios/dms')}" | head -2`;
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0); // head's status: the shell's answer for the pipeline
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).not.toMatch(/EPIPE|Error:|at .*\.ts:\d+/);
    // the polihon process outlives head briefly while it stops the participant: wait for it, bounded
    expect(await until(() => marked(marker).length === 0, 15_000), marked(marker).join('\n')).toBe(true);
  });
});

describe('polihon load interrupted', () => {
  it('SIGTERM mid-run: the numbers so far are written, marked interrupted, exit 3, no participant left', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-load-int-'));
    const marker = `polihon-test-${randomUUID()}`;
    const profile = markedProfile(dir, marker);
    const reports = join(dir, 'reports');
    const child = spawn(process.execPath, [BIN, 'load', join(ROOT, 'load/profiles/dms-verification.yaml'), '--sut', profile, '--reports', reports, '--lang', 'en'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // a progress tick: the load is under way
    expect(await until(() => /^ {2}\d+s {2}\d+ done/m.test(out), 60_000), out).toBe(true);
    expect(marked(marker).length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(3);
    expect(marked(marker), 'no process of the participant group is left').toEqual([]);
    const report = JSON.parse(readFileSync(join(reports, 'latest', 'load.json'), 'utf8'));
    expect(report.run).toMatchObject({ stoppedBy: 'aborted', outcome: 'error', exitCode: 3 });
    expect(report.run.message).toMatch(/interrupted \(SIGTERM\)/);
  });
});

describe('a second Ctrl-C', () => {
  it('quits at once, and still leaves no participant running', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-int2-'));
    const marker = `polihon-test-${randomUUID()}`;
    // stubborn: the orderly stop would take the whole bounded wait, so the second Ctrl-C surely comes during it
    const profile = markedProfile(dir, marker, true);
    const child = spawn(process.execPath, [BIN, 'run', '--sut', profile, '--reports', join(dir, 'reports'), '--lang', 'en', join(ROOT, 'scenarios/dms')], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    expect(await until(() => marked(marker).length >= 2, 60_000), out).toBe(true);
    child.kill('SIGINT');
    expect(await until(() => /interrupted \(SIGINT\)/.test(out), 10_000), out).toBe(true);
    child.kill('SIGINT');
    expect(await exited, out).toBe(3);
    expect(out).toMatch(/interrupted again/);
    expect(await until(() => marked(marker).length === 0, 5_000), marked(marker).join('\n')).toBe(true);
  });
});
