// Served ДМС's CPU per act, for comparing two checkouts on a busy machine (docs/performance.md, "Hot path, third
// pass"): starts <checkout>/bench/targets/dms-server.ts in its own process, sends new acts over HTTP from this one at
// a fixed number of connections, and prints one JSON line with the server's CPU per act — the process's, its main
// thread's and its other threads' (from /proc, Linux only) — which waiting for a core does not inflate as it does
// wall time. A fourth argument makes the server write a V8 CPU profile there (one file per thread).
//   npx tsx bench/served-dms.ts <checkout> [acts=3000] [connections=20] [profile dir]
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createActFeed } from './acts.ts';
const root = process.argv[2]!;
const acts = Number(process.argv[3] ?? 3000);
const conc = Number(process.argv[4] ?? 20);
const prof = process.argv[5];
const child = spawn('node', [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', 'bench/targets/dms-server.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const line: string = await new Promise((r) => createInterface({ input: child.stdout! }).once('line', r));
const url = (JSON.parse(line) as { url: string }).url;
const ticks = () => {
  let main = 0, all = 0;
  for (const t of readdirSync(`/proc/${child.pid}/task`)) {
    const s = readFileSync(`/proc/${child.pid}/task/${t}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const v = (Number(f[11]) + Number(f[12])) * 10_000;
    all += v;
    if (Number(t) === child.pid) main += v;
  }
  return { main, all };
};
const feed = createActFeed({ seed: 1, persons: 2_000, now: Date.now() });
const statuses: Record<number, number> = {};
const run = async (n: number) => {
  let left = n;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (left-- > 0) {
      const res = await fetch(`${url}/dms/v1/acts`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: feed.next() });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }));
};
await run(1500);
for (const k of Object.keys(statuses)) delete statuses[Number(k)];
// wait for the warm-up's sealing to settle
await new Promise((r) => setTimeout(r, 300));
const a = ticks(); const t0 = performance.now();
await run(acts);
await new Promise((r) => setTimeout(r, 300));
const b = ticks();
console.log(JSON.stringify({ root, load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0], acts, perActUs: Math.round((b.all - a.all) / acts), mainUs: Math.round((b.main - a.main) / acts), othersUs: Math.round((b.all - a.all - b.main + a.main) / acts), rps: Math.round(acts / ((performance.now() - t0 - 300) / 1000)), statuses }));
child.stdin!.end();
await new Promise((r) => child.once('exit', r));
// a measurement with any other answer than 201 (a retry, a rejection) measured other work
if (Object.keys(statuses).some((s) => s !== '201')) {
  process.stderr.write(`served-dms: INVALID MEASUREMENT — statuses ${JSON.stringify(statuses)}\n`);
  process.exitCode = 1;
}
