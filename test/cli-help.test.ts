// The command line itself, as a user meets it: help for every command, the version, the language, and bad input
// said once with "did you mean" (exit 2). A real process each time.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_REPORTERS } from '../conformance/reporters/write-all.ts';
import { FAULTS as HROMADA_FAULTS } from '../participants/hromada-registry/faults.ts';
import { LOAD_REPORTERS } from '../reporting/load/write.ts';
import { ROOT } from './helpers.ts';

type Result = { code: number; stdout: string; stderr: string };

function polihon(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  const base: Record<string, string | undefined> = { ...process.env, CI: 'true', POLIHON_LANG: 'en', LANG: 'C.UTF-8', LC_ALL: undefined, PARTICIPANT_FAULTS: undefined };
  const merged = Object.fromEntries(Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), ...args], { cwd: ROOT, env: merged, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const COMMANDS: Record<string, string[]> = {
  run: ['--sut', '--reports', '--reporter', '--settle', '--participant-faults', '--unmasked'],
  demo: ['--participant', '--participant-faults', '--reports', '--reporter'],
  validate: ['--sut'],
  requirements: ['--role'],
  participants: [],
  serve: ['--port', '--host', '--seed', '--start', '--real-clock', '--tls'],
  load: ['--sut', '--plan', '--emit', '--soak', '--max-duration', '--serve', '--reporter'],
  journal: [],
  certify: ['--sut', '--reports', '--key', '--participant-faults'],
  verify: ['--trust', '--journal'],
};

describe('polihon command line', { timeout: 120_000 }, () => {
  it('polihon --help lists every command; with no command at all it is exit 2', async () => {
    const r = await polihon(['--help']);
    expect(r.code).toBe(0);
    for (const c of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  polihon ${c}\\b`, 'm'));
    expect(r.stdout).toMatch(/polihon --version/);
    expect((await polihon([])).code).toBe(2);
    const typo = await polihon(['help', 'rnu']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean 'run'/);
  });

  it('every command has its own --help and -h: usage and its options, exit 0', async () => {
    for (const [command, options] of Object.entries(COMMANDS)) {
      for (const flag of command === 'run' ? ['--help', '-h'] : ['--help']) {
        const r = await polihon([command, flag]);
        expect(r.code, `${command} ${flag}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: polihon ${command}\\b`));
        for (const o of [...options, '--lang', '--no-color', '--help']) expect(r.stdout, `${command} lists ${o}`).toMatch(new RegExp(`^  (-h, )?${o}\\b`, 'm'));
      }
    }
    // no other command's options in a command's help
    expect((await polihon(['validate', '--help'])).stdout).not.toMatch(/--soak|--port/);
  });

  it('--version and -V print the package version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await polihon([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(`polihon ${version}`);
    }
  });

  it('speaks Ukrainian with --lang uk, POLIHON_LANG=uk or a Ukrainian locale', async () => {
    expect((await polihon(['run', '--help', '--lang', 'uk'])).stdout).toMatch(/^Використання: polihon run/);
    expect((await polihon(['validate', '--help'], { POLIHON_LANG: 'uk' })).stdout).toMatch(/^Використання/);
    expect((await polihon(['--help'], { POLIHON_LANG: undefined, LANG: 'uk_UA.UTF-8' })).stdout).toMatch(/Використання/);
    expect((await polihon(['--help'], { POLIHON_LANG: undefined, LANG: 'de_DE.UTF-8' })).stdout).toMatch(/^Usage:/m);
    const bad = await polihon(['validate', '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang takes uk or en/);
  });

  it('an unknown option names the command, its options and the nearest one (exit 2)', async () => {
    const r = await polihon(['run', '--sutt', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/polihon run has no option '--sutt': did you mean '--sut'\?/);
    expect(r.stderr).toMatch(/options of polihon run: --sut --reports/);
    const serve = await polihon(['serve', '--sut', 'x']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/polihon serve has no option '--sut'/);
    const cmd = await polihon(['reqirements']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'reqirements': did you mean 'requirements'\?/);
  });

  it('polihon participants lists the reference participants, their roles and every fault switch', async () => {
    const r = await polihon(['participants']);
    expect(r.code).toBe(0);
    for (const name of ['hromada-registry', 'trembita-provider', 'trembita-consumer']) expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    expect(r.stdout).toMatch(/roles: hromada-registry/);
    for (const f of HROMADA_FAULTS) expect(r.stdout).toMatch(new RegExp(`^    ${f.name}\\s+${f.breaks.length ? f.breaks.join(',') : 'variant' in f && f.variant ? 'pass' : 'harness'}\\s`, 'm'));
    const uk = await polihon(['participants', '--lang', 'uk']);
    expect(uk.stdout).toMatch(/send-next-day\s+DMS-02\s+надсилає акти/);
  });

  it('an unknown fault switch is exit 2, said once, with did-you-mean — from the option and from env in demo', async () => {
    const r = await polihon(['demo', '--participant', 'hromada-registry', '--participant-faults', 'send-nextday']);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/unknown fault switch/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/'send-nextday' for hromada-registry \(in --participant-faults\): did you mean 'send-next-day'\?/);
    expect(r.stdout).toBe('');
    const env = await polihon(['demo', '--participant', 'trembita-provider'], { PARTICIPANT_FAULTS: 'no-jurnal' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/'no-jurnal' for trembita-provider \(in env PARTICIPANT_FAULTS\): did you mean 'no-journal'\?/);
    const run = await polihon(['run', '--sut', 'participants/hromada-registry/polihon.sut.yaml', '--participant-faults', 'bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown fault switch 'bogus' for hromada-registry/);
    const participant = await polihon(['demo', '--participant', 'hromada-regsitry']);
    expect(participant.code).toBe(2);
    expect(participant.stderr).toMatch(/did you mean 'hromada-registry'\?/);
  });

  it('requirements --role with an unknown role is exit 2 with the nearest role', async () => {
    const r = await polihon(['requirements', '--role', 'trembita-provder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown role 'trembita-provder': did you mean 'trembita-provider'\?/);
    expect(r.stderr).toMatch(/roles: eis-subscriber, .*simulator/);
  });

  it('--reporter: help names every reporter of the registry; an unknown one is exit 2 listing them, before anything runs', async () => {
    for (const [command, registry] of [['run', RUN_REPORTERS], ['load', LOAD_REPORTERS]] as const) {
      const help = (await polihon([command, '--help'])).stdout.split('\n').find((l) => l.startsWith('  --reporter'));
      for (const name of registry.names) expect(help, `${command} --help names ${name}`).toContain(name);
    }
    const run = await polihon(['run', '--sut', 'participants/hromada-registry/polihon.sut.yaml', '--reporter', 'json,junti']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown reporter 'junti': did you mean 'junit'\?/);
    expect(run.stderr).toContain('reporters of polihon run: console, json, junit, html, journal');
    const load = await polihon(['load', 'load/profiles/http-bench.yaml', '--reporter', 'console'], { POLIHON_LANG: 'uk' });
    expect(load.code).toBe(2);
    expect(load.stderr).toMatch(/невідомий звіт 'console'/);
    expect(load.stderr).toContain('звіти polihon load: json, html, junit');
  });
});
