// The reporters of a conformance run, by name, and the writing of their files into reports/<run-id>/ with
// reports/latest pointing at them. Every one reads the same view (view.ts): masked once, frozen.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lang } from '../../core/i18n.ts';
import { loadReportFile, loadReportJson } from '../../load/report.ts';
import { pointLatest as pointLatestIn, runFolder, type LatestLink } from '../../reporting/folder.ts';
import { defineRegistry } from '../../reporting/registry.ts';
import type { RunReport } from '../report-model.ts';
import { writeHtml } from './html.ts';
import { writeJsonReport } from './json.ts';
import { writeJournal } from './journal.ts';
import { writeJUnit } from './junit.ts';
import { runView, type RunView } from './view.ts';

export { LATEST } from '../../reporting/folder.ts';
export const pointLatest = pointLatestIn;

export type RunReporterName = 'console' | 'json' | 'junit' | 'html' | 'journal';

/**
 * One output of a run. The console is live (createConsoleReporter, fed by the runner while the run goes, through
 * the same masking step); the others write one file each from the finished run's view.
 */
export interface RunReporter {
  readonly name: RunReporterName;
  write?(view: RunView, dir: string, options: { lang?: Lang }): Promise<string>;
}

export const RUN_REPORTERS = defineRegistry<RunReporter>([
  { name: 'console' },
  // a run with load steps also gets load.json (load-2.json, … for further steps) beside report.json
  {
    name: 'json',
    write: async (view, dir) => {
      const file = await writeJsonReport(dir, view);
      await Promise.all((view.report.load ?? []).map((l, i) => writeFile(path.join(dir, loadReportFile(i)), loadReportJson(l))));
      return file;
    },
  },
  { name: 'junit', write: (view, dir, o) => writeJUnit(dir, view, o.lang ? { lang: o.lang } : {}) },
  { name: 'html', write: (view, dir, o) => writeHtml(dir, view, o.lang ? { lang: o.lang } : {}) },
  { name: 'journal', write: (view, dir) => writeJournal(dir, view) },
]);

export interface WrittenReports {
  /** reports/<run-id> */
  dir: string;
  /** the file of each reporter that ran */
  files: Partial<Record<Exclude<RunReporterName, 'console'>, string>>;
  /** reports/latest, and whether it is a symlink or (where links are not allowed) a copy */
  latest: LatestLink;
}

export interface WriteOptions {
  /** junit.xml's language and the one index.html opens in (the run's --lang) */
  lang?: Lang;
  /** the reporters to run, by name (`--reporter`); every one by default. `console` writes no file. */
  reporters?: readonly string[];
  /** files the run made for the folder (screenshots of `ui` steps), which report.json and index.html link to */
  files?: readonly { file: string; bytes: Uint8Array }[];
}

/**
 * Writes the files of the reporters asked for — report.json, junit.xml, index.html, journal.jsonl by default — to
 * `<reportsRoot>/<run-id>/` and points `<reportsRoot>/latest` at them. Personal data is masked in all of them when
 * `report.run.masked`, once, before any of them sees the run.
 * @example const { dir } = await writeReports('reports', report, journal.toJSONL())
 */
export async function writeReports(reportsRoot: string, report: Readonly<RunReport>, journalJsonl: string, options: WriteOptions = {}): Promise<WrittenReports> {
  const { root, dir } = await runFolder(reportsRoot, report.run.id);
  const view = runView(report, journalJsonl);
  const files: WrittenReports['files'] = {};
  await Promise.all(
    RUN_REPORTERS.pick(options.reporters).map(async (r) => {
      if (r.write && r.name !== 'console') files[r.name] = await r.write(view, dir, { ...(options.lang ? { lang: options.lang } : {}) });
    }),
  );
  await Promise.all((options.files ?? []).map((f) => writeFile(path.join(dir, path.basename(f.file)), f.bytes)));
  const latest = await pointLatestIn(root, report.run.id);
  return { dir, files, latest };
}
