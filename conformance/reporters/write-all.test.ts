import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile, type symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../core/clock.ts';
import { createJournal } from '../../core/journal.ts';
import { PolihonError } from '../../core/errors.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report-model.ts';
import { checkJournalJsonl, maskJournalJsonl, parseJournalJsonl } from './journal.ts';
import { pointLatest, RUN_REPORTERS, writeReports } from './write-all.ts';
import { runView } from './view.ts';
import { RAW_LAST_NAME, RAW_RNOKPP, sampleRun } from './test-fixture.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'polihon-reports-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes the four files into reports/<run-id> and points latest at them', async () => {
    const { report, jsonl } = sampleRun();
    const written = await writeReports(root, report, jsonl);
    expect(written.dir).toBe(path.join(root, report.run.id));
    expect((await readdir(written.dir)).sort()).toEqual(['index.html', 'journal.jsonl', 'junit.xml', 'report.json']);
    expect(Object.values(written.files).map((f) => path.dirname(f))).toEqual(Array(4).fill(written.dir));

    expect(written.latest.kind).toBe('symlink');
    expect((await lstat(path.join(root, 'latest'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(root, 'latest'))).toBe(report.run.id);
    for (const name of ['report.json', 'junit.xml', 'index.html', 'journal.jsonl']) {
      expect(await readFile(path.join(root, 'latest', name), 'utf8')).toBe(await readFile(path.join(written.dir, name), 'utf8'));
    }
  });

  it('writes a report.json that reads back as the report, versioned, with keys in a stable order', async () => {
    const { report, jsonl } = sampleRun({ masked: false });
    const { files } = await writeReports(root, report, jsonl);
    const text = await readFile(files.json!, 'utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.startsWith(`{\n  "schemaVersion": "${REPORT_SCHEMA_VERSION}",\n  "tool"`)).toBe(true);
    expect(text).toMatch(/"id": "act-arrives",\n\s+"title": "the act reaches ДМС the same day",\n\s+"type": "expect",\n\s+"outcome": "fail"/);
  });

  it('writes junit.xml in the run’s language and opens index.html in it', async () => {
    const { report, jsonl } = sampleRun();
    const { files } = await writeReports(root, report, jsonl, { lang: 'uk' });
    expect(await readFile(files.junit!, 'utf8')).toContain('name="відповідність polihon: ');
    expect(await readFile(files.html!, 'utf8')).toContain('<html lang="uk" data-lang="uk">');
    const en = await writeReports(root, { ...report, run: { ...report.run, id: 'in-english' } }, jsonl, { lang: 'en' });
    expect(await readFile(en.files.junit!, 'utf8')).toContain('name="polihon conformance: ');
    expect(await readFile(en.files.html!, 'utf8')).toContain('<html lang="en" data-lang="en">');
  });

  it('masks personal data in every file of a masked run', async () => {
    const { report, jsonl } = sampleRun();
    const { files } = await writeReports(root, report, jsonl);
    for (const file of Object.values(files)) {
      const text = await readFile(file, 'utf8');
      expect(text, path.basename(file)).not.toContain(RAW_RNOKPP);
      expect(text, path.basename(file)).not.toContain(RAW_LAST_NAME);
    }
    const entries = parseJournalJsonl(await readFile(files.journal!, 'utf8'));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries.find((e) => e.seq === 3)).toMatchObject({ commitments: { data: expect.any(String) }, data: { rnokpp: '17******76' } });
    // masked, and still every hash recomputes
    expect(checkJournalJsonl(await readFile(files.journal!, 'utf8'))).toMatchObject({ entries: 5, hashesVerified: 5 });
  });

  it('keeps the journal byte for byte when the run is unmasked', async () => {
    const { report, jsonl } = sampleRun({ masked: false });
    const { files } = await writeReports(root, report, jsonl);
    expect(await readFile(files.journal!, 'utf8')).toBe(jsonl);
  });

  it('moves latest to the newest run, replacing an earlier copy too', async () => {
    const first = sampleRun();
    await writeReports(root, first.report, first.jsonl);
    const second = sampleRun();
    second.report.run.id = '20260106-090000-cd34';
    // simulate a previous copy fallback: latest is a real directory
    await rm(path.join(root, 'latest'));
    await mkdir(path.join(root, 'latest'));
    await writeFile(path.join(root, 'latest', 'stale.txt'), 'old');
    const written = await writeReports(root, second.report, second.jsonl);
    expect(written.latest.kind).toBe('symlink');
    expect(await readlink(path.join(root, 'latest'))).toBe('20260106-090000-cd34');
    expect((await readdir(root)).sort()).toEqual(['20260105-090000-ab12', '20260106-090000-cd34', 'latest']);
  });

  it('refuses a run id that is not a plain folder name', async () => {
    const { report, jsonl } = sampleRun();
    for (const id of ['../escape', 'a/b', 'latest', '', '.hidden']) {
      await expect(writeReports(root, { ...report, run: { ...report.run, id } }, jsonl)).rejects.toThrow(PolihonError);
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('writes reports for a run with an empty journal', async () => {
    const clock = createVirtualClock(0);
    const journal = createJournal({ clock, wallTime: () => 0 });
    const { report } = sampleRun();
    const empty: RunReport = { ...report, journal: { file: 'journal.jsonl', entries: 0, head: journal.head(), intact: true } };
    const { files } = await writeReports(root, empty, journal.toJSONL());
    expect(await readFile(files.journal!, 'utf8')).toBe('');
    expect(await readFile(files.html!, 'utf8')).toContain('No journal was given to the report.');
  });
});

describe('pointLatest', () => {
  it('copies the run folder when symlinks are refused', async () => {
    await mkdir(path.join(root, 'run-1'));
    await writeFile(path.join(root, 'run-1', 'report.json'), '{}');
    const refuse = (async () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    }) as unknown as typeof symlink;
    const latest = await pointLatest(root, 'run-1', refuse);
    expect(latest.kind).toBe('copy');
    const st = await lstat(path.join(root, 'latest'));
    expect(st.isDirectory() && !st.isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(root, 'latest', 'report.json'), 'utf8')).toBe('{}');
    // no temporary link is left behind
    expect((await readdir(root)).sort()).toEqual(['latest', 'run-1']);
  });
});

describe('reporters by name', () => {
  it('writes only the files of the reporters asked for; the console writes none', async () => {
    const { report, jsonl } = sampleRun();
    const written = await writeReports(root, report, jsonl, { reporters: ['junit', 'console'] });
    expect(await readdir(written.dir)).toEqual(['junit.xml']);
    expect(Object.keys(written.files)).toEqual(['junit']);
    expect(RUN_REPORTERS.names).toEqual(['console', 'json', 'junit', 'html', 'journal']);
    expect(RUN_REPORTERS.unknown(['html', 'xml'])).toEqual(['xml']);
  });

  it('every reporter reads one view: masked once, as journal.jsonl was masked before, and frozen', () => {
    const { report, jsonl } = sampleRun();
    const view = runView(report, jsonl);
    expect(view.journalJsonl).toBe(maskJournalJsonl(jsonl));
    expect(JSON.stringify(view.report)).not.toContain(RAW_RNOKPP);
    expect(() => {
      (view.report.scenarios[0] as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(() => (view.journal as unknown[]).push({})).toThrow(TypeError);
    // the caller's report is neither changed nor frozen
    expect(Object.isFrozen(report.scenarios[0])).toBe(false);
    expect(JSON.stringify(report)).toContain(RAW_RNOKPP);
  });

  it('an unmasked run: the view is the report and the journal as they are, still frozen', () => {
    const { report, jsonl } = sampleRun({ masked: false });
    const view = runView(report, jsonl);
    expect(view.journalJsonl).toBe(jsonl);
    expect(view.report).toEqual(report);
    expect(Object.isFrozen(view.report.run)).toBe(true);
  });
});

describe('maskJournalJsonl', () => {
  it('masks line by line and keeps blank lines and order', () => {
    const jsonl = `${JSON.stringify({ seq: 1, body: `{"rnokpp":"${RAW_RNOKPP}"}` })}\n\nnot json ${RAW_RNOKPP}\n`;
    const out = maskJournalJsonl(jsonl).split('\n');
    expect(out).toHaveLength(4);
    expect(JSON.parse(out[0]!)).toMatchObject({ seq: 1, body: '{"rnokpp":"17******76"}' });
    expect(out[1]).toBe('');
    expect(out[2]).toBe('not json 17******76');
  });

  it('names a broken line when parsing', () => {
    expect(() => parseJournalJsonl('{"seq":1}\n{oops')).toThrow(/journal line 2 is not JSON/);
  });
});
