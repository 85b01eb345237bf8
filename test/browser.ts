// Chromium for browser tests: the product's launcher (conformance/browser/chromium.ts: the binary scripts/chromium.mjs
// picks, headless, nothing reaching the network, a fresh profile removed on close), and the sentence a test throws
// when there is no browser rather than quietly skipping.
import { existsSync } from 'node:fs';
import { launchChromium as launch, type LaunchedChromium } from '../conformance/browser/chromium.ts';
import { chromiumMissing as missingText, chromiumPath } from '../scripts/chromium.mjs';

export const CHROMIUM = chromiumPath();

export type { LaunchedChromium };

/** Why browser tests cannot run here, or undefined when they can; tests throw it rather than quietly skip. */
export function chromiumMissing(): Error | undefined {
  return existsSync(CHROMIUM) ? undefined : new Error(missingText(CHROMIUM));
}

export function launchChromium(viewport = { width: 1400, height: 900 }): Promise<LaunchedChromium> {
  return launch({ viewport });
}
