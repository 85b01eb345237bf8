// Compiles polihon's TypeScript sources to JavaScript in build/, a tree that mirrors the repository's, so `polihon`
// and the bundled reference participants start without a TypeScript loader (docs/decisions/0005-compiled-cli.md).
// Plain JS: it runs before anything is compiled. esbuild strips the types file by file (no bundling, no type check:
// that is `tsc --noEmit`), relative `.ts` specifiers become `.js`, and `import.meta.url` is the source's, so a module
// reading a file beside it (catalog.yaml, openapi.yaml, ../package.json) reads it from the source tree.
//
// Staleness: every compiled file is given its source's modification time, so the check is two stats per source and a
// file is recompiled exactly when its source changed (or went back in time) — whoever compiled it last, however two
// builds interleaved. A change of this file or of tsconfig.json recompiles everything.
//   node scripts/build.mjs [--full]
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The build directory, relative to the root (git-ignored, eslint-ignored). */
export const BUILD = 'build';
/** What runs at run time: the CLI and everything it imports, and the reference participants it starts. */
const SOURCE_DIRS = ['core', 'simulators', 'conformance', 'load', 'reporting', 'certification', 'cli', 'participants'];
/** Holds the identity of the builder that compiled the tree: another builder (this file changed) recompiles it all. */
const STAMP = '.builder';
/**
 * Compiling more than this many files is said on stderr; a developer's edit of a file or two is not (by count, not
 * time: on a busy machine one file can take half a second, and a transcript checked by a test must not change then).
 */
const QUIET_FILES = 3;

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
const outPath = (root, rel) => join(root, BUILD, rel.replace(/\.ts$/, '.js'));
/** Whole milliseconds: what a compiled file's mtime is compared by (see the top of this file). */
const ms = (stat) => Math.floor(stat.mtimeMs);

/** The sources, relative to the root, with `/` separators. */
function sources(root) {
  const found = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (isSource(e.name)) found.push(child);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return found;
}

/** This file and tsconfig.json, by size and mtime: what decides how every file is compiled. */
function builderId(root) {
  return [fileURLToPath(import.meta.url), join(root, 'tsconfig.json')]
    .map((f) => {
      const s = statSync(f);
      return `${s.size}:${ms(s)}`;
    })
    .join(' ');
}

/**
 * What needs compiling: every source when the builder changed or nothing was built, else the sources whose compiled
 * file is missing or carries another mtime. About 2 ms for the ~160 sources on a quiet machine.
 */
export function staleSources(root = ROOT) {
  const all = sources(root);
  let stamp;
  try {
    stamp = readFileSync(join(root, BUILD, STAMP), 'utf8');
  } catch {
    stamp = undefined;
  }
  if (stamp !== builderId(root)) return { all, stale: all, full: true };
  const stale = all.filter((rel) => {
    try {
      return ms(statSync(outPath(root, rel))) !== ms(statSync(join(root, rel)));
    } catch {
      return true;
    }
  });
  return { all, stale, full: false };
}

/** Writes through a temporary file and a rename, so a concurrent reader sees the old file or the new, never half. */
function writeAtomic(file, text, mtime) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  if (mtime !== undefined) utimesSync(tmp, mtime, mtime);
  renameSync(tmp, file);
}

/** Relative `./x.ts` / `../y.ts` specifiers of imports, re-exports and dynamic imports, as esbuild prints them. */
const TS_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)"(\.{1,2}\/[^"]*)\.ts"/g;

/** What a module asks of `import.meta` → what stands for it in the compiled file, and how that is computed. */
const META = [
  ['url', '__polihonSourceUrl', (back) => `const __polihonSourceUrl = new URL(${JSON.stringify(back)}, import.meta.url).href;`],
  ['filename', '__polihonSourceFile', () => `import { fileURLToPath as __polihonPath } from 'node:url';\nconst __polihonSourceFile = __polihonPath(__polihonSourceUrl);`],
  ['dirname', '__polihonSourceDir', () => `import { dirname as __polihonDirname } from 'node:path';\nconst __polihonSourceDir = __polihonDirname(__polihonSourceFile);`],
];

/** Compiles `files` (relative paths); throws with esbuild's file:line diagnostics when a source does not parse. */
export async function compile(root, files) {
  const { transform } = await import('esbuild');
  // esbuild takes from it what changes the output: verbatimModuleSyntax (imports kept as written), the class-field semantics of the target
  const tsconfigRaw = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  await Promise.all(
    files.map(async (rel) => {
      const src = join(root, rel);
      const out = outPath(root, rel);
      const stat = statSync(src);
      const code = readFileSync(src, 'utf8');
      const back = relative(dirname(out), src).split(sep).join('/');
      // filename needs url, dirname needs filename
      const used = META.findLastIndex(([prop]) => code.includes(`import.meta.${prop}`));
      const meta = META.slice(0, used + 1);
      const r = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        tsconfigRaw,
        sourcefile: rel,
        sourcemap: 'external',
        // the source's own location: data files beside it are read from the source tree
        define: Object.fromEntries(meta.map(([prop, name]) => [`import.meta.${prop}`, name])),
        banner: meta.map(([, , decl]) => decl(back)).join('\n'),
      });
      mkdirSync(dirname(out), { recursive: true });
      const name = out.slice(dirname(out).length + 1);
      const map = JSON.parse(r.map);
      map.sources = [back];
      writeAtomic(`${out}.map`, JSON.stringify(map));
      // half a millisecond into the source's millisecond: read back as the same whole millisecond whatever the rounding
      writeAtomic(out, `${r.code.replace(TS_SPECIFIER, '$1"$2.js"')}//# sourceMappingURL=${name}.map\n`, (ms(stat) + 0.5) / 1000);
    }),
  );
}

/** Compiled files whose source is gone: a deleted module must not keep answering imports from build/. */
function removeOrphans(root, all) {
  const keep = new Set(all.map((rel) => outPath(root, rel)));
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js') && !keep.has(p)) {
        rmSync(p, { force: true });
        rmSync(`${p}.map`, { force: true });
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, BUILD, dir));
}

const sleep = (n) => new Promise((r) => setTimeout(r, n));
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/**
 * One builder at a time (the self-test starts participants in parallel, each checking the build): the others wait
 * and then find the work done. A lock left by a process that died is taken over.
 */
async function withLock(root, fn) {
  const lock = join(root, BUILD, '.lock');
  mkdirSync(join(root, BUILD), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue;
    }
    // a lock just created may not have its pid written yet; one whose process is gone is dead
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(lock, { force: true });
    else if (Date.now() > deadline) throw new Error(`${relative(process.cwd(), lock)} is held by process ${holder} for over 2 minutes`);
    else await sleep(50);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Compiles what is stale; `{ files, ms, full }` of what it did (files 0 when all was fresh). */
export async function build(root = ROOT, { full = false } = {}) {
  const first = staleSources(root);
  if (!full && first.stale.length === 0) return { files: 0, ms: 0, full: false };
  return withLock(root, async () => {
    const t0 = performance.now();
    // another process may have compiled it while this one waited for the lock
    const now = full ? { ...first, stale: first.all, full: true } : staleSources(root);
    if (now.stale.length === 0) return { files: 0, ms: 0, full: false };
    await compile(root, now.stale);
    removeOrphans(root, now.all);
    if (now.full) writeAtomic(join(root, BUILD, STAMP), builderId(root));
    return { files: now.stale.length, ms: performance.now() - t0, full: now.full };
  });
}

/** The file: URL of a source's compiled module (`cli/main.ts` → build/cli/main.js). */
export const compiledUrl = (rel, root = ROOT) => pathToFileURL(outPath(root, rel)).href;

/** The run's language as the CLI decides it: `--lang`, else POLIHON_LANG, else the locale (cli/messages.ts pickLang). */
function langFrom(argv, env) {
  const i = argv.indexOf('--lang');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  if (flag === 'uk' || flag === 'en') return flag;
  const own = env.POLIHON_LANG?.toLowerCase();
  if (own === 'uk' || own === 'en') return own;
  return /^uk/i.test(env.LC_ALL || env.LANG || '') ? 'uk' : 'en';
}

/**
 * Compiles what is stale before a command runs from build/, saying so on stderr (in the run's language, from the
 * compiled catalog) when it was more than a few files. A source that does not compile ends the process with exit 3
 * (a harness error) and esbuild's file:line diagnostics.
 */
export async function ensureBuilt({ root = ROOT, argv = [], env = process.env } = {}) {
  let done;
  try {
    done = await build(root);
  } catch (err) {
    const lang = langFrom(argv, env);
    const why = String(err?.message ?? err).trim();
    // the catalog itself may be what does not compile: then the line is said in English
    const line = await say(root, 'buildFailed', lang, { dir: `${BUILD}/`, why }).catch(() => `polihon: the TypeScript sources could not be compiled to ${BUILD}/: ${why}`);
    process.stderr.write(`${line}\n`);
    process.exit(3);
  }
  if (done.files > QUIET_FILES) {
    const lang = langFrom(argv, env);
    const params = { n: done.files, dir: `${BUILD}/`, seconds: (done.ms / 1000).toFixed(1) };
    process.stderr.write(`${await say(root, done.full ? 'builtAll' : 'builtChanged', lang, params)}\n`);
  }
  return done;
}

async function say(root, key, lang, params) {
  const [{ t }, { M }] = await Promise.all([import(compiledUrl('core/i18n.ts', root)), import(compiledUrl('cli/messages.ts', root))]);
  return t(M[key], lang, params);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const done = await build(ROOT, { full: process.argv.includes('--full') });
    process.stderr.write(`build: ${done.files} ${done.files === 1 ? 'file' : 'files'} compiled to ${BUILD}/ in ${(done.ms / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write(`build: ${String(err?.message ?? err).trim()}\n`);
    process.exitCode = 3;
  }
}
