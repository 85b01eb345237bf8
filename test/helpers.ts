// Shared set-up for integration tests: the real scenarios, the real reference participant, the real runner.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import { loadProfile, type SutProfile } from '../conformance/sut-profile.ts';

export const ROOT = join(import.meta.dirname, '..');
export const DMS_SCENARIOS = join(ROOT, 'scenarios', 'dms');
export const HROMADA_PROFILE = join(ROOT, 'participants', 'hromada-registry', 'polihon.sut.yaml');

export function dmsScenarios(): LoadedScenario[] {
  return loadScenarios([DMS_SCENARIOS], { requirementIds: new Set(requirementIds()) });
}

export function hromadaProfile(): SutProfile {
  return loadProfile(HROMADA_PROFILE);
}

/**
 * How long the participant gets to react at each virtual checkpoint in the self-test (real ms). Its exchanges with ДМС
 * pass Трембіта, one hop more each way, and the self-test runs several participants at once: 300 ms (the runner's
 * default) proved tight on a loaded two-core machine, 500 ms held.
 */
export const SELF_TEST_SETTLE_MS = 500;

/**
 * The seed the self-test draws generated cases with: a new one each time (each fault must be caught whatever the
 * seed), POLIHON_SEED to repeat one. Printed with the detection tally.
 */
export const SELF_TEST_SEED = process.env.POLIHON_SEED !== undefined ? Number(process.env.POLIHON_SEED) : randomInt(0, 2 ** 32);

/** Runs the DMS set against the reference hromada registry with the given fault switches (and profile, extra env). */
export function runReference(
  faults: string[],
  scenarios = dmsScenarios(),
  settleMs = SELF_TEST_SETTLE_MS,
  more: { profile?: SutProfile; env?: Record<string, string> } = {},
): Promise<RunOutput> {
  return runConformance({
    scenarios,
    profile: more.profile ?? hromadaProfile(),
    requirements: loadCatalog(),
    participantEnv: { ...more.env, PARTICIPANT_FAULTS: faults.join(',') },
    settleMs,
    wallTime: () => Date.now(),
    seed: SELF_TEST_SEED,
  });
}

export function idsWith(out: RunOutput, outcome: string): string[] {
  return out.report.verdicts.filter((v) => v.outcome === outcome).map((v) => v.id).sort();
}

/**
 * The self-test's two figures, printed when a file ends: detection (fault switches that made exactly their ids fail,
 * no harness error) and false alarms (correct-but-unusual variants that did not pass). Recorded before a row's
 * assertions run, so a failing row is still counted.
 */
export function createDetectionTally(label: string) {
  const faults = new Map<string, boolean>();
  const variants = new Map<string, boolean>();
  const reasons = new Map<string, string>();
  const exactly = (out: RunOutput, breaks: readonly string[]) =>
    !out.report.scenarios.some((s) => s.outcome === 'error') && idsWith(out, 'fail').join() === [...breaks].sort().join();
  return {
    fault(name: string, out: RunOutput, breaks: readonly string[]) {
      faults.set(name, exactly(out, breaks));
    },
    variant(name: string, out: RunOutput) {
      variants.set(name, !exactly(out, []) || out.report.run.exitCode !== 0);
      // a harness error under a loaded machine and a real failure look alike in the count: say which it was
      const why = [...problems(out, 'error').map((p) => `error ${p}`), ...problems(out, 'fail').map((p) => `fail ${p}`)];
      if (why.length) reasons.set(name, why.join('; ').slice(0, 300));
    },
    summary(): string {
      const caught = [...faults.values()].filter(Boolean).length;
      const alarms = [...variants].filter(([, bad]) => bad).map(([n]) => (reasons.has(n) ? `${n} — ${reasons.get(n)}` : n));
      return (
        `self-test ${label}: detection ${caught}/${faults.size} fault switches caught with exactly their ids; ` +
        `false alarms ${alarms.length}/${variants.size} correct variants${alarms.length ? ` (${alarms.join(', ')})` : ''}; ` +
        `cases drawn with seed ${SELF_TEST_SEED} (POLIHON_SEED=${SELF_TEST_SEED} draws them again)`
      );
    },
  };
}

export type DetectionTally = ReturnType<typeof createDetectionTally>;

/** A participant's fault switch as its faults.ts lists it: `breaks: []` is a correct-but-unusual variant. */
export interface Switch {
  name: string;
  breaks: readonly string[];
}

/** The scenarios of a folder, those of one role when `role` is given. */
export function scenariosOf(dir: string, role?: string): LoadedScenario[] {
  const all = loadScenarios([dir], { requirementIds: new Set(requirementIds()) });
  return role ? all.filter((s) => s.role === role) : all;
}

/** Runs `scenarios` against the participant of the profile at `profilePath` with the given fault switches. */
export function runRole(scenarios: LoadedScenario[], profilePath: string, faults: string[]): Promise<RunOutput> {
  return runConformance({
    scenarios,
    profile: loadProfile(profilePath),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: faults.join(',') },
    settleMs: 200,
    wallTime: () => Date.now(),
  });
}

/** `id: message` of every scenario with that outcome. */
export const problems = (out: RunOutput, outcome: string): string[] => out.report.scenarios.filter((s) => s.outcome === outcome).map((s) => `${s.id}: ${s.message}`);

/**
 * The self-test rows of one role, inside the caller's describe: the correct participant passes every scenario; each
 * switch makes exactly its ids fail (no harness errors); each variant passes; the switches and the scenarios' checks
 * cover each other. `tallyPrefix` names the role in the detection tally ('hr-system/' …).
 */
export function selfTestRows(o: { scenarios: () => LoadedScenario[]; run: (faults: string[]) => Promise<RunOutput>; faults: readonly Switch[]; tally: DetectionTally; tallyPrefix?: string }): void {
  const conformance = o.faults.filter((f) => f.breaks.length > 0);
  const variants = o.faults.filter((f) => f.breaks.length === 0);
  const key = (name: string) => `${o.tallyPrefix ?? ''}${name}`;

  it('the correct participant passes every scenario of its role', async () => {
    const out = await o.run([]);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(problems(out, 'fail')).toEqual([]);
    expect(out.report.scenarios.length).toBe(o.scenarios().length);
    expect(idsWith(out, 'fail')).toEqual([]);
    expect(out.report.run.exitCode).toBe(0);
    expect(out.report.journal.intact).toBe(true);
  });

  it.concurrent.each(conformance.map((f) => [f.name, f.breaks] as const))('switch %s makes exactly %j fail', async (name, breaks) => {
    const out = await o.run([name]);
    o.tally.fault(key(name), out, breaks);
    expect(problems(out, 'error'), 'no harness errors').toEqual([]);
    expect(idsWith(out, 'fail')).toEqual([...breaks].sort());
    expect(out.report.run.exitCode).toBe(1);
  });

  // correct-but-unusual variants (breaks: []): what a real counterpart accepts must pass here too
  if (variants.length > 0) {
    it.concurrent.each(variants.map((f) => [f.name] as const))('variant %s (correct but unusual) passes every scenario', async (name) => {
      const out = await o.run([name]);
      o.tally.variant(key(name), out);
      expect(problems(out, 'error'), 'no harness errors').toEqual([]);
      expect(problems(out, 'fail')).toEqual([]);
      expect(idsWith(out, 'fail')).toEqual([]);
      expect(out.report.run.exitCode).toBe(0);
    });
  }

  it('every requirement its scenarios check has a switch that makes it fail, and no switch claims one they do not', () => {
    const checked = new Set(o.scenarios().flatMap((s) => s.steps.flatMap((st) => st.covers)));
    const breakable = new Set<string>(conformance.flatMap((f) => f.breaks));
    expect([...checked].filter((id) => !breakable.has(id)).sort()).toEqual([]);
    expect([...breakable].filter((id) => !checked.has(id)).sort()).toEqual([]);
  });
}
