// A standalone load run's reporters — load.json, index.html, junit.xml — chosen by name (`polihon load --reporter`),
// written to reports/<run-id>/ with reports/latest pointing at them. Each gets the same frozen copy of the report.
// A load report holds counts, latencies and threshold texts, no personal data: there is nothing to mask.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOAD_REPORT_FILE, loadReportJson, type LoadReport } from '../../load/report.ts';
import { pointLatest, runFolder, type LatestLink } from '../folder.ts';
import { deepFreeze, defineRegistry } from '../registry.ts';
import { toLoadHtml } from './page.ts';
import { toLoadJUnit } from './junit.ts';

export interface LoadReporter {
  readonly name: 'json' | 'html' | 'junit';
  /** the file it writes in the run's folder */
  readonly file: string;
  render(report: Readonly<LoadReport>): string;
}

export const LOAD_REPORTERS = defineRegistry<LoadReporter>([
  { name: 'json', file: LOAD_REPORT_FILE, render: loadReportJson },
  { name: 'html', file: 'index.html', render: toLoadHtml },
  { name: 'junit', file: 'junit.xml', render: toLoadJUnit },
]);

export interface WrittenLoadReports {
  dir: string;
  /** the file of each reporter that ran */
  files: Partial<Record<LoadReporter['name'], string>>;
  latest: LatestLink;
}

/** Runs the reporters named (every one by default) over one frozen copy of `r`. */
export async function writeLoadReports(reportsRoot: string, r: Readonly<LoadReport>, options: { reporters?: readonly string[] } = {}): Promise<WrittenLoadReports> {
  const { root, dir } = await runFolder(reportsRoot, r.run.id);
  const view = deepFreeze(structuredClone(r) as LoadReport);
  const files: WrittenLoadReports['files'] = {};
  await Promise.all(
    LOAD_REPORTERS.pick(options.reporters).map(async (reporter) => {
      const file = path.join(dir, reporter.file);
      await writeFile(file, reporter.render(view));
      files[reporter.name] = file;
    }),
  );
  const latest = await pointLatest(root, r.run.id);
  return { dir, files, latest };
}
