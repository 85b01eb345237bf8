import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from './suggest.ts';

describe('suggest', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('--sut', '--stu')).toBe(1);
    expect(editDistance('send-next-day', 'send-nextday')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('offers the nearest name only when it is near enough to be a typo', () => {
    expect(suggest('--sutt', ['--sut', '--settle', '--reports'])).toBe('--sut');
    expect(suggest('hromada-regsitry', ['trembita-provider', 'hromada-registry'])).toBe('hromada-registry');
    expect(suggest('hromada', ['trembita-provider', 'hromada-registry'])).toBe('hromada-registry');
    expect(suggest('frobnicate', ['run', 'demo', 'validate'])).toBeUndefined();
    expect(suggest('x', ['run', 'demo'])).toBeUndefined();
  });
});
