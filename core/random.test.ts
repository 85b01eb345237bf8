import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './random.ts';

const take = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('replays the same sequence for the same seed', () => {
    expect(take(42, 50)).toEqual(take(42, 50));
  });

  it('gives different sequences for different seeds', () => {
    expect(take(1, 10)).not.toEqual(take(2, 10));
  });

  it('keeps next() in [0, 1) and roughly uniform', () => {
    const values = take(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('int() covers both bounds and nothing outside them', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });

  it('int() rejects reversed or fractional bounds', () => {
    const rng = createRng(3);
    expect(() => rng.int(5, 1)).toThrow(RangeError);
    expect(() => rng.int(0.5, 1)).toThrow(RangeError);
  });

  it('pick() returns list members and refuses an empty list', () => {
    const rng = createRng(9);
    const items = ['а', 'б', 'в'] as const;
    for (let i = 0; i < 100; i++) expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('digits() returns exactly n decimal digits, leading zeros included', () => {
    const rng = createRng(11);
    let sawLeadingZero = false;
    for (let i = 0; i < 200; i++) {
      const d = rng.digits(5);
      expect(d).toMatch(/^\d{5}$/);
      if (d.startsWith('0')) sawLeadingZero = true;
    }
    expect(sawLeadingZero).toBe(true);
    expect(rng.digits(0)).toBe('');
  });

  it('exposes its seed as an unsigned 32-bit integer', () => {
    expect(createRng(5).seed).toBe(5);
    expect(createRng(-1).seed).toBe(0xffffffff);
    expect(() => createRng(1.5)).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('is stable for the same seed and label', () => {
    expect(deriveSeed(42, 'people')).toBe(deriveSeed(42, 'people'));
  });

  it('separates labels and seeds', () => {
    const seeds = new Set([
      deriveSeed(42, 'people'),
      deriveSeed(42, 'peoplf'),
      deriveSeed(43, 'people'),
      deriveSeed(42, ''),
      deriveSeed(0, ''),
    ]);
    expect(seeds.size).toBe(5);
  });

  it('returns unsigned 32-bit integers usable as seeds', () => {
    for (let i = 0; i < 100; i++) {
      const s = deriveSeed(i, `label-${i}`);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(0xffffffff);
    }
  });
});
