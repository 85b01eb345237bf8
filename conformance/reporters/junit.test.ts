import { describe, expect, it } from 'vitest';
import { msg } from '../../core/i18n.ts';
import type { ScenarioResult } from '../../core/results.ts';
import { DRV } from '../messages.ts';
import { S } from '../steps/messages.ts';
import type { RunReport } from '../report-model.ts';
import { toJUnit as renderJUnit, xmlAttr, xmlText, type JUnitOptions } from './junit.ts';
import { RAW_LAST_NAME, RAW_RNOKPP, sampleRun } from './test-fixture.ts';
import { runView } from './view.ts';

// the renderer reads a view (masked once, frozen); these tests give it a report as a run would
const toJUnit = (report: RunReport, options?: JUnitOptions) => renderJUnit(runView(report), options);

const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** times and timestamps change from run to run; everything else in the XML is a function of the report */
const normalise = (xml: string) => xml.replace(/ time="[\d.]+"/g, ' time="T"').replace(/ timestamp="[^"]*"/g, ' timestamp="TS"');

describe('toJUnit', () => {
  const { report } = sampleRun();
  const xml = toJUnit(report);
  const root = /<testsuites[^>]*>/.exec(xml)?.[0] ?? '';

  it('counts tests, failures, errors and skipped on the root', () => {
    // 2 + 3 + 2 steps; one fail, one error, two skipped (the warn step counts as a passing test)
    expect(attr(root, 'tests')).toBe('7');
    expect(attr(root, 'failures')).toBe('1');
    expect(attr(root, 'errors')).toBe('1');
    expect(attr(root, 'skipped')).toBe('2');
  });

  it('has a testsuite per scenario and a testcase per step, each closed', () => {
    expect(count(xml, /<testsuite\s/g)).toBe(3);
    expect(count(xml, /<\/testsuite>/g)).toBe(3);
    expect(count(xml, /<testcase\s/g)).toBe(7);
    expect(count(xml, /<\/testcase>/g)).toBe(7);
    expect(count(xml, /<failure\s/g)).toBe(1);
    expect(count(xml, /<error\s/g)).toBe(1);
    expect(count(xml, /<skipped[\s/]/g)).toBe(2);
    const late = /<testsuite[^>]*name="dms-act-late"[^>]*>/.exec(xml)?.[0] ?? '';
    expect([attr(late, 'tests'), attr(late, 'failures'), attr(late, 'errors'), attr(late, 'skipped')]).toEqual(['3', '1', '0', '1']);
  });

  it('names testcases `step-id: title` with the scenario id as classname', () => {
    expect(xml).toContain('<testcase name="act-arrives: the act reaches ДМС the same day" classname="dms-act-late"');
  });

  it('puts expected and actual into the failure and the code into the error', () => {
    const failure = /<failure[^>]*>([\s\S]*?)<\/failure>/.exec(xml);
    expect(failure?.[0]).toContain('type="fail"');
    expect(failure?.[1]).toContain('expected: {');
    expect(failure?.[1]).toContain('"date": "2026-01-05"');
    expect(failure?.[1]).toContain('"date": "2026-01-06"');
    expect(failure?.[1]).toContain('journal: #3, #4');
    const error = /<error[^>]*>/.exec(xml)?.[0] ?? '';
    expect(attr(error, 'type')).toBe('E_SUT_UNREACHABLE');
    expect(xml).toContain('hint: is the participant running?');
  });

  it('carries requirement ids as properties', () => {
    expect(xml).toContain('<property name="requirement" value="DMS-02"/>');
    expect(count(xml, /<property name="requirement" value="DMS-07"\/>/g)).toBe(3); // suite + two steps
  });

  it('masks personal data when the run is masked, and keeps it when not', () => {
    expect(xml).not.toContain(RAW_RNOKPP);
    expect(xml).not.toContain(RAW_LAST_NAME);
    expect(xml).toContain('17******76');
    const unmasked = toJUnit(sampleRun({ masked: false }).report);
    expect(unmasked).toContain(RAW_RNOKPP);
  });

  it('drops characters XML cannot hold', () => {
    // the error message in the fixture ends with a BEL character
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('connection refused ');
  });

  it('matches the snapshot once times are normalised', async () => {
    await expect(normalise(xml)).toMatchFileSnapshot('__snapshots__/junit.sample.xml');
  });

  it('gives a scenario that broke before any step a testcase of its own', () => {
    const broken: ScenarioResult = {
      id: 'broken',
      file: 'scenarios/x.yaml',
      title: { uk: 'Зламаний', en: 'Broken' },
      role: 'hromada-registry',
      covers: [],
      outcome: 'error',
      errorCode: 'E_SUT_START',
      message: 'participant did not start',
      steps: [],
      wallMs: 5,
    };
    const out = toJUnit({ ...report, scenarios: [broken] });
    expect(out).toMatch(/<testcase name="\(scenario\): Broken" classname="broken"/);
    expect(out).toMatch(/<error message="participant did not start" type="E_SUT_START">/);
    expect(attr(/<testsuites[^>]*>/.exec(out)?.[0] ?? '', 'errors')).toBe('1');
  });
});

describe('XML escaping', () => {
  it.each([
    ['<a & b>', '&lt;a &amp; b&gt;'],
    ['end ]]> of CDATA', 'end ]]&gt; of CDATA'],
    ['bell\u0007 nul\u0000 tab\t ok', 'bell nul tab\t ok'],
    ['lone \uD800 surrogate, pair 😀', 'lone  surrogate, pair 😀'],
  ])('text %j', (input, output) => {
    expect(xmlText(input)).toBe(output);
  });

  it('escapes quotes and line breaks in attributes', () => {
    expect(xmlAttr('say "hi"\nnext\tline')).toBe('say &quot;hi&quot;&#10;next&#9;line');
  });

  it('keeps a hostile message from breaking the document', () => {
    const { report } = sampleRun();
    const step = report.scenarios[1]!.steps[0]!;
    const hostile = { ...step, message: '"/><injected/><x a="]]>\u0001' };
    const out = toJUnit({ ...report, scenarios: [{ ...report.scenarios[1]!, steps: [hostile] }] });
    expect(out).not.toContain('<injected/>');
    expect(out).toContain('&quot;/&gt;&lt;injected/&gt;');
  });

  it('speaks the run’s language: carried messages, titles and labels in Ukrainian with lang uk, English by default', () => {
    const { report } = sampleRun();
    const [late, ask] = [report.scenarios[1]!, report.scenarios[2]!];
    const reason = msg(S.sentNone, { service: 'dms.act.submit' });
    const carried = {
      ...late.steps[0]!,
      titles: { uk: 'акт надходить до ДМС', en: 'the act reaches ДМС' },
      msg: reason,
      assertions: [{ ...late.steps[0]!.assertions[0]!, label: msg(S.acceptedLabel), msg: reason, actualMsg: msg(S.nothing) }],
    };
    const erred = { ...ask.steps[0]!, msg: msg(DRV.refused, { what: 'GET /journal', status: 500 }), hintMsg: msg(DRV.refusedHint, { answer: '{}' }) };
    const run = { ...report, scenarios: [{ ...late, steps: [carried] }, { ...ask, steps: [erred] }] };
    const uk = toJUnit(run, { lang: 'uk' });
    expect(uk).toContain('<testcase name="act-arrives: акт надходить до ДМС"');
    expect(uk).toContain('message="учасник узагалі не надіслав запиту dms.act.submit"');
    expect(uk).toContain('НЕВІДПОВІДНІСТЬ симулятор прийняв [DMS-02]');
    expect(uk).toMatch(/очікувано: \{/);
    expect(uk).toContain('фактично:  нічого');
    expect(uk).toContain('підказка: його відповідь: {}; див. контракт тестового драйвера');
    expect(uk).toContain('name="відповідність polihon: ');
    const en = toJUnit(run);
    expect(en).toContain('message="the participant sent no dms.act.submit request at all"');
    expect(en).toContain('actual:   nothing');
  });
});
