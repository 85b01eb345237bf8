// journal.jsonl: the run's exchange journal (XCH-03) beside the report, one entry per line. When the run is
// masked, each entry is written in its sealed form — bodies, paths and extracted facts masked, each hidden piece as
// a salted commitment in `commitments` — which is what its `hash` covers, so the masked file verifies on its own
// (checkJournalJsonl) and an edit to any masked line is found. The unmasked journal carries each entry's salt instead.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkJournal, type JournalCheck, type JournalEntry, type MaskedJournalEntry } from '../../core/journal.ts';
import { maskJournalEntry, maskText } from './mask.ts';
import type { RunView } from './view.ts';

export const JOURNAL_FILE = 'journal.jsonl';

/** Entries of a JSONL export; blank lines are skipped. Throws on a line that is not JSON, naming it. */
export function parseJournalJsonl(jsonl: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch (e) {
      throw new SyntaxError(`journal line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
  });
  return out;
}

export interface JournalFileCheck extends JournalCheck {
  /** the 1-based line of the first entry that does not verify, or that is not JSON */
  brokenLine?: number;
}

/**
 * Verifies a journal.jsonl, masked or unmasked: every entry hash, the chain and the bodies that are there whole
 * (core/journal.ts checkJournal). A line that is not JSON breaks it too. The first broken line is named.
 */
export function checkJournalJsonl(jsonl: string): JournalFileCheck {
  const lines: number[] = [];
  const entries: (JournalEntry | MaskedJournalEntry)[] = [];
  const all = jsonl.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim() === '') continue;
    let entry: JournalEntry | MaskedJournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      const before = checkJournal(entries);
      if (before.broken) return { ...before, brokenLine: lines[before.broken.index]! };
      return { ...before, entries: before.entries + 1, broken: { index: entries.length, seq: NaN, reason: 'hash' }, brokenLine: i + 1 };
    }
    lines.push(i + 1);
    entries.push(entry);
  }
  const check = checkJournal(entries);
  return check.broken ? { ...check, brokenLine: lines[check.broken.index]! } : check;
}

/** The export with personal data masked line by line; a line that is not JSON is masked as text. */
export function maskJournalJsonl(jsonl: string): string {
  return jsonl
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      try {
        return JSON.stringify(maskJournalEntry(JSON.parse(line) as JournalEntry));
      } catch {
        return maskText(line);
      }
    })
    .join('\n');
}

/** Writes `<dir>/journal.jsonl` (creating `dir`) as the view holds it, and returns its path. */
export async function writeJournal(dir: string, view: RunView): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, JOURNAL_FILE);
  await writeFile(file, view.journalJsonl);
  return file;
}
