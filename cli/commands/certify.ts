// `polihon certify --sut <profile>`: the official scenario set of the profile's roles, run as `polihon run` runs it
// (the same runner, reports and journal), then a signed statement beside the reports. `polihon verify <statement>`:
// the statement checked against a trusted key, the scenarios on disk, this release's lock and the journal. The
// logic is certification/'s; this file says it (docs/en/certification.md).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { officialRun, faultSwitchOf, writeStatement, type WrittenStatement } from '../../certification/certify.ts';
import { LOCK_FILE } from '../../certification/set.ts';
import { loadOrCreateHarnessKey, thumbprint, type HarnessKey } from '../../certification/signing.ts';
import { STATEMENT_FILE, STATEMENT_HTML_FILE, STATEMENT_JWS_FILE } from '../../certification/statement.ts';
import { shown, verifyStatement } from '../../certification/verify.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { render, t, type Lang } from '../../core/i18n.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import { UI } from '../../conformance/reporters/messages.ts';
import type { Args } from '../main.ts';
import { CERT, langOfArgs } from '../messages.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT, VERSION } from '../paths.ts';
import { runSuite } from './run.ts';

/** Generated cases are drawn as `polihon demo` draws them, so two certifications of one build run the same cases. */
const CERTIFICATION_SEED = 1;

export async function certifyCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const [arg] = args.positionals;
  if (arg !== undefined) throw new PolihonError('E_USAGE', t(CERT.noPaths, lang, { lock: LOCK_FILE, arg }), { hint: t(CERT.noPathsHint, lang) });
  if (!args.values.sut) throw new PolihonError('E_USAGE', t(CERT.needsSut, lang));
  const option = args.values['participant-faults'];
  if (option !== undefined) throw new PolihonError('E_USAGE', t(CERT.faults, lang, { from: '--participant-faults', value: option }), { where: '--participant-faults', hint: t(CERT.faultsHint, lang) });
  const profilePath = args.values.sut;
  const profile = loadProfile(profilePath);
  if (!profile.identity) throw new PolihonError('E_PROFILE_INVALID', t(CERT.noIdentity, lang), { where: `${profilePath}: identity`, hint: t(CERT.noIdentityHint, lang) });
  const fault = faultSwitchOf(profile, process.env);
  if (fault) throw new PolihonError('E_USAGE', t(CERT.faults, lang, fault), { where: fault.from, hint: t(CERT.faultsHint, lang) });
  const official = officialRun(PACKAGE_ROOT, profile.roles, lang);
  if (official.files.length === 0) throw new PolihonError('E_USAGE', t(CERT.noOfficial, lang, { lock: LOCK_FILE, roles: profile.roles.join(', ') }), { where: LOCK_FILE });

  const key = await signingKey(args.values.key, lang);
  if (key.created) out.stderr(t(CERT.keyCreated, lang, { path: shown(key.privatePath), pub: shown(key.publicPath) }) + '\n');
  const alg = key.privateKey.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256';
  out.stderr(t(CERT.header, lang, { hash: official.hash.slice(0, 16), lock: LOCK_FILE, n: official.files.length, roles: profile.roles.join(', ') }) + '\n');
  let written: WrittenStatement | undefined;
  const info = { lock: LOCK_FILE, setHash: official.hash, files: official.files.length, statement: STATEMENT_FILE, signature: STATEMENT_JWS_FILE, html: STATEMENT_HTML_FILE, alg, keyId: key.kid };
  // always an mTLS run, as the central subsystem and Трембіта are: the certificate checks are judged, never skipped
  const code = await runSuite([], profilePath, { ...args, values: { ...args.values, mtls: true } }, out, undefined, {
    scenarios: official.scenarios,
    seed: CERTIFICATION_SEED,
    info,
    afterReports: async (dir, report) => {
      // the runner hashes what it ran; a difference here would be polihon's bug, never the participant's
      if (report.run.scenarioSetHash !== official.hash) throw new PolihonError('E_INTERNAL', t(CERT.setMismatch, lang, { actual: report.run.scenarioSetHash, hash: official.hash }));
      if (report.participant.faults?.length) throw new PolihonError('E_INTERNAL', t(CERT.faults, lang, { from: 'report.json participant.faults', value: report.participant.faults.join(',') }));
      written = await writeStatement(dir, report, official, key, new Date().toISOString());
    },
  });
  if (!written) {
    out.stderr(t(CERT.interrupted, lang) + '\n');
    return code;
  }
  out.stdout(t(CERT.written, lang, { file: shown(written.json), html: shown(written.html) }) + '\n');
  out.stdout(t(CERT.signed, lang, { jws: shown(written.jws), alg, kid: key.kid, pub: key.publicPath ? shown(key.publicPath) : '--key' }) + '\n');
  out.stdout(t(CERT.verifyIt, lang, { file: shown(written.json) }) + '\n');
  out.stdout(t(UI.certEvidence, lang) + '\n');
  return code;
}

/** `--key <private.pem>`, else the workspace's harness key (made on first use). */
async function signingKey(file: string | undefined, lang: Lang): Promise<HarnessKey> {
  const where = file ?? '.polihon/certification';
  try {
    if (file === undefined) return await loadOrCreateHarnessKey();
    const privateKey = createPrivateKey(await readFile(file, 'utf8'));
    const type = privateKey.asymmetricKeyType;
    if (type !== 'ed25519' && !(type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1')) throw new Error(`a ${type} key: Ed25519 or ECDSA P-256 only`);
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, kid: thumbprint(publicKey), privatePath: file, publicPath: '', created: false };
  } catch (err) {
    const error = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new PolihonError(file === undefined ? 'E_INTERNAL' : 'E_USAGE', t(CERT.keyUnreadable, lang, { path: where, error }), { where, hint: t(CERT.keyUnreadableHint, lang) });
  }
}

export async function verifyCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) throw new PolihonError('E_USAGE', t(CERT.verifyUsage, lang));
  const v = await verifyStatement({
    statement: file,
    ...(args.values.trust !== undefined ? { trust: args.values.trust } : {}),
    ...(args.values.journal !== undefined ? { journal: args.values.journal } : {}),
    root: PACKAGE_ROOT,
    version: VERSION,
    lang,
  });
  for (const n of v.notes) out.stdout(`${t(CERT.note, lang)}: ${render(n, lang)}\n`);
  const s = v.statement;
  if (v.findings.length > 0) {
    out.stdout(t(CERT.notVerified, lang, { file: shown(file), n: v.findings.length }) + '\n');
    for (const f of v.findings) out.stdout(`  ✗ ${f.where}: ${render(f.message, lang)}\n`);
    return EXIT.conformanceFailures;
  }
  const lines = [
    t(CERT.vSignature, lang, { alg: s.signature.alg, kid: v.trustedKid, file: shown(v.trustPath) }),
    t(CERT.vParticipant, lang, { name: s.participant.name, version: s.participant.version, xroad: s.participant.xroadId, edrpou: s.participant.edrpou, roles: s.participant.roles.join(', ') }),
    t(CERT.vRun, lang, { id: s.run.id, outcome: s.run.outcome.toUpperCase(), version: s.tool.version, issued: s.issuedAt }),
    t(CERT.vSet, lang, { hash: s.scenarioSet.hash, n: s.scenarioSet.files.length }),
    t(CERT.vJournal, lang, { file: shown(v.journalPath), n: s.journal.entries, head: s.journal.head }),
  ];
  out.stdout(`${t(CERT.verified, lang, { file: shown(file) })}\n${lines.map((l) => `  ${l}\n`).join('')}${t(UI.certEvidence, lang)}\n`);
  return EXIT.ok;
}
