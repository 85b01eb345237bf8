// A participant that never reads the clock API, only its language's now(), judged across days of virtual time: under
// `clock: faketime` (libfaketime preloaded, a timestamp file the runner rewrites) its own clock is the virtual clock.
// The participant (fixtures/faketime/participant.py, Python stdlib) answers ДМС's verification request on the first
// working day after receipt by its own Kyiv date, and stamps its answers with datetime.now() and time.time().
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.ts';
import { PolihonError } from '../core/errors.ts';
import { loadCatalog, requirementIds } from '../conformance/requirements/catalog.ts';
import { faketimeSpec, findLibfaketime, startFaketime } from '../conformance/launchers/faketime.ts';
import { runConformance } from '../conformance/runner.ts';
import { loadScenarios } from '../conformance/scenario.ts';
import { loadProfile, parseProfile, type SutProfile } from '../conformance/sut-profile.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'faketime');
const PROFILE = join(FIXTURES, 'polihon.sut.yaml');
const scenarios = () => loadScenarios([join(FIXTURES, 'days.yaml')], { requirementIds: new Set(requirementIds()) });

/**
 * The participant polls its own clock every 50 ms and says at GET /driver/wake when an answer is due, so the harness
 * waits for it at the Monday 09:00 stop however loaded the machine; the settle window is only a floor.
 */
const SETTLE_MS = 300;

function run(profile: SutProfile) {
  return runConformance({ scenarios: scenarios(), profile, requirements: loadCatalog(), settleMs: SETTLE_MS, wallTime: () => Date.now() });
}

/** The same participant without `clock: faketime`: on this machine's clock. */
function withoutFaketime(): SutProfile {
  const p = loadProfile(PROFILE);
  const { clock: _dropped, ...launch } = p.launch as { clock?: string };
  return { ...p, launch } as SutProfile;
}

describe('clock: faketime — a participant on its own clock follows the virtual clock', () => {
  it('is installed here (bootstrap --for-test installs libfaketime)', () => {
    expect(existsSync(findLibfaketime())).toBe(true);
  });

  it('answers on the next working day, stamped with the virtual time', async () => {
    const { report } = await run(loadProfile(PROFILE));
    const s = report.scenarios[0]!;
    const steps = Object.fromEntries(s.steps.map((x) => [x.id, x]));
    expect(s.steps.map((x) => `${x.id}:${x.outcome}${x.message && x.outcome !== 'pass' ? ` ${x.message}` : ''}`)).toEqual([
      'resident:pass',
      'resident-stamped:pass',
      'ask:pass',
      'answer:pass',
      'monday:pass',
      'answered-at:pass',
      'found:pass',
    ]);
    // Friday 15:00 Kyiv the request; the participant's first look at Monday is the 09:00 checkpoint
    expect(steps.resident!.assertions).toEqual([]);
    expect(steps['resident-stamped']!.assertions[0]!.actual).toBe('2026-03-13T13:00:00.000Z');
    expect(steps['answered-at']!.assertions[0]!.actual).toBe('2026-03-16T07:00:00.000Z');
    expect(s.outcome).toBe('pass');
    expect(report.run.exitCode).toBe(0);
  }, 60_000);

  it('without it the same participant lives on this machine’s clock and fails', async () => {
    const { report } = await run(withoutFaketime());
    const s = report.scenarios[0]!;
    expect(s.outcome).toBe('fail');
    expect(s.steps.find((x) => x.id === 'resident-stamped')!.outcome).toBe('fail');
    expect(report.run.exitCode).toBe(1);
  }, 60_000);

  it('a machine without libfaketime: E_SUT_START with the install hint, exit 3, not a participant failure', async () => {
    const before = process.env.POLIHON_LIBFAKETIME;
    process.env.POLIHON_LIBFAKETIME = join(tmpdir(), 'no-such-libfaketime.so.1');
    try {
      const err = (() => {
        try {
          findLibfaketime();
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(PolihonError);
      expect((err as PolihonError).code).toBe('E_SUT_START');
      expect((err as PolihonError).exitCode).toBe(3);
      expect((err as PolihonError).message).toContain('apt-get install -y libfaketime');
      const { report } = await run(loadProfile(PROFILE));
      expect(report.scenarios[0]!.outcome).toBe('error');
      expect(report.scenarios[0]!.errorCode).toBe('E_SUT_START');
      expect(report.scenarios[0]!.message).toContain('apt-get install -y libfaketime');
      expect(report.run.exitCode).toBe(3);
    } finally {
      if (before === undefined) delete process.env.POLIHON_LIBFAKETIME;
      else process.env.POLIHON_LIBFAKETIME = before;
    }
  });

  it('rewrites the timestamp file on every move and stops on close', () => {
    const clock = createVirtualClock(Date.parse('2026-03-13T13:00:00.250Z'));
    const session = startFaketime(clock, undefined);
    expect(readFileSync(session.file, 'utf8')).toBe(faketimeSpec(clock.now()));
    expect(faketimeSpec(clock.now())).toBe('1773406800.250\n');
    clock.advance(3 * 86_400_000);
    expect(readFileSync(session.file, 'utf8')).toBe('1773666000.250\n');
    session.close();
    expect(existsSync(session.file)).toBe(false);
    clock.advance(1000); // no listener left to write into a removed directory
  });

  it('the profile takes only `faketime` as clock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-profile-'));
    const file = join(dir, 'p.yaml');
    const text = (clock: string) =>
      `name: x\nversion: '1'\nroles: [hromada-registry]\nendpoints: { driver: 'http://127.0.0.1:1/driver' }\nlaunch: { command: [sh], health: 'http://127.0.0.1:1/h', clock: ${clock} }\n`;
    writeFileSync(file, text('faketime'));
    expect((parseProfile(text('faketime'), file).launch as { clock?: string }).clock).toBe('faketime');
    expect(() => parseProfile(text('real'), file)).toThrow(/profile is invalid/);
  });
});
