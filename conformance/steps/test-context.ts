// A step context for tests that call one step directly: a virtual clock at a fixed instant, an empty journal, and
// inert host, driver and control unless a test gives its own, and fresh scenario state. Tests only; no step imports it.
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { createScenarioState, type StepContext } from './types.ts';

export const TEST_START = Date.parse('2026-04-14T07:00:00Z');

export function createStepContext(overrides: Partial<StepContext> = {}): StepContext {
  const clock = overrides.clock ?? createVirtualClock(TEST_START);
  return {
    scenarioId: 's',
    stepId: 'x',
    covers: [],
    clock,
    journal: createJournal({ clock, wallTime: () => 0 }),
    calendar: { martialLaw: true },
    host: {} as StepContext['host'],
    driver: {} as StepContext['driver'],
    settleMs: 10,
    resolve: (v) => v,
    signal: new AbortController().signal,
    control: async () => ({ status: 200, body: {} }),
    state: createScenarioState(),
    ...overrides,
  };
}
