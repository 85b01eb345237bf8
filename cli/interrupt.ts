// Ctrl-C, SIGTERM and a closed stdout pipe during a run: the first stops the run in order (the participant's process
// group stopped, the reports of what ran written, exit 3); a second Ctrl-C quits at once, killing the groups first.
import { killLaunchedGroups } from '../conformance/launchers/groups.ts';
import { EXIT } from '../core/errors.ts';
import { t, type Lang } from '../core/i18n.ts';
import { M } from './messages.ts';
import { onStdoutClosed, type Output } from './output.ts';

export interface Interrupts {
  signal: AbortSignal;
  dispose(): void;
}

let exitHookInstalled = false;

/** Whatever happens to this process, no participant it started outlives it. */
export function killGroupsOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => killLaunchedGroups('SIGKILL'));
}

export function watchInterrupts(out: Output, lang: Lang): Interrupts {
  killGroupsOnExit();
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      out.stderr(t(M.interruptedAgain, lang) + '\n');
      killLaunchedGroups('SIGKILL');
      process.exit(EXIT.harnessError);
    }
    out.stderr(t(M.interrupted, lang, { signal: sig }) + '\n');
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `polihon run … | head`: the reader is gone; stop as for Ctrl-C, without a word (there is no one to read it)
  const unpipe = onStdoutClosed(() => controller.abort('EPIPE'));
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      unpipe();
    },
  };
}
