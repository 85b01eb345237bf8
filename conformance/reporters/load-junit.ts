// Thresholds as JUnit test cases: one <testsuite> per load run, one <testcase> per threshold, a <failure> when
// it did not hold. Used alone for `polihon load` and appended to a conformance run's junit.xml.
import type { LoadReport } from '../../load/report.ts';
import { xmlAttr, xmlText } from './junit.ts';

export interface LoadTally {
  tests: number;
  failures: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The <testsuite> of one load run, with its tally. */
export function loadSuite(r: LoadReport): { xml: string; tally: LoadTally } {
  const failures = r.thresholds.filter((t) => !t.ok).length;
  const cases = r.thresholds
    .map((t) => {
      const open = `    <testcase name="${xmlAttr(`threshold ${t.expression}`)}" classname="${xmlAttr(`load.${r.profile.name}`)}" time="${seconds(r.run.activeMs)}">\n`;
      const body = t.ok
        ? `      <system-out>${xmlText(`observed ${t.observedText}`)}</system-out>\n`
        : `      <failure message="${xmlAttr(`${t.expression}: observed ${t.observedText}`)}" type="threshold">${xmlText(`${t.aggregate} observed ${t.observedText}; the threshold ${t.expression} does not hold`)}</failure>\n`;
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
    `  <testsuite name="${xmlAttr(`load: ${r.profile.name}`)}" tests="${r.thresholds.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(r.run.wallMs)}" timestamp="${xmlAttr(r.run.startedAt)}">\n` +
    props +
    cases +
    `  </testsuite>\n`;
  return { xml, tally: { tests: r.thresholds.length, failures } };
}

/** junit.xml of a standalone load run. */
export function toLoadJUnit(r: LoadReport): string {
  const { xml, tally } = loadSuite(r);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`polihon load (engine: ${r.engine.name}): ${r.profile.name}`)}" tests="${tally.tests}" failures="${tally.failures}" errors="0" skipped="0" time="${seconds(r.run.wallMs)}" timestamp="${xmlAttr(r.run.startedAt)}">\n` +
    xml +
    `</testsuites>\n`
  );
}
