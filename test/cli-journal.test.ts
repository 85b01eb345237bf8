// `polihon journal verify` as a reader of a run's evidence meets it: an intact journal, masked or not, says so with
// its head; each edit, removal, cut or stray line is named by its line and seq (exit 1); a file that is not a
// journal, is empty or cannot be read is a harness error (exit 3).
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalCommand } from '../cli/commands/journal.ts';
import { createMemoryOutput } from '../cli/output.ts';
import { checkJournalJsonl, maskJournalJsonl } from '../conformance/reporters/journal.ts';
import { createVirtualClock } from '../core/clock.ts';
import { toPolihonError } from '../core/errors.ts';
import { createJournal, sha256, type JournalInput } from '../core/journal.ts';
import { ROOT } from './helpers.ts';

/** A short exchange with synthetic personal data in bodies, paths and facts, as a run journals one. */
function sampleJsonl(): string {
  const journal = createJournal({ clock: createVirtualClock(Date.UTC(2026, 2, 10, 8)), wallTime: () => Date.UTC(2026, 11, 2) });
  const base = { channel: 'trembita', from: 'participant', to: 'dms', service: 'dms.act.submit' } as const;
  const person = { lastName: 'Шевченко', firstName: 'Тарас', birthDate: '1974-10-27', rnokpp: '2741019374' };
  const inputs: JournalInput[] = [
    { ...base, kind: 'request', method: 'POST', path: '/dms/v1/acts', body: JSON.stringify({ person, kind: 'registration' }), data: { rnokpp: person.rnokpp, kind: 'registration' } },
    { ...base, kind: 'response', status: 202, links: [1], body: '{"status":"accepted"}', outcome: 'accepted' },
    { ...base, kind: 'request', method: 'GET', path: `/dms/v1/acts?rnokpp=${person.rnokpp}` },
    { ...base, kind: 'response', status: 200, links: [3], body: '{"status":"confirmed"}' },
    { ...base, kind: 'event', outcome: 'confirmed', data: { phone: '+380671234567' } },
    { ...base, kind: 'request', method: 'POST', path: '/dms/v1/acts', body: JSON.stringify({ person, kind: 'cancellation' }) },
  ];
  for (const i of inputs) journal.append(i);
  return journal.toJSONL();
}

let dir: string;
let unmasked: string;
let masked: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polihon-journal-'));
  unmasked = sampleJsonl();
  masked = maskJournalJsonl(unmasked);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
/** Writes `text` as a journal file of its own folder (or as `name` in `folder`) and runs `polihon journal verify` on it. */
async function verify(text: string, lang: 'en' | 'uk' = 'en', opts: { folder?: string; name?: string } = {}) {
  const folder = opts.folder ?? join(dir, `j${files++}`);
  await mkdir(folder, { recursive: true });
  const file = join(folder, opts.name ?? 'journal.jsonl');
  await writeFile(file, text);
  return { file, ...(await cli(['verify', file], lang)) };
}

/** `polihon journal <positionals>` as cli/main.ts runs it: a thrown harness error is printed and gives the exit code. */
async function cli(positionals: string[], lang: 'en' | 'uk' = 'en') {
  const out = createMemoryOutput();
  let code: number;
  try {
    code = await journalCommand({ values: { lang }, positionals, lang }, out);
  } catch (err) {
    const e = toPolihonError(err);
    out.stderr(e.format() + '\n');
    code = e.exitCode;
  }
  return { code, stdout: out.out.join(''), stderr: out.err.join('') };
}

const lines = (jsonl: string) => jsonl.split('\n').filter((l) => l !== '');
const headOf = (jsonl: string) => (JSON.parse(lines(jsonl).at(-1)!) as { hash: string }).hash;

describe('polihon journal verify', () => {
  it('an intact unmasked journal: every entry re-sealed with its salt, the chain, the head (exit 0), in both languages', async () => {
    const r = await verify(unmasked);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`journal intact: 6/6 entries, chain unbroken, head ${headOf(unmasked)}\n`);
    expect(r.stdout).toMatch(/unmasked: every entry re-sealed with its salt and hashed .*; 4 of 4 bodies re-hash to bodySha256/);
    expect(r.stdout).toContain('the chain cannot show entries cut from the end');
    const uk = await verify(unmasked, 'uk');
    expect(uk.code).toBe(0);
    expect(uk.stdout).toContain(`журнал цілий: 6/6 записів, ланцюг не розірвано, голова ${headOf(unmasked)}\n`);
  });

  it('an intact masked journal verifies from the file alone, and agrees with checkJournalJsonl', async () => {
    for (const secret of ['Шевченко', '2741019374', '671234567']) expect(masked).not.toContain(secret);
    expect(checkJournalJsonl(masked)).toMatchObject({ entries: 6, hashesVerified: 6 });
    const r = await verify(masked);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`journal intact: 6/6 entries, chain unbroken, head ${headOf(masked)}`);
    // the bodies that hid nothing re-hash; the others are bound by their commitments
    expect(r.stdout).toMatch(/masked: every entry hash recomputed from the file alone; 2 of 4 bodies re-hash to bodySha256/);
    expect(headOf(masked)).toBe(headOf(unmasked));
  });

  it('an edited entry: its line and seq, the two hashes (exit 1); the entries after it still chain', async () => {
    const edited = lines(masked);
    expect(edited[3]).toContain('"status":200');
    edited[3] = edited[3]!.replace('"status":200', '"status":201');
    const r = await verify(edited.join('\n') + '\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^journal broken: 1 problem in 6 entries \(5 verified\)\n {2}line 4 \(seq 4\): hash mismatch: the entry hashes to [0-9a-f]{16}…, its hash says [0-9a-f]{16}…; its content changed after it was sealed\n$/);
    const uk = await verify(edited.join('\n'), 'uk');
    expect(uk.stdout).toMatch(/рядок 4 \(seq 4\): хеш не збігається/);
  });

  it('an edit whose hash was recomputed to match: the chain breaks at the entry after it', async () => {
    const edited = lines(masked);
    const { hash: _old, ...rest } = { ...(JSON.parse(edited[2]!) as { hash: string; path: string }), path: '/dms/v1/acts?rnokpp=00******00' };
    edited[2] = JSON.stringify({ ...rest, hash: sha256(JSON.stringify(rest)) });
    const r = await verify(edited.join('\n'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 problem in 6 entries/);
    expect(r.stdout).toMatch(/line 4 \(seq 4\): chain break: its prevHash [0-9a-f]{16}… is not the hash [0-9a-f]{16}… of the entry before it \(line 3\)/);
  });

  it('a removed entry, and a journal whose first entries are gone, break the chain where the gap is', async () => {
    const all = lines(unmasked);
    const removed = await verify([...all.slice(0, 2), ...all.slice(3)].join('\n'));
    expect(removed.code).toBe(1);
    expect(removed.stdout).toMatch(/line 3 \(seq 4\): chain break/);
    const headless = await verify(all.slice(2).join('\n'));
    expect(headless.code).toBe(1);
    expect(headless.stdout).toMatch(/line 1 \(seq 3\): chain break: the first entry's prevHash is [0-9a-f]{16}…, not 64 zeros/);
  });

  it('a truncated last line is an unparseable line, named with the JSON error (exit 1)', async () => {
    const cut = masked.trimEnd();
    const r = await verify(cut.slice(0, cut.length - 40));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^journal broken: 1 problem in 6 entries \(5 verified\)\n {2}line 6: unparseable line: .*JSON.*\n$/);
  });

  it('a stray line in the middle is named; the chain across it still holds', async () => {
    const all = lines(masked);
    const r = await verify([...all.slice(0, 2), '{"note":"added by hand"}', ...all.slice(2)].join('\n'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^journal broken: 1 problem in 7 entries \(6 verified\)\n {2}line 3: not a journal entry: JSON without seq, hash and prevHash\n$/);
  });

  it('report.json beside it: the same head is said; fewer entries than it records is a cut end (exit 1)', async () => {
    const folder = join(dir, 'with-report');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'report.json'), JSON.stringify({ journal: { file: 'journal.jsonl', entries: 6, head: headOf(masked), intact: true } }));
    const whole = await verify(masked, 'en', { folder });
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain('report.json beside it: 6 entries, the same head, so no entry is missing at the end');
    const cut = await verify(lines(masked).slice(0, 4).join('\n'), 'en', { folder });
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/line 4 \(seq 4\): the journal ends here \(4 entries, head [0-9a-f]{16}…\), but report.json beside it says 6 entries ending at head/);
    // a report of another file is not compared
    const other = await verify(lines(masked).slice(0, 4).join('\n'), 'en', { folder, name: 'other.jsonl' });
    expect(other.code).toBe(0);
  });

  it('a file that is not a journal, an empty file, a missing file and a folder: E_JOURNAL_UNREADABLE, exit 3', async () => {
    const yaml = await verify('name: not a journal\nsteps: []\n');
    expect(yaml.code).toBe(3);
    expect(yaml.stderr).toMatch(/^E_JOURNAL_UNREADABLE: '.*journal\.jsonl' is not a journal: none of its 2 lines is a journal entry \(line 1: .*\)\n {2}hint: /);
    const json = await verify(JSON.stringify({ run: { outcome: 'pass' } }, null, 2));
    expect(json.code).toBe(3);
    const empty = await verify('');
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/^E_JOURNAL_UNREADABLE: '.*' is empty: it holds no journal entry/);
    expect((await verify('\n\n  \n')).code).toBe(3);
    const missing = await cli(['verify', join(dir, 'no-such.jsonl')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/E_JOURNAL_UNREADABLE: cannot read the journal '.*no-such\.jsonl': ENOENT/);
    expect((await cli(['verify', dir])).stderr).toMatch(/EISDIR/);
  });

  it('without `verify <file>` it is a usage error (exit 2)', async () => {
    for (const argv of [[], ['check', 'x.jsonl'], ['verify'], ['verify', 'a', 'b']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/E_USAGE: polihon journal takes verify <journal\.jsonl>/);
    }
  });

  it('the command line: a broken journal exits 1 with its report on stdout, a non-journal exits 3', { timeout: 60_000 }, async () => {
    const run = (file: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), 'journal', 'verify', file], { cwd: ROOT, env: { ...process.env, POLIHON_LANG: 'en', CI: 'true' } }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const broken = await verify(lines(masked).slice(1).join('\n'));
    const r = await run(broken.file);
    expect([r.code, r.stdout]).toEqual([1, expect.stringMatching(/^journal broken: 1 problem in 5 entries \(4 verified\)\n {2}line 1 \(seq 2\): chain break/)]);
    const notJournal = await run(join(ROOT, 'package.json'));
    expect([notJournal.code, notJournal.stderr]).toEqual([3, expect.stringMatching(/E_JOURNAL_UNREADABLE: .*package\.json' is not a journal/)]);
  });
});
