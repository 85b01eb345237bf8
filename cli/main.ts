// The composition root: the `polihon` command. Parses arguments, wires core, simulators and the conformance
// engine together, maps every outcome to the exit codes of core/errors.ts (docs/en/guide.md §10). Nothing imports this file.
import { parseArgs } from 'node:util';
import { EXIT, PolihonError, toPolihonError } from '../core/errors.ts';
import { loadCommand } from './commands/load.ts';
import { demoCommand, runCommand } from './commands/run.ts';
import { requirementsCommand } from './commands/requirements.ts';
import { serveCommand } from './commands/serve.ts';
import { validateCommand } from './commands/validate.ts';
import { createOutput, type Output } from './output.ts';

const HELP = `polihon — simulators and conformance harness for Ukrainian e-government integrations

Usage:
  polihon run [paths…] --sut <polihon.sut.yaml>   run scenarios against a participant, write reports
  polihon demo [paths…] [--participant <name>]      every bundled reference participant against the scenarios of its roles
  polihon validate [paths…] [--sut <file>]         check scenarios (and a profile) without running
  polihon requirements [paths…] [--role <role>]    the requirement catalog and what the scenarios cover
  polihon serve [simulators…] [--port <n>] [--tls] serve simulators over HTTP (HTTPS with --tls, CA in .polihon/pki)
  polihon load <profile.yaml> [--sut <file>]      run a load profile with the embedded engine (loopback only), write load reports

Options (run / demo):
  --reports <dir>           where reports go (default: reports)
  --settle <ms>             real time the participant gets at each virtual checkpoint (default 300)
  --participant <name>      demo: only this bundled participant (hromada-registry, trembita-provider, trembita-consumer)
  --participant-faults <a,b> demo: fault switches of that participant (self-test)
  --unmasked                show personal data in reports (it is synthetic, but masked by default)
  --lang uk|en              language of terminal output (default en)
  --no-color                plain output

Options (load):
  --plan                    validate and print the timeline, run nothing
  --emit k6|k6-operator     write the k6 script + options (and the TestRun + ConfigMap) instead of running
  --out <dir>               where --emit writes (default: reports/k6)
  --parallelism <n>         k6 operator runners (default 1); --namespace, --runner-cpu, --runner-memory, --env K=V
  --max-duration <d>        cut the run shorter (every run is capped at 15m)
  --max-requests <n>        stop after n requests (default: the profile's maxRequests, at most 1000000)
  --soak <d>                hold the profile's rate for <d> (at most 10m) and report memory and its slope
  --serve                   serve the ДМС simulator wired to --sut for an external k6 run of the emitted script
Exit codes: 0 all pass · 1 conformance failures · 2 invalid input · 3 harness/environment error · 99 load thresholds failed
`;

export async function main(argv: string[], out: Output = createOutput()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(parse(rest), out);
      case 'demo':
        return await demoCommand(parse(rest), out);
      case 'validate':
        return await validateCommand(parse(rest), out);
      case 'requirements':
        return await requirementsCommand(parse(rest), out);
      case 'serve':
        return await serveCommand(parse(rest), out);
      case 'load':
        return await loadCommand(parse(rest), out);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out.stdout(HELP);
        return command === undefined ? EXIT.invalidInput : EXIT.ok;
      default:
        throw new PolihonError('E_USAGE', `unknown command '${command}'`, { hint: 'commands: run, demo, validate, requirements, serve, load (polihon --help)' });
    }
  } catch (err) {
    const e = toPolihonError(err);
    out.stderr(e.format() + '\n');
    if (e.code === 'E_INTERNAL' && process.env.POLIHON_DEBUG) out.stderr(String((err as Error).stack) + '\n');
    return e.exitCode;
  }
}

export type Args = ReturnType<typeof parse>;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sut: { type: 'string' },
        reports: { type: 'string' },
        settle: { type: 'string' },
        'participant-faults': { type: 'string' },
        participant: { type: 'string' },
        unmasked: { type: 'boolean' },
        lang: { type: 'string' },
        'no-color': { type: 'boolean' },
        role: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'real-clock': { type: 'boolean' },
        tls: { type: 'boolean' },
        start: { type: 'string' },
        plan: { type: 'boolean' },
        emit: { type: 'string' },
        out: { type: 'string' },
        parallelism: { type: 'string' },
        namespace: { type: 'string' },
        'runner-cpu': { type: 'string' },
        'runner-memory': { type: 'string' },
        env: { type: 'string', multiple: true },
        'max-duration': { type: 'string' },
        'max-requests': { type: 'string' },
        soak: { type: 'string' },
        serve: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new PolihonError('E_USAGE', (err as Error).message, { hint: 'polihon --help lists the options' });
  }
}
