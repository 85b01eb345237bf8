// Generated cases from the command line (issue 8 item 3): the seed a run drew its cases with is printed with the
// command that draws them again, and that command gives the same cases and the same verdicts — a failure that shows
// only on some cases reproduces.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HROMADA_PROFILE, ROOT } from './helpers.ts';

function polihon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', POLIHON_LANG: 'en' }, timeout: 110_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// duplicate-act doubles declarations and registrations only: which cases fail depends on the kinds the seed drew
const SCENARIO = `id: kinds
title: { uk: Види дій, en: Kinds of action }
role: hromada-registry
covers: [DMS-06]
cases:
  kind: [declaration, removal]
  day: [ordinary, saturday, holiday]
data: { people: { p: {} } }
steps:
  - id: act
    type: trigger
    action: registration-action
    with: { kind: "\${case.kind}", person: "\${people.p}", address: "\${addresses.p}" }
  - id: sent
    type: expect
    at: dms
    service: dms.act.submit
    match: { kind: "\${case.kind}" }
    within: 1 working day
  - id: later
    type: advance
    by: 1m
  - id: once
    type: assert
    that: { journalCount: { service: dms.act.submit, distinct: actId, equals: 1 } }
    covers: [DMS-06]
`;

interface Case {
  id: string;
  outcome: string;
  case: { values: Record<string, string>; start: string; label: { en: string } };
}

describe('polihon run --seed', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'polihon-cases-'));
  const file = join(tmp, 'kinds.yaml');
  writeFileSync(file, SCENARIO);
  const run = async (name: string, more: string[]) => {
    const reports = join(tmp, name);
    const r = await polihon(['run', file, '--sut', HROMADA_PROFILE, '--participant-faults', 'duplicate-act', '--reports', reports, ...more]);
    const report = JSON.parse(readFileSync(join(reports, 'latest', 'report.json'), 'utf8')) as { run: { cases?: { seed: number } }; scenarios: Case[] };
    return { ...r, report, cases: report.scenarios.map((s) => [s.id, s.outcome, s.case.values, s.case.start]) };
  };

  it('prints the seed it drew and the command that draws the same cases; that command gives the same cases and verdicts', async () => {
    const first = await run('first', []);
    expect(first.code).toBe(1);
    const seed = first.report.run.cases!.seed;
    expect(first.stdout).toContain(`cases drawn with seed ${seed}`);
    const command = new RegExp(`Seed ${seed}; the same cases again: (polihon run .*)$`, 'm').exec(first.stdout)?.[1];
    expect(command).toBe(`polihon run ${file} --sut ${HROMADA_PROFILE} --participant-faults duplicate-act --seed ${seed}`);
    // the failing cases are exactly those that drew a kind the fault doubles
    expect(first.report.scenarios.filter((s) => s.outcome === 'fail').map((s) => s.case.values.kind)).toEqual(
      first.report.scenarios.filter((s) => s.case.values.kind === 'declaration').map(() => 'declaration'),
    );
    expect(first.stdout).toMatch(/FAIL kinds#\d · declaration · /);

    const again = await run('again', ['--seed', String(seed)]);
    expect(again.cases).toEqual(first.cases);
    expect(again.report.run.cases!.seed).toBe(seed);
    const other = await run('other', ['--seed', String((seed + 1) % 2 ** 32)]);
    expect(other.cases.map((c) => c[3])).not.toEqual(first.cases.map((c) => c[3]));
  });

  it('refuses a seed that is no 32-bit whole number before anything runs', async () => {
    const r = await polihon(['run', file, '--sut', HROMADA_PROFILE, '--seed', '4294967296']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed must be a whole number from 0 to 4294967295, got '4294967296'/);
  });
});
