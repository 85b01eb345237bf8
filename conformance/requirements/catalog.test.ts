import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { PolihonError } from '../../core/errors.ts';
import {
  coverageTable,
  formatCoverage,
  getRequirement,
  isKnownRequirement,
  loadCatalog,
  parseCatalog,
  REQUIREMENT_GROUPS,
  requirementGroup,
  requirementIds,
} from './catalog.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/** The published ids, in document order. Ids are never renumbered or removed: a change here is a breaking change. */
const PUBLISHED_IDS = [
  'EIS-REG-01', 'EIS-REG-02', 'EIS-REG-03', 'EIS-REG-04', 'EIS-MODE-01', 'EIS-MODE-02', 'EIS-ACC-01', 'EIS-ACC-02',
  'XCH-01', 'XCH-02', 'XCH-03', 'XCH-04', 'XCH-05', 'XCH-06', 'XCH-07',
  'DMS-01', 'DMS-02', 'DMS-03', 'DMS-04', 'DMS-05', 'DMS-06', 'DMS-07', 'DMS-08', 'DMS-09', 'DMS-10',
  'DIIA-01', 'DIIA-02', 'DIIA-03', 'DIIA-04', 'DIIA-05', 'DIIA-06', 'DIIA-07', 'DIIA-08', 'DIIA-09', 'DIIA-10',
  'DIIA-11', 'DIIA-12', 'DIIA-13', 'DIIA-14', 'DIIA-15', 'DIIA-16',
  'TRB-01', 'TRB-02', 'TRB-03', 'TRB-04', 'TRB-05', 'TRB-06', 'TRB-07',
];

const sourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  kind: z.strictObject({ uk: z.string().min(1), en: z.string().min(1) }),
  date: z.union([z.string().min(1), z.date()]),
  number: z.string().min(1).optional(),
  title: z.strictObject({ uk: z.string().min(1), en: z.string().min(1) }),
  about: z.strictObject({ uk: z.string().min(1), en: z.string().min(1) }),
});
const sources = z
  .strictObject({ sources: z.array(sourceSchema).min(1) })
  .parse(parse(readFileSync(path.join(here, 'sources.yaml'), 'utf8'))).sources;

describe('the catalog and its sources', () => {
  const catalog = loadCatalog();

  it('holds every published id exactly once, in document order, and nothing else', () => {
    expect(catalog.map((r) => r.id)).toEqual(PUBLISHED_IDS);
  });

  it('names, for every row, a source listed in sources.yaml, and every listed source is used', () => {
    const ids = sources.map((s) => s.id);
    expect(new Set(ids).size, 'source ids are unique').toBe(ids.length);
    for (const r of catalog) expect(ids, `${r.id}: ${r.source}`).toContain(r.source);
    for (const id of ids) expect(catalog.some((r) => r.source === id), id).toBe(true);
  });

  it('gives every source a Ukrainian title that is Ukrainian and an English one that differs', () => {
    for (const s of sources) {
      expect(s.title.uk, s.id).toMatch(/[а-яіїєґ]{4}/i);
      expect(s.title.en, s.id).not.toBe(s.title.uk);
    }
  });

  it('cites, for TRB-* rows, sections that exist in both languages of the protocol facts', () => {
    const headings = (lang: string) =>
      new Set([...readFileSync(path.join(repoRoot, 'docs', lang, 'protocol-facts.md'), 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)\. /gm)].map((m) => m[1]));
    const en = headings('en');
    expect([...en].sort()).toEqual([...headings('uk')].sort());
    for (const r of catalog.filter((x) => x.source === 'xroad-protocols')) {
      const cited = [...r.section.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]);
      expect(cited.length, r.id).toBeGreaterThan(0);
      for (const c of cited) expect(en.has(c), `${r.id} cites §${c}`).toBe(true);
    }
  });

  it('has both languages for text and check; Ukrainian text is Ukrainian', () => {
    for (const r of catalog) {
      for (const field of [r.text, r.check]) {
        expect(field.uk.trim(), r.id).not.toBe('');
        expect(field.en.trim(), r.id).not.toBe('');
      }
      expect(r.text.uk, r.id).toMatch(/[а-яіїєґ]{4}/i);
      expect(r.text.uk, r.id).not.toBe(r.text.en);
    }
  });

  it('marks the informative rows as not observable, and only them', () => {
    expect(catalog.filter((r) => !r.observable).map((r) => r.id)).toEqual(['XCH-07', 'DMS-08', 'DIIA-09', 'DIIA-14']);
  });

  it('gives simulator-only rows a note saying who keeps them', () => {
    const sim = catalog.filter((r) => r.roles.includes('simulator'));
    expect(sim.map((r) => r.id)).toEqual(expect.arrayContaining(['DMS-05', 'DMS-06', 'TRB-07']));
    for (const r of sim) expect(r.note, r.id).toBeDefined();
  });

  it('puts every id in a known group', () => {
    const prefixes = REQUIREMENT_GROUPS.map((g) => g.prefix);
    for (const r of catalog) expect(prefixes, r.id).toContain(requirementGroup(r.id));
  });
});

describe('lookups', () => {
  it('finds a known id', () => {
    expect(isKnownRequirement('DMS-02')).toBe(true);
    expect(getRequirement('DIIA-05').text.en).toMatch(/three minutes/);
    expect(requirementIds()).toContain('EIS-REG-01');
  });

  it('refuses an unknown id with a stable code and nearby ids', () => {
    expect(isKnownRequirement('DMS-99')).toBe(false);
    expect(isKnownRequirement('dms-02')).toBe(false);
    let caught: unknown;
    try {
      getRequirement('DMS-99');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PolihonError);
    expect((caught as PolihonError).code).toBe('E_UNKNOWN_REQUIREMENT');
    expect((caught as PolihonError).hint).toContain('DMS-02');
    expect(() => getRequirement('NOPE-01')).toThrow(/no requirement 'NOPE-01'/);
  });

  it('hands out copies of the list, so a caller cannot reorder the catalog', () => {
    const a = loadCatalog();
    a.reverse();
    expect(loadCatalog()[0]?.id).toBe('EIS-REG-01');
  });
});

describe('parseCatalog validation', () => {
  const row = (extra = '') => `
  - id: DMS-02
    source: 003.txt
    section: п. 2
    roles: [hromada-registry]
    observable: true
    text: { uk: Текст, en: Text }
    check: { uk: Перевірка, en: Check }${extra}
`;

  it('accepts a minimal catalog', () => {
    expect(parseCatalog(`requirements:${row()}`)).toHaveLength(1);
  });

  it('reports every problem with its line: unknown keys, bad roles, duplicates, missing language', () => {
    const text = `requirements:${row('\n    colour: red')}${row()}
  - id: XCH-1
    source: x
    section: y
    roles: [simulator, eis-subscriber, janitor]
    observable: yes
    text: { uk: Текст }
    check: { uk: a, en: b }
`;
    let err: PolihonError | undefined;
    try {
      parseCatalog(text, 'bad.yaml');
    } catch (e) {
      err = e as PolihonError;
    }
    expect(err?.code).toBe('E_INTERNAL');
    const messages = err!.details.map((d) => `${d.where} ${d.message}`).join('\n');
    expect(messages).toMatch(/bad\.yaml:9:\d+ unknown key 'colour'/);
    expect(messages).toMatch(/requirements\.2\.id/);
    expect(messages).toMatch(/requirements\.2\.roles\.2/);
    expect(messages).toMatch(/requirements\.2\.observable/);
    expect(messages).toMatch(/requirements\.2\.text\.en/);
    expect(err!.details.length).toBeGreaterThanOrEqual(5);
  });

  it('finds a duplicate id in an otherwise valid catalog', () => {
    expect(() => parseCatalog(`requirements:${row()}${row()}`)).toThrow(PolihonError);
    try {
      parseCatalog(`requirements:${row()}${row()}`, 'dup.yaml');
    } catch (e) {
      expect((e as PolihonError).details[0]?.message).toBe('requirement DMS-02 appears twice');
      expect((e as PolihonError).details[0]?.where).toMatch(/^dup\.yaml:10:/);
    }
  });

  it("accepts 'simulator' beside participant roles (a rule both sides keep a part of)", () => {
    expect(parseCatalog(`requirements:${row().replace('[hromada-registry]', '[simulator, hromada-registry]')}`)[0]!.roles).toEqual(['simulator', 'hromada-registry']);
  });
});

describe('coverageTable and formatCoverage', () => {
  const catalog = loadCatalog();
  const coveredBy = new Map([
    ['DMS-02', ['dms-same-day', 'dms-declaration', 'dms-same-day']],
    ['DMS-05', ['dms-eddr']],
  ]);

  it('gives each row its status', () => {
    const rows = coverageTable(catalog, coveredBy);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(catalog.length);
    expect(byId.get('DMS-02')).toMatchObject({ status: 'covered', scenarios: ['dms-declaration', 'dms-same-day'] });
    expect(byId.get('DMS-04')).toMatchObject({ status: 'not covered', scenarios: [] });
    expect(byId.get('DMS-08')?.status).toBe('informative');
    expect(byId.get('DMS-05')).toMatchObject({ status: 'simulator', scenarios: ['dms-eddr'] });
  });

  it('filters by role', () => {
    const rows = coverageTable(catalog, coveredBy, 'hromada-registry');
    expect(rows.map((r) => r.id)).toEqual(['XCH-03', 'DMS-01', 'DMS-02', 'DMS-03', 'DMS-04', 'DMS-06', 'DMS-07', 'DMS-08', 'DMS-09', 'DMS-10']);
    expect(coverageTable(catalog, coveredBy, 'simulator').map((r) => r.id)).toContain('TRB-07');
    expect(coverageTable(catalog, coveredBy, 'no-such-role')).toEqual([]);
  });

  it('formats a plain table in either language, with a total over observable participant rows', () => {
    const rows = coverageTable(catalog, coveredBy, 'hromada-registry');
    const en = formatCoverage(rows, { lang: 'en', color: false });
    expect(en).not.toContain('\x1b[');
    expect(en.split('\n')[0]).toMatch(/^ID\s+STATUS\s+SCENARIOS\s+RULE$/);
    expect(en).toMatch(/^DMS-02 +covered +dms-declaration, dms-same-day +Information reaches/m);
    expect(en).toMatch(/^DMS-04 +not covered +— +A registration action/m);
    expect(en).toContain('covered 1/9 (informative 1, simulator 0)');
    const uk = formatCoverage(rows, { lang: 'uk', color: false });
    expect(uk).toMatch(/^DMS-04 +не покрито +— +Реєстраційна дія/m);
    expect(uk).toContain('покрито 1/9');
  });

  it('colours statuses only when asked, and cuts long text to the width', () => {
    const rows = coverageTable(catalog, coveredBy, 'hromada-registry');
    const text = formatCoverage(rows, { lang: 'en', color: true, width: 80 });
    expect(text).toContain('\x1b[32mcovered');
    expect(text).toContain('\x1b[31mnot covered');
    for (const line of text.replace(/\x1b\[\d+m/g, '').split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
