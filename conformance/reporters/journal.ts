// journal.jsonl: the run's exchange journal (XCH-03) beside the report, one entry per line. When the run is
// masked, bodies and extracted facts are masked too; such entries carry `bodyMasked: true` and keep the hashes
// of the original bytes, so the chain still links but a masked body cannot be re-hashed to its `bodySha256`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalEntry } from '../../core/journal.ts';
import { maskJournalEntry, maskText } from './mask.ts';

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

/** Writes `<dir>/journal.jsonl` (creating `dir`), masked when `options.mask`, and returns its path. */
export async function writeJournal(dir: string, jsonl: string, options: { mask?: boolean } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, JOURNAL_FILE);
  await writeFile(file, options.mask ? maskJournalJsonl(jsonl) : jsonl);
  return file;
}
