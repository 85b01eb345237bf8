// The requirement catalog (catalog.yaml beside this file): ids, sources, texts in Ukrainian and English, the
// roles each rule binds; and the coverage table behind `polihon requirements`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import type { RequirementVerdict } from '../../core/results.ts';
import type { RequirementInfo, RoleCoverage } from '../report-model.ts';
import { parseYamlLocated, zodIssues } from '../yaml-located.ts';
import { PARTICIPANT_ROLES, type ParticipantRole } from './roles.ts';

export { PARTICIPANT_ROLES, type ParticipantRole };

export type CatalogRole = ParticipantRole | 'simulator';

/** A catalog row: what the run report carries (RequirementInfo) plus how the rule can be observed. */
export interface CatalogRequirement extends RequirementInfo {
  roles: CatalogRole[];
  /** false for informative rows (DMS-08, DIIA-09) that no scenario can judge */
  observable: boolean;
  note?: { uk: string; en: string };
}

/** Same shape as the scenario loader's ids: `DMS-02`, `EIS-REG-01`. */
export const REQUIREMENT_ID = /^[A-Z]+(-[A-Z]+)?-\d{2}$/;

/** Headings of the id families, in catalog order, for grouped views. */
export const REQUIREMENT_GROUPS: readonly { prefix: string; title: { uk: string; en: string } }[] = [
  { prefix: 'EIS', title: { uk: 'ЄІС МВС: реєстрація та доступ', en: 'ЄІС МВС: registration and access' } },
  { prefix: 'XCH', title: { uk: 'Обмін між органами', en: 'Exchange between bodies' } },
  {
    prefix: 'DMS',
    title: { uk: 'Реєстрація місця проживання: громади → ДМС → ЄДДР', en: 'Residence registration: hromadas → ДМС → ЄДДР' },
  },
  { prefix: 'DIIA', title: { uk: 'е-Посвідчення в Дії', en: 'е-Посвідчення in Дія' } },
  { prefix: 'TRB', title: { uk: 'Транспорт Трембіти / X-Road', en: 'Трембіта / X-Road transport' } },
];

/** The family prefix of an id: 'EIS-REG-01' → 'EIS'. */
export function requirementGroup(id: string): string {
  return id.split('-')[0] ?? id;
}

const ROLE_VALUES = [...PARTICIPANT_ROLES, 'simulator'] as const;
const bilingual = z.strictObject({ uk: z.string().trim().min(1), en: z.string().trim().min(1) });

const requirementSchema = z
  .strictObject({
    id: z.string().regex(REQUIREMENT_ID, 'a requirement id such as DMS-02'),
    source: z.string().min(1),
    section: z.string().min(1),
    roles: z.array(z.enum(ROLE_VALUES)).min(1),
    observable: z.boolean(),
    text: bilingual,
    check: bilingual,
    note: bilingual.optional(),
  });
// 'simulator' beside participant roles means both keep a part of the rule (DMS-06: the registry submits each
// act once, ДМС forms each dataset once); 'simulator' alone means only the simulated counterpart can keep it.

const catalogSchema = z.strictObject({ requirements: z.array(requirementSchema).min(1) });

const DEFAULT_FILE = fileURLToPath(new URL('./catalog.yaml', import.meta.url));

/**
 * Parses and validates catalog YAML; every problem is reported at file:line:column. Exported so tests and
 * tools can check a catalog that is not the bundled one.
 */
export function parseCatalog(text: string, file = 'catalog.yaml'): CatalogRequirement[] {
  const src = parseYamlLocated(text, file, 'E_INTERNAL');
  const parsed = catalogSchema.safeParse(src.value);
  const issues = parsed.success ? [] : zodIssues(parsed.error, src);
  const rows = parsed.success ? parsed.data.requirements : [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.id)) {
      issues.push({ where: src.locate(['requirements', i, 'id']), message: `requirement ${r.id} appears twice`, hint: 'ids are unique and never renumbered' });
    }
    seen.add(r.id);
  });
  if (issues.length > 0) {
    throw new PolihonError('E_INTERNAL', `the requirement catalog ${file} is invalid`, {
      where: file,
      details: issues,
      hint: 'the catalog ships with polihon; fix the file (or reinstall) and run again',
    });
  }
  return rows;
}

let cached: CatalogRequirement[] | undefined;

/** The bundled catalog, read once. Callers get a fresh array but share the (frozen) rows. */
export function loadCatalog(): CatalogRequirement[] {
  cached ??= parseCatalog(readFileSync(DEFAULT_FILE, 'utf8'), DEFAULT_FILE).map((r) => Object.freeze(r));
  return [...cached];
}

/** Every id, in catalog order. */
export function requirementIds(): string[] {
  return loadCatalog().map((r) => r.id);
}

export function isKnownRequirement(id: string): boolean {
  return loadCatalog().some((r) => r.id === id);
}

/**
 * One requirement by id; an unknown id is an E_UNKNOWN_REQUIREMENT error that suggests the nearest ids.
 * @example getRequirement('DMS-02').text.en // 'Information reaches the ДМС system on the day …'
 */
export function getRequirement(id: string): CatalogRequirement {
  const found = loadCatalog().find((r) => r.id === id);
  if (found) return found;
  const family = requirementGroup(id.toUpperCase());
  const near = requirementIds().filter((x) => x === id.toUpperCase() || requirementGroup(x) === family);
  throw new PolihonError('E_UNKNOWN_REQUIREMENT', `there is no requirement '${id}' in the catalog`, {
    hint: near.length > 0 ? `ids of that family: ${near.join(', ')}` : 'see `polihon requirements` for the catalog',
  });
}

export type CoverageStatus = 'covered' | 'not covered' | 'informative' | 'simulator';

export interface CoverageRow {
  id: string;
  text: { uk: string; en: string };
  roles: CatalogRole[];
  /** scenario ids that cover it, sorted */
  scenarios: string[];
  status: CoverageStatus;
}

/**
 * Which requirements the scenario set covers. Informative rows and rows only a simulator keeps get their own
 * status whether or not a scenario names them. With `role`, only rows that bind that role.
 * @example coverageTable(loadCatalog(), new Map([['DMS-02', ['dms-declaration-same-day']]]), 'hromada-registry')
 */
export function coverageTable(
  catalog: readonly CatalogRequirement[],
  coveredBy: ReadonlyMap<string, readonly string[]>,
  role?: string,
): CoverageRow[] {
  return catalog
    .filter((r) => role === undefined || (r.roles as string[]).includes(role))
    .map((r) => {
      const scenarios = [...new Set(coveredBy.get(r.id) ?? [])].sort();
      const status: CoverageStatus = !r.observable
        ? 'informative'
        : r.roles.length === 1 && r.roles[0] === 'simulator'
          ? 'simulator'
          : scenarios.length > 0
            ? 'covered'
            : 'not covered';
      return { id: r.id, text: r.text, roles: r.roles, scenarios, status };
    });
}

/**
 * Whether a rule is the participant's to keep: it binds one of the roles the profile declares. 'simulator' is
 * never a participant's role, so a row only a simulator keeps is nobody's gap. A profile without roles has no
 * basis to set anything aside, so every row is its own.
 */
export function bindsRoles(r: { roles: readonly string[] }, roles: readonly string[]): boolean {
  return roles.length === 0 || r.roles.some((role) => role !== 'simulator' && roles.includes(role));
}

/**
 * Splits report rows into the participant's own (their roles' rules, plus any rule a scenario did judge — a
 * verdict is never folded away) and the others, which this run does not judge.
 */
export function partitionByRoles<T extends { id: string; roles: readonly string[] }>(
  rows: readonly T[],
  roles: readonly string[],
  judged: (id: string) => boolean = () => false,
): { own: T[]; others: T[] } {
  const own: T[] = [];
  const others: T[] = [];
  for (const r of rows) (bindsRoles(r, roles) || judged(r.id) ? own : others).push(r);
  return { own, others };
}

type CoverageOutcome = RequirementVerdict['outcome'];

/**
 * Per role the participant plays: how many catalog rows bind it, how many of those are informative, and the
 * verdicts of the observable ones — the counts report.json carries as `coverage`.
 */
export function roleCoverage(
  requirements: readonly (RequirementInfo & { observable?: boolean })[],
  verdicts: readonly RequirementVerdict[],
  roles: readonly string[],
): RoleCoverage[] {
  const outcome = new Map(verdicts.map((v) => [v.id, v.outcome]));
  return roles.map((role) => {
    const rows = requirements.filter((r) => bindsRoles(r, [role]));
    const counts: Record<CoverageOutcome, number> = { pass: 0, fail: 0, error: 0, skip: 0, warn: 0, 'not-covered': 0 };
    for (const r of rows) if (r.observable !== false) counts[outcome.get(r.id) ?? 'not-covered'] += 1;
    return { role, requirements: rows.length, informative: rows.filter((r) => r.observable === false).length, counts };
  });
}

const STATUS_LABEL: Record<CoverageStatus, { uk: string; en: string; color: string }> = {
  covered: { uk: 'покрито', en: 'covered', color: '\x1b[32m' },
  'not covered': { uk: 'не покрито', en: 'not covered', color: '\x1b[31m' },
  informative: { uk: 'довідкова', en: 'informative', color: '\x1b[90m' },
  simulator: { uk: 'симулятор', en: 'simulator', color: '\x1b[36m' },
};

const HEADINGS = {
  uk: { id: 'ВИМОГА', status: 'СТАН', scenarios: 'СЦЕНАРІЇ', text: 'ЗМІСТ', total: 'покрито' },
  en: { id: 'ID', status: 'STATUS', scenarios: 'SCENARIOS', text: 'RULE', total: 'covered' },
};

export interface FormatCoverageOptions {
  lang: 'uk' | 'en';
  color: boolean;
  /** the rule text is cut to fit this many columns in total (default 120) */
  width?: number;
}

/**
 * The coverage table as terminal text: one line per requirement and a closing count of covered observable rows.
 * Widths count code points, which is right for the Cyrillic and Latin text used here.
 */
export function formatCoverage(rows: readonly CoverageRow[], options: FormatCoverageOptions): string {
  const { lang, color } = options;
  const h = HEADINGS[lang];
  const len = (s: string) => [...s].length;
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - len(s)));
  const cut = (s: string, n: number) => (len(s) <= n ? s : [...s].slice(0, Math.max(1, n - 1)).join('') + '…');
  const paint = (code: string, s: string) => (color ? `${code}${s}\x1b[0m` : s);

  const cells = rows.map((r) => ({
    id: r.id,
    status: STATUS_LABEL[r.status][lang],
    scenarios: r.scenarios.length > 0 ? r.scenarios.join(', ') : '—',
    text: r.text[lang].replace(/\s+/g, ' '),
    code: STATUS_LABEL[r.status].color,
  }));
  const wId = Math.max(len(h.id), ...cells.map((c) => len(c.id)));
  const wStatus = Math.max(len(h.status), ...cells.map((c) => len(c.status)));
  const wScen = Math.min(48, Math.max(len(h.scenarios), ...cells.map((c) => len(c.scenarios))));
  const wText = Math.max(20, (options.width ?? 120) - wId - wStatus - wScen - 6);

  const lines = [paint('\x1b[1m', [pad(h.id, wId), pad(h.status, wStatus), pad(h.scenarios, wScen), h.text].join('  '))];
  for (const c of cells) {
    lines.push(
      [pad(c.id, wId), paint(c.code, pad(c.status, wStatus)), pad(cut(c.scenarios, wScen), wScen), cut(c.text, wText)].join('  ').trimEnd(),
    );
  }
  const judged = rows.filter((r) => r.status === 'covered' || r.status === 'not covered');
  const covered = judged.filter((r) => r.status === 'covered').length;
  const others = (['informative', 'simulator'] as const)
    .map((s) => `${STATUS_LABEL[s][lang]} ${rows.filter((r) => r.status === s).length}`)
    .join(', ');
  lines.push('', `${h.total} ${covered}/${judged.length} (${others})`);
  return lines.join('\n') + '\n';
}
