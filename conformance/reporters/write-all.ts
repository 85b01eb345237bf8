// Writes every report of a run into reports/<run-id>/ and points reports/latest at it.
import { cp, mkdir, rename, rm, symlink as fsSymlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PolihonError } from '../../core/errors.ts';
import type { Lang } from '../../core/i18n.ts';
import { loadReportFile, loadReportJson } from '../../load/report.ts';
import type { RunReport } from '../report-model.ts';
import { writeHtml } from './html.ts';
import { writeJsonReport } from './json.ts';
import { parseJournalJsonl, writeJournal } from './journal.ts';
import { writeJUnit } from './junit.ts';

export const LATEST = 'latest';

export interface WrittenReports {
  /** reports/<run-id> */
  dir: string;
  files: { json: string; junit: string; html: string; journal: string };
  /** reports/latest, and whether it is a symlink or (where links are not allowed) a copy */
  latest: { path: string; kind: 'symlink' | 'copy' };
}

/** A run id becomes a folder name: no separators, no dot-dot, not `latest`. */
function checkRunId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id === LATEST) {
    throw new PolihonError('E_INTERNAL', `run id '${id}' cannot name a report folder`, {
      hint: 'run ids are letters, digits, dots, dashes and underscores, and never "latest"',
    });
  }
}

/**
 * Makes `<root>/latest` point at `<root>/<runId>`: a relative symlink swapped in by rename (readers never see
 * it missing), or a copy of the folder where symlinks are refused (Windows without developer mode, some
 * mounted filesystems). `link` is injectable so the fallback can be tested.
 */
export async function pointLatest(root: string, runId: string, link: typeof fsSymlink = fsSymlink): Promise<WrittenReports['latest']> {
  const latest = path.join(root, LATEST);
  const tmp = path.join(root, `.${LATEST}-${process.pid}-${runId}`);
  try {
    await rm(tmp, { force: true, recursive: true });
    // junctions need absolute targets; elsewhere a relative link survives moving the whole folder
    if (process.platform === 'win32') await link(path.join(root, runId), tmp, 'junction');
    else await link(runId, tmp, 'dir');
    try {
      await rename(tmp, latest);
    } catch {
      // an earlier copy (a real directory) cannot be renamed over
      await rm(latest, { force: true, recursive: true });
      await rename(tmp, latest);
    }
    return { path: latest, kind: 'symlink' };
  } catch {
    await rm(tmp, { force: true, recursive: true });
    await rm(latest, { force: true, recursive: true });
    await cp(path.join(root, runId), latest, { recursive: true });
    return { path: latest, kind: 'copy' };
  }
}

/**
 * Writes report.json, junit.xml, index.html and journal.jsonl to `<reportsRoot>/<run-id>/` and points
 * `<reportsRoot>/latest` at them. Personal data is masked in all four when `report.run.masked`. `lang` (the run's
 * --lang) is junit.xml's language and the one index.html opens in.
 * @example const { dir } = await writeReports('reports', report, journal.toJSONL())
 */
export async function writeReports(reportsRoot: string, report: Readonly<RunReport>, journalJsonl: string, options: { lang?: Lang } = {}): Promise<WrittenReports> {
  checkRunId(report.run.id);
  const root = path.resolve(reportsRoot);
  const dir = path.join(root, report.run.id);
  await mkdir(dir, { recursive: true });
  const [json, junit, html, journal] = await Promise.all([
    writeJsonReport(dir, report),
    writeJUnit(dir, report, options.lang ? { lang: options.lang } : {}),
    writeHtml(dir, report, { journal: parseJournalJsonl(journalJsonl), ...(options.lang ? { lang: options.lang } : {}) }),
    writeJournal(dir, journalJsonl, { mask: report.run.masked }),
  ]);
  // a run with load steps also gets load.json (load-2.json, … for further steps)
  await Promise.all((report.load ?? []).map((l, i) => writeFile(path.join(dir, loadReportFile(i)), loadReportJson(l))));
  const latest = await pointLatest(root, report.run.id);
  return { dir, files: { json, junit, html, journal }, latest };
}
