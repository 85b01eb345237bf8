// Rewrites the sample output in the docs from real runs, so it cannot drift from what the CLI prints.
// A block looks like
//
//   <!-- polihon:output npm run polihon -- demo --participant hromada-registry -->
//   ```
//   $ npm run polihon -- demo --participant hromada-registry
//   …what the command printed…
//   ```
//   <!-- /polihon:output -->
//
// `npm run docs:sync` runs each marked command (`npm start` means its `polihon demo`; `npm run polihon -- …`,
// `polihon …` and `node bin/polihon.mjs …` run bin/polihon.mjs) and writes what it printed between the markers:
// real timings and run ids, the reports folder shown as `reports/`, and `$ echo $?` when the exit code is not 0.
// test/docs-readme.test.ts runs the same commands and fails when a block differs after `normalise` (which hides
// run ids and timings, the only parts that change from run to run).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The files whose marked blocks `docs:sync` rewrites. */
export const SYNCED_FILES = ['README.md'];

const OPEN = /^<!-- polihon:output (.+?) -->$/;
const CLOSE = '<!-- /polihon:output -->';

export interface OutputBlock {
  /** the command as the reader types it */
  command: string;
  /** 0-based line of the opening marker and of the closing marker */
  open: number;
  close: number;
  /** the text between the markers, fences included */
  body: string;
}

/** The marked blocks of a document; an unclosed or nested marker is an error naming its line. */
export function findBlocks(text: string, file = 'README.md'): OutputBlock[] {
  const lines = text.split('\n');
  const blocks: OutputBlock[] = [];
  let current: { command: string; open: number } | undefined;
  lines.forEach((line, i) => {
    const m = OPEN.exec(line.trim());
    if (m) {
      if (current) throw new Error(`${file}:${i + 1}: a polihon:output block opens inside the one of line ${current.open + 1}`);
      current = { command: m[1]!.trim(), open: i };
    } else if (line.trim() === CLOSE) {
      if (!current) throw new Error(`${file}:${i + 1}: ${CLOSE} without an opening marker`);
      blocks.push({ ...current, close: i, body: lines.slice(current.open + 1, i).join('\n') });
      current = undefined;
    }
  });
  if (current) throw new Error(`${file}:${current.open + 1}: the polihon:output block is not closed with ${CLOSE}`);
  return blocks;
}

/** The polihon arguments a shown command stands for. */
export function polihonArgs(command: string): string[] {
  const words = command.split(/\s+/).filter((w) => w !== '');
  const after = (n: number) => words.slice(n);
  if (words.join(' ') === 'npm start') return ['demo'];
  if (words[0] === 'npm' && words[1] === 'run' && words[2] === 'polihon' && words[3] === '--') return after(4);
  if (words[0] === 'polihon') return after(1);
  if (words[0] === 'node' && words[1] === 'bin/polihon.mjs') return after(2);
  throw new Error(`'${command}' is not a polihon command docs:sync can run (npm start, npm run polihon -- …, polihon …)`);
}

export interface RunResult {
  code: number;
  /** what the command printed (stdout and stderr in order), with the temporary reports folder shown as `reports` and the repository root removed */
  output: string;
}

/** Runs a shown command for real (loopback only, as every polihon run), reports into a folder of its own. */
export function runShown(command: string, timeoutMs = 120_000): Promise<RunResult> {
  return runPolihon(polihonArgs(command), timeoutMs, command);
}

/**
 * Runs bin/polihon.mjs with these arguments. A `run` or `demo` writes its reports into a temporary folder (its own
 * `--reports` is replaced), so docs checks never touch the user's reports/ and can run side by side.
 */
export async function runPolihon(argv: readonly string[], timeoutMs = 120_000, command = argv.join(' ')): Promise<RunResult> {
  const reports = mkdtempSync(path.join(tmpdir(), 'polihon-docs-'));
  const isRun = argv[0] === 'run' || argv[0] === 'demo';
  const args = argv.filter((a, i) => a !== '--reports' && argv[i - 1] !== '--reports');
  // stdout and stderr share one file, so the transcript keeps the order a terminal shows
  const transcript = path.join(reports, 'transcript.txt');
  const fd = openSync(transcript, 'w');
  try {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'polihon.mjs'), ...args, ...(isRun ? ['--reports', reports] : [])], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      stdio: ['ignore', fd, fd],
    });
    const code = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`'${command}' did not finish within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (c, signal) => {
        clearTimeout(timer);
        resolve(c ?? (signal ? 128 : 3));
      });
    });
    const local = (t: string) => t.split(reports).join('reports').split(ROOT + path.sep).join('');
    // whether the sources were compiled first depends on what changed since the last command, not on the command
    const compiled = /^polihon: (recompiled the changed sources|змінені вихідні коди перекомпільовано) .*\n/gm;
    return { code, output: local(readFileSync(transcript, 'utf8')).replace(compiled, '').replace(/\s+$/, '') };
  } finally {
    closeSync(fd);
    rmSync(reports, { recursive: true, force: true });
  }
}

/** The block's text for a run: the fenced transcript the reader sees. */
export function renderBlock(command: string, result: RunResult): string {
  const lines = ['```', `$ ${command}`, result.output];
  if (result.code !== 0) lines.push('$ echo $?', String(result.code));
  lines.push('```');
  return lines.join('\n');
}

/** Hides what changes from run to run: run ids (timestamps) and durations. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}/g, '<run-id>')
    .replace(/\b\d+(?:\.\d+)?(m?s)\b/g, '<t>$1')
    .replace(/[ \t]+$/gm, '');
}

/** Rewrites every marked block of a file from fresh runs; returns the commands it ran. */
export async function syncFile(rel: string): Promise<string[]> {
  const file = path.join(ROOT, rel);
  const text = readFileSync(file, 'utf8');
  const blocks = findBlocks(text, rel);
  const results: RunResult[] = [];
  // one at a time: a run owns the machine's two cores, and the timings it prints should look like a quiet run's
  for (const b of blocks) results.push(await runShown(b.command));
  const lines = text.split('\n');
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    lines.splice(b.open + 1, b.close - b.open - 1, renderBlock(b.command, results[i]!));
  }
  writeFileSync(file, lines.join('\n'));
  return blocks.map((b, i) => `${rel}: ${b.command} → exit ${results[i]!.code}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const rel of SYNCED_FILES) for (const line of await syncFile(rel)) console.log(line);
}
