// The messaging engine's records in a file (JSON lines, appended synchronously), so the duplicate table and the
// messages still owed a try survive a restart of the simulator — as Peppol's AS4 keeps its duplicate store in a
// database rather than in memory.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MessagingRecord, MessagingStore } from './engine.ts';

/**
 * A store backed by `file` (created with its folder when missing). A line that does not parse — the last one, torn
 * by a crash mid-write — is skipped: the change it stood for never happened.
 */
export function fileStore(file: string): MessagingStore {
  mkdirSync(dirname(file), { recursive: true });
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      // a torn last line gets its newline, so the next record starts a line of its own
      if (text !== '' && !text.endsWith('\n')) appendFileSync(file, '\n');
      const records: MessagingRecord[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          records.push(JSON.parse(line) as MessagingRecord);
        } catch {
          // a torn line
        }
      }
      return records;
    },
    append(record) {
      appendFileSync(file, `${JSON.stringify(record)}\n`);
    },
    clear() {
      writeFileSync(file, '');
    },
  };
}
