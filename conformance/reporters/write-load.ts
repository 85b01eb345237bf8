// Writes a standalone load run's reports — load.json, index.html, junit.xml — to reports/<run-id>/ and points
// reports/latest at them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOAD_REPORT_FILE, loadReportJson, type LoadReport } from '../../load/report.ts';
import { HTML_FILE } from './html.ts';
import { JUNIT_FILE } from './junit.ts';
import { toLoadHtml } from './load-page.ts';
import { toLoadJUnit } from './load-junit.ts';
import { pointLatest, type WrittenReports } from './write-all.ts';

export interface WrittenLoadReports {
  dir: string;
  files: { json: string; html: string; junit: string };
  latest: WrittenReports['latest'];
}

export async function writeLoadReports(reportsRoot: string, r: LoadReport): Promise<WrittenLoadReports> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(r.run.id) || r.run.id === 'latest') throw new RangeError(`run id '${r.run.id}' cannot name a report folder`);
  const root = path.resolve(reportsRoot);
  const dir = path.join(root, r.run.id);
  await mkdir(dir, { recursive: true });
  const files = { json: path.join(dir, LOAD_REPORT_FILE), html: path.join(dir, HTML_FILE), junit: path.join(dir, JUNIT_FILE) };
  await Promise.all([writeFile(files.json, loadReportJson(r)), writeFile(files.html, toLoadHtml(r)), writeFile(files.junit, toLoadJUnit(r))]);
  const latest = await pointLatest(root, r.run.id);
  return { dir, files, latest };
}
