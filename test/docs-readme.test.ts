// The README's sample output is what the CLI prints today: each `polihon:output` block is run for real and compared
// with the README after hiding run ids and timings. On a difference: `npm run docs:sync` rewrites the blocks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBlocks, normalise, polihonArgs, renderBlock, ROOT, runShown, SYNCED_FILES } from '../scripts/docs-sync.ts';

describe.each(SYNCED_FILES)('the sample output in %s', (rel) => {
  const blocks = findBlocks(readFileSync(path.join(ROOT, rel), 'utf8'), rel);

  it('has marked blocks (the markers were not lost in an edit)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks.map((b) => b.command)).toContain('npm start');
  });

  it('is what the commands print now (else: npm run docs:sync)', { timeout: 180_000 }, async () => {
    // two runs at once on a two-core machine: each is mostly waiting on loopback and the virtual clock
    const results = await Promise.all(blocks.map((b) => runShown(b.command)));
    blocks.forEach((b, i) => {
      expect(normalise(b.body), `${rel}:${b.open + 1} '${b.command}' — run npm run docs:sync`).toBe(normalise(renderBlock(b.command, results[i]!)));
    });
  });
});

describe('docs:sync pieces', () => {
  it('maps the commands a reader types to polihon arguments, and refuses others', () => {
    expect(polihonArgs('npm start')).toEqual(['demo']);
    expect(polihonArgs('npm run polihon -- validate scenarios/')).toEqual(['validate', 'scenarios/']);
    expect(polihonArgs('node bin/polihon.mjs demo')).toEqual(['demo']);
    expect(() => polihonArgs('rm -rf /')).toThrow(/not a polihon command/);
  });

  it('hides run ids and timings, nothing else', () => {
    expect(normalise('run 2026-12-02T08-09-15-781-x (8 steps, 0.5s) in 12ms ')).toBe('run <run-id>-x (8 steps, <t>s) in <t>ms');
    expect(normalise('Steps 35: 29 passed')).toBe('Steps 35: 29 passed');
  });

  it('names the line of an unclosed or stray marker', () => {
    expect(() => findBlocks('a\n<!-- polihon:output npm start -->\nb', 'R.md')).toThrow(/^R\.md:2: .* not closed/);
    expect(() => findBlocks('<!-- /polihon:output -->', 'R.md')).toThrow(/^R\.md:1: /);
  });
});
