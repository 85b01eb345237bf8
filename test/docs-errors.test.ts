// Error codes in the docs come from the code's table: each guide's troubleshooting table lists exactly the codes of
// ERROR_CODES with their exit codes, and no doc names a code that does not exist. Titles are not compared: the
// guides explain a code in their own language and at more length than its title.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/errors.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** The rows of a guide's error table: `| \`E_X\` | 2 … |` → code and the exit code it starts with. */
function errorTable(text: string): { code: string; exit: number; line: number }[] {
  return text.split('\n').flatMap((l, i) => {
    const m = /^\|\s*`(E_[A-Z_]+)`\s*\|\s*(\d+)\b/.exec(l);
    return m ? [{ code: m[1]!, exit: Number(m[2]), line: i + 1 }] : [];
  });
}

const expected = Object.entries(ERROR_CODES)
  .map(([code, info]) => `${code} → ${info.exit}`)
  .sort();

describe.each(['docs/en/guide.md', 'docs/uk/guide.md'])('the error table of %s', (file) => {
  const rows = errorTable(read(file));

  it('lists every code of core/errors.ts once, with its exit code, and nothing else', () => {
    const listed = rows.map((r) => `${r.code} → ${r.exit}`).sort();
    expect(listed, `${file}: the table with rows | \`E_…\` | exit |`).toEqual(expected);
  });
});

describe('error codes named anywhere in the docs', () => {
  const docs = [
    'README.md',
    ...['docs/en', 'docs/uk'].flatMap((d) => readdirSync(path.join(root, d)).filter((f) => f.endsWith('.md')).map((f) => `${d}/${f}`)),
  ];

  it('are all codes that exist', () => {
    const unknown = docs.flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((l, i) => [...l.matchAll(/\bE_[A-Z][A-Z_]*[A-Z]\b/g)].map((m) => ({ where: `${f}:${i + 1}`, code: m[0] })))
        .filter((x) => !(x.code in ERROR_CODES))
        .map((x) => `${x.where}: ${x.code}`),
    );
    expect(unknown).toEqual([]);
  });
});
