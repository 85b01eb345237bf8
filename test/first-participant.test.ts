// The walk-through's Python skeleton (docs/examples/first-participant/) is a real participant: polihon starts it from
// its profile and it passes the hromada-registry scenarios, so the guide cannot promise what the code does not do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runPolihon } from '../scripts/docs-sync.ts';

const SUT = 'docs/examples/first-participant/polihon.sut.yaml';

describe('the first-participant skeleton (Python, standard library only)', () => {
  it('passes dms-declaration, the scenario the walk-through follows', { timeout: 60_000 }, async () => {
    const res = await runPolihon(['run', 'scenarios/dms/declaration.yaml', '--sut', SUT]);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/^PASS dms-declaration /m);
  });

  // without GET /wake every stop of the clock costs a settle window: the generated cases take about 30 s of it
  it('passes every scenario of its role', { timeout: 150_000 }, async () => {
    const res = await runPolihon(['run', 'scenarios/dms', '--sut', SUT], 140_000);
    expect(res.code, res.output).toBe(0);
  });
});

describe('the walk-through (docs/en|uk/first-participant.md)', () => {
  const read = (lang: string) => readFileSync(path.join(ROOT, 'docs', lang, 'first-participant.md'), 'utf8');
  const skeleton = readFileSync(path.join(ROOT, 'docs/examples/first-participant/registry.py'), 'utf8');
  const fenced = (text: string) => [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2]! }));
  const shape = (text: string) => ({
    headings: text.split('\n').filter((l) => /^#{1,3} /.test(l)).map((l) => l.replace(/ .*/, '')),
    tableRows: text.split('\n').filter((l) => l.startsWith('|')).length,
    code: fenced(text),
  });

  it('quotes the skeleton verbatim, so the excerpt cannot drift from the code', () => {
    for (const lang of ['en', 'uk']) {
      const python = fenced(read(lang)).filter((b) => b.lang === 'python');
      expect(python.length, lang).toBeGreaterThan(0);
      for (const b of python) expect(skeleton, `${lang}: a python block not in registry.py`).toContain(b.body.trimEnd());
    }
  });

  it('has the same sections, tables and code in both languages', () => {
    expect(shape(read('uk'))).toEqual(shape(read('en')));
  });
});
