// Section 5 of `npm run bench` (issue 3 item 6): X-Road SOAP pass-through. The caller (autocannon, this process)
// sends ~2.3 KB X-Road request envelopes, each with a new message id, either to the Трембіта simulator's consumer
// side — which checks them, routes them to the service registered at run time and passes the provider's answer back
// with requestHash added — or to a bare node:http proxy; both forward to the SAME plain SOAP provider process. Same
// run, same load settings, same envelopes. Every answer must be a 200, non-fault response to the message it answers.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { cpuPerRequest, InvalidMeasurement, nodeTarget, out, progress, ROOT, sleep, throughputRow, wrongAnswers } from './common.ts';
import { LOAD_SETTINGS, measure, type Measurement } from './load.ts';
import { cpuBetween, cpuByProcess, spawnTarget, type Target } from './process.ts';
import { answerProblem, BENCH_SOAP, benchRegistryPatch, createEnvelopeFeed, providerAnswer, type EnvelopeFeed } from './soap.ts';
import { formatMiB, formatMs, formatPercent, formatRate, formatRatio, formatSignedMs, formatTable, invalidity, ratio } from './stats.ts';

/** issue #3 item 6: the pass-through should reach at least this share of the bare proxy's throughput */
export const TARGET_SHARE_OF_PROXY = 0.4;
/** issue #3 item 6: p99 through Трембіта minus p99 through the bare proxy, at PACED_RATE, below this (ms) */
export const TARGET_ADDED_P99_MS = 5;
/** requests per second of the added-latency comparison */
export const PACED_RATE = 500;
const PATH = '/';
const HEADERS = { 'content-type': BENCH_SOAP.contentType, soapaction: BENCH_SOAP.soapAction };

export interface TrembitaPlan {
  warmupS: number;
  measureS: number;
  /** rounds of (bare proxy, Трембіта) at PACED_RATE, measureS each, interleaved */
  pacedRounds: number;
  /** messages sent to the consumer side in-process, after as many again / 4 to warm up */
  inProcessMessages: number;
}

interface PathEntry {
  key: 'proxy' | 'trembita';
  label: string;
  target: Target;
  /** before each run: Трембіта back to its initial state (seen ids, archive), the bench service registered again */
  prepare: () => Promise<void>;
}

export interface TrembitaInProcess {
  messages: number;
  seconds: number;
  /** the process's CPU over the measured messages, the in-process provider and the sealing of journal entries included */
  cpuUs: number;
  /** the main thread's alone (undefined without /proc), the provider included */
  mainCpuUs?: number;
  statuses: Record<string, number>;
  problems: Record<string, number>;
  providerMs: number;
  perMessage: { p50: number; p99: number; max: number; mean: number };
  journal: { appends: number; ms: number; maxMs: number; sealMs: number };
  /** heap after a full GC with the bounded journal full, and once it is emptied */
  memory?: { heapFullMiB: number; heapEmptiedMiB: number; entries: number };
  othersCpu: number | undefined;
}

export interface TrembitaResult {
  sizes: { min: number; max: number; answerMin: number; answerMax: number };
  urls: { provider: string; proxy: string; trembita: string };
  throughput: { proxy: Measurement; trembita: Measurement };
  paced: { proxy: Measurement; trembita: Measurement }[];
  inProcess: TrembitaInProcess;
  trembitaRss: number | undefined;
}

/** Starts the provider, the bare proxy and the Трембіта simulator; `track` gets each so the bench stops it. */
export async function benchTrembita(plan: TrembitaPlan, track: (t: Target) => void): Promise<TrembitaResult> {
  const feed = createEnvelopeFeed({ seed: 1, persons: 2_000, now: Date.now() });
  const sizes = Array.from({ length: 2_000 }, (_, i) => Buffer.byteLength(feed.envelope(i)));
  const answers = Array.from({ length: 2_000 }, (_, i) => {
    const a = providerAnswer(feed.envelope(i));
    return a.ok ? Buffer.byteLength(a.text) : 0;
  });

  progress('Трембіта: starting the SOAP provider, the bare proxy and the Трембіта simulator');
  const provider = await spawnTarget(nodeTarget('SOAP provider', 'bench/targets/soap-provider.ts'));
  track(provider);
  const providerSoap = `${provider.url}${BENCH_SOAP.providerPath}`;
  const proxy = await spawnTarget(nodeTarget('bare node:http proxy', 'bench/targets/bare-proxy.ts', [providerSoap]));
  track(proxy);
  // POLIHON_BENCH_CPU_PROF=<dir>: the simulator's process writes a V8 CPU profile there when it stops (bench/cpuprofile.ts reads it)
  const profileDir = process.env.POLIHON_BENCH_CPU_PROF;
  const trembita = await spawnTarget(
    nodeTarget('Трембіта simulator', 'bench/targets/trembita-server.ts', [provider.url], profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  );
  track(trembita);
  const prepareTrembita = async () => {
    await control(trembita, 'POST', '/__polihon/reset');
    await control(trembita, 'POST', '/__polihon/registry', benchRegistryPatch());
  };
  await prepareTrembita();
  await checkPaths(feed, providerSoap, proxy, trembita);

  const entries: Record<PathEntry['key'], PathEntry> = {
    proxy: { key: 'proxy', label: 'bare node:http proxy', target: proxy, prepare: async () => undefined },
    trembita: { key: 'trembita', label: 'Трембіта simulator', target: trembita, prepare: prepareTrembita },
  };
  const order = [entries.proxy, entries.trembita];
  const runPath = (entry: PathEntry, durationS: number, rate?: number) => runSoap(entry, feed, provider, durationS, rate);

  // interleaved, so both paths see the same machine: warm-ups, then full speed, then the paced rounds
  for (const entry of order) {
    progress(`${entry.label}: warm-up ${plan.warmupS} s`);
    await runPath(entry, plan.warmupS);
    await sleep(300);
  }
  const throughput = {} as TrembitaResult['throughput'];
  for (const entry of order) {
    progress(`${entry.label}: full speed ${plan.measureS} s`);
    throughput[entry.key] = await runPath(entry, plan.measureS);
    await sleep(300);
  }
  const paced: TrembitaResult['paced'] = [];
  for (let round = 1; round <= plan.pacedRounds; round++) {
    const pair = {} as TrembitaResult['paced'][number];
    for (const entry of order) {
      progress(`${entry.label}: ${PACED_RATE} req/s for ${plan.measureS} s (round ${round} of ${plan.pacedRounds})`);
      pair[entry.key] = await runPath(entry, plan.measureS, PACED_RATE);
      await sleep(300);
    }
    paced.push(pair);
  }
  const trembitaRss = trembita.rssBytes();

  progress(`Трембіта in-process: ${plan.inProcessMessages} messages one after another`);
  const inProcess = await trembitaInProcess(plan);
  return {
    sizes: { min: Math.min(...sizes), max: Math.max(...sizes), answerMin: Math.min(...answers), answerMax: Math.max(...answers) },
    urls: { provider: provider.url, proxy: proxy.url, trembita: trembita.url },
    throughput,
    paced,
    inProcess,
    trembitaRss,
  };
}

async function control(target: Target, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new InvalidMeasurement(`${target.name}: ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function postEnvelope(url: string, envelope: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: HEADERS, body: envelope });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/**
 * Before anything is measured: the provider answers the envelope as it should, the bare proxy gives the provider's
 * answer byte for byte, and Трембіта gives a 200 non-fault response with requestHash added, journalled as answered
 * with the header echoed.
 */
async function checkPaths(feed: EnvelopeFeed, providerSoap: string, proxy: Target, trembita: Target): Promise<void> {
  const envelope = feed.next();
  const expected = providerAnswer(envelope);
  if (!expected.ok) throw new Error(`the provider cannot answer the bench's own envelope: ${expected.reason}`);
  const direct = await postEnvelope(providerSoap, envelope);
  if (direct.status !== 200 || direct.text !== expected.text) throw new Error(`the SOAP provider answered ${direct.status}: ${direct.text.slice(0, 300)}`);
  const viaProxy = await postEnvelope(`${proxy.url}${PATH}`, feed.next());
  if (viaProxy.status !== 200 || answerProblem(viaProxy.text, feed.envelope(feed.issued - 1)) !== undefined || viaProxy.type !== BENCH_SOAP.contentType) {
    throw new Error(`the bare proxy does not pass the provider's answer: ${viaProxy.status} ${viaProxy.type} ${viaProxy.text.slice(0, 300)}`);
  }
  const sent = feed.next();
  const viaTrembita = await postEnvelope(`${trembita.url}${PATH}`, sent);
  const problem = answerProblem(viaTrembita.text, sent);
  if (viaTrembita.status !== 200 || problem !== undefined || !viaTrembita.text.includes('requestHash')) {
    throw new InvalidMeasurement(`Трембіта does not pass the provider's answer (${problem ?? 'no requestHash'}): ${viaTrembita.status} ${viaTrembita.text.slice(0, 500)}`);
  }
  const id = feed.messageId(feed.issued - 1);
  const journal = (await control(trembita, 'GET', `/__polihon/journal?messageId=${encodeURIComponent(id)}&kind=response`)) as {
    entries: { outcome?: string; data?: { echoed?: unknown; isFault?: unknown } }[];
  };
  const entry = journal.entries[0];
  if (entry?.outcome !== 'answered' || entry.data?.echoed !== true || entry.data.isFault !== false) {
    throw new InvalidMeasurement(`Трембіта journalled the check message ${id} as ${JSON.stringify(entry)}; expected answered, echoed, no fault`);
  }
}

async function runSoap(entry: PathEntry, feed: EnvelopeFeed, provider: Target, durationS: number, rate?: number): Promise<Measurement> {
  await entry.prepare();
  const m = await measure({
    target: entry.target,
    method: 'POST',
    path: PATH,
    headers: HEADERS,
    body: feed,
    durationS,
    check: answerProblem,
    companions: [provider],
    ...(rate === undefined ? {} : { rate }),
  });
  const problems = invalidity(m, 200);
  if (problems.length > 0) {
    throw new InvalidMeasurement(`${entry.label} at ${rate === undefined ? 'full speed' : `${rate} req/s`}: ${problems.join('; ')}`);
  }
  return m;
}

/** The consumer side called in-process, in a child process of its own (bench/targets/trembita-inprocess.ts). */
async function trembitaInProcess(plan: TrembitaPlan): Promise<TrembitaInProcess> {
  const warm = Math.round(plan.inProcessMessages / 4);
  const child = execFile(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/targets/trembita-inprocess.ts'), String(plan.inProcessMessages), String(warm)],
    { cwd: ROOT, timeout: 120_000, maxBuffer: 1024 * 1024 },
  );
  const exclude = new Set([process.pid, child.pid ?? -1]);
  const before = cpuByProcess(exclude);
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (text += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`Трембіта in-process run exited with ${code}`))));
  });
  const othersCpu = cpuBetween(before, cpuByProcess(exclude)) / ((performance.now() - started) / 1000);
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Omit<TrembitaInProcess, 'othersCpu'>;
  const problems = invalidity({ statusCounts: r.statuses, errors: 0, timeouts: 0, responses: r.messages, answerProblems: r.problems }, 200);
  if (problems.length > 0) throw new InvalidMeasurement(`Трембіта in-process: ${problems.join('; ')}`);
  return { ...r, othersCpu };
}

/**
 * The added p99 at PACED_RATE: the lowest p99 through Трембіта over the rounds minus the lowest through the bare
 * proxy. Other work on a shared machine only ever adds latency, so each path's least disturbed round is its best
 * estimate; a difference of one round's pair would carry whichever path the machine disturbed more in that round.
 */
export function addedP99(paced: readonly { proxy: { latency: { p99: number } }; trembita: { latency: { p99: number } } }[]): number | undefined {
  if (paced.length === 0) return undefined;
  return Math.min(...paced.map((p) => p.trembita.latency.p99)) - Math.min(...paced.map((p) => p.proxy.latency.p99));
}

const verdict = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'NOT met');

export function printTrembita(r: TrembitaResult, plan: TrembitaPlan): void {
  const { proxy, trembita } = r.throughput;
  out(
    `5. Трембіта SOAP pass-through: caller → Трембіта simulator's consumer side → a plain SOAP provider, against a bare node:http proxy to the same provider (${LOAD_SETTINGS.connections} connections)`,
  );
  out();
  out(
    `messages: X-Road SOAP 4.x over SOAP 1.1, ${BENCH_SOAP.client} calling ${BENCH_SOAP.service}, ${r.sizes.min.toLocaleString('en-US')}–${r.sizes.max.toLocaleString('en-US')} B, ` +
      `a new message id in each, seeded synthetic persons; the provider's answer echoes the X-Road header (${r.sizes.answerMin.toLocaleString('en-US')}–${r.sizes.answerMax.toLocaleString('en-US')} B)`,
  );
  out(`  SOAP provider         ${r.urls.provider}  node:http, its own process; both paths post to ${BENCH_SOAP.providerPath} on it`);
  out(`  bare node:http proxy  ${r.urls.proxy}  streams the body to the provider over a keep-alive pool and its answer back`);
  out(
    `  Трембіта simulator    ${r.urls.trembita}  serveSimulators, real clock, journal bounded as \`polihon serve\`; the service registered with POST /__polihon/registry ` +
      `(provider: participant → endpoints['participant.provider'] = the provider); reset and registered again before each run`,
  );
  out('  every answer checked: HTTP 200, no SOAP Fault, the service\'s response wrapper, the message id of the request it answers (one wrong answer makes the run invalid)');
  out();
  out(
    formatTable(
      ['path (full speed, ' + plan.measureS + ' s)', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'answers', 'faults', 'CPU generator', 'CPU path', 'CPU provider', 'CPU others', 'RSS path'],
      [
        ['bare node:http proxy', ...throughputRow(proxy, ['SOAP provider'])],
        ['Трембіта simulator', ...throughputRow(trembita, ['SOAP provider'])],
      ],
    ),
  );
  out();
  const share = ratio(trembita.rps, proxy.rps);
  out(
    `RATIO throughput Трембіта / bare proxy = ${formatRatio(share)} (target ≥ ${TARGET_SHARE_OF_PROXY}: ${verdict(share === undefined ? undefined : share >= TARGET_SHARE_OF_PROXY)})` +
      ` · Трембіта CPU per message ${cpuPerRequest(trembita)} µs, bare proxy ${cpuPerRequest(proxy)} µs, provider ${cpuPerRequest(proxy, proxy.cpu.companions?.['SOAP provider'])} µs`,
  );
  out();
  out(`At ${PACED_RATE} req/s, evenly paced (the rate search's pacer), ${plan.pacedRounds} round${plan.pacedRounds > 1 ? 's' : ''} of ${plan.measureS} s per path, interleaved:`);
  out();
  out(
    formatTable(
      ['round', 'proxy p50 / p99 ms', 'Трембіта p50 / p99 ms', 'added p50 / p99 ms', 'achieved proxy / Трембіта', 'faults', 'CPU Трембіта', 'CPU others (max)'],
      r.paced.map((p, i) => [
        String(i + 1),
        `${formatMs(p.proxy.latency.p50)} / ${formatMs(p.proxy.latency.p99)}`,
        `${formatMs(p.trembita.latency.p50)} / ${formatMs(p.trembita.latency.p99)}`,
        `${formatSignedMs(p.trembita.latency.p50 - p.proxy.latency.p50)} / ${formatSignedMs(p.trembita.latency.p99 - p.proxy.latency.p99)}`,
        `${formatRate(p.proxy.rps)} / ${formatRate(p.trembita.rps)}`,
        String(wrongAnswers(p.proxy) + wrongAnswers(p.trembita)),
        formatPercent(p.trembita.cpu.target),
        formatPercent(Math.max(p.proxy.cpu.others ?? 0, p.trembita.cpu.others ?? 0)),
      ]),
    ),
  );
  out();
  const added = addedP99(r.paced);
  out(
    `ADDED p99 at ${PACED_RATE} req/s = ${formatSignedMs(added)} ms (Трембіта's lowest p99 over the rounds minus the bare proxy's lowest; target < ${TARGET_ADDED_P99_MS} ms: ` +
      `${verdict(added === undefined ? undefined : added < TARGET_ADDED_P99_MS)})`,
  );
  out();
  const ip = r.inProcess;
  const perMsgUs = (ip.seconds * 1e6) / ip.messages;
  out(`Where Трембіта's time goes: its consumer side called in-process, one message after another (no HTTP in or out), ${ip.messages.toLocaleString('en-US')} messages`);
  out();
  out(
    formatTable(
      ['figure', 'value'],
      [
        ['messages per second (one at a time)', formatRate(ip.messages / ip.seconds)],
        ['time per message, mean µs (provider taken out)', String(Math.round(perMsgUs - (ip.providerMs * 1000) / ip.messages))],
        ['time per message p50 / p99 / max, ms', `${formatMs(ip.perMessage.p50)} / ${formatMs(ip.perMessage.p99)} / ${formatMs(ip.perMessage.max)}`],
        ['CPU per message, µs (provider and the sealing of journal entries included; target ≤ 100 without the provider)', String(Math.round(ip.cpuUs / ip.messages))],
        ["of which the main thread's (the sealing thread's left out)", ip.mainCpuUs === undefined ? '—' : String(Math.round(ip.mainCpuUs / ip.messages))],
        [`journal (${ip.journal.appends / ip.messages} appends per message, and sealing): share of the time`, formatPercent(ip.journal.ms / (ip.seconds * 1000))],
        ['of which sealing (masking, commitments, the chain; after the answer), share of the time', formatPercent(ip.journal.sealMs / (ip.seconds * 1000))],
        ['slowest single journal append, ms', formatMs(ip.journal.maxMs)],
        ['the in-process provider (answer built, bodies read): share of the time', formatPercent(ip.providerMs / (ip.seconds * 1000))],
        ['over HTTP at full speed (above): Трембіта CPU µs per message', cpuPerRequest(trembita)],
        [
          'the journal in memory: entries, heap they hold (KiB per entry)',
          ip.memory && ip.memory.entries > 0
            ? `${ip.memory.entries.toLocaleString('en-US')}, ${Math.round(ip.memory.heapFullMiB - ip.memory.heapEmptiedMiB)} MiB ` +
              `(${(((ip.memory.heapFullMiB - ip.memory.heapEmptiedMiB) * 1024) / ip.memory.entries).toFixed(1)})`
            : '—',
        ],
        ['CPU of other processes meanwhile', formatPercent(ip.othersCpu)],
      ],
    ),
  );
  out();
  out(`Трембіта simulator resident memory after the paced runs: ${formatMiB(r.trembitaRss)} (journal bounded; seen ids and archive emptied by the reset before each run)`);
  out();
}

/** The CPU shares of other processes during this section's runs, for the bench's busy-machine warning. */
export function trembitaOthers(r: TrembitaResult): (number | undefined)[] {
  return [r.throughput.proxy, r.throughput.trembita, ...r.paced.flatMap((p) => [p.proxy, p.trembita])].map((m) => m.cpu.others).concat(r.inProcess.othersCpu);
}
