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
