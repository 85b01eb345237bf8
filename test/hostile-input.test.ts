// Hostile and broken input files: each is refused as invalid input (exit 2) at file:line:col with a hint — never a
// crash, a hang, or "a bug in polihon" (exit 3) — and validation stays linear in the size of the file.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../core/calendar.ts';
import { createVirtualClock } from '../core/clock.ts';
import { CLOCK_RANGE } from '../core/clock-range.ts';
import { PolihonError } from '../core/errors.ts';
import { advanceStep } from '../conformance/steps/advance.ts';
import type { StepContext } from '../conformance/steps/types.ts';
import { parseScenario } from '../conformance/scenario.ts';
import { loadProfile } from '../conformance/sut-profile.ts';
import { readLoadProfile } from '../conformance/steps/load.ts';
import { INPUT_LIMITS, parseYamlLocated, readInputFile, yamlWork } from '../conformance/yaml-located.ts';
import { ROOT } from './helpers.ts';

const HEAD = `id: big
title: { uk: Великий, en: Big }
role: hromada-registry
covers: [DMS-01]
clock: { start: "2026-04-14T09:30:00+03:00" }
`;

/** A scenario with `n` people and `n` steps, each with a mistake: an unknown key, or a reference to a later step. */
function brokenScenario(n: number): string {
  const people = Array.from({ length: n }, (_, i) => `    p${i}: { sex: male, age: 51 }\n`).join('');
  const steps = Array.from(
    { length: n },
    (_, i) => `  - id: s${i}\n    type: trigger\n    action: registration-action\n    ${i % 2 ? 'with' : 'wiht'}: { person: "\${people.p${i}}", prev: "\${steps.x${i}.ref}" }\n`,
  ).join('');
  return `${HEAD}data:\n  people:\n${people}steps:\n${steps}`;
}

function refusal(fn: () => unknown): PolihonError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolihonError);
    return err as PolihonError;
  }
  throw new Error('expected a refusal');
}

/** Every located line of an error, `where message | hint`. */
function lines(e: PolihonError): string[] {
  return [...(e.where ? [`${e.where} ${e.message}`] : []), ...e.details.map((d) => `${d.where} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`)];
}

describe('validation is linear in the size of the file', () => {
  it('doubling a broken scenario doubles the work, and the report stays one screenful', () => {
    const work = (n: number) => {
      const before = yamlWork.units;
      const e = refusal(() => parseScenario(brokenScenario(n), 'big.yaml'));
      return { units: yamlWork.units - before, e };
    };
    const small = work(1000);
    const large = work(2000);
    // quadratic work (a position lookup scanning a mapping, a hint listing every earlier step) would give ~4
    expect(large.units / small.units).toBeGreaterThan(1.8);
    expect(large.units / small.units).toBeLessThan(2.2);
    for (const { e } of [small, large]) {
      expect(e.exitCode).toBe(2);
      expect(e.details).toHaveLength(INPUT_LIMITS.maxIssues + 1);
      expect(e.details.at(-1)!.message).toMatch(/^… and \d+ more problems, not shown$/);
      expect(e.format().length).toBeLessThan(40_000);
    }
    expect(large.e.message).toBe('2000 problems');
    expect(large.e.details.at(-1)!.message).toBe('… and 1900 more problems, not shown');
    // the hint names the nearest earlier steps, not all of them
    expect(large.e.details.find((d) => d.hint?.includes('s98'))?.hint).toMatch(/^steps can refer only to earlier steps: …, s\d+(, s\d+){9} \(\d+ in all\)$/);
  });

  it('finds a duplicate key in a mapping of 20 000 keys, in one pass', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}\n`).join('');
    const before = yamlWork.units;
    const e = refusal(() => parseYamlLocated(`${keys}k7: again\n`, 'map.yaml'));
    expect(yamlWork.units - before).toBeLessThan(3 * 20_000);
    expect(lines(e)).toContain("map.yaml:20001:1 key 'k7' appears twice in this mapping (first on line 8) | each key may appear once in a mapping");
  });
});

describe('hostile YAML is invalid input, located', () => {
  const scenario = (text: string) => refusal(() => parseScenario(text, 'x.yaml'));

  it('an alias bomb ("billion laughs") names the aliases', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) {
      const [n, p] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      text += `${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]\n`;
    }
    const e = scenario(text);
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('E_YAML_SYNTAX');
    expect(lines(e)).toContain(
      'x.yaml:2:8 YAML aliases (*name) expand into too many copies: 81 aliases nested in one another (a "billion laughs" document) | anchors (&name) and aliases are fine for reuse, but not copies of copies; write the repeated parts out',
    );
  });

  it('a few aliases for reuse are fine', () => {
    expect(parseYamlLocated('base: &b { sex: male }\nx: *b\ny: *b\n', 'x.yaml').value).toEqual({ base: { sex: 'male' }, x: { sex: 'male' }, y: { sex: 'male' } });
  });

  it('duplicate keys, in block and flow mappings', () => {
    expect(lines(scenario('id: a\ntitle: { uk: a, en: b, uk: c }\nid: b\n'))).toEqual([
      "x.yaml:2:24 key 'uk' appears twice in this mapping (first on line 2)",
      "x.yaml:2:24 key 'uk' appears twice in this mapping (first on line 2) | each key may appear once in a mapping",
      "x.yaml:3:1 key 'id' appears twice in this mapping (first on line 1) | each key may appear once in a mapping",
    ]);
  });

  it('deep nesting: beyond the limit, and beyond what the parser can recurse into', () => {
    const block = Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}k${i}:\n`).join('');
    expect(lines(scenario(block))).toContain('x.yaml:65:129 nested deeper than 64 levels | a scenario needs a handful of levels; this file is generated by mistake or broken');
    const flow = `id: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const e = scenario(flow);
    expect(e.exitCode).toBe(2);
    expect(e.details[0]!.message).toBe('nested deeper than 64 levels');
  });

  it('a NUL byte, an empty file and a file of comments only', () => {
    expect(lines(scenario('id: a\ntitle: b\0c\n'))).toContain('x.yaml:2:9 the file contains a NUL byte (0x00): it is binary, not YAML text | save the file as UTF-8 text; convert a Windows-1251 file, e.g. iconv -f cp1251 -t utf-8');
    for (const text of ['', '\n\n', '# only a comment\n']) {
      expect(lines(scenario(text))).toContain('x.yaml:1:1 the file is empty: it holds no YAML document | a scenario starts with id:, title:, role:, covers:, clock: and steps: — see scenarios/dms for examples');
    }
  });

  it('too many nodes', () => {
    const e = refusal(() => parseYamlLocated(`list: [${'1,'.repeat(200)}1]\n`, 'x.yaml', 'E_YAML_SYNTAX', { ...INPUT_LIMITS, maxNodes: 100 }));
    expect(lines(e)).toContain('x.yaml:1:202 more than 100 YAML nodes (keys, values, list items) | split the file; polihon refuses input this large so that validation stays fast');
  });

  it('a huge single line is read, and quoted in messages only in part', () => {
    const e = scenario(`${HEAD}steps:\n  - type: ${'x'.repeat(500_000)}\n`);
    expect(e.details[0]!.message).toBe(`unknown step type '${'x'.repeat(60)}… (500000 characters)'`);
  });
});

describe("virtual time past the calendar's range", () => {
  const scenario = (start: string, steps: string) =>
    refusal(() => parseScenario(`${HEAD.replace('2026-04-14T09:30:00+03:00', start)}steps:\n${steps}`, 'x.yaml')).details.map((d) => `${d.where} ${d.message}`);
  const range = "the clock would leave the calendar's range (0001-01-01 – 9998-12-31 (Kyiv))";

  it('is found at validation, at the step that leaves it', () => {
    const steps = '  - type: advance\n    by: 100 days\n  - type: advance\n    by: 300 days\n';
    expect(scenario('9998-01-01T10:00:00+02:00', steps)).toEqual([`x.yaml:10:9 ${range}: 9999-02-05T08:00:00.000Z`]);
    const expectStep = '  - type: expect\n    at: dms\n    service: dms.act.submit\n    within: 400 working days\n';
    expect(scenario('9998-01-01T10:00:00+02:00', expectStep)[0]).toMatch(/^x\.yaml:10:13 the clock would leave the calendar's range/);
    expect(scenario('9999-03-01T10:00:00+02:00', '  - type: advance\n    by: 1s\n')[0]).toMatch(/^x\.yaml:5:17 the clock would leave the calendar's range .*: 9999-03-01T08:00:00\.000Z$/);
    expect(scenario('2026-01-01T10:00:00+02:00', '  - type: advance\n    by: 30000 working days\n')[0]).toBe('x.yaml:8:9 one clock move counts at most 26000 working days, not 30000');
  });

  it('is a located scenario error when a step runs, not a crash', async () => {
    const ctx = { clock: createVirtualClock(CLOCK_RANGE.toMs - 1000), calendar: DEFAULT_CALENDAR, settleMs: 0, signal: new AbortController().signal } as unknown as StepContext;
    const e = await advanceStep.run({ by: '1 day' }, ctx).then(() => undefined, (err: unknown) => err as PolihonError);
    expect(e).toBeInstanceOf(PolihonError);
    expect([e!.code, e!.exitCode]).toEqual(['E_SCENARIO_INVALID', 2]);
    expect(e!.message).toMatch(/^the clock would leave the calendar's range/);
    expect(ctx.clock.now()).toBe(CLOCK_RANGE.toMs - 1000);
  });
});

describe('hostile files are refused before they are parsed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polihon-hostile-'));
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('bytes that are not UTF-8 (a Windows-1251 file), located', () => {
    const e = refusal(() => readInputFile(file('cp1251.yaml', Buffer.concat([Buffer.from('id: a\ntitle: '), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('\n')])), { shown: 'cp1251.yaml' }));
    expect(e.exitCode).toBe(2);
    expect(lines(e)).toContain('cp1251.yaml:2:8 the file is not UTF-8: byte 0xCF cannot be part of a UTF-8 character | save the file as UTF-8 text; convert a Windows-1251 file, e.g. iconv -f cp1251 -t utf-8');
    // Ukrainian in UTF-8 is, of course, fine; so are 4-byte characters
    expect(readInputFile(file('uk.yaml', 'title: Привіт 🇺🇦\n'))).toBe('title: Привіт 🇺🇦\n');
  });

  it('a file over 1 MiB, a directory, and /dev/zero behind a .yaml name', () => {
    const big = refusal(() => readInputFile(file('big.yaml', `a: "${'x'.repeat(INPUT_LIMITS.maxBytes)}"\n`), { shown: 'big.yaml' }));
    expect(big.exitCode).toBe(2);
    expect(big.message).toBe(`big.yaml is ${INPUT_LIMITS.maxBytes + 6} bytes; polihon reads at most 1048576 bytes (1 MiB) from one file`);
    mkdirSync(join(dir, 'folder.yaml'));
    expect(refusal(() => readInputFile(join(dir, 'folder.yaml'), { shown: 'folder.yaml' })).message).toBe('folder.yaml is not a regular file but a directory');
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const zero = refusal(() => readInputFile(join(dir, 'zero.yaml'), { shown: 'zero.yaml' }));
    expect(zero.exitCode).toBe(2);
    expect(zero.message).toBe('zero.yaml is not a regular file but a character device');
  });

  it('participant profiles and load profiles go through the same reader', () => {
    mkdirSync(join(dir, 'sut.yaml'), { recursive: true });
    const sut = refusal(() => loadProfile(join(dir, 'sut.yaml')));
    expect([sut.code, sut.exitCode]).toEqual(['E_PROFILE_INVALID', 2]);
    expect(sut.message).toMatch(/sut\.yaml is not a regular file but a directory$/);
    const nul = refusal(() => loadProfile(file('nul.sut.yaml', 'name: a\0\n')));
    expect([nul.code, nul.details[0]!.message]).toEqual(['E_PROFILE_INVALID', 'the file contains a NUL byte (0x00): it is binary, not YAML text']);
    const bomb = refusal(() => readLoadProfile(file('load.yaml', 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'), { cwd: dir }));
    expect(bomb.exitCode).toBe(2);
    expect(bomb.details[0]!.message).toMatch(/^YAML aliases \(\*name\) expand into too many copies/);
    expect(refusal(() => loadProfile(join(dir, 'missing.yaml'))).code).toBe('E_FILE_NOT_FOUND');
  });
});

function polihon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'polihon.mjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 110_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('polihon validate on hostile files', { timeout: 120_000 }, () => {
  it('exits 2 with every file located, in one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polihon-hostile-cli-'));
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]\n`;
    writeFileSync(join(dir, 'bomb.yaml'), bomb);
    writeFileSync(join(dir, 'dup.yaml'), 'id: a\nid: b\n');
    writeFileSync(join(dir, 'deep.yaml'), `id: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    writeFileSync(join(dir, 'cp1251.yaml'), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xcf, 0x0a]));
    writeFileSync(join(dir, 'nul.yaml'), 'id: a\0\n');
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'huge.yaml'), `id: "${'x'.repeat(2 * INPUT_LIMITS.maxBytes)}"\n`);
    writeFileSync(join(dir, 'zz-many.yaml'), brokenScenario(3000));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const r = await polihon(['validate', dir]);
    expect(r.stderr).not.toMatch(/E_INTERNAL|bug in polihon|at .*\.ts:\d+/);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^E_SCENARIO_INVALID: \d+ problems in the scenarios; nothing was run/);
    for (const expected of [
      /bomb\.yaml:2:8: YAML aliases \(\*name\) expand into too many copies: 81 aliases/,
      /dup\.yaml:2:1: key 'id' appears twice in this mapping \(first on line 1\)/,
      /deep\.yaml:1:\d+: nested deeper than 64 levels/,
      /cp1251\.yaml:1:5: the file is not UTF-8: byte 0xCF/,
      /nul\.yaml:1:6: the file contains a NUL byte/,
      /empty\.yaml:1:1: the file is empty/,
      /huge\.yaml: \S*huge\.yaml is \d+ bytes; polihon reads at most 1048576 bytes \(1 MiB\) from one file/,
      /zero\.yaml: \S*zero\.yaml is not a regular file but a character device/,
      /… and \d+ more problems, not shown\n {4}hint: the first 100 are shown; fix them and run validate again/,
    ]) {
      expect(r.stderr).toMatch(expected);
    }
  });

  it('a directory given as the participant profile exits 2', async () => {
    const r = await polihon(['validate', join(ROOT, 'scenarios', 'dms', 'declaration.yaml'), '--sut', join(ROOT, 'scenarios')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^E_PROFILE_INVALID \S+scenarios: \S+scenarios is not a regular file but a directory/);
  });
});
