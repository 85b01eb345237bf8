// The hostile participant (issue 9 item 10): the reference hromada registry with `tamper-control` reaches for the
// harness's control API on the simulators' ports at every reset — resets ДМС, moves the clock, deletes faults,
// revokes ДМС's right to call it on Трембіта, reads the journal. A real run refuses each, journals it, warns of it
// in the report in both languages, and judges exactly as for the correct registry.
import { describe, expect, it } from 'vitest';
import { render } from '../core/i18n.ts';
import { createConsoleReporter } from '../conformance/reporters/console.ts';
import { toHtml } from '../conformance/reporters/html.ts';
import { toJUnit } from '../conformance/reporters/junit.ts';
import { runView } from '../conformance/reporters/view.ts';
import { CONTROL_CALL_SERVICE } from '../simulators/transport/control-port.ts';
import { dmsScenarios, runReference } from './helpers.ts';

describe('a hostile participant against the control plane', { timeout: 120_000 }, () => {
  it('is refused every control call during a real run; the journal and the report show each, the verdicts stand', async () => {
    // ДМС asks the participant through Трембіта in dms-verification: a revoked right would show there
    const scenarios = dmsScenarios().filter((s) => s.id === 'dms-declaration' || s.id === 'dms-verification');
    const out = await runReference(['tamper-control'], scenarios);

    expect(out.report.scenarios.map((s) => [s.id, s.outcome, s.message])).toEqual(scenarios.map((s) => [s.id, 'pass', undefined]));
    expect(out.report.run.exitCode).toBe(0);
    expect(out.report.verdicts.filter((v) => v.outcome !== 'pass' && v.outcome !== 'not-covered')).toEqual([]);
    expect(out.report.participant.faults).toEqual(['tamper-control']);

    // every attempt journalled as the participant's, refused; reading the clock is not an attempt
    const attempts = out.journal.entries({ service: CONTROL_CALL_SERVICE });
    const calls = new Set(attempts.map((e) => `${e.to} ${e.method} ${e.path}`));
    expect(calls).toEqual(
      new Set(['dms POST /__polihon/reset', 'dms DELETE /__polihon/faults', 'dms GET /__polihon/journal', 'dms POST /__polihon/clock', 'trembita POST /__polihon/registry']),
    );
    expect(attempts.every((e) => e.kind === 'event' && e.channel === 'control' && e.from === 'participant' && e.status === 404 && e.outcome === 'refused')).toBe(true);
    // six calls a reset (the reset twice: once spelt %5F%5Fpolihon), one reset a scenario
    expect(attempts).toHaveLength(6 * scenarios.length);
    expect(out.report.journal.intact).toBe(true);

    for (const s of out.report.scenarios) {
      const range = out.report.journal.scenarios!.find((r) => r.scenario === s.id)!;
      const own = attempts.filter((e) => e.seq >= range.fromSeq && e.seq <= range.toSeq);
      expect(own).toHaveLength(6);
      const warnings = s.warnings ?? [];
      expect(warnings.map((w) => w.message).sort()).toEqual(
        [
          'the participant called the control API: DELETE /__polihon/faults at dms, 1 time; refused (404), the verdicts are not affected',
          'the participant called the control API: GET /__polihon/journal at dms, 1 time; refused (404), the verdicts are not affected',
          'the participant called the control API: POST /__polihon/clock at dms, 1 time; refused (404), the verdicts are not affected',
          'the participant called the control API: POST /__polihon/registry at trembita, 1 time; refused (404), the verdicts are not affected',
          'the participant called the control API: POST /__polihon/reset at dms, 2 times; refused (404), the verdicts are not affected',
        ].sort(),
      );
      expect(warnings.flatMap((w) => w.journalRefs).sort((a, b) => a - b)).toEqual(own.map((e) => e.seq));
      expect(warnings.map((w) => render(w.msg, 'uk'))).toContain('учасник звернувся до керувального API: POST /__polihon/clock на dms, 1 раз; відмовлено (404), на висновки це не вплинуло');
    }

    // the console says it, in both languages and in CI logs alike
    for (const [lang, line] of [
      ['en', 'WARN dms-declaration: the participant called the control API: POST /__polihon/clock at dms'],
      ['uk', 'ПОПЕРЕДЖЕННЯ dms-declaration: учасник звернувся до керувального API: POST /__polihon/clock на dms'],
    ] as const) {
      let text = '';
      const console = createConsoleReporter({ write: (s) => void (text += s), tty: false, lang });
      for (const s of out.report.scenarios) console.onScenarioEnd?.(s);
      expect(text).toContain(line);
    }
    expect(toJUnit(runView(out.report), { lang: 'en' })).toContain('<system-out>WARN the participant called the control API: POST /__polihon/reset at dms, 2 times');
    const html = toHtml(runView(out.report, out.journal.entries()));
    expect(html).toContain('the participant called the control API: POST /__polihon/clock at dms');
    expect(html).toContain('учасник звернувся до керувального API: POST /__polihon/clock на dms');
  });

  it('the correct registry, which only reads the clock, is warned of nothing', async () => {
    const out = await runReference([], dmsScenarios().filter((s) => s.id === 'dms-declaration'));
    expect(out.report.scenarios.map((s) => [s.id, s.outcome, s.warnings])).toEqual([['dms-declaration', 'pass', undefined]]);
    expect(out.journal.entries({ service: CONTROL_CALL_SERVICE })).toEqual([]);
  });
});
