// Where the CLI writes: injected so commands are testable without a terminal.
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  color: boolean;
}

export function createOutput(): Output {
  const isTTY = Boolean(process.stdout.isTTY) && !process.env.CI;
  return {
    stdout: (t) => void process.stdout.write(t),
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
