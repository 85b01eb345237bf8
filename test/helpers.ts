// Shared set-up for integration tests: the real scenarios, the real reference participant, the real runner.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
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
  const exactly = (out: RunOutput, breaks: readonly string[]) =>
    !out.report.scenarios.some((s) => s.outcome === 'error') && idsWith(out, 'fail').join() === [...breaks].sort().join();
  return {
    fault(name: string, out: RunOutput, breaks: readonly string[]) {
      faults.set(name, exactly(out, breaks));
    },
    variant(name: string, out: RunOutput) {
      variants.set(name, !exactly(out, []) || out.report.run.exitCode !== 0);
    },
    summary(): string {
      const caught = [...faults.values()].filter(Boolean).length;
      const alarms = [...variants].filter(([, bad]) => bad).map(([n]) => n);
      return (
        `self-test ${label}: detection ${caught}/${faults.size} fault switches caught with exactly their ids; ` +
        `false alarms ${alarms.length}/${variants.size} correct variants${alarms.length ? ` (${alarms.join(', ')})` : ''}; ` +
        `cases drawn with seed ${SELF_TEST_SEED} (POLIHON_SEED=${SELF_TEST_SEED} draws them again)`
      );
    },
  };
}
