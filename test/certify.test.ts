// `polihon certify` against every bundled reference participant, one after another as `npm start` runs them, each
// statement then accepted by `polihon verify`; and the command line's refusals and exit codes as a user meets them.
// Real processes, in a working folder of the test's own, so the harness key is made there and not in the workspace.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

type Result = { code: number; stdout: string; stderr: string };

const work = mkdtempSync(join(tmpdir(), 'polihon-certify-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function polihon(args: string[], env: Record<string, string | undefined> = {}, timeout = 120_000): Promise<Result> {
  const base: Record<string, string | undefined> = { ...process.env, CI: 'true', POLIHON_LANG: 'en', LANG: 'C.UTF-8', LC_ALL: undefined, PARTICIPANT_FAULTS: undefined, POLIHON_NO_BROWSER: undefined };
  const merged = Object.fromEntries(Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), ...args], { cwd: work, env: merged, timeout }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PARTICIPANTS = readdirSync(join(ROOT, 'participants')).filter((p) => existsSync(join(ROOT, 'participants', p, 'polihon.sut.yaml')));
const profile = (p: string) => join(ROOT, 'participants', p, 'polihon.sut.yaml');
const statements = new Map<string, string>();

describe('polihon certify and verify, against the bundled reference participants', () => {
  it('finds the participants', () => {
    expect(PARTICIPANTS.length).toBeGreaterThanOrEqual(6);
  });

  it('certifies each one: a statement beside its reports, which verify accepts (exit 0)', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const p of PARTICIPANTS) {
      const reports = join(work, 'reports', p);
      const r = await polihon(['certify', '--sut', profile(p), '--reports', reports], {}, 240_000);
      const dir = join(reports, 'latest');
      if (r.code !== 0 || !existsSync(join(dir, 'statement.json'))) {
        problems.push(`${p}: certify exited ${r.code}\n${(r.stdout + r.stderr).split('\n').slice(-15).join('\n')}`);
        continue;
      }
      expect(r.stdout).toMatch(/^Statement: .*statement\.json \(to print: .*statement\.html\)$/m);
      expect(r.stdout).toMatch(/not a legal certificate/);
      for (const f of ['statement.json.jws', 'statement.html', 'index.html', 'report.json', 'journal.jsonl']) expect(existsSync(join(dir, f)), `${p}: ${f}`).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { certification?: { setHash: string }; run: { scenarioSetHash: string }; participant: { faults: string[] } };
      expect(report.certification?.setHash).toBe(report.run.scenarioSetHash);
      expect(report.participant.faults).toEqual([]);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('<section id="certification">');
      const v = await polihon(['verify', join(dir, 'statement.json')]);
      if (v.code !== 0) problems.push(`${p}: verify exited ${v.code}\n${v.stdout}${v.stderr}`);
      else expect(v.stdout).toMatch(/statement\.json: verified/);
      statements.set(p, dir);
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  it('verify: a flipped byte is exit 1 naming the field; a truncated statement exit 2; a missing one exit 2', { timeout: 60_000 }, async () => {
    const dir = statements.get('trembita-consumer') ?? statements.values().next().value;
    expect(dir).toBeDefined();
    const file = join(dir!, 'statement.json');
    const text = readFileSync(file, 'utf8');
    const copy = (name: string, body: string) => {
      writeFileSync(join(dir!, name), body);
      writeFileSync(join(dir!, `${name}.jws`), readFileSync(`${file}.jws`));
      return join(dir!, name);
    };
    const flipped = await polihon(['verify', copy('flipped.json', text.replace('"outcome": "pass"', '"outcome": "fail"'))]);
    expect(flipped.code).toBe(1);
    expect(flipped.stdout).toMatch(/NOT verified — 1 mismatch\n {2}✗ .*flipped\.json: run\.outcome changed: signed "pass", the file has "fail"/);
    const cut = await polihon(['verify', copy('cut.json', text.slice(0, 200))]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^E_STATEMENT_UNREADABLE .*cut\.json:\d+:\d+: .* is not JSON/);
    const uk = await polihon(['verify', copy('uk.json', text.replace('"outcome": "pass"', '"outcome": "fail"')), '--lang', 'uk']);
    expect(uk.stdout).toMatch(/НЕ перевірено — 1 розбіжність/);
    const missing = await polihon(['verify', join(work, 'nowhere.json')]);
    expect(missing.code).toBe(2);
  });

  it('is always an mTLS run: a profile without `certificate` still has its certificate checks judged, not skipped', { timeout: 240_000 }, async () => {
    // the ЄІС МВС participant's profile without its `certificate: issue`, started from here by absolute paths
    const dir = join(ROOT, 'participants', 'eis-subscriber');
    const text = readFileSync(profile('eis-subscriber'), 'utf8')
      .replace(/^certificate: issue\n/m, '')
      .replace('[node, ../../bin/run.mjs, main.ts]', JSON.stringify(['node', join(ROOT, 'bin', 'run.mjs'), join(dir, 'main.ts')]));
    expect(text).not.toMatch(/^certificate:/m);
    const plain = join(work, 'plain.sut.yaml');
    writeFileSync(plain, text);
    const reports = join(work, 'reports', 'plain');
    const r = await polihon(['certify', '--sut', plain, '--reports', reports], {}, 200_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const statement = JSON.parse(readFileSync(join(reports, 'latest', 'statement.json'), 'utf8')) as { verdicts: { requirement: string; outcome: string }[] };
    const outcome = (id: string) => statement.verdicts.find((v) => v.requirement === id)?.outcome;
    expect(outcome('EIS-ACC-01')).toBe('pass');
    expect(outcome('XCH-06')).toBe('pass');
    expect(statement.verdicts.filter((v) => v.outcome === 'skip')).toEqual([]);
  });

  it('certify refuses fault switches, scenario paths and a profile without identity (exit 2), before anything runs', { timeout: 60_000 }, async () => {
    const sut = profile('trembita-consumer');
    const env = await polihon(['certify', '--sut', sut], { PARTICIPANT_FAULTS: 'no-user-id' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/^E_USAGE env PARTICIPANT_FAULTS: a certification run takes no fault switch: env PARTICIPANT_FAULTS = no-user-id/m);
    const option = await polihon(['certify', '--sut', sut, '--participant-faults', 'no-user-id']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/takes no fault switch: --participant-faults = no-user-id/);
    const paths = await polihon(['certify', 'scenarios/trembita', '--sut', sut]);
    expect(paths.code).toBe(2);
    expect(paths.stderr).toMatch(/runs only the official set .* no scenario paths: 'scenarios\/trembita'/);
    const anonymous = join(work, 'anonymous.sut.yaml');
    writeFileSync(anonymous, readFileSync(sut, 'utf8').replace(/^identity:.*$/m, '').replaceAll('../../bin/run.mjs', join(ROOT, 'bin/run.mjs')));
    const noId = await polihon(['certify', '--sut', anonymous]);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toMatch(/E_PROFILE_INVALID .*anonymous\.sut\.yaml: identity: a statement names the participant by its X-Road id and ЄДРПОУ/);
  });
});
