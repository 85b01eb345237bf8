// The step registry, keyed by `type` (docs/en/guide.md §5.5). Adding a step type = one file + one line here.
import { advanceStep } from './advance.ts';
import { assertStep } from './assert.ts';
import { callStep } from './call.ts';
import { expectStep } from './expect.ts';
import { faultStep } from './fault.ts';
import { loadStep } from './load.ts';
import { triggerStep } from './trigger.ts';
import type { StepDefinition } from './types.ts';

export const STEP_TYPES: Record<string, StepDefinition<Record<string, unknown>>> = Object.fromEntries(
  [triggerStep, expectStep, callStep, assertStep, advanceStep, faultStep, loadStep].map((s) => [s.type, s as unknown as StepDefinition<Record<string, unknown>>]),
);
