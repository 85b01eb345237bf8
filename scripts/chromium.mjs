// The one place that decides which Chromium the browser tests drive and which Debian package the bootstrap installs
// for them. Plain JS, so the bootstrap can import it before anything is installed; tests import it through
// chromium.d.mts. Debian's chromium-headless-shell (one package, ~220 MB unpacked) is enough for playwright-core; a
// full `chromium` already on the machine is used as it is, and POLIHON_CHROMIUM names any other binary.
import { existsSync } from 'node:fs';

/** The Debian package the bootstrap installs when no Chromium is found. */
export const CHROMIUM_PACKAGE = 'chromium-headless-shell';

/** Where Debian puts the binaries, the lighter first. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/** The binary to drive: $POLIHON_CHROMIUM, else the first candidate present, else the one the package installs. */
export function chromiumPath(env = process.env) {
  if (env.POLIHON_CHROMIUM) return env.POLIHON_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? CHROMIUM_CANDIDATES[0];
}

/**
 * Flags for a test browser on a shared machine: no sandbox (containers lack the namespaces), no GPU, and none of the
 * background traffic a browser makes on its own (tests talk only to loopback).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The sentence a test shows when no browser is there. */
export function chromiumMissing(path) {
  return (
    `Chromium is missing at ${path}, so this cannot be tested in a browser. ` +
    `Run \`npm test\` (its bootstrap installs it) or \`apt-get install -y ${CHROMIUM_PACKAGE}\`, or set POLIHON_CHROMIUM to a Chromium binary.`
  );
}
