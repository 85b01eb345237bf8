// A participant that cannot be started or reached is said once per run, on stderr, with the cause and what to
// check — not once per scenario (each scenario still ends `error`, and the run exits 3).
import { t, type Lang } from '../core/i18n.ts';
import type { Reporter } from '../conformance/report-model.ts';
import { M } from './messages.ts';
import type { Output } from './output.ts';

export function unreachableNotice(out: Output, lang: Lang, profilePath: string): Reporter {
  let said = false;
  return {
    onScenarioEnd(result) {
      if (said || (result.errorCode !== 'E_SUT_START' && result.errorCode !== 'E_SUT_UNREACHABLE')) return;
      said = true;
      // the launchers end their message with the last failure underneath, e.g. "(last: connection refused on 127.0.0.1:1)"
      const cause = /\(last: ([^)]+)\)\s*$/.exec(result.message ?? '')?.[1] ?? result.message ?? result.errorCode;
      out.stderr(`${t(M.unreachable, lang, { cause })}\n  ${t(M.unreachableHint, lang, { profile: profilePath })}\n`);
    },
  };
}
