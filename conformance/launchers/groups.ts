// The process groups of the participants this process started, apart from the launcher: the CLI's exit and Ctrl-C
// hooks kill them, and must not load the whole conformance engine (through command.ts) to be installed.

/** Process groups of participants this process spawned and has not stopped. */
export const liveGroups = new Set<number>();

/**
 * Kills every participant process group still alive, at once and synchronously: for paths that cannot wait for
 * stop() — a second Ctrl-C, the process exiting. Example: process.on('exit', () => killLaunchedGroups()).
 */
export function killLaunchedGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
}
