// The QR code is really scannable: the matrix (and the SVG's path, read back) painted into a bitmap the way a screen
// shows it, then decoded by jsQR — the decoder the reference verifier's camera page uses.
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QR_QUIET_ZONE, qrMatrix, qrSvg } from './qr.ts';

// jsqr is a UMD bundle whose module value is the function itself, while its typings declare an ES default export;
// under NodeNext TypeScript takes the default import for the whole module, so it is told what Node gives.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const LINK = 'https://diia.app/documents/e-credential/5d0b6c1e-2f4a-4c1b-9a55-0e8f1f6f2a11/verify/0f6d9c3a-8b1e-4f7a-a2c4-3e5b7d9f1a2b';

/** RGBA pixels of a matrix with its quiet zone, `scale` pixels per module, black on white. */
function bitmap(matrix: boolean[][], scale: number): { data: Uint8ClampedArray; width: number } {
  const total = matrix.length + 2 * QR_QUIET_ZONE;
  const width = total * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + QR_QUIET_ZONE) * scale + y) * width + (c + QR_QUIET_ZONE) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, width };
}

/** The matrix the SVG's path draws: each `M x y h run v1` marks `run` dark modules in row y from column x. */
function matrixFromSvg(svg: string): boolean[][] {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const n = Number(view?.[1]) - 2 * QR_QUIET_ZONE;
  const rows = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  const d = /<path[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '';
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(m[1]) - QR_QUIET_ZONE, Number(m[2]) - QR_QUIET_ZONE, Number(m[3])];
    for (let i = 0; i < run; i++) rows[y]![x + i] = true;
  }
  return rows;
}

describe('QR code', () => {
  it('is a square matrix of a QR version size with the three finder patterns', () => {
    const m = qrMatrix(LINK);
    const n = m.length;
    expect((n - 17) % 4).toBe(0);
    expect(m.every((row) => row.length === n)).toBe(true);
    // a finder's outer ring: 7 dark modules along its top row, at three corners
    for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) expect(m[r]!.slice(c, c + 7).every(Boolean)).toBe(true);
  });

  it.each([LINK, 'https://diia.app/documents/e-credential/x/verify/y', 'Ім’я — текст українською'])('decodes back to the text: %s', (text) => {
    const { data, width } = bitmap(qrMatrix(text), 4);
    expect(jsQR(data, width, width)?.data).toBe(text);
  });

  it('draws exactly the matrix as one path in a white square with a 4-module quiet zone, crisp edges', () => {
    const svg = qrSvg(LINK, { size: 400, label: 'QR-код для перевірки' });
    const m = qrMatrix(LINK);
    expect(matrixFromSvg(svg)).toEqual(m);
    expect(svg.match(/<path/g)).toHaveLength(1);
    const total = m.length + 8;
    expect(svg).toContain(`viewBox="0 0 ${total} ${total}"`);
    expect(svg).toContain('width="400" height="400"');
    expect(svg).toContain(`<rect width="${total}" height="${total}" fill="#fff"/>`);
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(svg).toContain('role="img" aria-label="QR-код для перевірки"');
    const { data, width } = bitmap(matrixFromSvg(svg), 3);
    expect(jsQR(data, width, width)?.data).toBe(LINK);
  });

  it('escapes its accessible name and class', () => {
    const svg = qrSvg('x', { label: `Ім'я <script>`, className: 'a"b' });
    expect(svg).toContain('aria-label="Ім&#39;я &#60;script&#62;"');
    expect(svg).toContain('class="a&#34;b"');
  });
});
