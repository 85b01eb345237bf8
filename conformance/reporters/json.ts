// report.json: the machine-readable run report (masked by view.ts as the run asks), with a stable key order so two
// reports of the same run diff cleanly.
// Schema 1.1 adds optional `coverage` (counts per role) and `journal.scenarios`, and carried messages (`msg`, `label`,
// `hintMsg`, `expectedMsg`, `actualMsg`: a catalog key and its parameters) beside the English `message`/`name`/`hint`/
// `expected`/`actual`, which keep their meaning: a 1.0 reader loses nothing, a new one renders them in its language.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunView } from './view.ts';

export const JSON_REPORT_FILE = 'report.json';

// Identity and verdict first, so a reader sees what an object is before its details; the rest alphabetical.
const LEADING_KEYS = ['schemaVersion', 'tool', 'run', 'participant', 'id', 'name', 'title', 'type', 'outcome'];

function keyOrder(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort(keyOrder)
        .map((k) => [k, ordered(obj[k])]),
    );
  }
  return value;
}

/**
 * Pretty JSON with keys in a stable order: `schemaVersion`, `tool`, `run`, `participant`, `id`, `name`,
 * `title`, `type`, `outcome` first where present, then alphabetical. Ends with a newline.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(ordered(value), null, 2) + '\n';
}

/** The report as report.json holds it. */
export function toJson(view: RunView): string {
  return stableJson(view.report);
}

/** Writes `<dir>/report.json` (creating `dir`) and returns its path. */
export async function writeJsonReport(dir: string, view: RunView): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, JSON_REPORT_FILE);
  await writeFile(file, toJson(view));
  return file;
}
