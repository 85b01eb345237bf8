// Benchmark targets run as child processes, each on its own event loop (or JVM) apart from the load generator,
// so a target never shares a thread with autocannon. Linux /proc gives their CPU time and resident memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Target {
  name: string;
  url: string;
  pid: number;
  /** user + system CPU seconds the process has used so far (every thread), or undefined without /proc */
  cpuSeconds(): number | undefined;
  /** resident set size in bytes, or undefined without /proc */
  rssBytes(): number | undefined;
  /** last lines the process wrote, for error messages */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnTargetOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** reads one output line; returns the base URL once the target is listening */
  ready(line: string): string | undefined;
  /** real ms to wait for ready */
  timeoutMs: number;
}

/** The clock-tick rate of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const CLK_TCK = 100;

export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by every process on the machine but `exclude`, by pid; empty without /proc. */
export function cpuByProcess(exclude: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    const pid = Number(d);
    if (exclude.has(pid)) continue;
    const s = procCpuSeconds(pid);
    if (s !== undefined) out.set(pid, s);
  }
  return out;
}

/**
 * CPU seconds the other processes used between two cpuByProcess snapshots: what a process that lived through both
 * used in between, plus all of what a new one used (a process that ended in between is missed).
 */
export function cpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += Math.max(0, s - (before.get(pid) ?? 0));
  return total;
}

export function procRssBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function spawnTarget(options: SpawnTargetOptions): Promise<Target> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines: string[] = [];
  const keep = (text: string) => {
    for (const l of text.split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  return new Promise<Target>((resolve, reject) => {
    let settled = false;
    let partial = '';
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not start: ${why}${lines.length ? `\n  last output:\n    ${lines.slice(-10).join('\n    ')}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${options.timeoutMs} ms`), options.timeoutMs);
    child.on('error', (err) => fail(err.message));
    child.on('exit', (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`));
    child.stderr.setEncoding('utf8').on('data', keep);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      keep(chunk);
      if (settled) return;
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        const url = options.ready(line);
        if (url === undefined) continue;
        settled = true;
        clearTimeout(timer);
        resolve(handle(options.name, child, url, () => lines.join('\n')));
        return;
      }
    });
  });
}

function handle(name: string, child: ChildProcess, url: string, output: () => string): Target {
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    name,
    url,
    pid,
    cpuSeconds: () => procCpuSeconds(pid),
    rssBytes: () => procRssBytes(pid),
    output,
    async stop() {
      // closing stdin asks a node target to close its server; SIGTERM for the rest; SIGKILL if it lingers
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
