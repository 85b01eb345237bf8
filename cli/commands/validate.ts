// `polihon validate`: load and check scenarios (and optionally a profile) without running anything.
import { EXIT } from '../../core/errors.ts';
import { requirementIds } from '../../conformance/requirements/catalog.ts';
import { loadScenarios } from '../../conformance/scenario.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS } from '../paths.ts';

export async function validateCommand(args: Args, out: Output): Promise<number> {
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  if (args.values.sut) loadProfile(args.values.sut);
  const steps = scenarios.reduce((n, s) => n + s.steps.length, 0);
  out.stdout(`ok: ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}, ${steps} steps${args.values.sut ? `, profile ${args.values.sut}` : ''}\n`);
  return EXIT.ok;
}
