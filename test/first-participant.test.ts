// The walk-through's Python skeleton (docs/examples/first-participant/) is a real participant: polihon starts it from
// its profile and it passes the hromada-registry scenarios, so the guide cannot promise what the code does not do.
import { describe, expect, it } from 'vitest';
import { runPolihon } from '../scripts/docs-sync.ts';

const SUT = 'docs/examples/first-participant/polihon.sut.yaml';

describe('the first-participant skeleton (Python, standard library only)', () => {
  it('passes dms-declaration, the scenario the walk-through follows', { timeout: 60_000 }, async () => {
    const res = await runPolihon(['run', 'scenarios/dms/declaration.yaml', '--sut', SUT]);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/^PASS dms-declaration /m);
  });

  it('passes every scenario of its role', { timeout: 90_000 }, async () => {
    const res = await runPolihon(['run', 'scenarios/dms', '--sut', SUT]);
    expect(res.code, res.output).toBe(0);
  });
});
