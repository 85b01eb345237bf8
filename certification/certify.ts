// A certification run's two ends. Before: the profile names its participant (X-Road id, ЄДРПОУ), no fault switch
// reaches it, and the scenarios of its roles on disk are exactly the official set, byte for byte — any of these
// wrong is invalid input, located, and nothing runs. After: statement.json from the finished run and the journal
// file as written, its signature, and statement.html beside them.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolihonError } from '../core/errors.ts';
import { t, type Lang } from '../core/i18n.ts';
import { sha256 } from '../core/journal.ts';
import { requirementIds } from '../conformance/requirements/catalog.ts';
import type { RunReport } from '../conformance/report-model.ts';
import { loadScenarios, type LoadedScenario } from '../conformance/scenario.ts';
import type { SutProfile } from '../conformance/sut-profile.ts';
import { C } from './messages.ts';
import { statementHtml } from './page.ts';
import { LOCK_FILE, officialFiles, readLock, setHash, setProblems, type SetFile } from './set.ts';
import { signCompact, type HarnessKey } from './signing.ts';
import { buildStatement, STATEMENT_FILE, STATEMENT_HTML_FILE, STATEMENT_JWS_FILE, statementText, type Statement } from './statement.ts';

/** A fault switch that would reach the participant: where it is set and its value; undefined when there is none. */
export function faultSwitchOf(profile: SutProfile, env: Readonly<Record<string, string | undefined>>): { from: string; value: string } | undefined {
  const launch = profile.launch as { env?: Record<string, string>; container?: { env?: Record<string, string> } };
  const fromProfile = launch.env?.PARTICIPANT_FAULTS ?? launch.container?.env?.PARTICIPANT_FAULTS;
  if (fromProfile?.trim()) return { from: `${profile.file}: launch${launch.env?.PARTICIPANT_FAULTS !== undefined ? '' : '.container'}.env.PARTICIPANT_FAULTS`, value: fromProfile };
  if (env.PARTICIPANT_FAULTS?.trim()) return { from: 'env PARTICIPANT_FAULTS', value: env.PARTICIPANT_FAULTS };
  return undefined;
}

export interface OfficialRun {
  scenarios: LoadedScenario[];
  files: SetFile[];
  hash: string;
}

/**
 * The official scenarios of the profile's roles, loaded from `root`, after checking that the files on disk are the
 * lock's: an edited, missing or extra scenario is E_SCENARIO_INVALID naming each file (and both hashes).
 */
export function officialRun(root: string, roles: readonly string[], lang: Lang): OfficialRun {
  const lock = readLock(root, lang);
  const loaded = loadScenarios([join(root, 'scenarios')], { cwd: root, requirementIds: new Set(requirementIds()) });
  const problems = setProblems(lock, root, roles, loaded, lang);
  if (problems.length > 0) {
    throw new PolihonError('E_SCENARIO_INVALID', t(C.setNotOfficial, lang, { n: problems.length }), { where: problems[0]!.where, details: problems });
  }
  const files = officialFiles(lock, roles);
  const wanted = new Set(files.map((f) => f.file));
  return { scenarios: loaded.filter((s) => wanted.has(s.file.split('\\').join('/'))), files, hash: setHash(files) };
}

export interface WrittenStatement {
  statement: Statement;
  json: string;
  jws: string;
  html: string;
}

/** Writes statement.json, statement.json.jws and statement.html into the run's folder `dir`. */
export async function writeStatement(
  dir: string,
  report: Readonly<RunReport>,
  official: Pick<OfficialRun, 'files' | 'hash'>,
  key: Pick<HarnessKey, 'privateKey' | 'kid'>,
  issuedAt: string,
): Promise<WrittenStatement> {
  const journal = await readFile(join(dir, report.journal.file));
  const alg = key.privateKey.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
  const statement = buildStatement({ report, files: official.files, setHash: official.hash, lock: LOCK_FILE, journalSha256: sha256(journal), key: { kid: key.kid, alg }, issuedAt });
  const text = statementText(statement);
  const paths = { json: join(dir, STATEMENT_FILE), jws: join(dir, STATEMENT_JWS_FILE), html: join(dir, STATEMENT_HTML_FILE) };
  await writeFile(paths.json, text);
  await writeFile(paths.jws, signCompact(Buffer.from(text), key) + '\n');
  await writeFile(paths.html, statementHtml(statement, report.requirements));
  return { statement, ...paths };
}
