// Section 7, the CLI's start (issue 9 item 9): the wall time of `polihon --help` from spawn to exit, against
// `node -e 0` spawned the same way in the same run — the floor under any node command on this machine at this
// moment. The two alternate, so a busy moment on a shared machine slows both rather than one. The first spawn compiles
// whatever build/ lacks (scripts/build.mjs) and is not counted.
//   npx tsx bench/cli-start.ts [runs] [bin]   this section alone (bin: another bin/polihon.mjs, e.g. an old checkout's)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidMeasurement, out, progress, ROOT } from './common.ts';
import { formatMs, formatRatio, formatSignedMs, formatTable, ratio } from './stats.ts';

/** issue 9 item 9: `polihon --help` in at most this many ms, wall time, median */
export const TARGET_HELP_MS = 300;

export interface CliStart {
  runs: number;
  /** ms of each spawn, in order */
  help: number[];
  node: number[];
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One spawn to its exit, in ms; a failed or wordless `--help` makes the measurement invalid. */
function timeSpawn(args: string[], check?: (stdout: string) => boolean): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, POLIHON_LANG: 'en', NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0 || (check && !check(r.stdout))) {
    throw new InvalidMeasurement(`\`node ${args.join(' ')}\` exited with ${r.status ?? r.signal}: ${(r.stderr || r.stdout).slice(0, 300)}`);
  }
  return ms;
}

export function benchCliStart(runs: number, bin = join(ROOT, 'bin', 'polihon.mjs')): CliStart {
  const help = () => timeSpawn([bin, '--help'], (stdout) => stdout.includes('Usage'));
  progress(`polihon --help: one spawn to have build/ up to date, then ${runs} × (polihon --help, node -e 0)`);
  help();
  const result: CliStart = { runs, help: [], node: [] };
  for (let i = 0; i < runs; i++) {
    result.help.push(help());
    result.node.push(timeSpawn(['-e', '0']));
  }
  return result;
}

export function printCliStart(r: CliStart): void {
  const row = (label: string, xs: number[]) => [label, formatMs(median(xs)), formatMs(Math.min(...xs)), formatMs(Math.max(...xs))];
  out(`7. CLI start: wall time from spawn to exit, ${r.runs} spawns each, alternating`);
  out();
  out(formatTable(['command', 'median ms', 'min ms', 'max ms'], [row('polihon --help', r.help), row('node -e 0 (the floor)', r.node)]));
  out();
  const helpMs = median(r.help);
  const nodeMs = median(r.node);
  // the difference is polihon's own part; on a busy machine node's floor rises and takes the wall time with it
  out(
    `RATIO polihon --help / node -e 0 = ${formatRatio(ratio(helpMs, nodeMs))} (${formatSignedMs(helpMs - nodeMs)} ms) · ` +
      `polihon --help median ${formatMs(helpMs)} ms (target ≤ ${TARGET_HELP_MS} ms: ${helpMs <= TARGET_HELP_MS ? 'met' : 'NOT met'})`,
  );
  out();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 15);
  printCliStart(benchCliStart(runs, process.argv[3]));
}
