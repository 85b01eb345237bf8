// The statement made, signed and checked without a participant: a sample run's reports, a copy of the scenarios
// and the lock in a folder of the test's own, a key made there. Each kind of tampering verify must catch is made to
// one copy and named by what changed; input that cannot be read is exit 2, located.
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolihonError } from '../core/errors.ts';
import { render } from '../core/i18n.ts';
import { toHtml } from '../conformance/reporters/html.ts';
import { sampleRun } from '../conformance/reporters/test-fixture.ts';
import { runView } from '../conformance/reporters/view.ts';
import { writeReports } from '../conformance/reporters/write-all.ts';
import { loadProfile, parseProfile } from '../conformance/sut-profile.ts';
import { certificationSetText, LOCK_PATH } from '../scripts/gen-certification-set.ts';
import { faultSwitchOf, officialRun, writeStatement } from './certify.ts';
import { LOCK_FILE, officialFiles, readLock, REGENERATE, setHash } from './set.ts';
import { loadOrCreateHarnessKey, parseCompact, signatureValid, signCompact, thumbprint, type HarnessKey } from './signing.ts';
import { STATEMENT_FILE, STATEMENT_JWS_FILE } from './statement.ts';
import { shown, verifyStatement, type Verification } from './verify.ts';

const PACKAGE_ROOT = join(import.meta.dirname, '..');
const ROLES = ['trembita-consumer'];
const IDENTITY = { instance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '04054866', subsystem: 'RTG_prod' };
let work: string;
/** a copy of the package's scenarios and lock: the disk the statement's files are checked against */
let root: string;
let key: HarnessKey;
let pristine: string;

/** A fresh copy of the pristine run folder (reports, journal, statement, signature) to tamper with. */
let copies = 0;
function copy(): string {
  const dir = join(work, `copy-${copies++}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

const verify = (dir: string, more: { trust?: string; journal?: string; root?: string } = {}): Promise<Verification> =>
  verifyStatement({ statement: join(dir, STATEMENT_FILE), trust: key.publicPath, root, version: '0.1.0', ...more });
const said = (v: Verification) => v.findings.map((f) => `${f.kind} ${f.where}: ${render(f.message, 'en')}`);

async function refusal(p: Promise<unknown>): Promise<PolihonError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolihonError);
  return err as PolihonError;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'polihon-certify-'));
  root = join(work, 'root');
  cpSync(join(PACKAGE_ROOT, 'scenarios'), join(root, 'scenarios'), { recursive: true });
  key = await loadOrCreateHarnessKey(join(work, 'key'));
  const { report, jsonl } = sampleRun();
  report.participant = { ...report.participant, roles: ROLES, identity: IDENTITY };
  const files = officialFiles(readLock(root), ROLES);
  const { dir } = await writeReports(join(work, 'reports'), report, jsonl);
  await writeStatement(dir, report, { files, hash: setHash(files) }, key, '2026-12-02T12:00:00.000Z');
  pristine = dir;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the official scenario set', () => {
  it(`is committed and current (else: ${REGENERATE})`, () => {
    const fresh = certificationSetText();
    const committed = readFileSync(LOCK_PATH, 'utf8');
    expect(committed === fresh, `${LOCK_FILE} is stale: the scenarios on disk are not the ones it lists. Run \`${REGENERATE}\` and commit the file.`).toBe(true);
  });

  it('a certification run takes exactly the files of its roles', () => {
    const run = officialRun(root, ['credential-verifier', 'copy-recipient'], 'en');
    expect(run.scenarios.map((s) => s.file).sort()).toEqual(run.files.map((f) => f.file));
    expect(run.files.length).toBe(new Set([...readLock(root).roles['credential-verifier']!.files, ...readLock(root).roles['copy-recipient']!.files].map((f) => f.file)).size);
    expect(run.hash).toBe(setHash(run.files));
  });

  it('refuses an edited scenario, naming the file and both hashes', () => {
    const edited = join(work, 'edited');
    cpSync(root, edited, { recursive: true });
    const file = 'scenarios/trembita/consumer-ids.yaml';
    const locked = readLock(edited).roles['trembita-consumer']!.files.find((f) => f.file === file)!.sha256;
    writeFileSync(join(edited, file), readFileSync(join(edited, file), 'utf8').replace(/\n$/, '\n# a harmless-looking comment\n'));
    let err: unknown;
    try {
      officialRun(edited, ROLES, 'en');
    } catch (e) {
      err = e;
    }
    const e = err as PolihonError;
    expect(e.code).toBe('E_SCENARIO_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.where).toBe(file);
    expect(e.details[0]!.message).toContain(locked);
    expect(e.details[0]!.message).toMatch(/edited: its SHA-256 is [0-9a-f]{64}/);
    expect(e.details[0]!.hint).toContain(REGENERATE);
  });

  it('refuses an extra scenario of the roles, and one that is gone', () => {
    const extra = join(work, 'extra');
    cpSync(root, extra, { recursive: true });
    writeFileSync(join(extra, 'scenarios/trembita/consumer-mine.yaml'), readFileSync(join(extra, 'scenarios/trembita/consumer-ids.yaml'), 'utf8').replace(/^id: .*$/m, 'id: consumer-mine'));
    rmSync(join(extra, 'scenarios/trembita/consumer-rest.yaml'));
    let err: unknown;
    try {
      officialRun(extra, ROLES, 'en');
    } catch (e) {
      err = e;
    }
    const messages = (err as PolihonError).details.map((d) => `${d.where}: ${d.message}`);
    expect(messages).toEqual([
      'scenarios/trembita/consumer-rest.yaml: the official scenario scenarios/trembita/consumer-rest.yaml is not on disk',
      expect.stringMatching(/^scenarios\/trembita\/consumer-mine\.yaml: .* is not in the official set/),
    ]);
  });

  it('refuses a fault switch in the profile and in the environment', () => {
    const reference = loadProfile(join(PACKAGE_ROOT, 'participants/trembita-consumer/polihon.sut.yaml'));
    expect(faultSwitchOf(reference, {})).toBeUndefined();
    const withFault = { ...reference, launch: { ...reference.launch, env: { PORT: '1', PARTICIPANT_FAULTS: 'no-user-id' } } } as typeof reference;
    expect(faultSwitchOf(withFault, {})).toEqual({ from: `${reference.file}: launch.env.PARTICIPANT_FAULTS`, value: 'no-user-id' });
    expect(faultSwitchOf(reference, { PARTICIPANT_FAULTS: 'no-user-id' })).toEqual({ from: 'env PARTICIPANT_FAULTS', value: 'no-user-id' });
    const container = parseProfile(
      'name: x\nversion: "1"\nroles: [trembita-consumer]\nendpoints: { driver: http://127.0.0.1:1/d }\nlaunch: { container: { image: x, port: 1, env: { PARTICIPANT_FAULTS: a } } }\n',
      'c.sut.yaml',
    );
    expect(faultSwitchOf(container, {})?.from).toBe('c.sut.yaml: launch.container.env.PARTICIPANT_FAULTS');
  });
});

describe('a statement', () => {
  it('verifies as written: signature, scenario files, lock and journal', async () => {
    const v = await verify(pristine);
    expect(said(v)).toEqual([]);
    expect(v.kid).toBe(key.kid);
    expect(v.statement.participant).toEqual({ name: 'РТГ Бужанської громади', version: '1.4.2', xroadId: 'SEVDEIR-TEST/GOV/04054866/RTG_prod', edrpou: '04054866', roles: ROLES });
    expect(v.statement.signature).toEqual({ alg: 'EdDSA', kid: key.kid, file: STATEMENT_JWS_FILE });
    expect(v.statement.disclaimer.en).toMatch(/evidence for an integration review.*not a certificate/);
    // the rows of the participant's roles and those the run judged, each with its verdict; the other roles' are left out
    expect(v.statement.verdicts.map((x) => `${x.requirement} ${x.outcome}`)).toEqual(['DMS-01 pass', 'DMS-02 fail', 'DMS-04 pass', 'DMS-07 error']);
    expect(v.statement.verdicts[0]!.scenarios.length).toBeGreaterThan(0);
  });

  it('a flipped byte in statement.json is named by its field, with both values (exit 1)', async () => {
    const dir = copy();
    const file = join(dir, STATEMENT_FILE);
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('"04054866"') + 2;
    await writeFile(file, text.slice(0, at) + '5' + text.slice(at + 1));
    const v = await verify(dir);
    expect(said(v)).toEqual([`statement-field ${shown(join(dir, STATEMENT_FILE))}: participant.edrpou changed: signed "04054866", the file has "05054866"`]);
  });

  it('a flipped byte in the signature is a signature that does not verify', async () => {
    const dir = copy();
    const file = join(dir, STATEMENT_JWS_FILE);
    const jws = (await readFile(file, 'utf8')).trim();
    const i = jws.length - 5;
    await writeFile(file, jws.slice(0, i) + (jws[i] === 'A' ? 'B' : 'A') + jws.slice(i + 1));
    expect((await verify(dir)).findings.map((f) => f.kind)).toEqual(['signature']);
  });

  it('a changed scenario file is named with both hashes (exit 1)', async () => {
    const changed = join(work, 'changed-root');
    cpSync(root, changed, { recursive: true });
    await appendFile(join(changed, 'scenarios/trembita/consumer-soap.yaml'), '# changed\n');
    const v = await verify(pristine, { root: changed });
    expect(v.findings.map((f) => `${f.kind} ${f.where}`)).toEqual(['scenario-changed scenarios/trembita/consumer-soap.yaml']);
    expect(render(v.findings[0]!.message, 'en')).toMatch(/^the scenario scenarios\/trembita\/consumer-soap\.yaml changed: [0-9a-f]{64} on disk, [0-9a-f]{64} in the statement$/);
  });

  it("a set that is not this release's official one is named file by file", async () => {
    const other = join(work, 'other-lock');
    cpSync(root, other, { recursive: true });
    const lock = JSON.parse(await readFile(join(other, LOCK_FILE), 'utf8')) as { roles: Record<string, { files: unknown[] }> };
    lock.roles['trembita-consumer']!.files.pop();
    await writeFile(join(other, LOCK_FILE), JSON.stringify(lock));
    const v = await verify(pristine, { root: other });
    expect(v.findings.map((f) => `${f.kind} ${f.where}: ${render(f.message, 'en')}`)).toEqual([
      expect.stringMatching(/^set-not-official scenarios\/trembita\/consumer-soap\.yaml: .*in the statement, not in the official set$/),
    ]);
  });

  it('a changed journal line is named by its line and seq (exit 1)', async () => {
    const dir = copy();
    const file = join(dir, 'journal.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace('"from":"', '"from":"x');
    await writeFile(file, lines.join('\n'));
    const v = await verify(dir);
    expect(v.findings.map((f) => f.kind)).toEqual(['journal-line']);
    expect(v.findings[0]!.where).toMatch(/journal\.jsonl:3$/);
    expect(render(v.findings[0]!.message, 'en')).toMatch(/^journal line 3 \(seq 3\) does not verify: its content changed/);
  });

  it('a journal cut short is named by its head and count; one reformatted by its file hash', async () => {
    const dir = copy();
    const file = join(dir, 'journal.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.split('\n').slice(0, -2).join('\n') + '\n');
    expect((await verify(dir)).findings.map((f) => f.kind)).toEqual(['journal-head', 'journal-entries']);
    await writeFile(file, text + '\n');
    expect((await verify(dir)).findings.map((f) => f.kind)).toEqual(['journal-bytes']);
  });

  it('a statement signed with another key says so, with both key ids (exit 1)', async () => {
    const other = await loadOrCreateHarnessKey(join(work, 'other-key'));
    const v = await verify(pristine, { trust: other.publicPath });
    expect(v.findings.map((f) => f.kind)).toEqual(['other-key']);
    expect(render(v.findings[0]!.message, 'en')).toBe(`the statement is signed with another key: ${key.kid}; the trusted key (${shown(other.publicPath)}) is ${other.kid}`);
  });

  it('a truncated statement is unreadable input (exit 2), located where it stops matching the signed copy', async () => {
    const dir = copy();
    const file = join(dir, STATEMENT_FILE);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, 300));
    const e = await refusal(verify(dir));
    expect(e.code).toBe('E_STATEMENT_UNREADABLE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/is not JSON \(a truncated or damaged file\).*differs from the signed copy from .*statement\.json:\d+:\d+ \(\d+ bytes in the file, \d+ in the signed copy\)/);
  });

  it('a missing journal, signature or trusted key is unreadable input (exit 2), naming the file', async () => {
    const noJournal = copy();
    await rm(join(noJournal, 'journal.jsonl'));
    const e1 = await refusal(verify(noJournal));
    expect([e1.code, e1.exitCode]).toEqual(['E_FILE_NOT_FOUND', 2]);
    expect(e1.message).toMatch(/the journal file is missing: .*journal\.jsonl/);
    const noJws = copy();
    await rm(join(noJws, STATEMENT_JWS_FILE));
    expect((await refusal(verify(noJws))).message).toMatch(/the statement's signature file is missing/);
    expect((await refusal(verify(pristine, { trust: join(work, 'nowhere.pem') }))).exitCode).toBe(2);
    const badJws = copy();
    await writeFile(join(badJws, STATEMENT_JWS_FILE), 'not a jws');
    const e2 = await refusal(verify(badJws));
    expect([e2.code, e2.exitCode]).toEqual(['E_STATEMENT_UNREADABLE', 2]);
  });
});

describe('signing', () => {
  it('keeps the workspace key: a second call reads the same pair, owner-only', async () => {
    const again = await loadOrCreateHarnessKey(join(work, 'key'));
    expect([again.kid, again.created]).toEqual([key.kid, false]);
    expect(key.created).toBe(true);
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(key.privatePath).mode & 0o077).toBe(0);
  });

  it('signs with a test-PKI ECDSA P-256 key as ES256 too', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jws = parseCompact(signCompact(Buffer.from('{"a":1}'), { privateKey, kid: thumbprint(publicKey) }));
    expect(jws.header.alg).toBe('ES256');
    expect(signatureValid(jws, publicKey)).toBe(true);
    expect(signatureValid({ ...jws, payload: Buffer.from('{"a":2}'), signingInput: jws.signingInput.replace(/\.[^.]*$/, '.eyJhIjoyfQ') }, publicKey)).toBe(false);
  });
});

describe("index.html of a certification run", () => {
  it('shows the certification block, and a plain run does not', () => {
    const { report, jsonl } = sampleRun();
    expect(toHtml(runView(report, jsonl))).not.toContain('id="certification"');
    report.certification = { lock: LOCK_FILE, setHash: 'ab'.repeat(32), files: 4, statement: 'statement.json', signature: 'statement.json.jws', html: 'statement.html', alg: 'EdDSA', keyId: 'kid-1' };
    const html = toHtml(runView(report, jsonl));
    expect(html).toContain('<section id="certification">');
    expect(html).toContain('href="statement.json"');
    expect(html).toContain('href="statement.html"');
    expect(html).toContain('key kid-1');
    expect(html).toContain('not a legal certificate');
  });
});
