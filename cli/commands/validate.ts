// `polihon validate`: load and check scenarios (and optionally a profile) without running anything.
import { EXIT } from '../../core/errors.ts';
import { t } from '../../core/i18n.ts';
import { requirementIds } from '../../conformance/requirements/catalog.ts';
import { loadScenarios } from '../../conformance/scenario.ts';
import { checkUiSteps } from '../../conformance/steps/ui.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import type { Args } from '../main.ts';
import { langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS } from '../paths.ts';

export async function validateCommand(args: Args, out: Output): Promise<number> {
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  if (args.values.sut) {
    const profile = loadProfile(args.values.sut);
    checkUiSteps(
      scenarios.filter((s) => profile.roles.includes(s.role)),
      profile,
    );
  }
  const steps = scenarios.reduce((n, s) => n + s.steps.length, 0);
  const lang = langOfArgs(args);
  const profile = args.values.sut ? t(M.validatedProfile, lang, { path: args.values.sut }) : '';
  out.stdout(t(M.validated, lang, { n: scenarios.length, steps, profile }) + '\n');
  return EXIT.ok;
}
