// The harness's self-test (DESIGN §10): the correct reference hromada registry passes every DMS scenario; each
// fault switch makes exactly its mapped requirement ids fail and nothing else; crashes and hangs are `error`.
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../participants/hromada-registry/faults.ts';
import { dmsScenarios, idsWith, runReference } from './helpers.ts';

const conformanceFaults = FAULTS.filter((f) => f.breaks.length > 0);

describe('self-test: reference hromada registry against the DMS scenario set', { timeout: 120_000 }, () => {
  it('the correct participant passes every scenario', async () => {
    const out = await runReference([]);
    const bad = out.report.scenarios.filter((s) => s.outcome !== 'pass').map((s) => `${s.id}: ${s.message}`);
    expect(bad).toEqual([]);
    expect(idsWith(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
    expect(out.report.journal.intact).toBe(true);
  });

  it.concurrent.each(conformanceFaults.map((f) => [f.name, f.breaks] as const))(
    'switch %s makes exactly %j fail',
    async (name, breaks) => {
      const out = await runReference([name]);
      const errors = out.report.scenarios.filter((s) => s.outcome === 'error').map((s) => `${s.id}: ${s.message}`);
      expect(errors, 'no harness errors').toEqual([]);
      expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
      expect(out.report.run.exitCode).toBe(1);
    },
  );

  it('every requirement the DMS scenarios check has a switch that makes it fail', () => {
    const checked = new Set(dmsScenarios().flatMap((s) => s.steps.flatMap((st) => st.covers)));
    const breakable = new Set<string>(conformanceFaults.flatMap((f) => f.breaks));
    expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
  });

  it('a participant that crashes mid-run makes that scenario error, not fail, and the rest still run', async () => {
    const out = await runReference(['crash-on-verification']);
    const byId = Object.fromEntries(out.report.scenarios.map((s) => [s.id, s]));
    expect(byId['dms-verification']?.outcome).toBe('error');
    expect(byId['dms-verification']?.errorCode).toBe('E_SUT_CRASHED');
    expect(idsWith(out, 'fail')).toEqual([]);
    const others = out.report.scenarios.filter((s) => s.id !== 'dms-verification');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((s) => s.outcome === 'pass')).toBe(true);
    expect(out.report.run.exitCode).toBe(3);
  });

  it('a participant whose driver hangs makes scenarios error with the reason, never fail', async () => {
    const out = await runReference(['hang-driver'], dmsScenarios().filter((s) => s.id === 'dms-declaration'));
    const s = out.report.scenarios[0]!;
    expect(s.outcome).toBe('error');
    expect(s.errorCode).toBe('E_DRIVER');
    expect(s.message).toMatch(/did not answer POST .*\/actions within/);
    expect(idsWith(out, 'fail')).toEqual([]);
  });
});
