// Child process: the Трембіта simulator's SOAP consumer side called in-process, one message after another — no HTTP
// in or out, no concurrency — to tell the simulator's own cost per message from the transports'. The provider is
// bench/soap.ts providerAnswer called through ctx.fetch in this process (timed, and taken out of the figures);
// the journal is the bounded one of trembita-server.ts, each append timed. Prints one JSON line with the figures.
// Profile it: node --cpu-prof --cpu-prof-dir=.polihon/bench/profile --import tsx bench/targets/trembita-inprocess.ts 20000 5000
import { createTimedJournal } from './timed-journal.ts';
import { createSimulatorHost } from '../../simulators/host.ts';
import { answerProblem, BENCH_SOAP, benchRegistryPatch, createEnvelopeFeed, providerAnswer } from '../soap.ts';
import { createLatencyHistogram } from '../stats.ts';
import { mainThreadCpuUs } from './thread-cpu.ts';

const messages = Number(process.argv[2] ?? 5000);
const warmup = Number(process.argv[3] ?? 2000);
const PROVIDER = 'http://provider.bench.polihon.test';
const { clock, journal, stats: appendStats, resetStats } = createTimedJournal();
let providerMs = 0;
const provider = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const t = performance.now();
  const url = String(input instanceof Request ? input.url : input);
  if (url !== `${PROVIDER}${BENCH_SOAP.providerPath}`) throw new TypeError(`the in-process provider was asked for ${url}`);
  const request = await new Response(init?.body ?? null).text();
  const answer = providerAnswer(request);
  const res = new Response(answer.ok ? answer.text : 'unreadable', { status: answer.ok ? 200 : 500, headers: { 'content-type': BENCH_SOAP.contentType } });
  providerMs += performance.now() - t;
  return res;
};
const host = createSimulatorHost({
  clock,
  journal,
  seed: 1,
  calendar: { martialLaw: true },
  fetch: provider,
  endpoints: { 'participant.provider': PROVIDER },
  simulators: ['trembita'],
});
const trembita = host.get('trembita');
const register = async () => {
  const res = await host.request('trembita', 'POST', '/__polihon/registry', benchRegistryPatch());
  if (res.status !== 200) throw new Error(`registering the bench service answered ${res.status}: ${JSON.stringify(res.body)}`);
};
const feed = createEnvelopeFeed({ seed: 1, persons: 2_000, now: Date.now() });
const statuses: Record<string, number> = {};
const problems: Record<string, number> = {};

async function send(): Promise<number> {
  const envelope = feed.next();
  const res = await trembita.handle(
    new Request('http://trembita.polihon.test/', {
      method: 'POST',
      headers: { 'content-type': BENCH_SOAP.contentType, soapaction: BENCH_SOAP.soapAction },
      body: envelope,
    }),
  );
  const text = await res.text();
  const problem = answerProblem(text, envelope);
  if (problem) problems[problem] = (problems[problem] ?? 0) + 1;
  return res.status;
}

await register();
for (let i = 0; i < warmup; i++) await send();
host.reset();
await register();
for (const k of Object.keys(problems)) delete problems[k];
resetStats();
providerMs = 0;
const perMessage = createLatencyHistogram();
const started = performance.now();
const cpuStart = process.cpuUsage();
const mainStart = mainThreadCpuUs();
for (let i = 0; i < messages; i++) {
  const t = performance.now();
  const status = await send();
  perMessage.record(performance.now() - t);
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
// what the bounded journal holds: the heap after a full collection with it full, and again once it is emptied, the
// simulator reset before both (the bench runs this with --expose-gc; without it the figures are left out)
let memory: { heapFullMiB: number; heapEmptiedMiB: number; entries: number } | undefined;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  host.reset();
  const entries = Math.min(journal.count(), 20_000);
  const heapFullMiB = heap();
  journal.clear();
  memory = { heapFullMiB, heapEmptiedMiB: heap(), entries };
}
process.stdout.write(
  `${JSON.stringify({
    messages,
    seconds,
    cpuUs,
    mainCpuUs,
    statuses,
    problems,
    providerMs,
    perMessage: { p50: perMessage.percentile(50), p99: perMessage.percentile(99), max: perMessage.max, mean: perMessage.mean },
    journal: { ...appendStats },
    ...(memory ? { memory } : {}),
  })}\n`,
);
