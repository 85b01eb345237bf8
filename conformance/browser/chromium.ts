// Debian's Chromium driven by playwright-core, for the product's `ui` step and for the browser tests (test/browser.ts
// reuses it). Which binary and which flags is decided in one place, scripts/chromium.mjs, which the bootstrap reads
// before anything is installed. It is loaded through the source tree's URL: the compiled CLI runs from build/, where
// a relative import of scripts/ would point at nothing (scripts/build.mjs keeps import.meta.url the source's).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import type * as ChromiumMjs from '../../scripts/chromium.mjs';
import { UIM } from './messages.ts';

type ChromiumScript = typeof ChromiumMjs;

let script: Promise<ChromiumScript> | undefined;

/** scripts/chromium.mjs, loaded once. */
export function chromiumScript(): Promise<ChromiumScript> {
  script ??= import(new URL('../../scripts/chromium.mjs', import.meta.url).href) as Promise<ChromiumScript>;
  return script;
}

/** The binary a browser step would drive, and whether it is there. */
export async function chromiumFound(env = process.env): Promise<{ path: string; present: boolean }> {
  const { chromiumPath } = await chromiumScript();
  const p = chromiumPath(env);
  return { path: p, present: existsSync(p) };
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** a folder of this launch's own, removed on close: the profile lives in it, and a step may keep files there */
  dir: string;
  /** closes the browser and removes its folder; safe to call twice */
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** flags beyond scripts/chromium.mjs CHROMIUM_ARGS; given the launch's folder, as a flag may name a file in it */
  args?: (dir: string) => readonly string[];
}

/**
 * Chromium in a fresh profile that close() removes, headless, with no traffic of its own. E_BROWSER when the
 * binary is missing or does not start (a harness error, never the participant's).
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  const { CHROMIUM_ARGS, CHROMIUM_PACKAGE, chromiumPath } = await chromiumScript();
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new PolihonError('E_BROWSER', msg(UIM.chromiumMissing, { path: executablePath }), { hint: msg(UIM.chromiumMissingHint, { package: CHROMIUM_PACKAGE }) });
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'polihon-chromium-'));
  const profile = path.join(dir, 'profile');
  let context: BrowserContext;
  try {
    await mkdir(profile);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args?.(dir) ?? [])],
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new PolihonError('E_BROWSER', msg(UIM.chromiumFailed, { path: executablePath, error: firstLine(err) }), {
      hint: msg(UIM.chromiumMissingHint, { package: CHROMIUM_PACKAGE }),
      cause: err,
    });
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    dir,
    close() {
      closing ??= (async () => {
        await context.close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/** The first line of an error, without Playwright's call log. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? text).slice(0, 300);
}
