// Child process: the ДМС simulator's handler called in-process, one new act after another — no HTTP, no
// concurrency — to tell the simulator's own cost per act from the transport's. The journal is the bounded one of
// dms-server.ts, with each append timed. Prints one JSON line with the figures.
import { createTimedJournal } from './timed-journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { createActFeed } from '../acts.ts';
import { createLatencyHistogram } from '../stats.ts';
import { mainThreadCpuUs } from './thread-cpu.ts';

const acts = Number(process.argv[2] ?? 5000);
const warmup = Number(process.argv[3] ?? 2000);
const { clock, journal, stats: appendStats, resetStats } = createTimedJournal();
const host = createSimulatorHost({
  clock,
  journal,
  seed: 1,
  calendar: { martialLaw: true },
  fetch: (input, init) => fetch(input, init),
  endpoints: {},
  simulators: ['dms'],
});
const dms = host.get('dms');
const feed = createActFeed({ seed: 1, persons: 2_000, now: Date.now() });
const statuses: Record<string, number> = {};

async function send(): Promise<number> {
  const res = await dms.handle(
    new Request('http://dms.polihon.test/dms/v1/acts', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: feed.next(),
    }),
  );
  await res.text();
  return res.status;
}

for (let i = 0; i < warmup; i++) await send();
host.reset();
feed.reset();
resetStats();
const perAct = createLatencyHistogram();
const started = performance.now();
const cpuStart = process.cpuUsage();
const mainStart = mainThreadCpuUs();
for (let i = 0; i < acts; i++) {
  const t = performance.now();
  const status = await send();
  perAct.record(performance.now() - t);
  statuses[status] = (statuses[status] ?? 0) + 1;
}
// the entries still queued for sealing are part of the work the loop caused
journal.flush();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuUs = cpu.user + cpu.system;
const mainEnd = mainThreadCpuUs();
// the main thread's own CPU: what is left on the message path when sealing runs in a worker thread
const mainCpuUs = mainStart === undefined || mainEnd === undefined ? undefined : mainEnd - mainStart;
process.stdout.write(
  `${JSON.stringify({
    acts,
    seconds,
    cpuUs,
    mainCpuUs,
    statuses,
    perAct: { p50: perAct.percentile(50), p99: perAct.percentile(99), max: perAct.max, mean: perAct.mean },
    journal: { ...appendStats },
  })}\n`,
);
