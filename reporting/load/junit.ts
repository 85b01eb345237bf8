// Thresholds as JUnit test cases: one <testsuite> per load run, one <testcase> per threshold, a <failure> when
// it did not hold. Used alone for `polihon load` and appended to a conformance run's junit.xml.
// A run whose failed thresholds the harness may have caused (outcome inconclusive, load/limits.ts) reports them
// as <error>, as exit 3 does: CI shows the harness broke, not that the participant failed.
import { t, type Lang } from '../../core/i18n.ts';
import { M } from '../../load/messages.ts';
import { sideText, type LoadReport } from '../../load/report.ts';
import { xmlAttr, xmlText } from '../escape.ts';

export interface LoadTally {
  tests: number;
  failures: number;
  errors: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The <testsuite> of one load run, with its tally. */
export function loadSuite(r: Readonly<LoadReport>, lang: Lang = 'en'): { xml: string; tally: LoadTally } {
  const limited = r.run.outcome === 'inconclusive';
  const failed = r.thresholds.filter((th) => !th.ok).length;
  const failures = limited ? 0 : failed;
  const errors = limited ? failed : 0;
  const side = r.limits?.side ? sideText(r.limits.side, lang) : '';
  const cases = r.thresholds
    .map((th) => {
      const open = `    <testcase name="${xmlAttr(`threshold ${th.expression}`)}" classname="${xmlAttr(`load.${r.profile.name}`)}" time="${seconds(r.run.activeMs)}">\n`;
      const params = { aggregate: th.aggregate, value: th.observedText, expr: th.expression, side };
      const message = `${th.expression}: ${t(M.junitObserved, lang, { value: th.observedText })}`;
      const body = th.ok
        ? `      <system-out>${xmlText(t(M.junitObserved, lang, { value: th.observedText }))}</system-out>\n`
        : limited
          ? `      <error message="${xmlAttr(message)}" type="harness-limit">${xmlText(t(M.junitLimited, lang, params))}</error>\n`
          : `      <failure message="${xmlAttr(message)}" type="threshold">${xmlText(t(M.junitFailed, lang, params))}</failure>\n`;
      return `${open}${body}    </testcase>\n`;
    })
    .join('');
  const props =
    `    <properties>\n` +
    `      <property name="engine" value="${xmlAttr(r.engine.name)}"/>\n` +
    `      <property name="target" value="${xmlAttr(r.profile.target)}"/>\n` +
    `      <property name="requests" value="${r.iterations.completed}"/>\n` +
    `      <property name="rps" value="${r.throughput.rps}"/>\n` +
    `    </properties>\n`;
  const xml =
    `  <testsuite name="${xmlAttr(`load: ${r.profile.name}`)}" tests="${r.thresholds.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(r.run.wallMs)}" timestamp="${xmlAttr(r.run.startedAt)}">\n` +
    props +
    cases +
    `  </testsuite>\n`;
  return { xml, tally: { tests: r.thresholds.length, failures, errors } };
}

/** junit.xml of a standalone load run. */
export function toLoadJUnit(r: Readonly<LoadReport>): string {
  const { xml, tally } = loadSuite(r);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`polihon load (engine: ${r.engine.name}): ${r.profile.name}`)}" tests="${tally.tests}" failures="${tally.failures}" errors="${tally.errors}" skipped="0" time="${seconds(r.run.wallMs)}" timestamp="${xmlAttr(r.run.startedAt)}">\n` +
    xml +
    `</testsuites>\n`
  );
}
