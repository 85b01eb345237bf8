// The compiled build (scripts/build.mjs, run through bin/run.mjs as bin/polihon.mjs runs it): in a temporary copy
// of the builder and a few sources, never in the repository — a change to a source is picked up by the next run, the
// compiled module reads the files beside its source, a big compile is said in the run's language, a small one is not,
// and a source that does not compile stops the run with exit 3 and the file's name.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
let dir: string;

/** Writes a source with an mtime of its own, seconds away from the last: the staleness check compares mtimes. */
let clock = Math.floor(Date.now() / 1000);
function write(rel: string, text: string): void {
  const file = join(dir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  clock += 5;
  utimesSync(file, clock, clock);
}

function run(lang: 'en' | 'uk' = 'en') {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'run.mjs'), 'core/greet.ts', 'arg'], {
    cwd: dir,
    env: { ...process.env, POLIHON_LANG: lang },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'polihon-build-'));
  for (const rel of ['scripts/build.mjs', 'bin/run.mjs', 'tsconfig.json', 'core/i18n.ts', 'cli/messages.ts']) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(join(ROOT, rel), join(dir, rel));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  write('core/data.txt', 'beside the source\n');
  write('core/word.ts', "export const word: string = 'one';\n");
  write(
    'core/greet.ts',
    [
      "import { readFileSync } from 'node:fs';",
      "import { word } from './word.ts';",
      "const data: string = readFileSync(new URL('./data.txt', import.meta.url), 'utf8').trim();",
      "console.log([word, data, import.meta.filename.endsWith('/core/greet.ts'), process.argv.slice(2).join(' ')].join(' | '));",
    ].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled build', () => {
  it('compiles everything on the first run and says so; the module reads the file beside its source and sees itself as the .ts', () => {
    const r = run();
    expect(r.stderr).toMatch(/^polihon: compiled the TypeScript sources to build\/ \(4 files, [\d.]+ s\)/);
    expect(r.stdout).toBe('one | beside the source | true | arg');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'build', 'core', 'greet.js'))).toBe(true);
    expect(existsSync(join(dir, 'build', 'core', 'data.txt'))).toBe(false);
  });

  it('runs without compiling when nothing changed', () => {
    expect(run()).toEqual({ code: 0, stdout: 'one | beside the source | true | arg', stderr: '' });
  });

  it('recompiles a changed source on the next run, without a word for one file', () => {
    write('core/word.ts', "export const word: string = 'two';\n");
    expect(run()).toEqual({ code: 0, stdout: 'two | beside the source | true | arg', stderr: '' });
  });

  it('recompiles a source put back to an older version (its mtime differs, though older than the compiled file)', () => {
    write('core/word.ts', "export const word: string = 'one';\n");
    clock -= 60;
    utimesSync(join(dir, 'core/word.ts'), clock, clock);
    expect(run().stdout).toBe('one | beside the source | true | arg');
  });

  it('recompiles everything when the compiler settings change, saying so in the language of the run', () => {
    write('tsconfig.json', `${JSON.stringify({ compilerOptions: { verbatimModuleSyntax: true, target: 'ES2022' } })}\n`);
    const r = run('uk');
    expect(r.stderr).toMatch(/^polihon: вихідні коди TypeScript скомпільовано до build\/ \(4 файли, [\d.]+ с\)/);
    expect(r.code).toBe(0);
  });

  it('removes the compiled file of a deleted source when it next compiles', () => {
    write('core/gone.ts', 'export const gone = 1;\n');
    run();
    expect(existsSync(join(dir, 'build', 'core', 'gone.js'))).toBe(true);
    rmSync(join(dir, 'core', 'gone.ts'));
    write('core/word.ts', "export const word: string = 'three';\n");
    expect(run().stdout).toBe('three | beside the source | true | arg');
    expect(existsSync(join(dir, 'build', 'core', 'gone.js'))).toBe(false);
  });

  it('stops with exit 3 and the file and line when a source does not compile', () => {
    write('core/word.ts', "export const word: string = 'four;\n");
    const r = run();
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^polihon: the TypeScript sources could not be compiled to build\/: [\s\S]*core\/word\.ts:1:/);
    expect(r.stdout).toBe('');
  });
});
