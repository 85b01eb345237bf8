// The officer's page in real Chromium: typing a code, and scanning a real QR code from a camera. The camera is
// Chromium's fake capture device fed an MJPEG file (JPEG frames one after another) made here by screenshotting a page
// that shows the QR of a Дія link drawn with `qrcode` — so jsQR in the page decodes real camera frames, and the link
// goes to the participant's backend and on to a fake Дія behind a fake Трембіта (fake-diia.ts). axe-core checks the
// page's accessibility. Loopback only.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing, launchChromium } from '../../test/browser.ts';
import { startFakeDiia, type Code, type FakeDiia } from './fake-diia.ts';
import { startVerifier, type RunningVerifier } from './server.ts';

const missing = chromiumMissing();

/** The test browser's flags (test/browser.ts) plus a fake camera reading `video` and no permission prompt. */
function cameraArgs(video: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ];
}

/** A 640×480 white screen with only the QR code of `text` centred, as a phone held to the camera shows it. */
async function qrScreenHtml(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 4, errorCorrectionLevel: 'M', width: 400 });
  return `<!doctype html><html><body style="margin:0;background:#fff;width:640px;height:480px;display:flex;align-items:center;justify-content:center"><div style="width:400px;height:400px">${svg}</div></body></html>`;
}

/** JPEG frames of the QR screen, concatenated: Chromium's fake capture device plays an .mjpeg file frame by frame. */
async function mjpegOf(context: BrowserContext, text: string, file: string): Promise<void> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 640, height: 480 });
  await page.setContent(await qrScreenHtml(text));
  const frame = await page.screenshot({ type: 'jpeg', quality: 90 });
  await page.close();
  await writeFile(file, Buffer.concat(Array.from({ length: 30 }, () => frame)));
}

describe('credential verifier page in Chromium', () => {
  let fake: FakeDiia;
  let verifier: RunningVerifier;
  let dir: string;
  let code: Code;
  let camera: BrowserContext | undefined;
  let closeCamera: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (missing) throw missing;
    fake = await startFakeDiia();
    verifier = await startVerifier({ port: 0, log: () => undefined });
    const reset = await fetch(`${verifier.url}/driver/reset`, { method: 'POST', body: JSON.stringify({ simulators: { trembita: fake.trembita }, clock: fake.clock }) });
    expect(reset.status).toBe(204);
    dir = await mkdtemp(path.join(tmpdir(), 'polihon-verifier-camera-'));
    code = fake.present();
    // frames are made in an ordinary browser; the camera browser is launched with the file they make
    const maker = await launchChromium({ width: 640, height: 480 });
    try {
      await mjpegOf(maker.context, code.qrCode, path.join(dir, 'qr.mjpeg'));
    } finally {
      await maker.close();
    }
    const profile = path.join(dir, 'profile');
    camera = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: cameraArgs(path.join(dir, 'qr.mjpeg')), viewport: { width: 1000, height: 800 } });
    closeCamera = () => camera!.close().catch(() => undefined);
  });

  afterAll(async () => {
    await closeCamera?.();
    await verifier?.close();
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scans the QR code from the camera, decodes it with jsQR and shows “Посвідчення дійсне” with the fields', async () => {
    const page = await camera!.newPage();
    await page.goto(`${verifier.url}/`);
    await page.click('#scan');
    const result = page.locator('#result[data-verdict="valid"]');
    await result.waitFor({ timeout: 20_000 });
    await expect(result.locator('.message').textContent()).resolves.toBe('Посвідчення дійсне');
    await expect(result.locator('[data-field="fullName"]').textContent()).resolves.toBe('Тестенко Олена Петрівна');
    await expect(result.locator('img.photo').getAttribute('alt')).resolves.toBe('Фото: Тестенко Олена Петрівна');
    // what reached Дія was the link the camera saw, through Трембіта
    expect(fake.calls.map((c) => [c.via, JSON.parse(c.body)])).toEqual([['trembita', { qrCode: code.qrCode }]]);
    await page.close();
  });

  it('verifies a typed code, shows refusals in words, and passes axe-core’s checks', async () => {
    const page = await camera!.newPage();
    await page.goto(`${verifier.url}/`);
    const typed = fake.present();
    await page.fill('#code', `${typed.barcode.slice(0, 1)} ${typed.barcode.slice(1, 7)} ${typed.barcode.slice(7)}`);
    await page.click('#verify');
    await page.locator('#result[data-verdict="valid"]').waitFor();
    await page.fill('#code', typed.barcode);
    await page.click('#verify');
    await page.locator('#result[data-verdict="used"]').waitFor();
    await expect(page.locator('#result .message').textContent()).resolves.toMatch(/^Код уже використано/);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.close();
  });
});
