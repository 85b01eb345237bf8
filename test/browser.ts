// Chromium for browser tests: the binary scripts/chromium.mjs picks (POLIHON_CHROMIUM or Debian's), headless, with everything that would reach
// the network or touch a shared profile turned off, in a fresh profile directory removed on close.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumMissing as missingText, chromiumPath } from '../scripts/chromium.mjs';

export const CHROMIUM = chromiumPath();

/** Why browser tests cannot run here, or undefined when they can; tests throw it rather than quietly skip. */
export function chromiumMissing(): Error | undefined {
  return existsSync(CHROMIUM) ? undefined : new Error(missingText(CHROMIUM));
}

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<LaunchedChromium> {
  const profile = await mkdtemp(path.join(tmpdir(), 'polihon-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS], viewport });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
