// `polihon journal verify <journal.jsonl>`: the run's evidence checked by whoever holds the file. Every line is
// checked on its own (its hash, its body) and against the line before it (the chain), so each broken entry is named
// by its line rather than only the first: an edited entry breaks its own hash, a removed, inserted or moved one
// breaks the chain at the entry after it. A broken journal is a finding (exit 1); a file that cannot be read or
// holds no journal entry at all is the harness's problem (exit 3). Masked or not: decision 0006.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { t, type Lang } from '../../core/i18n.ts';
import { checkJournal, GENESIS_HASH, sealEntry, sha256, type JournalEntry, type MaskedJournalEntry } from '../../core/journal.ts';
import type { Args } from '../main.ts';
import { langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';

type Entry = JournalEntry | MaskedJournalEntry;

/** One thing wrong with one line. */
export type JournalProblem = { line: number; seq?: number } & (
  | { kind: 'unparseable'; error: string }
  | { kind: 'not-entry' }
  | { kind: 'malformed'; error: string }
  | { kind: 'hash'; stated: string; actual?: string }
  | { kind: 'body'; stated: string }
  | { kind: 'no-seal' }
  | { kind: 'chain'; prev: string; expected: string; before: number }
  | { kind: 'genesis'; prev: string }
  | { kind: 'report'; entries: number; head: string; reportEntries: number; reportHead: string }
);

export interface JournalVerification {
  /** non-blank lines */
  lines: number;
  /** lines that are journal entries (JSON objects with seq, hash and prevHash) */
  entries: number;
  /** lines with no problem */
  verified: number;
  /** entries in their masked (sealed) form */
  masked: number;
  /** entries with a body, and of them those whose bytes re-hash to bodySha256 */
  withBody: number;
  bodiesVerified: number;
  /** the last entry's hash and seq */
  head?: string;
  lastSeq?: number;
  lastLine?: number;
  /** what report.json beside the file says of it, when it names this file */
  report?: { entries: number; head: string };
  problems: JournalProblem[];
  /** the first non-blank line's reason for not being an entry (for a file that is not a journal) */
  firstRefusal?: { line: number; why: string };
}

export async function journalCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const [verb, file, ...extra] = args.positionals;
  if (verb !== 'verify' || file === undefined || extra.length > 0) throw new PolihonError('E_USAGE', t(M.jvUsage, lang), { hint: t(M.jvUsageHint, lang) });
  const v = await verifyJournalFile(file, lang);
  if (v.lines === 0) throw new PolihonError('E_JOURNAL_UNREADABLE', t(M.jvEmpty, lang, { file }), { hint: t(M.jvEmptyHint, lang) });
  if (v.entries === 0) {
    const first = v.firstRefusal ?? { line: 1, why: '' };
    throw new PolihonError('E_JOURNAL_UNREADABLE', t(M.jvNotJournal, lang, { file, n: v.lines, line: first.line, why: first.why }), {
      hint: t(M.jvUnreadableHint, lang),
    });
  }
  if (v.problems.length === 0) {
    out.stdout(t(M.jvIntact, lang, { ok: v.verified, n: v.lines, head: v.head ?? '' }) + '\n');
    out.stdout(t(v.masked > 0 ? M.jvMasked : M.jvUnmasked, lang, { bodies: v.bodiesVerified, withBody: v.withBody }) + '\n');
    out.stdout(t(v.report ? M.jvReportMatches : M.jvNoReport, lang, { n: v.report?.entries ?? 0 }) + '\n');
    return EXIT.ok;
  }
  out.stdout(t(M.jvBroken, lang, { bad: v.problems.length, n: v.lines, ok: v.verified }) + '\n');
  for (const p of v.problems) {
    out.stdout(t(M.jvLine, lang, { line: p.line, seq: p.seq === undefined ? '' : t(M.jvSeq, lang, { seq: p.seq }), what: describe(p, lang) }) + '\n');
  }
  return EXIT.conformanceFailures;
}

const short = (hash: string) => (hash.length > 16 ? `${hash.slice(0, 16)}…` : hash);

function describe(p: JournalProblem, lang: Lang): string {
  switch (p.kind) {
    case 'unparseable':
      return t(M.jvUnparseable, lang, { error: p.error });
    case 'not-entry':
      return t(M.jvNotEntry, lang);
    case 'malformed':
      return t(M.jvMalformed, lang, { error: p.error });
    case 'hash':
      return p.actual === undefined ? t(M.jvHashLegacy, lang, { stated: short(p.stated) }) : t(M.jvHash, lang, { actual: short(p.actual), stated: short(p.stated) });
    case 'body':
      return t(M.jvBody, lang, { stated: short(p.stated) });
    case 'no-seal':
      return t(M.jvNoSeal, lang);
    case 'chain':
      return t(M.jvChain, lang, { prev: short(p.prev), expected: short(p.expected), before: p.before });
    case 'genesis':
      return t(M.jvGenesis, lang, { prev: short(p.prev) });
    case 'report':
      return t(M.jvReportDiffers, lang, { n: p.entries, head: short(p.head), rn: p.reportEntries, rhead: short(p.reportHead) });
  }
}

/** Reads `file` line by line (a load run's journal may be large) and verifies it; unreadable → E_JOURNAL_UNREADABLE. */
export async function verifyJournalFile(file: string, lang: Lang = 'en'): Promise<JournalVerification> {
  const unreadable = (err: unknown) =>
    new PolihonError('E_JOURNAL_UNREADABLE', t(M.jvUnreadable, lang, { file, reason: (err as Error).message.replace(/, \w+ '.*'$/, '') }), {
      cause: err,
      hint: t(M.jvUnreadableHint, lang),
    });
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error(info.isDirectory() ? 'EISDIR: a directory, not a file' : 'not a regular file');
  } catch (err) {
    throw unreadable(err);
  }
  let v: JournalVerification;
  try {
    v = await verifyJournalLines(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }));
  } catch (err) {
    throw unreadable(err);
  }
  await compareWithReport(v, file);
  return v;
}

/** The checks of every line, in order; nothing thrown for what the lines hold. */
export async function verifyJournalLines(lines: Iterable<string> | AsyncIterable<string>): Promise<JournalVerification> {
  const v: JournalVerification = { lines: 0, entries: 0, verified: 0, masked: 0, withBody: 0, bodiesVerified: 0, problems: [] };
  // the entry before this line, and whether a line that is not an entry came between (the chain cannot be followed across it)
  let before: { hash: string; line: number } | undefined;
  let gap = false;
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    v.lines++;
    const refuse = (p: JournalProblem, why: string) => {
      v.problems.push(p);
      v.firstRefusal ??= { line: n, why };
      gap = true;
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      refuse({ line: n, kind: 'unparseable', error: (err as Error).message }, (err as Error).message);
      continue;
    }
    if (!isEntry(parsed)) {
      refuse({ line: n, kind: 'not-entry', ...seqOf(parsed) }, 'no seq, hash and prevHash');
      continue;
    }
    const e = parsed;
    v.entries++;
    v.head = e.hash;
    v.lastSeq = e.seq;
    v.lastLine = n;
    const problems = v.problems.length;
    if (before === undefined && !gap) {
      if (e.prevHash !== GENESIS_HASH) v.problems.push({ line: n, seq: e.seq, kind: 'genesis', prev: e.prevHash });
    } else if (before !== undefined && e.prevHash !== before.hash && !gap) {
      v.problems.push({ line: n, seq: e.seq, kind: 'chain', prev: e.prevHash, expected: before.hash, before: before.line });
    }
    // after a line that is not an entry the link is unknown: it may have been that line; it is reported already
    v.problems.push(...ownProblems(e, n, v));
    if (v.problems.length === problems) v.verified++;
    before = { hash: e.hash, line: n };
    gap = false;
  }
  return v;
}

/** The entry on its own: its hash from its sealed form, its body from bodySha256 (core/journal.ts checkJournal). */
function ownProblems(e: Entry, line: number, v: JournalVerification): JournalProblem[] {
  try {
    if ('commitments' in e) v.masked++;
    if (typeof e.body === 'string') v.withBody++;
    const check = checkJournal([e]);
    if (!check.broken) {
      v.bodiesVerified += check.bodiesVerified;
      return [];
    }
    switch (check.broken.reason) {
      case 'hash':
        return [{ line, seq: e.seq, kind: 'hash', stated: e.hash, ...recomputed(e) }];
      case 'body':
        return [{ line, seq: e.seq, kind: 'body', stated: e.bodySha256 }];
      case 'no-seal':
        return [{ line, seq: e.seq, kind: 'no-seal' }];
      case 'chain':
        return [];
    }
  } catch (err) {
    // a field of the wrong type (commitments: null, a body that is a number) is an edit too
    return [{ line, seq: e.seq, kind: 'malformed', error: (err as Error).message }];
  }
}

/** The hash the entry's content gives, where it is sealed (masked, or unmasked with its salt). */
function recomputed(e: Entry): { actual?: string } {
  if ('commitments' in e) {
    const { hash: _hash, ...sealed } = e;
    return { actual: sha256(JSON.stringify(sealed)) };
  }
  if (e.salt === undefined) return {};
  const { hash: _hash, salt, ...rest } = e;
  return { actual: sha256(JSON.stringify(sealEntry(rest, salt))) };
}

function isEntry(x: unknown): x is Entry {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const e = x as Record<string, unknown>;
  return typeof e.seq === 'number' && typeof e.hash === 'string' && typeof e.prevHash === 'string';
}

function seqOf(x: unknown): { seq?: number } {
  const seq = typeof x === 'object' && x !== null ? (x as { seq?: unknown }).seq : undefined;
  return typeof seq === 'number' ? { seq } : {};
}

/**
 * The chain cannot show entries cut from the end; report.json beside the journal records how many there were and
 * the last one's hash. Compared only when the report names this file; a report that cannot be read is not this
 * command's evidence, and is passed over.
 */
async function compareWithReport(v: JournalVerification, file: string): Promise<void> {
  let said: { file?: unknown; entries?: unknown; head?: unknown } | undefined;
  try {
    said = (JSON.parse(await readFile(join(dirname(file), 'report.json'), 'utf8')) as { journal?: typeof said }).journal;
  } catch {
    return;
  }
  if (!said || said.file !== basename(file) || typeof said.entries !== 'number' || typeof said.head !== 'string' || v.entries === 0) return;
  v.report = { entries: said.entries, head: said.head };
  if (said.entries === v.entries && said.head === v.head) return;
  v.problems.push({ line: v.lastLine ?? v.lines, ...(v.lastSeq === undefined ? {} : { seq: v.lastSeq }), kind: 'report', entries: v.entries, head: v.head ?? '', reportEntries: said.entries, reportHead: said.head });
}
