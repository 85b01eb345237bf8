// `polihon run` and `polihon demo`: validate everything, start the participant, run the scenarios, write reports.
import { join, relative, resolve } from 'node:path';
import { PolihonError } from '../../core/errors.ts';
import { t } from '../../core/i18n.ts';
import { createSpillingStorage } from '../../core/journal.ts';
import { loadCatalog, requirementIds } from '../../conformance/requirements/catalog.ts';
import type { CaseDraw, CertificationInfo, RunReport } from '../../conformance/report-model.ts';
import { createConsoleReporter } from '../../conformance/reporters/console.ts';
import { RUN_REPORTERS, writeReports } from '../../conformance/reporters/write-all.ts';
import { runConformance } from '../../conformance/runner.ts';
import { loadScenarios, type LoadedScenario } from '../../conformance/scenario.ts';
import { checkUiSteps } from '../../conformance/steps/ui.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import type { Args } from '../main.ts';
import { langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';
import { BUNDLED_SCENARIOS, PACKAGE_ROOT, REFERENCE_PARTICIPANTS, referenceProfile, VERSION } from '../paths.ts';
import { checkFaults, referenceNameOf, type ReferenceName } from '../reference.ts';
import { chooseReporters } from '../reporters.ts';
import { DEFAULT_PKI_DIR, loadOrCreatePki } from '../pki-cache.ts';
import { MESSAGING_FILE } from '../../simulators/eis/public.ts';
import { fileSpillSink } from '../spill.ts';
import { suggest } from '../suggest.ts';
import { unreachableNotice } from '../unreachable.ts';

export async function runCommand(args: Args, out: Output): Promise<number> {
  if (!args.values.sut) {
    throw new PolihonError('E_USAGE', t(M.runNeedsSut, langOfArgs(args)), { hint: t(M.runNeedsSutHint, langOfArgs(args)) });
  }
  return runSuite(args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS], args.values.sut, args, out);
}

/**
 * `polihon demo` (= `npm start`): every bundled reference participant against the bundled scenarios of its roles,
 * one run and one report folder each; the exit code is the worst of them.
 */
export async function demoCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const only = args.values.participant;
  if (only !== undefined && !(REFERENCE_PARTICIPANTS as readonly string[]).includes(only)) {
    const near = suggest(only, REFERENCE_PARTICIPANTS);
    throw new PolihonError('E_USAGE', t(M.noSuchParticipant, lang, { name: only }) + (near ? `: ${t(M.didYouMean, lang, { name: near })}` : ''), {
      hint: t(M.bundledParticipants, lang, { list: REFERENCE_PARTICIPANTS.join(', ') }),
    });
  }
  if (args.values['participant-faults'] && only === undefined) {
    throw new PolihonError('E_USAGE', t(M.faultsNeedParticipant, lang), { hint: t(M.faultsNeedParticipantHint, lang, { list: REFERENCE_PARTICIPANTS.join(', ') }) });
  }
  chooseReporters(args.values.reporter, RUN_REPORTERS, 'demo', lang);
  const names = only ? [only as ReferenceName] : [...REFERENCE_PARTICIPANTS];
  const paths = args.positionals.length ? args.positionals : [BUNDLED_SCENARIOS];
  // validate every scenario, profile and fault switch before anything runs
  const scenarios = loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const counted = names
    .map((name) => ({ name, profile: loadProfile(referenceProfile(name)) }))
    .map((p) => ({ ...p, count: scenarios.filter((s) => p.profile.roles.includes(s.role)).length }));
  const plan = counted.filter((p) => p.count > 0);
  // a participant bundled before its scenarios are written is said, not silently left out
  const shown = paths.map((p) => relative(process.cwd(), p) || '.').join(', ');
  const idle = counted.filter((p) => p.count === 0).map((p) => ({ name: p.name, roles: p.profile.roles.join(', '), paths: shown }));
  if (only !== undefined && idle.length > 0) throw new PolihonError('E_USAGE', t(M.demoNoScenariosFor, lang, idle[0]!), { hint: t(M.demoNoScenariosHint, lang) });
  if (plan.length === 0) throw new PolihonError('E_USAGE', t(M.noParticipantForRoles, lang, { paths: paths.join(', ') }));
  // with paths of one's own, a participant they do not cover is the reader's choice, not news
  if (args.positionals.length === 0) for (const p of idle) out.stderr(t(M.demoNoScenarios, lang, p) + '\n');
  for (const p of plan) checkFaultsOf(p.name, args);
  let worst = 0;
  const rank = (code: number) => [0, 1, 99, 3, 2].indexOf(code);
  for (const p of plan) {
    if (args.signal?.aborted) break;
    out.stderr(t(M.demoHeader, lang, { n: p.count, name: p.name, roles: p.profile.roles.join(', ') }) + '\n');
    const code = await runSuite(paths, referenceProfile(p.name), args, out, p.name);
    if (rank(code) > rank(worst)) worst = code;
  }
  return worst;
}

/** `--seed` as the seed of generated cases: an unsigned 32-bit integer (core/random.ts takes no more). */
function caseSeed(value: string | undefined, lang: ReturnType<typeof langOfArgs>): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffff_ffff) throw new PolihonError('E_USAGE', t(M.badCaseSeed, lang, { value }));
  return Number(value);
}

/** Whether `ui` steps run: `--no-browser` or POLIHON_NO_BROWSER=1 skips them, POLIHON_NO_BROWSER=missing when there is no Chromium. */
function browserSteps(args: Args): 'run' | 'skip' | 'skip-if-missing' {
  const env = process.env.POLIHON_NO_BROWSER;
  if (args.values['no-browser'] || env === '1' || env === 'true') return 'skip';
  return env === 'missing' ? 'skip-if-missing' : 'run';
}

/** A word of a command line as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The fault switches asked for (option, else env), checked against the participant's own list. */
function checkFaultsOf(name: ReferenceName, args: Args): void {
  const fromOption = args.values['participant-faults'];
  const list = fromOption ?? process.env.PARTICIPANT_FAULTS;
  if (list) checkFaults(name, list, fromOption !== undefined ? '--participant-faults' : 'env PARTICIPANT_FAULTS', langOfArgs(args));
}

/**
 * What `polihon certify` (cli/commands/certify.ts) sets in a run: the scenarios (the official set, checked), the
 * seed, the block report.json and index.html carry, and what it writes once the reports are there (the statement).
 * Such a run has no fault switch, runs every step, and writes every report.
 */
export interface CertificationRun {
  scenarios: LoadedScenario[];
  seed: number;
  info: CertificationInfo;
  afterReports(dir: string, report: Readonly<RunReport>): Promise<void>;
}

export async function runSuite(paths: string[], profilePath: string, args: Args, out: Output, runSuffix?: string, certification?: CertificationRun): Promise<number> {
  const lang = langOfArgs(args);
  // everything is validated before anything runs: scenarios, requirement ids, the profile, fault switches
  const scenariosAll = certification?.scenarios ?? loadScenarios(paths, { requirementIds: new Set(requirementIds()) });
  const profile = loadProfile(profilePath);
  const reference = referenceNameOf(resolve(profilePath));
  if (reference && !certification) checkFaultsOf(reference, args);
  const scenarios = scenariosAll.filter((s) => profile.roles.includes(s.role));
  checkUiSteps(scenarios, profile);
  const left = scenariosAll.length - scenarios.length;
  if (left > 0 && !runSuffix) out.stderr(t(M.otherRolesNote, lang, { n: left, roles: profile.roles.join(', ') }) + '\n');
  if (scenarios.length === 0) {
    throw new PolihonError('E_USAGE', t(M.noScenarioForRoles, lang, { roles: profile.roles.join(', ') }), { hint: t(M.noScenarioForRolesHint, lang) });
  }
  const settleMs = args.values.settle ? Number(args.values.settle) : undefined;
  if (settleMs !== undefined && !(Number.isFinite(settleMs) && settleMs >= 10 && settleMs <= 60_000)) {
    throw new PolihonError('E_USAGE', t(M.badSettle, lang, { value: args.values.settle ?? '' }));
  }
  const reporters = chooseReporters(args.values.reporter, RUN_REPORTERS, runSuffix ? 'demo' : 'run', lang);
  const chosen = (name: string) => reporters === undefined || reporters.includes(name);
  const faults = certification ? undefined : (args.values['participant-faults'] ?? process.env.PARTICIPANT_FAULTS);
  // the tour shows the same cases each time; a run draws new ones unless told
  const seed = certification?.seed ?? caseSeed(args.values.seed ?? (runSuffix ? '1' : undefined), lang);
  const reportsRoot = resolve(args.values.reports ?? 'reports');
  const runId = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '') + (runSuffix ? `-${runSuffix}` : '');
  const reproduce = (draw: CaseDraw) =>
    (certification ? ['polihon', 'certify', '--sut', profilePath] : [
      'polihon',
      runSuffix ? 'demo' : 'run',
      ...args.positionals,
      ...(runSuffix ? (args.values.participant ? ['--participant', args.values.participant] : []) : ['--sut', profilePath]),
      ...(faults ? ['--participant-faults', faults] : []),
      '--seed',
      String(draw.seed),
      ...(draw.thorough ? ['--thorough'] : []),
    ])
      .map(shellWord)
      .join(' ');
  const console = createConsoleReporter({
    write: (s) => out.stdout(s),
    tty: out.isTTY,
    color: out.color && !args.values['no-color'],
    lang,
    masked: !args.values.unmasked,
    // the closing line names index.html: only when it is written
    ...(chosen('html') ? { reportsRoot } : {}),
    reproduce,
  });
  // mTLS (--mtls, or a profile with `certificate`): the workspace's test CA, which `polihon pki issue` issues from too
  const cached = args.values.mtls || profile.certificate !== undefined ? await loadOrCreatePki(DEFAULT_PKI_DIR, Date.now(), lang) : undefined;
  if (cached?.message) out.stderr(`${cached.message}\n`);
  const { report, journal, files } = await runConformance({
    scenarios,
    profile,
    requirements: loadCatalog(),
    ...(faults ? { participantEnv: { PARTICIPANT_FAULTS: faults } } : {}),
    ...(settleMs ? { settleMs } : {}),
    reporters: [unreachableNotice(out, lang, profilePath), ...(chosen('console') ? [console] : [])],
    masked: !args.values.unmasked,
    wallTime: () => Date.now(),
    journalStorage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `journal-${runId}.jsonl`)), 5_000),
    runId,
    toolVersion: VERSION,
    ...(args.signal ? { signal: args.signal } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(args.values.thorough ? { thorough: true } : {}),
    browserSteps: certification ? 'run' : browserSteps(args),
    ...(cached ? { mtls: { pki: cached.pki } } : {}),
    // ЄІС МВС's messaging records go to the report folder as they are made, not to memory (a burst's thousands)
    messagingFile: join(reportsRoot, runId, MESSAGING_FILE),
  });
  if (certification) report.certification = certification.info;
  const written = await writeReports(reportsRoot, report, journal.toJSONL(), { ...(reporters ? { reporters } : {}), files });
  journal.clear();
  if (certification && !report.run.interrupted) await certification.afterReports(written.dir, report);
  return report.run.exitCode;
}
