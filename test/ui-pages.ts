// A tiny web UI on loopback for the `ui` step's tests, shaped like a credential verifier's: a code input, a verify
// button, a scan button that reads the camera with getUserMedia and decodes a QR in the page with jsQR, and a result
// area with a data-verdict. Also a driver (GET /health, POST /reset) so a whole run can use it as its participant, and
// a "phone" page that shows a QR code (made with the qrcode package) on a white 640×480 screen for the fake camera.
// Tests only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

const VERIFIER = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Перевірка</title><script src="/jsQR.js"></script></head>
<body><main>
<label>Код <input id="code" autocomplete="off"></label>
<button id="verify" type="button">Перевірити</button>
<button id="scan" type="button">Сканувати QR</button>
<video id="video" muted playsinline width="640" height="480" hidden></video>
<canvas id="canvas" width="640" height="480" hidden></canvas>
<p id="result" aria-live="polite"></p>
</main><script>
const result = document.getElementById('result');
const show = (text, verdict) => { result.textContent = text; result.setAttribute('data-verdict', verdict); };
document.getElementById('verify').onclick = () => show('Код ' + document.getElementById('code').value.replace(/\\s+/g, ''), 'typed');
document.getElementById('scan').onclick = async () => {
  result.removeAttribute('data-verdict');
  let stream;
  try { stream = await navigator.mediaDevices.getUserMedia({ video: true }); } catch (e) { show('камера: ' + e.name, 'no-camera'); return; }
  const video = document.getElementById('video');
  video.srcObject = stream;
  await video.play();
  const ctx = document.getElementById('canvas').getContext('2d', { willReadFrequently: true });
  const look = () => {
    ctx.drawImage(video, 0, 0, 640, 480);
    const code = jsQR(ctx.getImageData(0, 0, 640, 480).data, 640, 480);
    if (code) { stream.getTracks().forEach((t) => t.stop()); show(code.data, 'scanned'); } else requestAnimationFrame(look);
  };
  look();
};
</script></body></html>`;

async function phone(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;width:640px;height:480px;background:#fff}
div{display:flex;align-items:center;justify-content:center;width:640px;height:480px}svg{width:400px;height:400px}</style></head>
<body><div>${svg}</div></body></html>`;
}

export interface TestUi {
  url: string;
  /** what the driver was told on POST /reset */
  resets: unknown[];
  close(): Promise<void>;
}

/** Serves the verifier page at `/`, jsQR at `/jsQR.js`, a phone at `/phone?text=…`, and a driver under `/driver`. */
export async function serveTestUi(): Promise<TestUi> {
  const jsqr = await readFile(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
  const resets: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, type: string, text: string) => res.writeHead(status, { 'content-type': type }).end(text);
      if (u.pathname === '/') return send(200, 'text/html; charset=utf-8', VERIFIER);
      if (u.pathname === '/jsQR.js') return send(200, 'text/javascript', jsqr);
      if (u.pathname === '/phone') return void phone(u.searchParams.get('text') ?? '').then((html) => send(200, 'text/html; charset=utf-8', html));
      if (u.pathname === '/driver/health') return send(200, 'application/json', '{"ok":true}');
      if (u.pathname === '/driver/reset') {
        resets.push(JSON.parse(body || '{}'));
        return res.writeHead(204).end();
      }
      send(404, 'text/plain', 'not found');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    resets,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
