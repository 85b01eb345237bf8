// `polihon requirements`: the catalog, and which requirements the scenario set covers.
import { EXIT } from '../../core/errors.ts';
import { coverageTable, formatCoverage, loadCatalog, requirementIds } from '../../conformance/requirements/catalog.ts';
import { loadScenarios } from '../../conformance/scenario.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS } from '../paths.ts';

export async function requirementsCommand(args: Args, out: Output): Promise<number> {
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const coveredBy = new Map<string, string[]>();
  for (const s of scenarios) {
    const ids = new Set([...s.covers, ...s.steps.flatMap((st) => st.covers)]);
    for (const id of ids) coveredBy.set(id, [...(coveredBy.get(id) ?? []), s.id]);
  }
  const rows = coverageTable(loadCatalog(), coveredBy, args.values.role);
  out.stdout(formatCoverage(rows, { lang: args.values.lang === 'uk' ? 'uk' : 'en', color: out.color && !args.values['no-color'] }) + '\n');
  return EXIT.ok;
}
