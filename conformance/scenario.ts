// Scenario files: schema, loading and validation in full before anything runs. Every problem is reported at
// file:line:column with a hint; unknown keys and unknown step types are rejected (STYLE: k6's config idea).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { kyivInstant } from '../core/calendar.ts';
import { CLOCK_RANGE_HINT, clockRangeProblem, leastReach } from '../core/clock-range.ts';
import { parseTimeSpec } from '../core/duration.ts';
import { PolihonError, type PolihonIssue } from '../core/errors.ts';
import { sha256 } from '../core/journal.ts';
import { BUILT_IN_DIMENSIONS, CASE_KEYS, CASE_YEARS, stepApplies, type CaseDimensions, type ScenarioCase } from './cases.ts';
import { referencesIn } from './expressions.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { STEP_TYPES } from './steps/index.ts';
import { commonStepFields, requirementIdList, type RunnableStep, type StepDefinition } from './steps/types.ts';
import { capIssues, issueCount, parseYamlLocated, readInputFile, shortText, zodIssues, type LocatedYaml } from './yaml-located.ts';

export const ROLES = ['eis-subscriber', 'trembita-provider', 'trembita-consumer', 'hromada-registry', 'credential-verifier', 'hr-system', 'copy-recipient', 'eis-applicant'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What `${participant.<key>}` names: the participant's X-Road identity as the run registered it with Трембіта (the
 * profile's `identity`, else the registry's participant slot). `client` is `INSTANCE/CLASS/MEMBER/SUBSYSTEM`;
 * `edrpou` is `memberCode` (the ЄДРПОУ, protocol-facts §4.1).
 */
export const PARTICIPANT_KEYS = ['client', 'instance', 'memberClass', 'memberCode', 'edrpou', 'subsystem'] as const;

/**
 * What `${eddr.<person>.<key>}` names: ЄДДР's state as the run seeded it (the person's `inEddr`). `known`: ЄДДР
 * knows the person; `firstEntry`: an act about them enters them for the first time, so it says `firstEntry: true`.
 */
export const EDDR_KEYS = ['known', 'firstEntry'] as const;

/** What `${simulators.<name>}` names: each simulator's base URL as the run serves it (conformance/world.ts). */
const SIMULATOR_NAMES = Object.keys(SIMULATORS);

const bilingual = z.strictObject({ uk: z.string().min(1), en: z.string().min(1) });
const personSpec = z.strictObject({
  sex: z.enum(['male', 'female']).optional(),
  age: z.number().int().min(0).max(110).optional(),
  /** whether ДМС's ЄДДР already knows this person (default true) */
  inEddr: z.boolean().optional(),
});

const scenarioShape = {
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: bilingual,
  description: bilingual.optional(),
  role: z.enum(ROLES),
  covers: requirementIdList.min(1),
  tags: z.array(z.string()).optional(),
  /** optional only for a scenario whose `cases` have a `day`: each case then draws its own start */
  clock: z
    .strictObject({
      start: z.iso.datetime({ offset: true }).optional(),
      martialLaw: z.boolean().optional(),
    })
    .optional(),
  /** generated cases: named dimensions, each a list of values; `day` and `time` are built in (conformance/cases.ts) */
  cases: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and underscores'), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1))
    .optional(),
  seed: z.number().int().nonnegative().optional(),
  data: z.strictObject({ people: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), personSpec).optional() }).optional(),
};
const envelope = z.strictObject({ ...scenarioShape, steps: z.array(z.unknown()).min(1) });

function stepSchema(def: StepDefinition<Record<string, unknown>>) {
  return z.strictObject({ type: z.literal(def.type), ...commonStepFields, ...def.fields });
}

/** The whole scenario schema, for the committed JSON Schema that editors use. */
export function scenarioJsonSchema(): unknown {
  const steps = Object.values(STEP_TYPES).map(stepSchema);
  const full = z.strictObject({ ...scenarioShape, steps: z.array(z.union(steps as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])).min(1) });
  return { ...z.toJSONSchema(full, { target: 'draft-2020-12', unrepresentable: 'any' }), title: 'polihon scenario' };
}

export interface LoadedStep extends RunnableStep {
  index: number;
  id: string;
  type: string;
  /** English title (or the one given) — and both languages for bilingual reports */
  title: string;
  titles: { uk: string; en: string };
  covers: string[];
  always: boolean;
  /** the generated cases it is in (absent: all of them) */
  when?: Record<string, string[]>;
  where: string;
  def: StepDefinition<Record<string, unknown>>;
  fields: Record<string, unknown>;
  children?: LoadedStep[];
}

export interface LoadedScenario {
  file: string;
  id: string;
  title: { uk: string; en: string };
  role: Role;
  covers: string[];
  startMs: number;
  martialLaw: boolean;
  seed: number;
  people: Record<string, z.infer<typeof personSpec>>;
  steps: LoadedStep[];
  sha256: string;
  /** the `cases` dimensions, in the order written; the runner expands such a scenario into its sample */
  cases?: CaseDimensions;
  /** set on a scenario that is one generated case of another */
  case?: ScenarioCase;
}

export interface LoadOptions {
  /** known requirement ids; any other id in `covers` is an error */
  requirementIds?: ReadonlySet<string>;
  /** shown in `where` instead of absolute paths */
  cwd?: string;
}

/** Parses and validates one scenario text; throws one PolihonError listing every issue. */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): LoadedScenario {
  const src = parseYamlLocated(text, file);
  const issues: PolihonIssue[] = [];
  const top = envelope.safeParse(src.value);
  if (!top.success) issues.push(...zodIssues(top.error, src));
  const raw = (src.value ?? {}) as Record<string, unknown>;
  const rawSteps = Array.isArray(raw.steps) ? raw.steps : [];
  const steps: LoadedStep[] = [];
  const seenIds = new Set<string>();
  const people = new Set(Object.keys(((raw.data as Record<string, unknown> | undefined)?.people as object | undefined) ?? {}));
  const cases = casesOf(src, raw, issues);
  // step ids and the `when` of each step that has it: one id may serve steps of cases that cannot meet
  const whens = new Map<string, (Record<string, string[]> | undefined)[]>();

  /**
   * One step at `path`, validated and its references checked; undefined when it is invalid (the issues say why).
   * `parent`: the id of the structural step it is a child of — its default id is then '<parent>-<n>', and `when`
   * belongs on the parent.
   */
  const loadStepAt = (s: unknown, path: (string | number)[], index: number, parent?: string): LoadedStep | undefined => {
    const type = (s as { type?: unknown } | null)?.type;
    const def = typeof type === 'string' ? STEP_TYPES[type] : undefined;
    if (!def) {
      const known = Object.keys(STEP_TYPES);
      // a near miss is a few letters off; a type far longer than any known one is not worth the comparison
      const near = typeof type === 'string' && type.length <= 40 ? known.find((k) => editDistance(k, type) <= 2) : undefined;
      issues.push({
        where: src.locate(typeof type === 'string' ? [...path, 'type'] : path),
        message: typeof type === 'string' ? `unknown step type '${shortText(type)}'` : 'a step needs a `type`',
        hint: `${near ? `did you mean '${near}'? ` : ''}known types: ${known.join(', ')}`,
      });
      return undefined;
    }
    const parsed = stepSchema(def).safeParse(s);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, src, path));
      // keep its id known, so one mistake does not cascade into "refers to nothing" errors further down
      const rawId = (s as { id?: unknown }).id;
      const shownId = typeof rawId === 'string' ? rawId : parent ? `${parent}-${index + 1}` : `step-${index + 1}`;
      // its children's problems are told too, not only after the parent's are fixed
      const rawList = def.childSteps ? (s as Record<string, unknown>)[def.childSteps] : undefined;
      if (Array.isArray(rawList)) rawList.forEach((c, i) => loadStepAt(c, [...path, def.childSteps!, i], i, shownId));
      seenIds.add(shownId);
      return undefined;
    }
    const { type: _t, id, title, covers, always, when: rawWhen, ...fields } = parsed.data as Record<string, unknown> & {
      id?: string;
      title?: string | { uk: string; en: string };
      covers?: string[];
      always?: boolean;
      when?: Record<string, (string | number | boolean)[]>;
    };
    const stepId = id ?? (parent ? `${parent}-${index + 1}` : `step-${index + 1}`);
    if (parent && rawWhen !== undefined) {
      issues.push({ where: src.locate([...path, 'when'], true), message: '`when` on a child step', hint: `put the \`when\` on step '${parent}', which holds this one` });
    }
    const when = rawWhen === undefined || parent ? undefined : checkWhen(src, path, rawWhen, cases, issues);
    const earlier = whens.get(stepId);
    if (earlier && !earlier.every((w) => disjoint(w, when))) {
      issues.push({
        where: src.locate([...path, 'id']),
        message: `step id '${stepId}' is used twice`,
        hint: 'step ids must be unique in a scenario, unless each step of that id has a `when` that no case of the other meets',
      });
    }
    whens.set(stepId, [...(earlier ?? []), when]);
    // a structural step's children come first: they run before anything after the parent, and refer to each other
    let children: LoadedStep[] | undefined;
    const list = def.childSteps ? fields[def.childSteps] : undefined;
    if (def.childSteps && Array.isArray(list)) {
      children = list.flatMap((c, i) => loadStepAt(c, [...path, def.childSteps!, i], i, stepId) ?? []);
    }
    const own = def.childSteps ? Object.fromEntries(Object.entries(fields).filter(([k]) => k !== def.childSteps)) : fields;
    // references may only point at declared people and at steps that run earlier
    for (const ref of referencesIn(own)) {
      const [head, name, ...rest] = ref.split('.');
      const ok =
        head === 'people' || head === 'addresses'
          ? people.has(name ?? '')
          : head === 'eddr'
            ? people.has(name ?? '') && (rest.length === 0 || (rest.length === 1 && (EDDR_KEYS as readonly string[]).includes(rest[0]!)))
            : head === 'steps'
            ? seenIds.has(name ?? '')
            : head === 'participant'
              ? (PARTICIPANT_KEYS as readonly string[]).includes(name ?? '') && rest.length === 0
              : head === 'simulators'
                ? (SIMULATOR_NAMES as readonly string[]).includes(name ?? '') && rest.length === 0
              : head === 'case'
                ? cases !== undefined && (cases.some(([d]) => d === name) || (CASE_KEYS as readonly string[]).includes(name ?? '')) && rest.length === 0
                : head === 'scenario';
      if (!ok) {
        issues.push({
          where: src.locate(path),
          message: `\${${shortText(ref)}} refers to nothing`,
          hint:
            head === 'steps'
              ? `steps can refer only to earlier steps: ${lastFew(seenIds)}`
              : head === 'participant'
                ? `the participant's identity has: ${PARTICIPANT_KEYS.map((k) => `participant.${k}`).join(', ')}`
                : head === 'simulators'
                  ? `a simulator's base URL: ${SIMULATOR_NAMES.map((k) => `simulators.${k}`).join(', ')}`
                : head === 'eddr' && people.has(name ?? '')
                  ? `ЄДДР's view of a person has: ${EDDR_KEYS.map((k) => `eddr.${name}.${k}`).join(', ')}`
                : head === 'case'
                  ? cases
                    ? `a case has: ${[...cases.map(([d]) => d), ...CASE_KEYS].map((k) => `case.${k}`).join(', ')}`
                    : '`${case.…}` names a value of a generated case: declare the dimensions in a top-level `cases` block'
                  : `declared people: ${lastFew(people, '(none)')}`,
        });
      }
    }
    const problem = def.check?.(fields);
    if (problem) issues.push({ where: src.locate(problem.field ? [...path, problem.field] : path), message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) });
    seenIds.add(stepId);
    const described = def.describe(fields);
    return {
      index,
      id: stepId,
      type: def.type,
      title: typeof title === 'string' ? title : (title?.en ?? described.en),
      titles: typeof title === 'string' ? { uk: title, en: title } : (title ?? described),
      covers: covers ?? [],
      always: always ?? false,
      ...(when ? { when } : {}),
      where: src.locate(path),
      def,
      fields,
      ...(children ? { children } : {}),
    };
  };
  rawSteps.forEach((s, index) => {
    const step = loadStepAt(s, ['steps', index], index);
    if (step) steps.push(step);
  });

  if (top.success) checkClock(src, top.data.clock, cases, issues);
  const start = top.data?.clock?.start;
  // a case's clock is drawn later; the latest start it can draw bounds how far its steps may reach
  if (top.success) checkClockRange(src, start !== undefined ? Date.parse(start) : kyivInstant(`${CASE_YEARS[1]}-12-31`, '23:45'), steps, issues);
  if (cases && steps.some((st) => st.when)) checkCaseReferences(src, cases, steps, issues);
  if (options.requirementIds) checkRequirementIds(src, raw, options.requirementIds, issues);
  if (issues.length > 0) {
    throw new PolihonError('E_SCENARIO_INVALID', `${issues.length} problem${issues.length > 1 ? 's' : ''}`, { where: file, details: capIssues(issues, file) });
  }
  const v = top.data!;
  return {
    file,
    id: v.id,
    title: v.title,
    role: v.role,
    covers: v.covers,
    // a scenario whose cases draw their days has no start of its own until it is expanded: the first day they can draw
    startMs: v.clock?.start !== undefined ? Date.parse(v.clock.start) : kyivInstant(`${CASE_YEARS[0]}-01-01`, '09:00'),
    martialLaw: v.clock?.martialLaw ?? true,
    seed: v.seed ?? 1,
    people: v.data?.people ?? {},
    steps,
    sha256: sha256(text),
    ...(cases ? { cases } : {}),
  };
}

/** The `cases` block as dimensions, its problems reported: a built-in dimension with a value it does not know, a value twice. */
function casesOf(src: LocatedYaml, raw: Record<string, unknown>, issues: PolihonIssue[]): CaseDimensions | undefined {
  const block = raw.cases;
  if (!block || typeof block !== 'object' || Array.isArray(block)) return undefined;
  const out: [string, string[]][] = [];
  for (const [name, list] of Object.entries(block as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    if ((CASE_KEYS as readonly string[]).includes(name)) {
      issues.push({ where: src.locate(['cases', name], true), message: `'${name}' is not a dimension name`, hint: `\${case.${name}} is given for every case; name the dimension otherwise` });
    }
    const values = list.map((v) => String(v));
    const vocabulary = BUILT_IN_DIMENSIONS[name];
    values.forEach((v, i) => {
      if (vocabulary && !vocabulary.includes(v)) {
        issues.push({ where: src.locate(['cases', name, i]), message: `cases.${name}: unknown value '${shortText(v)}'`, hint: `${name} is built in; its values: ${vocabulary.join(', ')}` });
      } else if (values.indexOf(v) !== i) {
        issues.push({ where: src.locate(['cases', name, i]), message: `cases.${name}: '${shortText(v)}' is listed twice`, hint: 'each value once; the sample decides how often it is drawn' });
      }
    });
    out.push([name, [...new Set(values)]]);
  }
  return out.length ? out : undefined;
}

/** A step's `when`, checked against the dimensions: each named dimension and each value must be one of the `cases`. */
function checkWhen(src: LocatedYaml, path: (string | number)[], when: Record<string, (string | number | boolean)[]>, cases: CaseDimensions | undefined, issues: PolihonIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!cases) {
    issues.push({ where: src.locate([...path, 'when'], true), message: '`when` without `cases`', hint: 'a step chooses generated cases by their dimensions: declare them in a top-level `cases` block' });
    return out;
  }
  for (const [dim, list] of Object.entries(when)) {
    const known = cases.find(([d]) => d === dim)?.[1];
    if (!known) {
      issues.push({ where: src.locate([...path, 'when', dim], true), message: `when: unknown dimension '${shortText(dim)}'`, hint: `the scenario's dimensions: ${cases.map(([d]) => d).join(', ')}` });
      continue;
    }
    out[dim] = list.map((v) => String(v));
    out[dim].forEach((v, i) => {
      if (!known.includes(v)) issues.push({ where: src.locate([...path, 'when', dim, i]), message: `when.${dim}: unknown value '${shortText(v)}'`, hint: `cases.${dim} has: ${known.join(', ')}` });
    });
  }
  return out;
}

/** Whether no case can meet both `when`s: some dimension both name has no value in common. */
function disjoint(a: Record<string, string[]> | undefined, b: Record<string, string[]> | undefined): boolean {
  if (!a || !b) return false;
  return Object.entries(a).some(([dim, values]) => b[dim] !== undefined && !values.some((v) => b[dim]!.includes(v)));
}

/** `clock.start` and the `day` dimension exclude each other: a case on a drawn day starts then. */
function checkClock(src: LocatedYaml, clock: { start?: string | undefined } | undefined, cases: CaseDimensions | undefined, issues: PolihonIssue[]) {
  const drawn = cases?.some(([d]) => d === 'day') ?? false;
  if (drawn && clock?.start !== undefined) {
    issues.push({ where: src.locate(['clock', 'start'], true), message: 'clock.start with cases.day', hint: 'each case starts on the day and at the time drawn for it: remove clock.start (clock.martialLaw stays)' });
  } else if (!drawn && clock?.start === undefined) {
    issues.push({
      where: src.locate(clock ? ['clock'] : [], clock !== undefined),
      message: 'clock.start is required',
      hint: 'e.g. clock: { start: "2026-03-10T10:00:00+02:00" } — or let generated cases draw it: cases: { day: [...] }',
    });
  }
}

/** The largest number of value combinations the reference check walks; beyond it only the plain check applies. */
const MAX_CASE_COMBINATIONS = 4096;

/**
 * References to steps, case by case: a step kept in a case may refer only to earlier steps kept in the same case.
 * Walks every combination of the dimensions that `when`s name (values elsewhere do not change which steps stay).
 */
function checkCaseReferences(src: LocatedYaml, cases: CaseDimensions, steps: readonly LoadedStep[], issues: PolihonIssue[]) {
  const named = cases.filter(([d]) => steps.some((s) => s.when?.[d] !== undefined));
  if (named.reduce((n, [, v]) => n * v.length, 1) > MAX_CASE_COMBINATIONS) return;
  let combos: Record<string, string>[] = [{}];
  for (const [d, values] of named) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [d]: v })));
  const reported = new Set<string>();
  for (const values of combos) {
    const kept = steps.filter((s) => stepApplies(s, values));
    const before = new Set<string>();
    const shown = Object.entries(values).map(([d, v]) => `${d}=${v}`).join(', ');
    if (kept.length === 0) {
      const key = `none`;
      if (!reported.has(key)) issues.push({ where: src.locate(['steps']), message: `no step is left in the cases with ${shown}`, hint: 'widen a `when`, or drop the value from `cases`' });
      reported.add(key);
    }
    for (const step of kept) {
      for (const ref of referencesIn(step.fields)) {
        const [head, name] = ref.split('.');
        if (head !== 'steps' || before.has(name ?? '')) continue;
        const key = `${step.index}:${ref}`;
        if (reported.has(key)) continue;
        reported.add(key);
        issues.push({
          where: step.where,
          message: `\${${shortText(ref)}} refers to a step that is not in the cases with ${shown}`,
          hint: `give this step a \`when\` that keeps it out of those cases, or widen the \`when\` of step '${name}'`,
        });
      }
      before.add(step.id);
    }
  }
}

/**
 * Whether the scenario's virtual time stays inside the calendar's range: the start, then the least time each
 * `advance` and `expect … within` can take (a working day is at least a day). One pass, no calendar walk, so a
 * '26000 working days' step costs no more to check than '1s'; the steps re-check the exact instant when they run.
 */
function checkClockRange(src: LocatedYaml, startMs: number, steps: readonly LoadedStep[], issues: PolihonIssue[]) {
  const startProblem = clockRangeProblem(startMs);
  if (startProblem) {
    issues.push({ where: src.locate(['clock', 'start']), message: startProblem, hint: CLOCK_RANGE_HINT });
    return;
  }
  let atLeast = startMs;
  for (const step of steps) {
    const field = step.type === 'advance' ? 'by' : step.type === 'expect' ? 'within' : undefined;
    const text = field ? step.fields[field] : undefined;
    if (!field || typeof text !== 'string') continue;
    const reach = leastReach(parseTimeSpec(text), atLeast);
    if (!reach.ok) {
      issues.push({ where: src.locate(['steps', step.index, field]), message: reach.problem, hint: CLOCK_RANGE_HINT });
      return;
    }
    if (step.type === 'advance') atLeast = reach.ms;
  }
}

function checkRequirementIds(src: LocatedYaml, raw: Record<string, unknown>, known: ReadonlySet<string>, issues: PolihonIssue[]) {
  const report = (id: unknown, path: (string | number)[]) => {
    if (typeof id === 'string' && !known.has(id)) {
      issues.push({ where: src.locate(path), message: `unknown requirement id '${id}'`, hint: 'see `polihon requirements` for the catalog' });
    }
  };
  (Array.isArray(raw.covers) ? raw.covers : []).forEach((id, i) => report(id, ['covers', i]));
  (Array.isArray(raw.steps) ? raw.steps : []).forEach((s, si) => {
    const c = (s as { covers?: unknown })?.covers;
    if (Array.isArray(c)) c.forEach((id, i) => report(id, ['steps', si, 'covers', i]));
  });
}

/** Scenario files under the given paths (files or folders, recursively), sorted for a stable run order. */
export function findScenarioFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new PolihonError('E_FILE_NOT_FOUND', `${p} does not exist`, { hint: 'give scenario files or folders, e.g. scenarios/dms' });
    }
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (/\.ya?ml$/.test(p) && !/\.sut\.ya?ml$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return [...new Set(out)].sort();
}

/** Loads every scenario; collects the problems of all files before throwing, so one run shows them all. */
export function loadScenarios(paths: string[], options: LoadOptions = {}): LoadedScenario[] {
  const files = findScenarioFiles(paths);
  if (files.length === 0) throw new PolihonError('E_FILE_NOT_FOUND', `no scenario files (*.yaml) under ${paths.join(', ')}`);
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedScenario[] = [];
  const issues: PolihonIssue[] = [];
  for (const f of files) {
    const shown = relative(cwd, f) || f;
    try {
      loaded.push(parseScenario(readInputFile(f, { shown, code: 'E_SCENARIO_INVALID' }), shown, options));
    } catch (err) {
      if (err instanceof PolihonError && err.details.length) issues.push(...err.details);
      else if (err instanceof PolihonError) issues.push({ where: shown, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
      else throw err;
    }
  }
  const ids = new Map<string, string>();
  for (const s of loaded) {
    const prev = ids.get(s.id);
    if (prev) issues.push({ where: s.file, message: `scenario id '${s.id}' is also used by ${prev}`, hint: 'scenario ids must be unique in a run' });
    ids.set(s.id, s.file);
  }
  if (issues.length) {
    const total = issueCount(issues);
    throw new PolihonError('E_SCENARIO_INVALID', `${total} problem${total > 1 ? 's' : ''} in the scenarios; nothing was run`, {
      details: capIssues(issues, paths.join(', ')),
    });
  }
  return loaded;
}

/** The last few of a list of names, for a hint: all of them would make one hint per step quadratic in the steps. */
function lastFew(names: Iterable<string>, none = '(none yet)', count = 10): string {
  const all = [...names];
  if (all.length === 0) return none;
  return all.length <= count ? all.join(', ') : `…, ${all.slice(-count).join(', ')} (${all.length} in all)`;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
