// The camera page in real Chromium: served on loopback by the phone's own routes, shot as a PNG at 640×480 (the
// frame a verifier's fake camera plays), and the QR decoded by jsQR from the screenshot's pixels — the code on the
// phone's screen is really scannable, not just a well-formed matrix. The same browser checks the phone page's
// QR/Штрихкод toggle, axe-core's accessibility rules, and that the page loads nothing the security policy would block.
import { AxeBuilder } from '@axe-core/playwright';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import jsQRModule from 'jsqr';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, type LaunchedChromium } from '../../../test/browser.ts';
import { mountPhone } from './face.ts';
import { memoryPhone, sampleView, T0 } from './test-support.ts';

// jsqr's module value is the function itself; its typings say an ES default export (see qr.test.ts)
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/**
 * RGBA pixels of a PNG as Chromium writes screenshots (8-bit RGB or RGBA, not interlaced): the IDAT stream inflated
 * and each row unfiltered. Written here so the test needs no PNG package of its own.
 */
function decodePng(png: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`PNG depth ${depth} colour ${colour} interlace ${interlace} not handled`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter ?? 0];
      if (add === undefined) throw new Error(`PNG filter ${filter} unknown`);
      pixels[y * stride + x] = (v + add) & 0xff;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = pixels[i * channels]!;
    data[i * 4 + 1] = pixels[i * channels + 1]!;
    data[i * 4 + 2] = pixels[i * channels + 2]!;
    data[i * 4 + 3] = channels === 4 ? pixels[i * channels + 3]! : 255;
  }
  return { data, width, height };
}

const ARTEFACTS = path.join(import.meta.dirname, '..', '..', '..', 'reports', 'test-artefacts');
const missing = chromiumMissing();
const view = sampleView();
let server: ServerType | undefined;
let base = '';
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  if (missing) return;
  const app = new Hono();
  mountPhone(app, memoryPhone(view, { now: T0 + 1_000 }));
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium({ width: 640, height: 480 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('the phone in Chromium', () => {
  it('shows a QR code a camera decodes from a 640×480 screenshot, a working QR/Штрихкод toggle, no serious accessibility violation', { timeout: 60_000 }, async () => {
    // fails with the reason rather than quietly showing as skipped
    if (missing) throw missing;
    const page = await browser!.context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') blocked.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) blocked.push(`request to ${r.url()}`);
    });

    await page.goto(`${base}/phone/p-1/camera`);
    const png = await page.screenshot({ type: 'png' });
    const { data, width, height } = decodePng(png);
    expect([width, height]).toEqual([640, 480]);
    expect(jsQR(data, width, height)?.data).toBe(view.qrCode);
    await mkdir(ARTEFACTS, { recursive: true });
    await writeFile(path.join(ARTEFACTS, 'diia-phone-camera.png'), png);

    await page.goto(`${base}/phone/p-1`);
    await expect.poll(() => page.locator('#countdown').textContent()).toMatch(/^Код діятиме ще [0-2]:\d\d$/);
    const qr = page.getByRole('img', { name: 'QR-код для перевірки е-Посвідчення' });
    const barcode = page.getByRole('img', { name: /^Штрихкод EAN-13|^Штрихкод \d/ });
    expect(await qr.isVisible()).toBe(true);
    expect(await barcode.isVisible()).toBe(false);
    // the QR as shown on the phone page decodes as well
    const shot = decodePng(await qr.screenshot({ type: 'png' }));
    expect(jsQR(shot.data, shot.width, shot.height)?.data).toBe(view.qrCode);
    await page.getByText('Штрихкод', { exact: true }).click();
    expect(await barcode.isVisible()).toBe(true);
    expect(await qr.isVisible()).toBe(false);
    // kept for a person to look at, as the report's browser test keeps its pages
    await page.screenshot({ path: path.join(ARTEFACTS, 'diia-phone-barcode.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
