// `polihon requirements`: the catalog, and which requirements the scenario set covers.
import { EXIT, PolihonError } from '../../core/errors.ts';
import { t } from '../../core/i18n.ts';
import { coverageTable, formatCoverage, loadCatalog, PARTICIPANT_ROLES, requirementIds } from '../../conformance/requirements/catalog.ts';
import { loadScenarios } from '../../conformance/scenario.ts';
import type { Args } from '../main.ts';
import { langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS } from '../paths.ts';
import { suggest } from '../suggest.ts';

/** Roles `--role` accepts: the participant roles and `simulator` (rules only a simulated counterpart keeps). */
const ROLES: readonly string[] = [...PARTICIPANT_ROLES, 'simulator'];

export async function requirementsCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const role = args.values.role;
  if (role !== undefined && !ROLES.includes(role)) {
    const near = suggest(role, ROLES);
    throw new PolihonError('E_USAGE', t(M.unknownRole, lang, { role }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), {
      hint: t(M.knownRoles, lang, { list: ROLES.join(', ') }),
    });
  }
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const coveredBy = new Map<string, string[]>();
  for (const s of scenarios) {
    const ids = new Set([...s.covers, ...s.steps.flatMap((st) => st.covers)]);
    for (const id of ids) coveredBy.set(id, [...(coveredBy.get(id) ?? []), s.id]);
  }
  const rows = coverageTable(loadCatalog(), coveredBy, role);
  out.stdout(formatCoverage(rows, { lang, color: out.color && !args.values['no-color'] }) + '\n');
  return EXIT.ok;
}
