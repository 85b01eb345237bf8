// `polihon run` and `polihon demo`: validate everything, start the participant, run the scenarios, write reports.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PolihonError } from '../../core/errors.ts';
import { createSpillingStorage } from '../../core/journal.ts';
import { loadCatalog, requirementIds } from '../../conformance/requirements/catalog.ts';
import { createConsoleReporter } from '../../conformance/reporters/console.ts';
import { writeReports } from '../../conformance/reporters/write-all.ts';
import { runConformance } from '../../conformance/runner.ts';
import { loadScenarios } from '../../conformance/scenario.ts';
import { loadReportsOf } from '../../conformance/steps/load.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS, PACKAGE_ROOT, REFERENCE_PARTICIPANTS, referenceProfile } from '../paths.ts';
import { fileSpillSink } from '../spill.ts';

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function runCommand(args: Args, out: Output): Promise<number> {
  if (!args.values.sut) {
    throw new PolihonError('E_USAGE', 'polihon run needs --sut <polihon.sut.yaml>', {
      hint: 'describe your participant in a profile (docs/en/participant-profile.md), or try `polihon demo`',
    });
  }
  return runSuite(args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS], args.values.sut, args, out);
}

/**
 * `polihon demo` (= `npm start`): every bundled reference participant against the bundled scenarios of its roles,
 * one run and one report folder each; the exit code is the worst of them.
 */
export async function demoCommand(args: Args, out: Output): Promise<number> {
  const only = args.values.participant;
  if (only !== undefined && !(REFERENCE_PARTICIPANTS as readonly string[]).includes(only)) {
    throw new PolihonError('E_USAGE', `no bundled participant '${only}'`, { hint: `bundled: ${REFERENCE_PARTICIPANTS.join(', ')}` });
  }
  if (args.values['participant-faults'] && only === undefined) {
    throw new PolihonError('E_USAGE', '--participant-faults needs --participant: each reference participant has its own switches', {
      hint: `e.g. polihon demo --participant hromada-registry --participant-faults send-next-day (participants: ${REFERENCE_PARTICIPANTS.join(', ')})`,
    });
  }
  const names = only ? [only] : [...REFERENCE_PARTICIPANTS];
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  // validate every scenario and profile before anything runs
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const plan = names
    .map((name) => ({ name, profile: loadProfile(referenceProfile(name)) }))
    .map((p) => ({ ...p, count: scenarios.filter((s) => p.profile.roles.includes(s.role)).length }))
    .filter((p) => p.count > 0);
  if (plan.length === 0) throw new PolihonError('E_USAGE', `no bundled participant plays the roles of the scenarios under ${paths.join(', ')}`);
  let worst = 0;
  const rank = (code: number) => [0, 1, 99, 3, 2].indexOf(code);
  for (const p of plan) {
    out.stderr(`polihon demo: ${p.count} scenario(s) against the bundled reference ${p.name} (${p.profile.roles.join(', ')})\n`);
    const code = await runSuite(paths, referenceProfile(p.name), args, out, p.name);
    if (rank(code) > rank(worst)) worst = code;
  }
  return worst;
}

async function runSuite(paths: string[], profilePath: string, args: Args, out: Output, runSuffix?: string): Promise<number> {
  // everything is validated before anything runs: scenarios, requirement ids, the profile
  const scenariosAll = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const profile = loadProfile(profilePath);
  const scenarios = scenariosAll.filter((s) => profile.roles.includes(s.role));
  const left = scenariosAll.length - scenarios.length;
  if (left > 0 && !runSuffix) out.stderr(`note: ${left} scenario(s) are for roles this participant does not play (${profile.roles.join(', ')}) and are not run\n`);
  if (scenarios.length === 0) {
    throw new PolihonError('E_USAGE', `none of the scenarios is for the participant's roles (${profile.roles.join(', ')})`, { hint: 'check `roles` in the profile and `role` in the scenarios' });
  }
  const settleMs = args.values.settle ? Number(args.values.settle) : undefined;
  if (settleMs !== undefined && !(Number.isFinite(settleMs) && settleMs >= 10 && settleMs <= 60_000)) {
    throw new PolihonError('E_USAGE', `--settle must be a number of milliseconds between 10 and 60000, got '${args.values.settle}'`);
  }
  const faults = args.values['participant-faults'] ?? process.env.PARTICIPANT_FAULTS;
  const reportsRoot = resolve(args.values.reports ?? 'reports');
  const runId = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '') + (runSuffix ? `-${runSuffix}` : '');
  const lang = args.values.lang === 'uk' ? 'uk' : 'en';
  const reporter = createConsoleReporter({ write: (s) => out.stdout(s), tty: out.isTTY, color: out.color && !args.values['no-color'], lang, masked: !args.values.unmasked, reportsRoot });
  const { report, journal } = await runConformance({
    scenarios,
    profile,
    requirements: loadCatalog(),
    ...(faults ? { participantEnv: { PARTICIPANT_FAULTS: faults } } : {}),
    ...(settleMs ? { settleMs } : {}),
    reporters: [reporter],
    masked: !args.values.unmasked,
    wallTime: () => Date.now(),
    journalStorage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `journal-${runId}.jsonl`)), 5_000),
    runId,
    toolVersion: VERSION,
  });
  // load steps keep their reports beside the run; they go into index.html, junit.xml and load.json
  const load = loadReportsOf(journal);
  if (load.length) report.load = load;
  await writeReports(reportsRoot, report, journal.toJSONL());
  journal.clear();
  return report.run.exitCode;
}
