// The commands in the docs work. Every ```sh block that holds a polihon command carries a marker on the line before
// it: `<!-- polihon:exit 0 1 -->` (run each polihon command of the block, expect these exit codes in order) or
// `<!-- polihon:not-run <reason> -->`. With `sut=<profile>` the block runs against a reader's own participant, which
// is not here: its `run` is checked as `validate` of the same paths with that bundled profile instead. Options of
// every command, in blocks and inline (`npm run polihon -- serve dms`), are checked against `polihon --help`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { polihonArgs, ROOT, runPolihon } from '../scripts/docs-sync.ts';

/** The docs whose commands are checked. */
export const COMMAND_DOCS = [
  'README.md',
  'docs/en/guide.md',
  'docs/uk/guide.md',
  'docs/en/first-participant.md',
  'docs/uk/first-participant.md',
  'docs/en/participant-profile.md',
  'docs/uk/participant-profile.md',
  'docs/en/ci.md',
  'docs/uk/ci.md',
  'docs/en/certification.md',
  'docs/uk/certification.md',
  'participants/hromada-registry/README.md',
  'participants/trembita-consumer/README.md',
  'participants/trembita-provider/README.md',
];

const POLIHON_LINE = /^(?:npm run polihon -- |npm start\b|npm test\b|polihon |npx polihon |node bin\/polihon\.mjs )/;

interface ShellBlock {
  where: string;
  commands: string[];
  marker: { kind: 'exit'; codes: number[]; sut?: string } | { kind: 'not-run'; reason: string } | undefined;
}

function shellBlocks(rel: string, text: string): ShellBlock[] {
  const lines = text.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(?:sh|shell|bash|console)\s*$/.test(lines[i]!)) continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end === -1 ? undefined : end);
    const commands = body.map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => POLIHON_LINE.test(l));
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const prev = (lines[j] ?? '').trim();
    const exit = /^<!-- polihon:exit ((?:\d+\s*)+?)(?:\s+sut=(\S+))?\s*-->$/.exec(prev);
    const notRun = /^<!-- polihon:not-run (.+?)\s*-->$/.exec(prev);
    const marker = exit
      ? { kind: 'exit' as const, codes: exit[1]!.trim().split(/\s+/).map(Number), ...(exit[2] ? { sut: exit[2] } : {}) }
      : notRun
        ? { kind: 'not-run' as const, reason: notRun[1]! }
        : undefined;
    blocks.push({ where: `${rel}:${i + 1}`, commands, marker });
    i = end === -1 ? lines.length : end;
  }
  return blocks;
}

const docs = COMMAND_DOCS.flatMap((rel) => {
  try {
    return [{ rel, text: readFileSync(path.join(ROOT, rel), 'utf8') }];
  } catch {
    return [];
  }
});
const blocks = docs.flatMap((d) => shellBlocks(d.rel, d.text)).filter((b) => b.commands.length > 0 || b.marker !== undefined);

/** Options that take no value; every other `--option` is followed by its value. */
const FLAGS = new Set(['--unmasked', '--no-color', '--tls', '--plan', '--serve', '--help']);

/** `run [paths] --sut mine.yaml --settle 500 …` → `validate [paths] --sut <bundled>`: the reader's participant is not here. */
function asValidate(args: string[], sut: string): string[] {
  if (args[0] !== 'run' && args[0] !== 'validate') return args;
  const paths: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i]!.startsWith('--')) {
      if (!FLAGS.has(args[i]!)) i++;
    } else paths.push(args[i]!);
  }
  return ['validate', ...paths, '--sut', sut];
}

/** A block's runs: the polihon arguments (a reader's own participant checked by validate) and the expected exit. */
const runs = blocks.flatMap((b) =>
  b.marker?.kind !== 'exit'
    ? []
    : b.commands.map((command, k) => {
        const sut = b.marker?.kind === 'exit' ? b.marker.sut : undefined;
        const args = sut === undefined ? polihonArgs(command) : asValidate(polihonArgs(command), sut);
        return { where: b.where, command, args, exit: (b.marker as { codes: number[] }).codes[k] };
      }),
);

describe('shell blocks in the docs', () => {
  it('are found (the parser still reads the docs)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });

  it('each carry a marker: the exit codes to expect, one per polihon command, or why they are not run', () => {
    const problems = blocks.flatMap((b) => {
      if (!b.marker) return [`${b.where}: a shell block with polihon commands needs <!-- polihon:exit … --> or <!-- polihon:not-run reason --> before it`];
      if (b.marker.kind === 'exit' && b.marker.codes.length !== b.commands.length) {
        return [`${b.where}: ${b.marker.codes.length} exit code(s) for ${b.commands.length} command(s)`];
      }
      if (b.marker.kind === 'exit' && b.marker.sut !== undefined && !b.commands.some((c) => c.includes('--sut'))) {
        return [`${b.where}: sut= given but no command has --sut`];
      }
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('exit as the docs say', { timeout: 240_000 }, async () => {
    // the same command in both languages runs once
    const unique = new Map<string, { args: string[]; exit: number | undefined; where: string[] }>();
    for (const r of runs) {
      const key = `${r.args.join('\u0000')}\u0001${r.exit}`;
      const seen = unique.get(key);
      if (seen) seen.where.push(r.where);
      else unique.set(key, { args: r.args, exit: r.exit, where: [r.where] });
    }
    const queue = [...unique.values()];
    const failures: string[] = [];
    // two at a time: each run mostly waits on loopback and the virtual clock
    await Promise.all(
      [0, 1].map(async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const res = await runPolihon(r.args, 90_000);
          if (res.code !== r.exit) {
            failures.push(`${r.where.join(', ')}: polihon ${r.args.join(' ')} exited ${res.code}, the docs say ${r.exit}\n${res.output.split('\n').slice(-12).join('\n')}`);
          }
        }
      }),
    );
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});

describe('polihon commands in the docs, inline and in shell blocks', () => {
  it('name a command and options that `polihon --help` knows', async () => {
    const help = (await runPolihon(['--help'])).output;
    const commands = new Set([...help.matchAll(/^\s+polihon (\w+)/gm)].map((m) => m[1]));
    expect(commands.size).toBeGreaterThanOrEqual(5);
    const uses: { where: string; shown: string; words: string[] }[] = [];
    for (const { rel, text } of docs) {
      text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(/`(?:npm run polihon -- |npx polihon |polihon )([^`]*)`/g)) {
          uses.push({ where: `${rel}:${i + 1}`, shown: m[0], words: (m[1] ?? '').split(/\s+/).filter((w) => w !== '') });
        }
      });
    }
    for (const b of blocks) {
      for (const c of b.commands) if (!/^npm (start|test)\b/.test(c)) uses.push({ where: b.where, shown: c, words: polihonArgs(c) });
    }
    // an option missing from the overview may be in the command's own help (`polihon run --help`), read only then
    const ownHelp = new Map<string, string>();
    const helpOf = async (command: string) => {
      if (!ownHelp.has(command)) {
        const res = await runPolihon([command, '--help']);
        ownHelp.set(command, res.code === 0 ? res.output : '');
      }
      return ownHelp.get(command)!;
    };
    const problems: string[] = [];
    for (const u of uses) {
      const first = u.words[0];
      if (first === undefined || first === '…' || ['--help', '-h', '--version', '-V'].includes(first)) continue;
      if (first === 'help') {
        const of = u.words[1];
        if (of !== undefined && !commands.has(of)) problems.push(`${u.where}: unknown command '${of}' in ${u.shown}`);
        continue;
      }
      if (!commands.has(first)) problems.push(`${u.where}: unknown command '${first}' in ${u.shown}`);
      for (const w of u.words) {
        const opt = /^--[a-z][a-z-]*/.exec(w)?.[0];
        if (opt && !help.includes(opt) && !(commands.has(first) && (await helpOf(first)).includes(opt))) {
          problems.push(`${u.where}: option ${opt} is not in polihon --help nor polihon ${first} --help (${u.shown})`);
        }
      }
    }
    expect(uses.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
