// The step registry, keyed by `type` (docs/en/guide.md §5.5). Adding a step type = one file + one line here; a type
// listed twice stops polihon at start.
import { msg } from '../../core/i18n.ts';
import { advanceStep } from './advance.ts';
import { assertStep } from './assert.ts';
import { callStep } from './call.ts';
import { expectStep } from './expect.ts';
import { faultStep } from './fault.ts';
import { loadStep } from './load.ts';
import { S } from './messages.ts';
import { repeatStep } from './repeat.ts';
import { triggerStep } from './trigger.ts';
import { uiStep } from './ui.ts';
import { registry, type StepDefinition } from './types.ts';

type AnyStep = StepDefinition<Record<string, unknown>>;

/** Builds a step registry; throws E_INTERNAL when two definitions share a `type`. */
export function stepRegistry(defs: readonly AnyStep[]): Readonly<Record<string, AnyStep>> {
  return registry(msg(S.registryStepType), defs, (d) => d.type);
}

export const STEP_TYPES = stepRegistry(
  [triggerStep, expectStep, callStep, assertStep, advanceStep, faultStep, loadStep, repeatStep, uiStep].map((s) => s as unknown as AnyStep),
);
