import { describe, expect, it } from 'vitest';
import { deepFreeze, defineRegistry, reporterNames } from './registry.ts';

describe('reporter registry', () => {
  it('picks by name in registry order, every one by default; a name twice is a startup error', () => {
    const r = defineRegistry([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(r.pick(['c', 'a']).map((x) => x.name)).toEqual(['a', 'c']);
    expect(r.pick().map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(r.unknown(['a', 'x'])).toEqual(['x']);
    expect(() => defineRegistry([{ name: 'a' }, { name: 'a' }])).toThrow(/two reporters are called 'a'/);
  });

  it('reads repeated and comma-separated --reporter values, each name once', () => {
    expect(reporterNames(undefined)).toBeUndefined();
    expect(reporterNames(['json, junit', 'html', 'json', ''])).toEqual(['json', 'junit', 'html']);
  });

  it('freezes all the way down', () => {
    const v = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(v.a.b[1])).toBe(true);
  });
});
