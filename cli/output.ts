// Where the CLI writes: injected so commands are testable without a terminal.
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  color: boolean;
}

let stdoutClosed = false;
let watching = false;
const closedListeners = new Set<() => void>();

/**
 * Calls `listener` once stdout's reader has gone (EPIPE: `polihon run | head`). Returns the unsubscribe.
 * From then on writes to stdout are dropped instead of raising an error nobody can read.
 */
export function onStdoutClosed(listener: () => void): () => void {
  if (stdoutClosed) listener();
  else closedListeners.add(listener);
  return () => void closedListeners.delete(listener);
}

function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (stdoutClosed) return;
    stdoutClosed = true;
    for (const l of closedListeners) l();
  });
}

export function createOutput(): Output {
  watchStdout();
  const isTTY = Boolean(process.stdout.isTTY) && !process.env.CI;
  return {
    stdout: (t) => void (stdoutClosed || process.stdout.write(t)),
    stderr: (t) => void process.stderr.write(t),
    isTTY,
    color: isTTY && !process.env.NO_COLOR,
  };
}

/** Collects output in memory (tests). */
export function createMemoryOutput(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTTY: false, color: false };
}
