// The QR code of a Дія presentation's link, drawn by us from the `qrcode` package's module matrix: one SVG path, a
// quiet zone of four modules (the minimum the QR standard asks for), crisp edges — so a real camera, or a verifier
// page's jsQR reading a fake camera, can decode it from the phone's screen.
import QRCode from 'qrcode';
import { escapeHtml } from './html.ts';

/** The quiet zone in modules around the symbol. */
export const QR_QUIET_ZONE = 4;

/**
 * The symbol's modules as rows of booleans (true = dark), without the quiet zone. Error correction M, as Дія's
 * codes use: enough to survive a glare or a smudge on a screen, small enough to stay readable at a distance.
 */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c++) row.push(modules.get(r, c) === 1);
    rows.push(row);
  }
  return rows;
}

export interface QrSvgOptions {
  /** Rendered width and height in CSS pixels; the viewBox is in modules, so any size stays sharp. 240 by default. */
  size?: number;
  /** Accessible name of the image. */
  label?: string;
  /** Shrink `size` to a whole number of pixels per module, so no module is a pixel wider than its neighbour. */
  wholePixels?: boolean;
  /** A class for the page's CSS. */
  className?: string;
}

/**
 * The QR code as an SVG: a white square with the quiet zone, the dark modules as one path (horizontal runs merged
 * into one rectangle each, so the path stays short), `shape-rendering="crispEdges"` so no module bleeds into its
 * neighbours through anti-aliasing.
 */
export function qrSvg(text: string, options: QrSvgOptions = {}): string {
  const matrix = qrMatrix(text);
  const n = matrix.length;
  const total = n + 2 * QR_QUIET_ZONE;
  const wanted = options.size ?? 240;
  const size = options.wholePixels ? Math.max(1, Math.floor(wanted / total)) * total : wanted;
  let d = '';
  matrix.forEach((row, r) => {
    for (let c = 0; c < n; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      let run = 1;
      while (row[c + run]) run++;
      d += `M${c + QR_QUIET_ZONE} ${r + QR_QUIET_ZONE}h${run}v1h${-run}z`;
      c += run;
    }
  });
  const label = escapeHtml(options.label ?? 'QR-код');
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${cls} role="img" aria-label="${label}" width="${size}" height="${size}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/>` +
    `<path fill="#000" d="${d}"/>` +
    `</svg>`
  );
}
