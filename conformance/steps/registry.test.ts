// The step contract's registries and scenario state: a step type or an assert form defined twice stops polihon at
// start; scenario state is one per scenario, each slot made on first use.
import { describe, expect, it } from 'vitest';
import { assertFormRegistry, ASSERT_FORMS } from './assert/index.ts';
import { equalsForm } from './assert/equals.ts';
import type { AssertForm } from './assert/form.ts';
import { advanceStep } from './advance.ts';
import { stepRegistry, STEP_TYPES } from './index.ts';
import { createScenarioState, stateKey, type StepDefinition } from './types.ts';

describe('registries', () => {
  it('refuse a step type defined twice', () => {
    const twice = [advanceStep, { ...advanceStep }] as unknown as StepDefinition<Record<string, unknown>>[];
    expect(() => stepRegistry(twice)).toThrow(expect.objectContaining({ code: 'E_INTERNAL', message: "step type 'advance' is defined twice" }));
  });

  it('refuse an assert form defined twice', () => {
    const twice = [equalsForm, { ...equalsForm }] as AssertForm[];
    expect(() => assertFormRegistry(twice)).toThrow(expect.objectContaining({ code: 'E_INTERNAL', message: "assert form 'equals' is defined twice" }));
  });

  it('hold every step type and assert form of the guide, each form named in both languages', () => {
    expect(Object.keys(STEP_TYPES)).toEqual(['trigger', 'expect', 'call', 'assert', 'advance', 'fault', 'load', 'repeat', 'ui']);
    expect(Object.keys(ASSERT_FORMS)).toEqual([
      'sameKyivDay',
      'equals',
      'journalCount',
      'participantAction',
      'participantJournal',
      'fields',
      'hrAnswer',
      'copiesHeld',
      'participantRequest',
      'delivery',
      'participantXRoad',
      'diiaShown',
      'eisRegistration',
      'eisDelivery',
      'eisExchange',
      'participantChannel',
    ]);
    for (const form of Object.values(ASSERT_FORMS)) expect(form.title.text.en).toBe(form.name);
  });
});

describe('scenario state', () => {
  it('makes a slot on first use and keeps it; another scenario starts empty', () => {
    const seen = stateKey('test.seen', () => new Set<number>());
    const one = createScenarioState();
    one.get(seen).add(7);
    expect([...one.get(seen)]).toEqual([7]);
    expect([...createScenarioState().get(seen)]).toEqual([]);
  });
});
