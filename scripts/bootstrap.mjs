#!/usr/bin/env node
// Brings a fresh machine to the point where `npm start` / `npm test` can run: npm dependencies from the lock
// file, and (for tests) Chromium from Debian's packages. Plain JS on purpose: it runs before anything is installed.
// Every install says what it installs; a failure says what to do and exits non-zero, never silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const say = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);
const die = (msg, hint) => {
  process.stderr.write(`[bootstrap] ERROR: ${msg}\n${hint ? `[bootstrap] hint: ${hint}\n` : ''}`);
  process.exit(3);
};

function run(cmd, argv, what) {
  say(`${what}: ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0;
}

// 1. Node version
const [maj, min] = process.versions.node.split('.').map(Number);
if (maj < 20 || (maj === 20 && min < 19)) die(`Node ${process.versions.node} is too old`, 'polihon needs Node >= 20.19');

// 2. npm dependencies, from the committed lock file
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  if (!run('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm dependencies from package-lock.json')) {
    die('npm ci failed', 'check the network access to the npm registry, then run `npm ci` by hand to see the error');
  }
}

// 3. Chromium for the Playwright tests (the Playwright browser download does not work here; Debian's does)
const CHROMIUM = process.env.POLIHON_CHROMIUM ?? '/usr/bin/chromium';
if (args.has('--for-test') && !existsSync(CHROMIUM)) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (a) => (sudo.length ? run('sudo', ['apt-get', ...a], 'Chromium') : run('apt-get', a, 'Chromium'));
  say('Chromium is needed by the end-to-end browser tests and is missing; installing Debian\'s chromium package (~480 MB, ~30 s)');
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', 'chromium']) || !existsSync(CHROMIUM)) {
    die(`could not install Chromium at ${CHROMIUM}`, 'run `apt-get install -y chromium` as root, or set POLIHON_CHROMIUM to a Chromium binary');
  }
  try {
    say(`Chromium ready: ${execFileSync(CHROMIUM, ['--version']).toString().trim()}`);
  } catch {
    die(`${CHROMIUM} does not run`, 'reinstall with `apt-get install --reinstall -y chromium`');
  }
}

// 4. python zeep for the real-client test (test/zeep-client.test.ts): a virtualenv at .polihon/venv with zeep pinned,
// its dependencies resolved by pip from PyPI. Skipped (one ~0.15 s check) when the venv already imports that version.
const ZEEP = '4.3.1';
if (args.has('--for-test')) {
  const venv = join(root, '.polihon', 'venv');
  const py = join(venv, 'bin', 'python');
  const zeepVersion = () => {
    if (!existsSync(py)) return null;
    const r = spawnSync(py, ['-I', '-c', 'import zeep; print(zeep.__version__)'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    return r.status === 0 ? r.stdout.toString().trim() : null;
  };
  const have = zeepVersion();
  if (have !== ZEEP) {
    const started = Date.now();
    const python = process.env.POLIHON_PYTHON ?? 'python3';
    say(`python zeep ${ZEEP} is needed by the real SOAP client test and is ${have ? `at ${have}` : 'missing'}; installing it into .polihon/venv (~5 s)`);
    const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); sys.exit(sys.version_info < (3, 8))'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    if (probe.error || probe.status !== 0) {
      die(`no usable Python 3.8+ at '${python}'${probe.stdout?.length ? ` (found ${probe.stdout.toString().trim()})` : ''}`, 'install it with `apt-get install -y python3 python3-venv`, or set POLIHON_PYTHON to a python3 >= 3.8');
    }
    // a venv that exists but no longer runs (its interpreter gone) is made anew; one that runs keeps its packages
    const fresh = !existsSync(py) || spawnSync(py, ['-c', ''], { stdio: 'ignore' }).status !== 0;
    if (fresh && !run(python, ['-m', 'venv', '--clear', venv], `creating a Python ${probe.stdout.toString().trim()} venv`)) {
      die(`\`${python} -m venv ${venv}\` failed`, 'on Debian/Ubuntu install the venv module with `apt-get install -y python3-venv`, then run `npm test` again');
    }
    if (!run(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', `zeep==${ZEEP}`], `installing zeep==${ZEEP} and its dependencies from PyPI`)) {
      die(`pip could not install zeep==${ZEEP} into ${venv}`, `check the network access to PyPI, then run \`${py} -m pip install zeep==${ZEEP}\` by hand to see the error`);
    }
    const now = zeepVersion();
    if (now !== ZEEP) die(`zeep ${ZEEP} was installed but ${py} imports ${now ?? 'no zeep'}`, `remove ${venv} and run \`npm test\` again`);
    const pins = spawnSync(py, ['-m', 'pip', 'list', '--disable-pip-version-check', '--format=freeze', '--exclude', 'pip', '--exclude', 'setuptools'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    say(`zeep ready in .polihon/venv (${((Date.now() - started) / 1000).toFixed(1)} s): ${pins.stdout?.toString().trim().split('\n').join(', ')}`);
  }
}
