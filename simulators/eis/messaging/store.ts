// The messaging engine's records in a file (JSON lines, append-only), so the duplicate table and the messages still
// owed a try survive a restart of the simulator — as Peppol's AS4 keeps its duplicate store in a database rather than
// in memory. `polihon serve` keeps one under its data dir, a run one in its report folder.
//
// Writes are batched: records wait in memory and go to the file in one write — when the engine says an effect is
// about to leave the process (a try about to be sent, an answer about to be given: `flush`), at the end of the
// current turn of the event loop otherwise, or once enough has gathered. So a record reaches the file before anything
// outside could have seen what it stands for, and a burst of 10 000 costs a few hundred writes rather than 30 000
// opens, writes and closes. The file is not fsynced: it survives the process, not the machine.
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MessagingRecord, MessagingStore } from './engine.ts';

/** Bytes gathered before a write is made at once, whatever the turn: a burst's records do not pile up in memory. */
const BATCH_BYTES = 256 * 1024;

export interface FileStoreOptions {
  /**
   * Starts a section of the file of its own, named so (a run's scenario id): what is in the file before it is another
   * simulator's and is not loaded, and `clear` starts the section again instead of emptying the file. Without it the
   * store carries on from the file's last section and `clear` empties the file (`polihon serve`).
   */
  section?: string;
}

/** A section's first line: the records before it belong to another simulator (or were cleared). */
interface SectionLine {
  t: 'section';
  name: string;
}

/**
 * A store backed by `file` (created with its folder on the first record). A line that does not parse — the last one,
 * torn by a crash mid-write — is skipped: the change it stood for never happened.
 */
export function fileStore(file: string, options: FileStoreOptions = {}): MessagingStore {
  let fd: number | undefined;
  let pending: string[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let closed = false;
  const section = options.section;
  // a section's line goes in ahead of its first record, so a simulator that records nothing leaves no file behind
  let sectionDue = section !== undefined;

  const open = (): number => {
    if (fd === undefined) {
      mkdirSync(dirname(file), { recursive: true });
      fd = openSync(file, 'a');
    }
    return fd;
  };

  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || closed) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    writeSync(open(), text);
  };

  const push = (line: string): void => {
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes >= BATCH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };

  return {
    load() {
      if (section !== undefined) return [];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      // a torn last line gets its newline, so the next record starts a line of its own
      if (text !== '' && !text.endsWith('\n')) writeSync(open(), '\n');
      let records: MessagingRecord[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let parsed: MessagingRecord | SectionLine;
        try {
          parsed = JSON.parse(line) as MessagingRecord | SectionLine;
        } catch {
          continue; // a torn line
        }
        if (parsed.t === 'section') records = [];
        else records.push(parsed);
      }
      return records;
    },
    append(record) {
      if (closed) return;
      if (sectionDue && section !== undefined) {
        sectionDue = false;
        push(`${JSON.stringify({ t: 'section', name: section } satisfies SectionLine)}\n`);
      }
      push(`${JSON.stringify(record)}\n`);
    },
    flush,
    clear() {
      if (section !== undefined) {
        // the file keeps what went before (a run's report shows it): the section starts again after it
        flush();
        sectionDue = true;
        return;
      }
      pending = [];
      pendingBytes = 0;
      if (fd !== undefined) ftruncateSync(fd, 0);
      else {
        mkdirSync(dirname(file), { recursive: true });
        closeSync(openSync(file, 'w'));
      }
    },
    close() {
      flush();
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
