// CPU time of this process's main thread, from /proc (Linux): with sealing in a worker thread, process.cpuUsage()
// counts both, and the main thread's share is what limits a served simulator. Undefined where /proc is not there.
import { readFileSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** user + system CPU of the main thread (its tid is the pid), in µs at 10 ms resolution; undefined without /proc */
export function mainThreadCpuUs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return undefined;
  }
}
