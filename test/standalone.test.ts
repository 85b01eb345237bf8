// The project stands alone: a user clones it into an empty folder, so no tracked file may lean on anything beside or
// above the repository (a sibling `shared/` folder, a research note, a machine's absolute path). This test reads every
// tracked text file and names file:line for each such reference; a markdown link that leaves the repository or points
// at a missing file counts too.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const self = path.relative(root, fileURLToPath(import.meta.url));

/** What a reference outside the repository looks like. Each is a pattern and why it is one. */
export const OUTSIDE: readonly { re: RegExp; why: string }[] = [
  { re: /\.\.\/shared\b/, why: 'a sibling shared/ folder' },
  { re: /\bshared\/(?:domain|seeds|REQUIREMENTS|DESIGN|STYLE|TOOLING)\b/, why: 'a file of a shared/ folder outside the repository' },
  { re: /\bREQUIREMENTS\.md\b/, why: 'a requirements file that is not in the repository (the catalog is conformance/requirements/)' },
  { re: /\bFACTS(?:\.md|\s*§)/, why: 'research notes outside the repository (the project has docs/en/protocol-facts.md)' },
  { re: /\bDESIGN\s*§|\b(?:DESIGN|STYLE|TOOLING)\.md\b/, why: 'a design note outside the repository (cite docs/en/guide.md, contracts.md or a decision record)' },
  { re: /\b[0-9]{3}_[0-9a-f]{16}\.txt\b/, why: 'a seed document outside the repository (sources are conformance/requirements/sources.yaml)' },
  { re: /(?:^|[\s'"`(=])\/(?:work|home|Users|root)\/[\w.-]/, why: "an absolute path of someone's machine" },
];

const TEXT = /\.(?:ts|mts|mjs|cjs|js|json|ya?ml|md|txt|html|css|xml|xsd|wsdl|py|sh|toml|ini|cfg|gitignore)$|^[^.]+$/;

function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter((f) => f !== '');
  } catch {
    // not a git checkout (an unpacked archive): nothing tracked to check, and nothing to stand alone from
    return [];
  }
}

/** Every reference outside the repository in one file's text, as `file:line: why — the line`. */
export function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { re, why } of OUTSIDE) if (re.test(line)) found.push(`${file}:${i + 1}: ${why} — ${line.trim().slice(0, 160)}`);
  });
  if (file.endsWith('.md')) {
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (m[1] ?? '').split('#')[0] ?? '';
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const resolved = path.resolve(root, path.dirname(file), decodeURI(target));
        if (!resolved.startsWith(root + path.sep) && resolved !== root) found.push(`${file}:${i + 1}: a link that leaves the repository — ${target}`);
        else if (!existsSync(resolved)) found.push(`${file}:${i + 1}: a link to a missing file — ${target}`);
      }
    });
  }
  return found;
}

describe('the repository stands alone', () => {
  const files = trackedFiles().filter((f) => f !== self && f !== 'package-lock.json' && TEXT.test(path.basename(f)));

  it('finds the tracked files (git ls-files works here)', () => {
    if (!existsSync(path.join(root, '.git'))) return;
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain('conformance/requirements/catalog.yaml');
  });

  it('has no tracked file that refers outside the repository', () => {
    const found = files.flatMap((f) => {
      const abs = path.join(root, f);
      if (!existsSync(abs)) return []; // deleted in the work tree, not yet committed
      const text = readFileSync(abs, 'utf8');
      return text.includes('\0') ? [] : outsideReferences(f, text);
    });
    expect(found, found.join('\n')).toEqual([]);
  });

  it('catches each kind of outside reference (the patterns still bite)', () => {
    const sample = ['see ../' + 'shared/domain/notes', 'per FACTS §4.1', 'in 003_1799c00d1671630e.txt', "const p = '/work/main/x'", 'REQUIREMENTS.md', 'see DESIGN §9'].join('\n');
    expect([...new Set(outsideReferences('x.ts', sample).map((l) => l.split(':')[1]))]).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(outsideReferences('docs/en/x.md', 'a [link](../../../elsewhere.md)')).toHaveLength(1);
    expect(outsideReferences('docs/en/x.md', 'a [link](guide.md#top) and [web](https://example.org/a)')).toEqual([]);
  });
});
