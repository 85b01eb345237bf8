// EAN-13: the barcode form of a Дія presentation's code (its 13 digits are also the digit code an officer types).
// Pure functions: the check digit, validation, the 95 modules and the barcode drawn as SVG, all from the standard's
// tables (ISO/IEC 15420), so a scanner at a border post or an officer's verifier reads what the phone shows.
import { ean13CheckDigit, isValidEan13 } from '../../../core/identifiers/ean13.ts';
import { groupDigits as groupEan13 } from '../public.ts';
import { escapeHtml } from './html.ts';

/** The left-hand "odd parity" (L) patterns of digits 0–9; R is L inverted, G is R reversed. */
const L_CODES = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'] as const;
/** Which of the six left-hand digits use G rather than L, chosen by the first digit (which is not drawn as bars). */
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLL', 'LGLGGL', 'LGGLGL'] as const;

export const START_GUARD = '101';
export const MIDDLE_GUARD = '01010';
export const END_GUARD = '101';
export const EAN13_MODULES = 95;

const invert = (bits: string) => bits.replace(/[01]/g, (b) => (b === '0' ? '1' : '0'));
const reverse = (bits: string) => [...bits].reverse().join('');

const digitAt = (s: string, i: number): number => Number(s.charAt(i));

// the check digit, validation and grouping are the project's own (core, and Дія's public surface); this file draws bars
export { ean13CheckDigit, isValidEan13 } from '../../../core/identifiers/ean13.ts';
export { groupDigits as groupEan13 } from '../public.ts';

/** 12 digits with their check digit appended. */
export function withCheckDigit(twelve: string): string {
  return `${twelve}${ean13CheckDigit(twelve)}`;
}

/** The 95 modules ('1' dark, '0' light) from the start guard to the end guard, without the quiet zones. */
export function ean13Modules(code: string): string {
  if (!isValidEan13(code)) throw new Error(`not a valid EAN-13 code: ${JSON.stringify(code)}`);
  const parity = PARITY[digitAt(code, 0)]!;
  let out = START_GUARD;
  for (let i = 1; i <= 6; i++) {
    const l = L_CODES[digitAt(code, i)]!;
    out += parity.charAt(i - 1) === 'L' ? l : reverse(invert(l));
  }
  out += MIDDLE_GUARD;
  for (let i = 7; i <= 12; i++) out += invert(L_CODES[digitAt(code, i)]!);
  return out + END_GUARD;
}

export interface Ean13SvgOptions {
  /** Width of one module in SVG user units (the viewBox scales with it); 2 by default. */
  module?: number;
  /** Bar height in modules (guards run 5 modules longer); 60 by default. */
  barHeight?: number;
  /** Accessible name of the image. */
  label?: string;
}

/** Light modules before the start guard (the first digit is printed there) and after the end guard. */
const QUIET_LEFT = 11;
const QUIET_RIGHT = 7;

/**
 * The barcode as an SVG: dark bars as one path (runs of dark modules merged), guard bars longer than the data bars,
 * the digits under them in the standard's three groups, on a white ground with the quiet zones. `crispEdges` keeps
 * each bar whole pixels wide, as a scanner needs.
 */
export function ean13Svg(code: string, options: Ean13SvgOptions = {}): string {
  const modules = ean13Modules(code);
  const x = options.module ?? 2;
  const bar = (options.barHeight ?? 60) * x;
  const guard = bar + 5 * x;
  const fontSize = 9 * x;
  const width = (QUIET_LEFT + EAN13_MODULES + QUIET_RIGHT) * x;
  const height = guard + fontSize + x;
  const isGuard = (i: number) => i < 3 || (i >= 45 && i < 50) || i >= 92;
  let d = '';
  for (let i = 0; i < modules.length; ) {
    if (modules[i] !== '1') {
      i++;
      continue;
    }
    let run = 1;
    while (modules[i + run] === '1' && isGuard(i + run) === isGuard(i)) run++;
    const h = isGuard(i) ? guard : bar;
    d += `M${(QUIET_LEFT + i) * x} 0h${run * x}v${h}h${-run * x}z`;
    i += run;
  }
  const baseline = guard + fontSize - x;
  // each digit centred under its own seven modules (the first one in the left quiet zone), as printed barcodes do
  const digit = (i: number, centre: number) =>
    `<text x="${centre * x}" y="${baseline}" text-anchor="middle">${code.charAt(i)}</text>`;
  let digits = digit(0, QUIET_LEFT / 2);
  for (let i = 1; i <= 6; i++) digits += digit(i, QUIET_LEFT + 3 + 7 * (i - 1) + 3.5);
  for (let i = 7; i <= 12; i++) digits += digit(i, QUIET_LEFT + 50 + 7 * (i - 7) + 3.5);
  const label = escapeHtml(options.label ?? `Штрихкод EAN-13 ${groupEan13(code)}`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ean13" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges" data-code="${code}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/>` +
    `<path fill="#000" d="${d}"/>` +
    `<g fill="#000" font-size="${fontSize}" font-family="ui-monospace,Menlo,Consolas,monospace" aria-hidden="true">${digits}</g>` +
    `</svg>`
  );
}
