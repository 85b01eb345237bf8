import { describe, expect, it } from 'vitest';
import { createRealClock, createVirtualClock } from './clock.ts';

const START = Date.UTC(2026, 2, 6, 14, 0); // Fri 2026-03-06 16:00 Kyiv

describe('virtual clock', () => {
  it('stays frozen until something moves it', async () => {
    const clock = createVirtualClock(START);
    expect(clock.mode).toBe('virtual');
    expect(clock.now()).toBe(START);
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.now()).toBe(START);
  });

  it('advances by the given ms, including zero', () => {
    const clock = createVirtualClock(START);
    clock.advance(181_000);
    expect(clock.now()).toBe(START + 181_000);
    clock.advance(0);
    expect(clock.now()).toBe(START + 181_000);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses to advance by %s', (ms) => {
    const clock = createVirtualClock(START);
    expect(() => clock.advance(ms)).toThrow(RangeError);
    expect(clock.now()).toBe(START);
  });

  it('jumps forward with set, and to the same instant', () => {
    const clock = createVirtualClock(START);
    clock.set(START + 86_400_000);
    expect(clock.now()).toBe(START + 86_400_000);
    clock.set(START + 86_400_000);
    expect(clock.now()).toBe(START + 86_400_000);
  });

  it('refuses to go backwards and names both instants', () => {
    const clock = createVirtualClock(START);
    const earlier = START - 1000;
    let error: unknown;
    try {
      clock.set(earlier);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RangeError);
    const message = (error as Error).message;
    expect(message).toContain(new Date(START).toISOString());
    expect(message).toContain(new Date(earlier).toISOString());
    expect(clock.now()).toBe(START);
  });

  it('refuses a start or target that is not an instant', () => {
    expect(() => createVirtualClock(Number.NaN)).toThrow(RangeError);
    expect(() => createVirtualClock(START).set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('tells listeners the new time after advance and set, until they unsubscribe', () => {
    const clock = createVirtualClock(START);
    const seen: number[] = [];
    const unsubscribe = clock.onChange((now) => seen.push(now));
    clock.advance(5);
    clock.set(START + 100);
    unsubscribe();
    clock.advance(1);
    expect(seen).toEqual([START + 5, START + 100]);
  });

  it('reads the new time from inside a listener', () => {
    const clock = createVirtualClock(START);
    let read = 0;
    clock.onChange(() => {
      read = clock.now();
    });
    clock.advance(42);
    expect(read).toBe(START + 42);
  });

  it('does not notify listeners of a refused change', () => {
    const clock = createVirtualClock(START);
    const seen: number[] = [];
    clock.onChange((now) => seen.push(now));
    expect(() => clock.set(START - 1)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(seen).toEqual([]);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const clock = createVirtualClock(START);
    let calls = 0;
    const listener = () => calls++;
    const first = clock.onChange(listener);
    clock.onChange(listener);
    first();
    clock.advance(1);
    expect(calls).toBe(1);
  });

  it('lets a listener unsubscribe itself while being notified', () => {
    const clock = createVirtualClock(START);
    const seen: string[] = [];
    const off = clock.onChange(() => {
      seen.push('a');
      off();
    });
    clock.onChange(() => seen.push('b'));
    clock.advance(1);
    clock.advance(1);
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('still notifies every listener when one throws, then rethrows', () => {
    const clock = createVirtualClock(START);
    const seen: number[] = [];
    clock.onChange(() => {
      throw new Error('boom');
    });
    clock.onChange((now) => seen.push(now));
    expect(() => clock.advance(1)).toThrow('boom');
    expect(seen).toEqual([START + 1]);
    expect(clock.now()).toBe(START + 1);
  });

  it('reports several failing listeners together', () => {
    const clock = createVirtualClock(START);
    clock.onChange(() => {
      throw new Error('one');
    });
    clock.onChange(() => {
      throw new Error('two');
    });
    expect(() => clock.advance(1)).toThrow(AggregateError);
  });
});

describe('real clock', () => {
  function fakeWall(start: number) {
    let t = start;
    return { read: () => t, tick: (ms: number) => (t += ms) };
  }

  it('follows the injected wall time', () => {
    const wall = fakeWall(START);
    const clock = createRealClock(wall.read);
    expect(clock.mode).toBe('real');
    expect(clock.now()).toBe(START);
    wall.tick(250);
    expect(clock.now()).toBe(START + 250);
  });

  it('adds an offset on advance and keeps running', () => {
    const wall = fakeWall(START);
    const clock = createRealClock(wall.read);
    clock.advance(60_000);
    expect(clock.now()).toBe(START + 60_000);
    wall.tick(10);
    expect(clock.now()).toBe(START + 60_010);
  });

  it('refuses a negative advance', () => {
    const clock = createRealClock(fakeWall(START).read);
    expect(() => clock.advance(-5)).toThrow(RangeError);
  });

  it('set reads the target instant now and runs on from it, in either direction', () => {
    const wall = fakeWall(START);
    const clock = createRealClock(wall.read);
    const target = Date.UTC(2027, 4, 3, 6, 0);
    clock.set(target);
    expect(clock.now()).toBe(target);
    wall.tick(1000);
    expect(clock.now()).toBe(target + 1000);
    clock.set(START);
    expect(clock.now()).toBe(START);
  });

  it('notifies listeners with the shifted time', () => {
    const wall = fakeWall(START);
    const clock = createRealClock(wall.read);
    const seen: number[] = [];
    const off = clock.onChange((now) => seen.push(now));
    clock.advance(7);
    clock.set(START + 1000);
    off();
    clock.advance(1);
    expect(seen).toEqual([START + 7, START + 1000]);
  });
});
