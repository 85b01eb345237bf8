// `npm run bench [-- --quick] [-- --no-peer] [-- --no-trembita] [-- --no-engines] [-- --no-cli] [-- --no-diia] [-- --no-eis]`: the ДМС intake
// simulator over HTTP against a bare node:http server giving the same answer and against a peer mock server (WireMock)
// with an equivalent stub, all loaded by one autocannon with the same settings in the same run; the load generator's
// own ceiling; the load engines' generating capacity (engines.ts); Трембіта's SOAP pass-through against a bare proxy
// to the same provider (trembita.ts); the CLI's start against node's (cli-start.ts); and Дія's verification through
// Трембіта against a bare server giving Дія's answer (diia.ts); and ЄІС МВС's notifications delivered and acknowledged
// against a bare sender to the same receiver (eis.ts). See docs/performance.md for how to read the output.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import { createActFeed, type ActFeed } from './acts.ts';
import { benchCliStart, printCliStart, type CliStart } from './cli-start.ts';
import { benchDiia, diiaOthers, printDiia, type DiiaResult } from './diia.ts';
import { benchEis, eisOthers, printEis, type EisResult } from './eis.ts';
import { measureEngine, printEngines, type EngineCapacity } from './engines.ts';
import { InvalidMeasurement, nodeTarget, out, progress, ROOT, searchRate, sleep, WORK_DIR } from './common.ts';
import { LOAD_SETTINGS, measure, type Measurement } from './load.ts';
import { cpuBetween, cpuByProcess, spawnTarget, type Target } from './process.ts';
import {
  formatMiB,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  formatTable,
  invalidity,
  RATE_CRITERIA,
  ratio,
  type RateSearchResult,
} from './stats.ts';
import { startWiremock, WIREMOCK_ARTIFACT, type StubAnswer } from './targets/wiremock.ts';
import { benchTrembita, printTrembita, trembitaOthers, type TrembitaResult } from './trembita.ts';

const PATH = '/dms/v1/acts';
const METHOD = 'POST';
/** issue #2: the ДМС intake over HTTP should reach at least this share of the bare node:http throughput */
const TARGET_SHARE_OF_BARE = 0.5;
/** other processes using more than this share of a core during a measurement make the bench warn */
const BUSY_OTHERS = 0.1;

interface Plan {
  name: 'quick' | 'default';
  warmupS: number;
  measureS: number;
  rateSteps: number;
  rateStepS: number;
  /** acts sent to the ДМС handler in-process, after as many again / 4 to warm up */
  inProcessActs: number;
  /** Трембіта: rounds of (bare proxy, Трембіта) at 500 req/s, measureS each */
  pacedRounds: number;
  /** Трембіта: messages sent to its consumer side in-process */
  inProcessMessages: number;
  /** spawns of `polihon --help`, and as many of `node -e 0` */
  cliRuns: number;
  /** ЄІС МВС: messages through each path to warm it up, then measured */
  eisWarmupMessages: number;
  eisMessages: number;
}

const PLANS: Record<Plan['name'], Plan> = {
  quick: { name: 'quick', warmupS: 1, measureS: 3, rateSteps: 3, rateStepS: 3, inProcessActs: 2_000, pacedRounds: 1, inProcessMessages: 2_000, cliRuns: 5, eisWarmupMessages: 1_000, eisMessages: 3_000 },
  // ДМС's throughput still climbs for several seconds after start (the JIT): a 5 s warm-up for every target
  default: { name: 'default', warmupS: 5, measureS: 10, rateSteps: 5, rateStepS: 5, inProcessActs: 10_000, pacedRounds: 3, inProcessMessages: 10_000, cliRuns: 15, eisWarmupMessages: 5_000, eisMessages: 20_000 },
};

interface TargetEntry {
  key: 'bare' | 'dms' | 'peer';
  label: string;
  target: Target;
  /** called before each run: the ДМС state is emptied so the feed's acts are new again */
  prepare: () => Promise<void>;
}

interface TargetResult {
  entry: TargetEntry;
  throughput: Measurement;
  search: RateSearchResult;
  searchRuns: Measurement[];
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv);
  const unknown = [...flags].filter((f) => !['--quick', '--no-peer', '--no-trembita', '--no-engines', '--no-cli', '--no-diia', '--no-eis', '--help', '-h'].includes(f));
  if (unknown.length > 0 || flags.has('--help') || flags.has('-h')) {
    const usage = [
      'npm run bench [-- --quick] [-- --no-peer] [-- --no-trembita] [-- --no-engines] [-- --no-cli] [-- --no-diia] [-- --no-eis]',
      '  --quick        about 3 s per measurement and a 3-step rate search (a smoke run, about a minute and a half)',
      '  --no-peer      leave out the peer mock server (WireMock)',
      "  --no-trembita  leave out section 5, Трембіта's SOAP pass-through against a bare proxy",
      "  --no-engines   leave out section 6, the embedded load engine's generating capacity beside autocannon's",
      "  --no-cli       leave out section 7, polihon --help's wall time beside node -e 0's",
      "  --no-diia      leave out section 8, Дія's verification through Трембіта against a bare server",
      "  --no-eis       leave out section 9, ЄІС МВС's notifications acknowledged against a bare sender",
    ].join('\n');
    if (unknown.length > 0) {
      process.stderr.write(`bench: unknown option ${unknown.join(' ')}\n${usage}\n`);
      return 2;
    }
    out(usage);
    return 0;
  }
  const plan = flags.has('--quick') ? PLANS.quick : PLANS.default;
  const started = Date.now();
  const targets: Target[] = [];
  const stopAll = () => Promise.all(targets.map((t) => t.stop().catch(() => undefined)));
  process.once('SIGINT', () => {
    process.stderr.write('\nbench: interrupted, stopping the targets\n');
    void stopAll().then(() => process.exit(130));
  });

  try {
    printMachine(plan);
    // first, while no target runs: a spawn's wall time is what the machine's other work leaves it
    const cli = flags.has('--no-cli') ? undefined : benchCliStart(plan.cliRuns);

    // the acts: 2 000 seeded persons, each once per earlier day, so every act of a run is new to ДМС
    const feed = createActFeed({ seed: 1, persons: 2_000, now: Date.now() });
    const sizes = Array.from({ length: 2_000 }, (_, i) => Buffer.byteLength(feed.body(i)));
    out(
      `acts: 2,000 seeded synthetic persons, each once per earlier day; ${Math.min(...sizes)}–${Math.max(...sizes)} B of JSON each; ` +
        `ДМС's state is emptied before each of its runs`,
    );

    progress('starting the ДМС simulator');
    const dms = await spawnTarget(nodeTarget('ДМС simulator', 'bench/targets/dms-server.ts'));
    targets.push(dms);
    const resetDms = async () => {
      // Requests of the run before that were still queued in the simulator when the load tool stopped would otherwise
      // be taken after the reset and turn the same acts of the restarted stream into retries (200): wait until its
      // journal stops growing (bounded; on a busy machine the queue can take a second or more to drain).
      let total = -1;
      for (let i = 0; i < 40; i++) {
        const seen = await fetch(`${dms.url}/__polihon/journal?since=${Number.MAX_SAFE_INTEGER}`);
        const now = ((await seen.json()) as { total: number }).total;
        if (now === total) break;
        total = now;
        await sleep(150);
      }
      const res = await fetch(`${dms.url}/__polihon/reset`, { method: 'POST' });
      await res.text();
      if (!res.ok) throw new InvalidMeasurement(`ДМС reset answered ${res.status}`);
      feed.reset();
    };
    const answer = await probeAnswer(dms.url, feed);
    await resetDms();

    progress('starting the bare node:http server');
    const bare = await spawnTarget(nodeTarget('bare node:http', 'bench/targets/bare-server.ts', [JSON.stringify(answer)]));
    targets.push(bare);
    await checkAnswer(bare, answer, feed);

    let peer: (Target & { version: string }) | undefined;
    let peerNote: string;
    if (flags.has('--no-peer')) {
      peerNote = 'peer: left out (--no-peer)';
    } else {
      progress('starting WireMock (the first run fetches the jar with Maven)');
      try {
        peer = await startWiremock({ dir: WORK_DIR, answer, say: progress });
        targets.push(peer);
        await checkAnswer(peer, answer, feed);
        peerNote = `peer: WireMock ${peer.version} standalone (${WIREMOCK_ARTIFACT} from Maven Central), ${javaVersion()}`;
      } catch (err) {
        if (peer) await peer.stop().catch(() => undefined);
        peer = undefined;
        peerNote = `peer: WireMock could not be had — ${err instanceof Error ? err.message : String(err)}; the peer figures are left out`;
      }
    }

    out(`targets (each its own process on 127.0.0.1; autocannon runs in the bench process):`);
    out(`  bare node:http  ${bare.url}  reads the body, answers ${answer.status} with the simulator's answer (${Buffer.byteLength(answer.body)} B body, same headers)`);
    out(`  ДМС simulator   ${dms.url}  serveSimulators (hono on node:http), real clock, journal bounded as \`polihon serve\``);
    out(`  ${peerNote}`);
    if (peer) out(`  WireMock        ${peer.url}  one stub: ${METHOD} ${PATH} -> the same answer; no request journal, no request logging`);
    out();

    const entries: TargetEntry[] = [
      { key: 'bare', label: 'bare node:http', target: bare, prepare: async () => feed.reset() },
      { key: 'dms', label: 'ДМС simulator', target: dms, prepare: resetDms },
      ...(peer ? [{ key: 'peer' as const, label: `WireMock ${peer.version}`, target: peer, prepare: async () => feed.reset() }] : []),
    ];

    const results: TargetResult[] = [];
    for (const entry of entries) results.push(await benchTarget(entry, feed, answer.status, plan));

    progress('load generator capacity: bare node:http, one fixed body');
    await sleep(300);
    const fixed = await run(
      { key: 'bare', label: 'bare node:http', target: bare, prepare: async () => undefined },
      { fixed: feed.body(feed.capacity - 2) },
      answer.status,
      plan.measureS,
    );

    let engines: { autocannon: EngineCapacity; embedded: EngineCapacity } | undefined;
    const fixedBody = feed.body(feed.capacity - 2);
    if (!flags.has('--no-engines')) {
      const fixedEntry: TargetEntry = { key: 'bare', label: 'autocannon, one fixed act', target: bare, prepare: async () => undefined };
      const autocannonSearch = await searchRate(fixedEntry.label, fixed.rps, plan, (rate) => run(fixedEntry, { fixed: fixedBody }, answer.status, plan.rateStepS, rate));
      engines = {
        autocannon: { label: `autocannon ${autocannonVersion()}`, fullSpeed: fixed, ...autocannonSearch },
        embedded: await benchEmbedded(bare, fixedBody, plan),
      };
    }

    progress(`ДМС in-process: ${plan.inProcessActs} acts one after another`);
    const inproc = await inProcess(plan);

    const trembita = flags.has('--no-trembita') ? undefined : await benchTrembita(plan, (t) => targets.push(t));
    const diia = flags.has('--no-diia') ? undefined : await benchDiia(plan, (t) => targets.push(t));
    const eis = flags.has('--no-eis') ? undefined : await benchEis({ warmupMessages: plan.eisWarmupMessages, messages: plan.eisMessages }, (t) => targets.push(t));

    printReport(results, fixed, plan);
    printInProcess(inproc, results.find((r) => r.entry.key === 'dms')?.throughput);
    const rssAfter = dms.rssBytes();
    out(`ДМС simulator resident memory at the end: ${formatMiB(rssAfter)} (state emptied before each run; journal bounded)`);
    out();
    if (trembita) printTrembita(trembita, plan);
    else out('5. Трембіта SOAP pass-through: left out (--no-trembita)\n');
    if (engines) printEngines(engines, plan, fixedBody);
    else out("6. Load engines' generating capacity: left out (--no-engines)\n");
    if (cli) printCliStart(cli);
    else out('7. CLI start: left out (--no-cli)\n');
    if (diia) printDiia(diia, plan);
    else out('8. Дія verification through Трембіта: left out (--no-diia)\n');
    if (eis) printEis(eis);
    else out('9. ЄІС МВС notification–acknowledgement: left out (--no-eis)\n');
    const warning = busyWarning(
      [...results.flatMap((r) => [r.throughput, ...r.searchRuns]), fixed, ...(engines ? [engines.embedded.fullSpeed, ...engines.embedded.searchRuns, ...engines.autocannon.searchRuns] : [])]
        .map((m) => m.cpu.others)
        .concat(inproc.othersCpu, ...(trembita ? trembitaOthers(trembita) : []), ...(diia ? diiaOthers(diia) : []), ...(eis ? eisOthers(eis) : [])),
    );
    if (warning) out(warning);
    out(
      `all measurements valid: every response ${answer.status}, no errors, no timeouts` +
        (trembita ? '; through Трембіта and the bare proxy every answer 200, no SOAP fault, the response to its own message id' : '') +
        (engines ? '; no engine errors' : '') +
        (diia ? '; every Дія verification a 200 valid with the official\'s ten fields, each code used once' : '') +
        (eis ? '; every ЄІС МВС notification acknowledged once with a valid ack, none undelivered' : '') +
        ` · ${Math.round((Date.now() - started) / 1000)} s in all`,
    );
    saveResults(results, fixed, inproc, plan, peerNote, trembita, engines, cli, diia, eis);
    return 0;
  } catch (err) {
    if (err instanceof InvalidMeasurement) {
      process.stderr.write(`\nbench: INVALID MEASUREMENT — ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`\nbench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 3;
  } finally {
    await stopAll();
  }
}

/** One act sent to ДМС: its answer (status, headers, body) is what the bare server and the peer give back. */
async function probeAnswer(url: string, feed: ActFeed): Promise<StubAnswer> {
  const res = await fetch(`${url}${PATH}`, {
    method: METHOD,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: feed.body(feed.capacity - 1),
  });
  const body = await res.text();
  if (res.status !== 201) {
    throw new InvalidMeasurement(`ДМС answered a generated act with ${res.status}, not 201: ${body.slice(0, 500)}`);
  }
  const parsed = JSON.parse(body) as { status?: string; actId?: string };
  if (parsed.status !== 'confirmed' || parsed.actId !== feed.actId(feed.capacity - 1)) {
    throw new InvalidMeasurement(`ДМС's 201 answer is not the confirmed act: ${body.slice(0, 500)}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of res.headers) {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
  }
  return { method: METHOD, path: PATH, status: res.status, headers, body };
}

/** The baseline and the peer must give the simulator's answer, byte for byte, before they are measured. */
async function checkAnswer(target: Target, answer: StubAnswer, feed: ActFeed): Promise<void> {
  const res = await fetch(`${target.url}${PATH}`, {
    method: METHOD,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: feed.body(0),
  });
  const body = await res.text();
  const type = res.headers.get('content-type');
  if (res.status !== answer.status || body !== answer.body || type !== answer.headers['content-type']) {
    throw new Error(`${target.name} does not give the simulator's answer: ${res.status} ${type} ${body.slice(0, 200)}`);
  }
}

async function run(entry: TargetEntry, body: { next: () => string } | { fixed: string }, status: number, durationS: number, rate?: number): Promise<Measurement> {
  await entry.prepare();
  const m = await measure({ target: entry.target, method: METHOD, path: PATH, body, durationS, ...(rate === undefined ? {} : { rate }) });
  const problems = invalidity(m, status);
  if (problems.length > 0) {
    const what = rate === undefined ? 'full speed' : `${rate} req/s`;
    throw new InvalidMeasurement(`${entry.label} at ${what}: ${problems.join('; ')}`);
  }
  return m;
}

/** The embedded engine against the bare server: warm-up, full speed with as many VUs as autocannon's connections, rate search. */
async function benchEmbedded(bare: Target, body: string, plan: Plan): Promise<EngineCapacity> {
  const label = 'polihon embedded engine';
  const runAt = async (durationS: number, rate?: number) => {
    const m = await measureEngine({
      target: bare,
      method: METHOD,
      path: PATH,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      durationS,
      vus: LOAD_SETTINGS.connections,
      timeoutS: LOAD_SETTINGS.timeoutS,
      ...(rate === undefined ? {} : { rate }),
    });
    // the engine counts no statuses: any status ≥ 400 is one of its errors, which invalidity counts
    const problems = invalidity(m, 0);
    if (problems.length > 0) throw new InvalidMeasurement(`${label} at ${rate === undefined ? 'full speed' : `${rate} req/s`}: ${problems.join('; ')}`);
    return m;
  };
  progress(`${label}: warm-up ${plan.warmupS} s`);
  await runAt(plan.warmupS);
  await sleep(300);
  progress(`${label}: full speed ${plan.measureS} s`);
  const fullSpeed = await runAt(plan.measureS);
  const { search, searchRuns } = await searchRate(label, fullSpeed.rps, plan, (rate) => runAt(plan.rateStepS, rate));
  return { label: `${label} (load/, ${LOAD_SETTINGS.connections} VUs)`, fullSpeed, search, searchRuns };
}

function autocannonVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string }).version;
}

async function benchTarget(entry: TargetEntry, feed: ActFeed, status: number, plan: Plan): Promise<TargetResult> {
  progress(`${entry.label}: warm-up ${plan.warmupS} s`);
  await run(entry, feed, status, plan.warmupS);
  await sleep(300);
  progress(`${entry.label}: full speed ${plan.measureS} s`);
  const throughput = await run(entry, feed, status, plan.measureS);
  const { search, searchRuns } = await searchRate(entry.label, throughput.rps, plan, (rate) => run(entry, feed, status, plan.rateStepS, rate));
  return { entry, throughput, search, searchRuns };
}

function printMachine(plan: Plan): void {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const mhz = cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : '';
  out(`polihon bench (${plan.name}) — ${new Date().toISOString()}`);
  out(`machine: ${cpus.length} × ${model}${mhz}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`);
  out(`node ${process.version} · autocannon ${autocannonVersion()} · load average at the start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  out(
    `load: autocannon, ${LOAD_SETTINGS.connections} connections, pipelining ${LOAD_SETTINGS.pipelining}, ${METHOD} ${PATH} with a new valid act in each request; ` +
      `${plan.measureS} s per measurement after a ${plan.warmupS} s warm-up; rate search ${plan.rateSteps} × ${plan.rateStepS} s`,
  );
}

function javaVersion(): string {
  // `java -version` writes to stderr; the runtime line names the build
  const r = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 20_000 });
  const lines = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').filter((l) => l.trim());
  return lines.find((l) => /runtime environment/i.test(l))?.trim() ?? lines[0]?.trim() ?? 'java (version unknown)';
}

interface InProcess {
  acts: number;
  seconds: number;
  /** the process's CPU over the measured acts, the sealing of their journal entries included */
  cpuUs: number;
  /** the main thread's alone (undefined without /proc): with the journal sealing on its own thread, what is left on the act's path */
  mainCpuUs?: number;
  statuses: Record<string, number>;
  perAct: { p50: number; p99: number; max: number; mean: number };
  journal: { appends: number; ms: number; maxMs: number; sealMs: number };
}

/** ДМС's handler called in-process, one act after another, in a child process of its own. */
async function inProcess(plan: Plan): Promise<InProcess & { othersCpu: number | undefined }> {
  const warm = Math.round(plan.inProcessActs / 4);
  const child = execFile(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/targets/dms-inprocess.ts'), String(plan.inProcessActs), String(warm)],
    { cwd: ROOT, timeout: 120_000, maxBuffer: 1024 * 1024 },
  );
  const exclude = new Set([process.pid, child.pid ?? -1]);
  const before = cpuByProcess(exclude);
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (text += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`ДМС in-process run exited with ${code}`))));
  });
  const othersCpu = cpuBetween(before, cpuByProcess(exclude)) / ((performance.now() - started) / 1000);
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as InProcess;
  const problems = invalidity({ statusCounts: r.statuses, errors: 0, timeouts: 0, responses: r.acts }, 201);
  if (problems.length > 0) throw new InvalidMeasurement(`ДМС in-process: ${problems.join('; ')}`);
  return { ...r, othersCpu };
}

function printReport(results: TargetResult[], fixed: Measurement, plan: Plan): void {
  const by = (key: TargetEntry['key']) => results.find((r) => r.entry.key === key);
  const bare = by('bare');
  const dms = by('dms');
  const peer = by('peer');

  out(`1. Throughput at full speed (${LOAD_SETTINGS.connections} connections, ${plan.measureS} s)`);
  out();
  out(
    formatTable(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'answers', 'CPU generator', 'CPU target', 'CPU others', 'RSS target', 'B/answer'],
      results.map(({ entry, throughput: m }) => [
        entry.label,
        formatRate(m.rps),
        formatMs(m.latency.p50),
        formatMs(m.latency.p99),
        formatMs(m.latency.max),
        m.responses.toLocaleString('en-US'),
        formatPercent(m.cpu.generator),
        formatPercent(m.cpu.target),
        formatPercent(m.cpu.others),
        formatMiB(m.targetRss),
        String(Math.round(m.bytesPerResponse)),
      ]),
    ),
  );
  out();
  const dmsBare = ratio(dms?.throughput.rps, bare?.throughput.rps);
  out(
    `RATIO throughput ДМС / bare node:http = ${formatRatio(dmsBare)} (target ≥ ${TARGET_SHARE_OF_BARE}: ${dmsBare === undefined ? '—' : dmsBare >= TARGET_SHARE_OF_BARE ? 'met' : 'NOT met'})` +
      ` · p99 ДМС / bare = ${formatRatio(ratio(dms?.throughput.latency.p99, bare?.throughput.latency.p99))}`,
  );
  if (peer) {
    out(
      `RATIO throughput ДМС / ${peer.entry.label} = ${formatRatio(ratio(dms?.throughput.rps, peer.throughput.rps))}` +
        ` · p99 ДМС / ${peer.entry.label} = ${formatRatio(ratio(dms?.throughput.latency.p99, peer.throughput.latency.p99))}` +
        ` · throughput ${peer.entry.label} / bare = ${formatRatio(ratio(peer.throughput.rps, bare?.throughput.rps))}`,
    );
  }
  out();

  out(
    `2. Highest rate sustained with p99 < ${RATE_CRITERIA.p99BelowMs} ms (evenly paced; achieved ≥ ${Math.round(RATE_CRITERIA.minAchievedShare * 100)} % of the rate asked; ` +
      `bisection below the full-speed throughput, ${plan.rateSteps} × ${plan.rateStepS} s)`,
  );
  out();
  out(
    formatTable(
      ['target', 'sustained req/s', 'p99 there ms', 'first failed at', 'CPU others (max)', 'steps: req/s asked → achieved, p99 ms'],
      results.map(({ entry, search, searchRuns }) => {
        const at = search.sustained === undefined ? undefined : searchRuns[search.steps.findIndex((s) => s.rate === search.sustained)];
        return [
          entry.label,
          search.sustained === undefined ? `< ${formatRate(search.failedAt)}` : formatRate(search.sustained),
          formatMs(at?.latency.p99),
          search.failedAt === undefined ? '—' : formatRate(search.failedAt),
          formatPercent(Math.max(...searchRuns.map((m) => m.cpu.others ?? 0))),
          search.steps.map((s) => `${formatRate(s.rate)}→${formatRate(s.achieved)} ${formatMs(s.p99)} ${s.passed ? '✓' : '✗'}`).join(', '),
        ];
      }),
    ),
  );
  out();
  out(`RATIO sustained rate ДМС / bare node:http = ${formatRatio(ratio(dms?.search.sustained, bare?.search.sustained))}`);
  if (peer) out(`RATIO sustained rate ДМС / ${peer.entry.label} = ${formatRatio(ratio(dms?.search.sustained, peer.search.sustained))}`);
  out();

  out(`3. Load generator capacity (autocannon, this process, against the bare node:http server, ${plan.measureS} s)`);
  out();
  out(
    formatTable(
      ['request body', 'req/s', 'p99 ms', 'CPU generator', 'CPU target', 'CPU others'],
      [
        ['a new act per request (every run above)', ...capacityRow(bare?.throughput)],
        ['one fixed act (built once)', ...capacityRow(fixed)],
      ],
    ),
  );
  out();
  out(
    `CPU is the share of one core over the run (the machine has ${os.cpus().length}): the generator is autocannon in this process, ` +
      `"others" every other process on the machine (the idle targets included). A process near 100 % is the one that limits.`,
  );
  out();
}

/** Other processes busy during the measurements make every figure low; say so rather than hide it. */
function busyWarning(others: (number | undefined)[]): string | undefined {
  const worst = Math.max(...others.map((o) => o ?? 0));
  return worst > BUSY_OTHERS
    ? `WARNING: other processes used up to ${formatPercent(worst)} of a core during the measurements (the "CPU others" columns): ` +
        'the figures are lower and noisier than on a quiet machine; run again when nothing else runs.'
    : undefined;
}

function capacityRow(m: Measurement | undefined): string[] {
  return m
    ? [formatRate(m.rps), formatMs(m.latency.p99), formatPercent(m.cpu.generator), formatPercent(m.cpu.target), formatPercent(m.cpu.others)]
    : ['—', '—', '—', '—', '—'];
}

function printInProcess(r: InProcess & { othersCpu: number | undefined }, overHttp: Measurement | undefined): void {
  const perActUs = (r.seconds * 1e6) / r.acts;
  const httpCpuUs = overHttp?.cpu.target === undefined ? undefined : (overHttp.cpu.target * 1e6) / overHttp.rps;
  out(`4. Where ДМС's time goes: its handler called in-process, one act after another (no HTTP, no concurrency), ${r.acts.toLocaleString('en-US')} acts`);
  out();
  out(
    formatTable(
      ['figure', 'value'],
      [
        ['acts per second (one at a time)', formatRate(r.acts / r.seconds)],
        ['time per act, mean µs', String(Math.round(perActUs))],
        ['CPU per act, µs (the sealing of its journal entries included; target ≤ 40)', String(Math.round(r.cpuUs / r.acts))],
        ["of which the main thread's (the sealing thread's left out)", r.mainCpuUs === undefined ? '—' : String(Math.round(r.mainCpuUs / r.acts))],
        ['time per act p50 / p99 / max, ms', `${formatMs(r.perAct.p50)} / ${formatMs(r.perAct.p99)} / ${formatMs(r.perAct.max)}`],
        [`journal (${r.journal.appends / r.acts} appends per act, and sealing): share of the time`, formatPercent(r.journal.ms / (r.seconds * 1000))],
        ['of which sealing (masking, commitments, the chain; after the answer), share of the time', formatPercent(r.journal.sealMs / (r.seconds * 1000))],
        ['slowest single journal append, ms', formatMs(r.journal.maxMs)],
        ['over HTTP at full speed (section 1): ДМС CPU µs per act', httpCpuUs === undefined ? '—' : String(Math.round(httpCpuUs))],
        ['CPU of other processes meanwhile', formatPercent(r.othersCpu)],
      ],
    ),
  );
  out();
}

function saveResults(
  results: TargetResult[],
  fixed: Measurement,
  inproc: InProcess,
  plan: Plan,
  peerNote: string,
  trembita: TrembitaResult | undefined,
  engines: { autocannon: EngineCapacity; embedded: EngineCapacity } | undefined,
  cli: CliStart | undefined,
  diia: DiiaResult | undefined,
  eis: EisResult | undefined,
): void {
  mkdirSync(WORK_DIR, { recursive: true });
  const file = join(WORK_DIR, `results-${plan.name}.json`);
  const data = {
    at: new Date().toISOString(),
    plan,
    load: LOAD_SETTINGS,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, os: `${os.type()} ${os.release()}` },
    peer: peerNote,
    targets: results.map((r) => ({ target: r.entry.label, throughput: r.throughput, search: r.search, searchRuns: r.searchRuns })),
    generatorFixedBody: fixed,
    dmsInProcess: inproc,
    ...(trembita ? { trembita } : {}),
    ...(engines ? { engines } : {}),
    ...(cli ? { cliStart: cli } : {}),
    ...(diia ? { diia } : {}),
    ...(eis ? { eis } : {}),
  };
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  out(`results: ${relative(process.cwd(), file)}`);
}

// exit at once: fetch's idle keep-alive sockets would hold the process a few seconds more
process.exit(await main(process.argv.slice(2)));
