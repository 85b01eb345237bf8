// The CLI as a user runs it: a real process, real files, real exit codes (docs/en/guide.md §10).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

function polihon(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', POLIHON_LANG: 'en', ...env }, timeout: 110_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('polihon CLI', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'polihon-cli-'));

  it('fault switches without naming the participant are a usage error', async () => {
    const r = await polihon(['demo', '--participant-faults', 'send-next-day']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--participant-faults needs --participant/);
  });

  it('demo runs every bundled participant against its scenarios and writes all reports', async () => {
    const reports = join(tmp, 'reports');
    const r = await polihon(['demo', '--reports', reports]);
    expect(r.stderr).not.toMatch(/E_INTERNAL/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS dms-declaration/);
    expect(r.stdout).toMatch(/PASS trembita-provider-echo|PASS provider-echo/);
    expect(r.stdout).toMatch(/PASS trembita-consumer-soap|PASS consumer-soap/);
    for (const f of ['report.json', 'junit.xml', 'index.html', 'journal.jsonl']) expect(existsSync(join(reports, 'latest', f)), f).toBe(true);
    const report = JSON.parse(readFileSync(join(reports, 'latest', 'report.json'), 'utf8'));
    expect(report.schemaVersion).toBe('1.1');
    expect(report.run.counts.pass).toBeGreaterThanOrEqual(4);
    expect(realpathSync(join(reports, 'latest'))).toContain(report.run.id);
  });

  it('--reporter runs only the reporters named: no console lines, only their files', async () => {
    const reports = join(tmp, 'reporter-json-junit');
    const r = await polihon(['demo', '--participant', 'trembita-provider', '--reports', reports, '--reporter', 'json', '--reporter', 'junit']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/PASS /);
    expect(readdirSync(join(reports, 'latest')).sort()).toEqual(['junit.xml', 'report.json']);
  });

  it('a fault switch gives exit 1 and names the failed requirement', async () => {
    const r = await polihon(['demo', '--reports', join(tmp, 'r2'), '--participant', 'hromada-registry', '--participant-faults', 'send-next-day', join(ROOT, 'scenarios/dms/declaration.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DMS-02/);
  });

  it('invalid scenarios: exit 2, every problem located, nothing run', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'id: Bad Id\ntitle: { uk: a, en: b }\nrole: hromada-registry\ncovers: [DMS-01]\nclock: { start: "2026-01-01T00:00:00Z" }\nsteps:\n  - type: wait\n');
    const r = await polihon(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_SCENARIO_INVALID/);
    expect(r.stderr).toMatch(/bad\.yaml:1:5: id: lower-case/);
    expect(r.stderr).toMatch(/bad\.yaml:7:11: unknown step type 'wait'/);
  });

  it('an invalid profile: exit 2 with its location', async () => {
    const p = join(tmp, 'sut.yaml');
    writeFileSync(p, 'name: x\nversion: 1\nroles: [hromada-registry]\nendpoints: { driver: "ftp://x" }\nlaunch: { url: "http://127.0.0.1:1" }\n');
    const r = await polihon(['run', '--sut', p, join(ROOT, 'scenarios/dms')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_PROFILE_INVALID/);
    expect(r.stderr).toMatch(/sut\.yaml:2:10: version: .*expected string, received number/);
    expect(r.stderr).not.toMatch(/field is required/);
    expect(r.stderr).toMatch(/sut\.yaml:4:22: endpoints\.driver: an http\(s\) URL/);
  });

  it('a participant that is not there: exit 3 (environment), not 1; said once with its cause, not per scenario', async () => {
    const p = join(tmp, 'down.yaml');
    writeFileSync(p, 'name: down\nversion: "1"\nroles: [hromada-registry]\nendpoints: { driver: "http://127.0.0.1:1/driver" }\nlaunch: { url: "http://127.0.0.1:1" }\n');
    const r = await polihon(['run', '--sut', p, '--reports', join(tmp, 'r3'), join(ROOT, 'scenarios/dms')]);
    expect(r.code).toBe(3);
    expect(r.stderr.match(/cannot be reached/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/the participant cannot be reached: connection refused on 127\.0\.0\.1:1\n  hint: is it running\? check endpoints and launch in the profile .*down\.yaml/);
    expect(r.stdout.match(/connection refused/g)).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(tmp, 'r3', 'latest', 'report.json'), 'utf8'));
    expect(report.scenarios.length).toBeGreaterThan(1);
    expect(report.scenarios.every((s: { outcome: string; errorCode: string }) => s.outcome === 'error' && s.errorCode === 'E_SUT_START')).toBe(true);
  });

  it('requirements shows the coverage of the bundled scenarios', async () => {
    const r = await polihon(['requirements', '--role', 'hromada-registry']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DMS-02\s+covered\s+dms-acts-sample, dms-declaration/);
  });

  it('unknown commands and options are usage errors (exit 2)', async () => {
    expect((await polihon(['frobnicate'])).code).toBe(2);
    expect((await polihon(['run', '--bogus'])).code).toBe(2);
  });
});
