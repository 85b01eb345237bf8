// One `ui` step's browser: Chromium with a fake camera, one page on the participant's web UI, closed at the end of
// the step whatever happens (and at once when the scenario is stopped). The camera is Chromium's file capture: the
// flags name a file in the launch's folder that does not exist yet — a page asking for the camera then finds none —
// and each `camera:` action (re)writes it. Chromium opens the file when a page starts capturing, not at launch
// (checked with chromium-headless-shell 1.65's Chromium: a file written after launch is seen, a rewritten one too), so
// one launch serves a whole step, however often the camera changes what it sees.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from './chromium.ts';

/** What a phone's screen is filmed at: the frame size of Chromium's default fake camera. */
export const CAMERA_FRAME = { width: 640, height: 480 } as const;

/**
 * How a masked run's screenshots are taken: the page blurred while it is captured, so layout, colours and state stay
 * visible and no text is readable (docs/decisions/0009-ui-step.md).
 */
export const MASKING_STYLE = 'html { filter: blur(7px) !important; }';

export interface UiSession {
  readonly page: Page;
  /** writes what the camera sees from now on: one JPEG frame, which Chromium's MJPEG reader shows in a loop */
  setCamera(jpeg: Uint8Array): Promise<void>;
  /** renders a page at the camera's frame size in a tab of its own and returns it as a JPEG */
  renderFrame(url: string, timeoutMs: number): Promise<{ jpeg: Uint8Array; status: number }>;
  /** lets pages of this origin use the camera without asking */
  allowCamera(origin: string): Promise<void>;
  /** a PNG of the page as it is now (the viewport, or the whole page); blurred when `masked` */
  screenshot(masked: boolean, timeoutMs: number, fullPage?: boolean): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const CAMERA_FILE = 'camera.mjpeg';

/**
 * Opens the browser and its page; closes it when `signal` aborts. `trustedSpki`: the public key (SHA-256, base64) of a
 * certificate to accept though no CA the browser knows issued it — the simulators' in an mTLS run.
 */
export async function openUiSession(signal: AbortSignal, trustedSpki?: string): Promise<UiSession> {
  const launched: LaunchedChromium = await launchChromium({
    args: (dir) => [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${path.join(dir, CAMERA_FILE)}`,
      ...(trustedSpki ? [`--ignore-certificate-errors-spki-list=${trustedSpki}`] : []),
    ],
  });
  const onAbort = () => void launched.close();
  signal.addEventListener('abort', onAbort, { once: true });
  const close = async () => {
    signal.removeEventListener('abort', onAbort);
    await launched.close();
  };
  try {
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
    const page = launched.context.pages()[0] ?? (await launched.context.newPage());
    const allowed = new Set<string>();
    return {
      page,
      async setCamera(jpeg) {
        await writeFile(path.join(launched.dir, CAMERA_FILE), jpeg);
      },
      async renderFrame(url, timeoutMs) {
        const tab = await launched.context.newPage();
        try {
          await tab.setViewportSize(CAMERA_FRAME);
          const answer = await tab.goto(url, { timeout: timeoutMs, waitUntil: 'load' });
          const jpeg = await tab.screenshot({ type: 'jpeg', quality: 92, timeout: timeoutMs });
          return { jpeg, status: answer?.status() ?? 0 };
        } finally {
          await tab.close().catch(() => undefined);
        }
      },
      async allowCamera(origin) {
        if (allowed.has(origin)) return;
        await launched.context.grantPermissions(['camera'], { origin });
        allowed.add(origin);
      },
      screenshot: (masked, timeoutMs, fullPage = false) => page.screenshot({ type: 'png', timeout: timeoutMs, fullPage, ...(masked ? { style: MASKING_STYLE } : {}) }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
