// The whole message catalog: every area's messages.ts (found on disk, so a new area is checked without touching
// this file) has each key in Ukrainian and English, with no empty text and the same placeholders in both.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeholders, registeredMessages } from './i18n.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'reports', 'coverage', 'dist']);

/** Every .ts file of the project (not dependencies, not hidden folders, not generated reports). */
function sources(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const files = sources();
const areas = files.filter((f) => path.basename(f) === 'messages.ts');
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

/** `{n:a|b|c}` → the number of forms of each plural in the template. */
const pluralForms = (template: string) => [...template.matchAll(/\{\w+:([^{}]*)\}/g)].map((m) => (m[1] ?? '').split('|').length);

describe('message catalog', () => {
  beforeAll(async () => {
    for (const f of areas) await import(pathToFileURL(f).href);
  });

  it('is found in messages.ts files, one per area', () => {
    expect(areas.map(rel)).toEqual(expect.arrayContaining(['core/messages.ts', 'conformance/messages.ts', 'conformance/steps/messages.ts', 'conformance/reporters/messages.ts']));
    // an area defined elsewhere would escape the checks below
    const elsewhere = files.filter((f) => !f.endsWith('.test.ts') && path.basename(f) !== 'messages.ts' && rel(f) !== 'core/i18n.ts' && /\bdefineMessages\(/.test(readFileSync(f, 'utf8')));
    expect(elsewhere.map(rel)).toEqual([]);
  });

  it('has every key in both languages, none empty, with the same placeholders and plural forms for each language', () => {
    const problems: string[] = [];
    const all = registeredMessages();
    expect(all.size).toBeGreaterThan(100);
    for (const [key, text] of all) {
      for (const lang of ['uk', 'en'] as const) {
        if (typeof text[lang] !== 'string' || text[lang].trim() === '') problems.push(`${key}: no ${lang} text`);
      }
      if (typeof text.uk !== 'string' || typeof text.en !== 'string') continue;
      const [uk, en] = [[...new Set(placeholders(text.uk))], [...new Set(placeholders(text.en))]];
      if (uk.join() !== en.join()) problems.push(`${key}: placeholders uk {${uk.join(', ')}} en {${en.join(', ')}}`);
      if (pluralForms(text.uk).some((n) => n !== 3)) problems.push(`${key}: a Ukrainian plural needs three forms (1 крок|2 кроки|5 кроків)`);
      if (pluralForms(text.en).some((n) => n !== 2)) problems.push(`${key}: an English plural needs two forms (one|other)`);
    }
    expect(problems).toEqual([]);
  });
});
