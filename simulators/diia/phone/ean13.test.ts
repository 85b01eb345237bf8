// EAN-13 against published codes, and the drawn barcode read back from its SVG path by a decoder written here from
// the standard's R table alone (L is R inverted, G is R reversed), so a mistake in ean13.ts's tables cannot hide.
import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, ean13Modules, ean13Svg, groupEan13, isValidEan13, withCheckDigit } from './ean13.ts';

const R = ['1110010', '1100110', '1101100', '1000010', '1011100', '1001110', '1010000', '1000100', '1001000', '1110100'];
const PARITY_OF_FIRST = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLL', 'LGLGGL', 'LGGLGL'];
const invert = (b: string) => [...b].map((x) => (x === '1' ? '0' : '1')).join('');
const reverse = (b: string) => [...b].reverse().join('');

/** The 13 digits the 95 modules stand for, or an error naming what does not read. */
function decode(modules: string): string {
  expect(modules).toHaveLength(95);
  expect(modules.slice(0, 3)).toBe('101');
  expect(modules.slice(45, 50)).toBe('01010');
  expect(modules.slice(92)).toBe('101');
  let left = '';
  let parity = '';
  for (let i = 0; i < 6; i++) {
    const p = modules.slice(3 + 7 * i, 10 + 7 * i);
    const l = R.findIndex((r) => invert(r) === p);
    const g = R.findIndex((r) => reverse(r) === p);
    if (l < 0 && g < 0) throw new Error(`left digit ${i + 1} does not read: ${p}`);
    left += l >= 0 ? l : g;
    parity += l >= 0 ? 'L' : 'G';
  }
  let right = '';
  for (let i = 0; i < 6; i++) {
    const p = modules.slice(50 + 7 * i, 57 + 7 * i);
    const d = R.indexOf(p);
    if (d < 0) throw new Error(`right digit ${i + 1} does not read: ${p}`);
    right += d;
  }
  const first = PARITY_OF_FIRST.indexOf(parity);
  if (first < 0) throw new Error(`no first digit has parity ${parity}`);
  return `${first}${left}${right}`;
}

/** The modules an SVG's bars cover: each `M x 0 h w …` of the path, in modules of the given width after the quiet zone. */
function modulesFromSvg(svg: string, moduleWidth: number): string {
  const d = /<path[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const bits = Array<string>(95).fill('0');
  for (const m of d.matchAll(/M([\d.]+) 0h([\d.]+)v/g)) {
    const start = Number(m[1]) / moduleWidth - 11;
    const run = Number(m[2]) / moduleWidth;
    for (let i = start; i < start + run; i++) bits[i] = '1';
  }
  return bits.join('');
}

describe('EAN-13', () => {
  it('computes the check digit of published codes', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('590123412345')).toBe(7);
    expect(ean13CheckDigit('978030640615')).toBe(7); // an ISBN-13
    expect(ean13CheckDigit('000000000000')).toBe(0);
    expect(withCheckDigit('482000012345')).toMatch(/^482000012345\d$/);
  });

  it('validates 13 digits with the right check digit only', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('5901234123457')).toBe(true);
    expect(isValidEan13('5901234123458')).toBe(false);
    expect(isValidEan13('590123412345')).toBe(false);
    expect(isValidEan13('5 901234 123457')).toBe(false);
    expect(isValidEan13('59012341234a7')).toBe(false);
    expect(() => ean13CheckDigit('12')).toThrow(/exactly 12 digits/);
    expect(() => ean13Modules('5901234123458')).toThrow(/not a valid EAN-13/);
  });

  it('groups the digits as printed: 1 + 6 + 6', () => {
    expect(groupEan13('4820000123456')).toBe('4 820000 123456');
  });

  it.each(['4006381333931', '5901234123457', '9780306406157', '0000000000000', withCheckDigit('100000000000'), withCheckDigit('999999999999')])(
    '%s: 95 modules with the guards, which read back to the same digits',
    (code) => {
      const modules = ean13Modules(code);
      expect(decode(modules)).toBe(code);
    },
  );

  it('draws the same 95 modules in the SVG, guards longer than data bars, the digits below, on white', () => {
    for (const code of ['4006381333931', '5901234123457']) {
      const svg = ean13Svg(code, { module: 3 });
      expect(modulesFromSvg(svg, 3)).toBe(ean13Modules(code));
      expect(decode(modulesFromSvg(svg, 3))).toBe(code);
      // the quiet zones: 11 modules before the start guard, 7 after the end guard
      expect(svg).toMatch(new RegExp(`width="${(11 + 95 + 7) * 3}"`));
      expect(svg).toContain('shape-rendering="crispEdges"');
      expect(svg).toContain('<rect width=');
      const heights = new Set([...svg.matchAll(/h[\d.]+v(\d+)h/g)].map((m) => Number(m[1])));
      expect([...heights].sort((a, b) => a - b)).toEqual([180, 195]);
      const digits = [...svg.matchAll(/<text[^>]*>(\d)<\/text>/g)].map((m) => m[1]).join('');
      expect(digits).toBe(code);
      expect(svg).toContain(`aria-label="Штрихкод EAN-13 ${groupEan13(code)}"`);
    }
  });

  it('escapes the accessible name it is given', () => {
    expect(ean13Svg('5901234123457', { label: `Ім'я "<b>"` })).toContain('aria-label="Ім&#39;я &#34;&#60;b&#62;&#34;"');
  });
});
