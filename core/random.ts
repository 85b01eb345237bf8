// Seeded randomness for everything synthetic in polihon: one seed reproduces a whole run.
// Core never calls Math.random(); callers pass an Rng or a seed.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `n` random decimal digits, leading zeros allowed, e.g. digits(3) -> '047'. */
  digits(n: number): string;
  /** The seed this generator started from, kept so a report can say how to reproduce it. */
  readonly seed: number;
}

/**
 * A deterministic generator (mulberry32): the same seed always yields the same sequence.
 * Seeds are taken as unsigned 32-bit integers; fractions are rejected rather than silently truncated.
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const start = seed >>> 0;
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs integers with min <= max, got (${min}, ${max})`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  return {
    seed: start,
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[int(0, items.length - 1)] as T;
    },
    digits(n: number): string {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`digits(n) needs a non-negative integer, got ${n}`);
      let out = '';
      for (let i = 0; i < n; i++) out += String(int(0, 9));
      return out;
    },
  };
}

/**
 * A stable sub-seed for one consumer, so adding draws to one generator never shifts another.
 * Example: createRng(deriveSeed(run.seed, 'people')).
 */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label's UTF-16 units, then a murmur3 finaliser over (seed, hash) for avalanche.
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let x = (seed >>> 0) ^ Math.imul(h >>> 0, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
