// Section 9 of `npm run bench` (issue 11 item 8): notifications delivered and acknowledged per second through the
// ЄІС МВС simulator in its notification–acknowledgement mode. The simulator is served as a run serves it; the bench
// asks for bursts through its `notify` control action; the participant is a bare node:http receiver that keeps
// nothing and acks each delivery at once in its answer. The baseline is the same receiver driven by a bare node:http
// sender doing the same HTTP exchange (the same envelope, the ack read and checked) with as many deliveries in flight
// as the simulator keeps. No target: issue 11 names none, so the figure is reported, not judged. The run is invalid
// (exit 1) unless every message was acknowledged once with a valid ack and none was reported undelivered. A second
// simulator keeps its messaging records in a file as `polihon serve` does (fileStore, batched appends): its row and
// its ratio to the memory store's, measured in the same run, say what durability costs the burst path.
import os from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidMeasurement, nodeTarget, out, progress, ROOT, runSectionAlone, sleep, WORK_DIR } from './common.ts';
import { cpuBetween, cpuByProcess, spawnTarget, type Target } from './process.ts';
import { formatMiB, formatPercent, formatRate, formatRatio, formatTable, ratio } from './stats.ts';

/** deliveries the simulator keeps in flight (simulators/eis/messaging/outbound.ts MAX_IN_FLIGHT); the baseline keeps as many */
export const EIS_CONCURRENCY = 8;
/** the `notify` action takes at most this many messages a call */
const BURST_MAX = 10_000;

export interface EisPlan {
  /** messages sent through each path before the measured run, to warm it up */
  warmupMessages: number;
  /** messages in the measured run of each path */
  messages: number;
}

interface Counters {
  sent: number;
  resent: number;
  acked: number;
  negative: number;
  undelivered: number;
  pending: number;
  acksRefused: number;
}

interface ReceiverCount {
  deliveries: number;
  unreadable: number;
  connections: number;
}

export interface EisRun {
  messages: number;
  seconds: number;
  /** acknowledged messages a second (the figure) */
  ackedPerS: number;
  sent: number;
  acked: number;
  resent: number;
  undelivered: number;
  /** deliveries the receiver answered, and on how many connections they came */
  received: number;
  connections: number;
  cpu: { sender: number | undefined; receiver: number | undefined; others: number | undefined };
}

export interface EisResult {
  urls: { eis: string; eisFile: string; receiver: string };
  simulator: EisRun;
  /** the same simulator with its records in a file (fileStore) */
  fileStore: EisRun;
  bare: EisRun;
  rss: number | undefined;
  rssFile: number | undefined;
}

async function call(base: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new InvalidMeasurement(`ЄІС МВС: ${path} answered ${res.status} with no JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, json };
}

const receiverCount = async (receiver: string) => (await call(receiver, '/count')).json as unknown as ReceiverCount;

/** Sends `messages` through the simulator in bursts and waits until none is pending; the counters say what became of them. */
async function throughSimulator(eis: Target, receiver: Target, messages: number): Promise<EisRun> {
  const reset = await fetch(`${eis.url}/__polihon/reset`, { method: 'POST' });
  await reset.text();
  if (reset.status !== 204) throw new InvalidMeasurement(`ЄІС МВС reset answered ${reset.status}`);
  const before = await receiverCount(receiver.url);
  const exclude = new Set([process.pid, eis.pid, receiver.pid]);
  const othersBefore = cpuByProcess(exclude);
  const cpu0 = { sender: eis.cpuSeconds(), receiver: receiver.cpuSeconds() };
  const started = performance.now();
  let counters: Counters | undefined;
  for (let left = messages; left > 0; left -= BURST_MAX) {
    const r = await call(eis.url, '/__polihon/messaging/notify', { count: Math.min(left, BURST_MAX), mode: 'notification-ack' });
    if (r.status !== 200) throw new InvalidMeasurement(`ЄІС МВС: notify answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    counters = r.json.counters as Counters;
  }
  // a burst's answer comes when its first tries are done; a try the simulator's once-a-second look took over may still be out
  for (let i = 0; counters && counters.pending > 0; i++) {
    if (i > 3_000) throw new InvalidMeasurement(`ЄІС МВС: ${counters.pending} messages still pending 30 s after the last burst`);
    await sleep(10);
    counters = (await call(eis.url, '/__polihon/messaging/messages?state=undelivered')).json.counters as Counters;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = { sender: eis.cpuSeconds(), receiver: receiver.cpuSeconds() };
  const others = cpuBetween(othersBefore, cpuByProcess(exclude)) / seconds;
  const after = await receiverCount(receiver.url);
  const c = counters!;
  const received = after.deliveries - before.deliveries;
  const problems = [
    c.sent !== messages && `${c.sent} of ${messages} messages sent`,
    c.acked !== messages && `${c.acked} of ${messages} acknowledged`,
    c.negative > 0 && `${c.negative} acknowledged negatively`,
    c.undelivered > 0 && `${c.undelivered} reported undelivered`,
    c.acksRefused > 0 && `${c.acksRefused} acks refused by the simulator`,
    received !== c.sent + c.resent && `the receiver answered ${received} deliveries, the simulator made ${c.sent + c.resent}`,
    after.unreadable > before.unreadable && `${after.unreadable - before.unreadable} deliveries did not read as an envelope`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new InvalidMeasurement(`ЄІС МВС: ${problems.join('; ')}`);
  const share = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : (b - a) / seconds);
  return {
    messages,
    seconds,
    ackedPerS: c.acked / seconds,
    sent: c.sent,
    acked: c.acked,
    resent: c.resent,
    undelivered: c.undelivered,
    received,
    connections: after.connections,
    cpu: { sender: share(cpu0.sender, cpu1.sender), receiver: share(cpu0.receiver, cpu1.receiver), others },
  };
}

/** The bare sender, a child process of its own as the simulator is, delivering `messages` to the receiver. */
async function throughBare(receiver: Target, messages: number): Promise<EisRun> {
  const before = await receiverCount(receiver.url);
  const cpu0 = receiver.cpuSeconds();
  const child = execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/targets/eis-bare-sender.ts'), receiver.url, String(messages), String(EIS_CONCURRENCY)], {
    cwd: ROOT,
    timeout: 300_000,
    maxBuffer: 1024 * 1024,
  });
  const exclude = new Set([process.pid, receiver.pid, child.pid ?? -1]);
  const othersBefore = cpuByProcess(exclude);
  const stdout = await new Promise<string>((resolve, reject) => {
    let text = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (text += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the bare sender exited with ${code}: ${err.slice(-500)}`))));
  });
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { messages: number; sent: number; acked: number; wrong: number; failed: number; ms: number; cpuUs: number };
  const seconds = r.ms / 1000;
  const cpu1 = receiver.cpuSeconds();
  // the child's start (node and tsx loading) is in the others' CPU too, spread over the run: a little high, not low
  const others = cpuBetween(othersBefore, cpuByProcess(exclude)) / seconds;
  const after = await receiverCount(receiver.url);
  const received = after.deliveries - before.deliveries;
  const problems = [
    r.acked !== messages && `${r.acked} of ${messages} acknowledged`,
    r.wrong > 0 && `${r.wrong} answers were not the ack of the message`,
    r.failed > 0 && `${r.failed} deliveries failed`,
    received !== messages && `the receiver answered ${received} deliveries of ${messages}`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new InvalidMeasurement(`bare sender: ${problems.join('; ')}`);
  return {
    messages,
    seconds,
    ackedPerS: r.acked / seconds,
    sent: r.sent,
    acked: r.acked,
    resent: 0,
    undelivered: messages - r.acked,
    received,
    connections: after.connections,
    cpu: { sender: r.cpuUs / 1e6 / seconds, receiver: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / seconds, others },
  };
}

/** Starts the receiver and the simulator, checks one message end to end, then measures the bare path and the simulator. */
export async function benchEis(plan: EisPlan, track: (t: Target) => void): Promise<EisResult> {
  progress('ЄІС МВС: starting the bare receiver and the simulator');
  const receiver = await spawnTarget(nodeTarget('participant receiver (node:http)', 'bench/targets/eis-receiver.ts'));
  track(receiver);
  const eis = await spawnTarget(nodeTarget('ЄІС МВС simulator', 'bench/targets/eis-server.ts', [receiver.url]));
  track(eis);
  const eisFile = await spawnTarget(nodeTarget('ЄІС МВС simulator, file store', 'bench/targets/eis-server.ts', [receiver.url, join(WORK_DIR, `eis-messaging-${process.pid}.jsonl`)]));
  track(eisFile);

  // one message before anything is measured: delivered, acked in the answer, the ack accepted
  for (const target of [eis, eisFile]) {
    const one = await call(target.url, '/__polihon/messaging/notify', { count: 1 });
    const delivery = one.json.delivery as { status?: number } | undefined;
    const counters = one.json.counters as Counters | undefined;
    if (one.status !== 200 || delivery?.status !== 200 || counters?.acked !== 1) {
      throw new InvalidMeasurement(`ЄІС МВС: one notification did not come back acknowledged: ${JSON.stringify(one.json).slice(0, 500)}`);
    }
  }

  progress(`ЄІС МВС: bare sender warm-up, ${plan.warmupMessages.toLocaleString('en-US')} messages`);
  await throughBare(receiver, plan.warmupMessages);
  progress(`ЄІС МВС: simulator warm-up, ${plan.warmupMessages.toLocaleString('en-US')} messages`);
  await throughSimulator(eis, receiver, plan.warmupMessages);
  progress(`ЄІС МВС: simulator with the file store warm-up, ${plan.warmupMessages.toLocaleString('en-US')} messages`);
  await throughSimulator(eisFile, receiver, plan.warmupMessages);
  await sleep(300);
  progress(`ЄІС МВС: bare sender, ${plan.messages.toLocaleString('en-US')} messages`);
  const bare = await throughBare(receiver, plan.messages);
  await sleep(300);
  progress(`ЄІС МВС: simulator, ${plan.messages.toLocaleString('en-US')} messages`);
  const simulator = await throughSimulator(eis, receiver, plan.messages);
  await sleep(300);
  progress(`ЄІС МВС: simulator with the file store, ${plan.messages.toLocaleString('en-US')} messages`);
  const fileStore = await throughSimulator(eisFile, receiver, plan.messages);
  return { urls: { eis: eis.url, eisFile: eisFile.url, receiver: receiver.url }, simulator, fileStore, bare, rss: eis.rssBytes(), rssFile: eisFile.rssBytes() };
}

export function printEis(r: EisResult): void {
  const { simulator: s, fileStore: f, bare: b } = r;
  out(`9. ЄІС МВС notification–acknowledgement: messages delivered and acknowledged per second, through the simulator against a bare node:http sender (${EIS_CONCURRENCY} deliveries in flight)`);
  out();
  out(`  ЄІС МВС simulator  ${r.urls.eis}  serveSimulators, real clock, journal bounded as \`polihon serve\`; bursts of ≤ ${BURST_MAX.toLocaleString('en-US')} through its \`notify\` action, each message tried, its ack read from the answer, recorded`);
  out(`  … file store       ${r.urls.eisFile}  the same, its messaging records appended to a file as \`polihon serve\` keeps them (fileStore: batched writes, each try's record written before it is sent)`);
  out(`  bare sender        a node:http child process posting the same envelope, reading and checking the ack, nothing kept`);
  out(`  receiver           ${r.urls.receiver}  node:http as the participant: keeps nothing, acks each delivery at once in its answer (receipt 100)`);
  out('  every message checked: acknowledged once with a valid ack (the simulator refused none), none negative, none reported undelivered, every delivery reached the receiver');
  out();
  const row = (label: string, m: EisRun) => [
    label,
    formatRate(m.ackedPerS),
    m.messages.toLocaleString('en-US'),
    `${m.seconds.toFixed(1)} s`,
    m.sent.toLocaleString('en-US'),
    m.acked.toLocaleString('en-US'),
    String(m.resent),
    String(m.undelivered),
    String(m.connections),
    formatPercent(m.cpu.sender),
    formatPercent(m.cpu.receiver),
    formatPercent(m.cpu.others),
  ];
  out(
    formatTable(
      ['sender', 'acked/s', 'messages', 'time', 'sent', 'acked', 'resent', 'undelivered', 'connections', 'CPU sender', 'CPU receiver', 'CPU others'],
      [row('bare node:http', b), row('ЄІС МВС simulator', s), row('… file store', f)],
    ),
  );
  out();
  const perMessage = s.cpu.sender === undefined || !(s.ackedPerS > 0) ? '—' : String(Math.round((s.cpu.sender * 1e6) / s.ackedPerS));
  out(`RATIO acknowledged messages a second ЄІС МВС / bare node:http = ${formatRatio(ratio(s.ackedPerS, b.ackedPerS))} (no target: issue 11 names none) · simulator CPU per message ${perMessage} µs`);
  out(`RATIO acknowledged messages a second ЄІС МВС file store / memory store = ${formatRatio(ratio(f.ackedPerS, s.ackedPerS))} (the same run; what keeping the records across a restart costs)`);
  if (Math.max(s.connections, f.connections) > EIS_CONCURRENCY) {
    out(
      `NOTE: the simulator's deliveries came on ${Math.max(s.connections, f.connections)} connections, not ${EIS_CONCURRENCY}: ` +
        'more than its bound on deliveries in flight (outbound.ts createDeliveries), so the keep-alive pool opened connections it did not reuse',
    );
  }
  out(
    `ЄІС МВС simulator resident memory at the end: ${formatMiB(r.rss)} memory store, ${formatMiB(r.rssFile)} file store (the journal's 20 000 entries in memory; ` +
      "a settled message's payload and tries let go once the duplicate cache forgets it; the memory store keeps every record until the next reset)",
  );
  out();
}

/** The CPU shares of other processes during this section's runs, for the bench's busy-machine warning. */
export function eisOthers(r: EisResult): (number | undefined)[] {
  return [r.simulator.cpu.others, r.fileStore.cpu.others, r.bare.cpu.others];
}

// `npx tsx bench/eis.ts [--quick]`: section 9 alone; exit 1 when a message was not acknowledged, as `npm run bench`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSectionAlone(9, async (quick, register) => {
    const plan: EisPlan = quick ? { warmupMessages: 1_000, messages: 3_000 } : { warmupMessages: 5_000, messages: 20_000 };
    printEis(await benchEis(plan, register));
    out(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  });
}
