// Masking once, checked from the outside: a real run whose failures quote personal data (the reference registry
// swapping names and sending another address, so DMS-01's field-by-field check names both), its reports written as
// the CLI writes them and its console captured; then every file and the console are searched for the synthetic
// persons' values as the unmasked journal has them. None may be there unless the run is unmasked.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../core/journal.ts';
import { loadCatalog } from '../conformance/requirements/catalog.ts';
import { createConsoleReporter } from '../conformance/reporters/console.ts';
import { checkJournalJsonl } from '../conformance/reporters/journal.ts';
import { writeReports } from '../conformance/reporters/write-all.ts';
import { runConformance, type RunOutput } from '../conformance/runner.ts';
import { dmsScenarios, hromadaProfile, SELF_TEST_SETTLE_MS } from './helpers.ts';

// what the contracts call personal, by field name, and the address text under `address`
const PERSONAL = new Set(['lastName', 'firstName', 'patronymic', 'birthDate', 'rnokpp', 'unzr', 'number', 'phone', 'email']);

/** Every personal value the run's messages carried, from the unmasked journal's bodies and facts. */
function personalValues(entries: readonly JournalEntry[]): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, key?: string, parent?: string): void => {
    if (Array.isArray(value)) for (const v of value) walk(v, key, parent);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k, key);
    else if (typeof value === 'string' && key !== undefined && (PERSONAL.has(key) || (key === 'text' && parent === 'address'))) {
      found.add(value);
      // the street part of an address alone is personal too
      if (key === 'text') for (const part of value.split(', ')) if (/^(вул|просп|пров|бульв|пл)\./.test(part)) found.add(part);
    }
  };
  for (const e of entries) {
    walk(e.data);
    try {
      walk(JSON.parse(e.body ?? ''));
    } catch {
      // not JSON: a SOAP body or none; its values are in other entries' JSON as well
    }
  }
  return found;
}

async function writtenTexts(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir)) out.set(name, await readFile(path.join(dir, name), 'utf8'));
  return out;
}

let root: string;
let run: RunOutput;
let values: Set<string>;
const consoleText: Record<'masked' | 'unmasked', string> = { masked: '', unmasked: '' };

async function runOnce(masked: boolean): Promise<RunOutput> {
  const which = masked ? 'masked' : 'unmasked';
  return runConformance({
    scenarios: dmsScenarios().filter((s) => s.id === 'dms-declaration'),
    profile: hromadaProfile(),
    requirements: loadCatalog(),
    participantEnv: { PARTICIPANT_FAULTS: 'swap-names,other-address' },
    settleMs: SELF_TEST_SETTLE_MS,
    wallTime: () => Date.now(),
    masked,
    reporters: [createConsoleReporter({ write: (s) => void (consoleText[which] += s), tty: false, masked, lang: 'uk' })],
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'polihon-masking-'));
  run = await runOnce(true);
  values = personalValues(run.journal.entries());
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('personal data in a masked run’s outputs', () => {
  it('the run quotes personal data where it fails, so there is something to hide', () => {
    expect(run.report.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.id)).toEqual(['DMS-01']);
    const kinds = [...values].map((v) => (/^\d{10}$/.test(v) ? 'rnokpp' : /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'birthDate' : /^\d{8}-\d{5}$/.test(v) ? 'unzr' : /, /.test(v) ? 'address' : 'other'));
    for (const kind of ['rnokpp', 'birthDate', 'unzr', 'address', 'other']) expect(kinds, kind).toContain(kind);
  });

  it('is in none of report.json, junit.xml, index.html, journal.jsonl nor the console', async () => {
    const { dir } = await writeReports(root, run.report, run.journal.toJSONL(), { lang: 'uk' });
    const texts = await writtenTexts(dir);
    texts.set('console', consoleText.masked);
    const leaks: string[] = [];
    for (const [file, text] of texts) for (const v of values) if (text.includes(v)) leaks.push(`${file}: ${v}`);
    expect(leaks).toEqual([]);
    // and the masked journal still verifies, every entry
    const check = checkJournalJsonl(texts.get('journal.jsonl')!);
    expect(check).toMatchObject({ entries: run.journal.count(), hashesVerified: run.journal.count() });
    expect(check.broken).toBeUndefined();
  });

  it('is there, all of it, when the run is unmasked (so the search above can find it)', async () => {
    const unmasked = await runOnce(false);
    const { dir } = await writeReports(root, { ...unmasked.report, run: { ...unmasked.report.run, id: 'unmasked' } }, unmasked.journal.toJSONL());
    const texts = await writtenTexts(dir);
    const mine = personalValues(unmasked.journal.entries());
    expect([...mine].filter((v) => !texts.get('journal.jsonl')!.includes(v))).toEqual([]);
    // the failing field-by-field check quotes the act's values as they were
    expect([...mine].filter((v) => texts.get('report.json')!.includes(v)).length).toBeGreaterThan(0);
    expect(consoleText.unmasked).toContain('dms-declaration');
  }, 120_000);
});
