// `polihon verify`: a statement checked by whoever holds it. The signature against a key the reader trusts; the
// statement's bytes against the signed copy inside the JWS (so an edit is named by field path, not only "does not
// verify"); the scenario files it names against the disk and against this release's lock; the journal beside it
// against the stated chain head, entry count and file hash, a broken entry named by its line. Every mismatch is a
// finding (exit 1); input that cannot be read at all — a missing file, a statement that is not JSON, a JWS that is
// not one — is thrown as invalid input (exit 2), located.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PolihonError } from '../core/errors.ts';
import { msg, t, type Lang, type Msg } from '../core/i18n.ts';
import { checkJournal, sha256, type JournalEntry } from '../core/journal.ts';
import { C } from './messages.ts';
import { fileSha256, officialFiles, readLock, setHash, type SetFile } from './set.ts';
import { HARNESS_KEY_DIR, parseCompact, publicKeyFromPem, PUBLIC_KEY_FILE, signatureValid, thumbprint, type ParsedJws } from './signing.ts';
import { statementSchema, type Statement } from './statement.ts';

export interface VerifyOptions {
  statement: string;
  /** the public key to trust (PEM); default the workspace's harness key */
  trust?: string;
  /** the journal; default the file the statement names, beside it */
  journal?: string;
  /** where the scenarios and the lock are (the package root) */
  root: string;
  /** this polihon's version, to say when the statement is another version's */
  version: string;
  lang?: Lang;
}

export interface Finding {
  kind:
    | 'other-key'
    | 'signature'
    | 'kid'
    | 'statement-field'
    | 'statement-bytes'
    | 'set-hash'
    | 'scenario-missing'
    | 'scenario-changed'
    | 'set-not-official'
    | 'journal-line'
    | 'journal-head'
    | 'journal-entries'
    | 'journal-bytes';
  /** a file, a file:line, or `statement.json <field path>` */
  where: string;
  message: Msg;
}

export interface Verification {
  statement: Statement;
  findings: Finding[];
  /** things the reader should know that are not mismatches (another polihon version) */
  notes: Msg[];
  kid: string;
  trustedKid: string;
  trustPath: string;
  journalPath: string;
}

/** Reads a file the verification needs; missing → E_FILE_NOT_FOUND, otherwise unreadable → E_STATEMENT_UNREADABLE. */
async function readInput(path: string, what: Msg, lang: Lang, hint?: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const file = shown(path);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PolihonError('E_FILE_NOT_FOUND', t(C.inputMissing, lang, { what, file }), { where: file, ...(hint ? { hint } : {}) });
    throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.inputUnreadable, lang, { what, file, error: code ?? (err as Error).message }), { where: file });
  }
}

export async function verifyStatement(o: VerifyOptions): Promise<Verification> {
  const lang = o.lang ?? 'en';
  const statementPath = resolve(o.statement);
  const bytes = await readInput(statementPath, msg(C.whatStatement), lang);
  const jwsPath = `${statementPath}.jws`;
  const jwsBytes = await readInput(jwsPath, msg(C.whatSignature), lang, t(C.jwsMissingHint, lang, { file: basename(jwsPath) }));
  let jws: ParsedJws;
  try {
    jws = parseCompact(jwsBytes.toString('utf8'));
  } catch (err) {
    throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.jwsUnreadable, lang, { file: shown(jwsPath), error: (err as Error).message }), { where: shown(jwsPath) });
  }
  const trustPath = resolve(o.trust ?? join(HARNESS_KEY_DIR, PUBLIC_KEY_FILE));
  const pem = await readInput(trustPath, msg(C.whatKey), lang, t(C.trustHint, lang));
  let trustedKid: string;
  let trusted;
  try {
    trusted = publicKeyFromPem(pem.toString('utf8'));
    trustedKid = thumbprint(trusted);
  } catch (err) {
    throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.keyUnreadable, lang, { file: shown(trustPath), error: (err as Error).message }), { where: shown(trustPath) });
  }

  const findings: Finding[] = [];
  const jwsName = shown(jwsPath);
  const statementName = shown(statementPath);
  const kid = typeof jws.header.kid === 'string' ? jws.header.kid : '';
  const signed = signatureValid(jws, trusted);
  if (!signed && kid !== trustedKid) findings.push({ kind: 'other-key', where: jwsName, message: msg(C.fOtherKey, { kid: kid || '—', trusted: trustedKid, file: shown(trustPath) }) });
  else if (!signed) findings.push({ kind: 'signature', where: jwsName, message: msg(C.fSignature) });
  else if (kid !== trustedKid) findings.push({ kind: 'kid', where: jwsName, message: msg(C.fKid, { kid: kid || '—', trusted: trustedKid }) });

  const fromFile = parseJson(bytes);
  const fromSigned = parseJson(jws.payload);
  if (!bytes.equals(jws.payload)) {
    const at = firstDifference(bytes, jws.payload);
    const where = `${statementName}:${at.line}:${at.column}`;
    if ('error' in fromFile) {
      throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.statementNotJson, lang, { file: statementName, error: fromFile.error }) + '; ' + t(C.differsFromSigned, lang, { at: where, size: bytes.length, signed: jws.payload.length }), { where });
    }
    const diffs = 'value' in fromSigned ? diffJson(fromSigned.value, fromFile.value) : [];
    for (const d of diffs.slice(0, MAX_FIELDS)) findings.push({ kind: 'statement-field', where: statementName, message: msg(C.fField, { path: d.path, signed: d.signed, file: d.file }) });
    if (diffs.length > MAX_FIELDS) findings.push({ kind: 'statement-field', where: statementName, message: msg(C.fMoreFields, { n: diffs.length - MAX_FIELDS }) });
    if (diffs.length === 0) findings.push({ kind: 'statement-bytes', where, message: msg(C.fBytes, { size: bytes.length, signed: jws.payload.length }) });
  } else if ('error' in fromFile) {
    throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.statementNotJson, lang, { file: statementName, error: fromFile.error }), { where: statementName });
  }
  // what was signed, when the signature holds; else the file, so its other claims are still checked
  const content = signed && 'value' in fromSigned ? fromSigned.value : (fromFile as { value: unknown }).value;
  const parsed = statementSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || '(top)';
    throw new PolihonError('E_STATEMENT_UNREADABLE', t(C.notStatement, lang, { file: statementName, path, error: issue.message }), { where: `${statementName} ${path}` });
  }
  const statement = parsed.data as Statement;
  const notes: Msg[] = [];
  if (statement.tool.version !== o.version) notes.push(msg(C.otherVersion, { stated: statement.tool.version, version: o.version }));

  findings.push(...scenarioFindings(statement, o.root, statementName, lang));

  const journalPath = resolve(o.journal ?? join(dirname(statementPath), statement.journal.file));
  const journal = await readInput(journalPath, msg(C.whatJournal), lang, t(C.journalMissingHint, lang));
  findings.push(...journalFindings(statement, journal, shown(journalPath)));
  return { statement, findings, notes, kid, trustedKid, trustPath, journalPath };
}

const MAX_FIELDS = 10;

/** A path as the reader gave it: relative to the working folder when it is inside it, else absolute. */
export function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') ? r : path;
}

function parseJson(bytes: Uint8Array): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The first byte where two buffers differ (or where the shorter ends), as a 1-based line and column. */
export function firstDifference(a: Uint8Array, b: Uint8Array): { offset: number; line: number; column: number } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const before = Buffer.from(a.subarray(0, i)).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return { offset: i, line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/** Field paths where two JSON values differ (`verdicts[3].outcome`), each with both values as JSON. */
export function diffJson(signed: unknown, file: unknown, path = ''): { path: string; signed: string; file: string }[] {
  const show = (v: unknown) => (v === undefined ? '—' : short(JSON.stringify(v)));
  if (Array.isArray(signed) && Array.isArray(file)) {
    const out: { path: string; signed: string; file: string }[] = [];
    for (let i = 0; i < Math.max(signed.length, file.length); i++) out.push(...diffJson(signed[i], file[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(signed) && isObject(file)) {
    const keys = [...new Set([...Object.keys(signed), ...Object.keys(file)])];
    return keys.flatMap((k) => diffJson(signed[k], file[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(signed) === JSON.stringify(file) ? [] : [{ path: path || '(top)', signed: show(signed), file: show(file) }];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

/** The scenario files against the disk (each one's bytes) and the set against this release's lock. */
function scenarioFindings(s: Statement, root: string, name: string, lang: Lang): Finding[] {
  const out: Finding[] = [];
  const recomputed = setHash(s.scenarioSet.files);
  if (recomputed !== s.scenarioSet.hash) out.push({ kind: 'set-hash', where: `${name} scenarioSet.hash`, message: msg(C.fSetHash, { stated: s.scenarioSet.hash, actual: recomputed }) });
  for (const f of s.scenarioSet.files) {
    let actual: string;
    try {
      actual = fileSha256(join(root, f.file));
    } catch {
      out.push({ kind: 'scenario-missing', where: f.file, message: msg(C.fScenarioMissing, { file: f.file }) });
      continue;
    }
    if (actual !== f.sha256) out.push({ kind: 'scenario-changed', where: f.file, message: msg(C.fScenarioChanged, { file: f.file, actual, stated: f.sha256 }) });
  }
  let official: SetFile[];
  try {
    official = officialFiles(readLock(root, lang), s.participant.roles);
  } catch (err) {
    return [...out, { kind: 'set-not-official', where: s.scenarioSet.lock, message: msg(C.fLockUnreadable, { error: (err as Error).message }) }];
  }
  if (setHash(official) === s.scenarioSet.hash) return out;
  const stated = new Map(s.scenarioSet.files.map((f) => [f.file, f.sha256]));
  const locked = new Map(official.map((f) => [f.file, f.sha256]));
  const files = [...new Set([...stated.keys(), ...locked.keys()])].sort();
  for (const file of files) {
    const a = stated.get(file);
    const b = locked.get(file);
    if (a === b) continue;
    const why = a === undefined ? msg(C.fNotInStatement) : b === undefined ? msg(C.fNotInLock) : msg(C.fLockDiffers, { locked: b, stated: a });
    out.push({ kind: 'set-not-official', where: file, message: msg(C.fNotOfficial, { file, why, lock: s.scenarioSet.lock }) });
  }
  if (files.every((f) => stated.get(f) === locked.get(f))) out.push({ kind: 'set-not-official', where: `${name} scenarioSet.hash`, message: msg(C.fSetHash, { stated: s.scenarioSet.hash, actual: setHash(official) }) });
  return out;
}

const REASON = { hash: C.rHash, chain: C.rChain, body: C.rBody, 'no-seal': C.rNoSeal } as const;

/** The journal file against the statement: every entry and the chain, the head, the count, the file's hash. */
function journalFindings(s: Statement, bytes: Buffer, name: string): Finding[] {
  const out: Finding[] = [];
  const entries: JournalEntry[] = [];
  const lines: number[] = [];
  const all = bytes.toString('utf8').split('\n');
  for (let i = 0; i < all.length; i++) {
    const text = all[i]!;
    if (text.trim() === '') continue;
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch (err) {
      out.push({ kind: 'journal-line', where: `${name}:${i + 1}`, message: msg(C.fJournalNotJson, { line: i + 1, error: (err as Error).message }) });
      continue;
    }
    if (!isObject(e) || typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prevHash !== 'string') {
      out.push({ kind: 'journal-line', where: `${name}:${i + 1}`, message: msg(C.fJournalNotEntry, { line: i + 1 }) });
      continue;
    }
    entries.push(e as unknown as JournalEntry);
    lines.push(i + 1);
  }
  let broken: { index: number; seq: number; reason: string } | undefined;
  try {
    broken = checkJournal(entries).broken;
  } catch (err) {
    out.push({ kind: 'journal-line', where: name, message: msg(C.fJournalMalformed, { error: (err as Error).message }) });
  }
  if (broken) {
    const line = lines[broken.index]!;
    out.push({ kind: 'journal-line', where: `${name}:${line}`, message: msg(C.fJournalBroken, { line, seq: broken.seq, reason: msg(REASON[broken.reason as keyof typeof REASON] ?? C.rHash) }) });
  }
  const head = entries.at(-1)?.hash ?? '';
  if (head !== s.journal.head) out.push({ kind: 'journal-head', where: name, message: msg(C.fJournalHead, { actual: head || '—', stated: s.journal.head }) });
  if (entries.length !== s.journal.entries) out.push({ kind: 'journal-entries', where: name, message: msg(C.fJournalEntries, { actual: entries.length, stated: s.journal.entries }) });
  const actual = sha256(bytes);
  if (out.length === 0 && actual !== s.journal.sha256) out.push({ kind: 'journal-bytes', where: name, message: msg(C.fJournalBytes, { actual, stated: s.journal.sha256 }) });
  return out;
}
