// A spill file for the journal, so long runs keep memory flat. core stays free of I/O; the file sink lives here.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SpillSink } from '../core/journal.ts';

export function fileSpillSink(path: string): SpillSink {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  return {
    write: (lines) => appendFileSync(path, lines.join('\n') + '\n'),
    read: () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []),
    clear: () => rmSync(path, { force: true }),
  };
}
