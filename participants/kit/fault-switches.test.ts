import { describe, expect, it } from 'vitest';
import { parseFaultList } from './fault-switches.ts';

describe('parseFaultList', () => {
  const valid = ['a-b', 'c'] as const;
  it('reads a comma list with spaces and empty parts', () => {
    const r = parseFaultList(' a-b, ,c ', valid);
    expect(r.ok && [...r.faults]).toEqual(['a-b', 'c']);
  });
  it('names every unknown switch and lists the valid ones', () => {
    expect(parseFaultList('x,c,y', valid)).toEqual({
      ok: false,
      unknown: ['x', 'y'],
      message: "unknown fault switches 'x', 'y' in PARTICIPANT_FAULTS; valid switches: a-b, c",
    });
  });
  it('treats nothing as no switches', () => {
    const r = parseFaultList(undefined, valid);
    expect(r.ok && r.faults.size).toBe(0);
  });
});
