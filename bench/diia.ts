// Section 8 of `npm run bench` (issue 10 item 7): Дія's е-Посвідчення verification as a credential verifier sends it —
// REST r1 `POST …/DIIA_prod/ECredentialVerification_v1/verifications` to Трембіта's consumer side, which passes it to
// Дія — against a bare node:http server answering Дія's valid answer byte for byte. A code is used once (DIIA-05), so
// every request carries a code of its own, asked for through Дія's `present` action before the timed run; half go as
// the barcode, half as the QR link. Every answer must be a 200 `valid` with the seeded official's ten fields.
import { pathToFileURL } from 'node:url';
import { cpuPerRequest, InvalidMeasurement, nodeTarget, out, progress, runSectionAlone, sleep, throughputRow } from './common.ts';
import { LOAD_SETTINGS, measure, type Measurement } from './load.ts';
import { spawnTarget, type Target } from './process.ts';
import { formatMiB, formatRate, formatRatio, formatTable, invalidity, ratio } from './stats.ts';

/** issue #10 item 7: verification through Трембіта should reach at least this share of the bare server's throughput */
export const TARGET_SHARE_OF_BARE = 0.3;
const PARTICIPANT = 'SEVDEIR-TEST/GOV/04054866/RTG_prod';
const PATH = '/r1/SEVDEIR-TEST/GOV/43395033/DIIA_prod/ECredentialVerification_v1/verifications';
const HEADERS = { 'content-type': 'application/json', 'x-road-client': PARTICIPANT, 'x-road-userid': 'UA3287300123' };
/** asks for codes this many at a time (not measured) */
const PRESENT_CONCURRENCY = 16;

// a synthetic official (polihon's personal data is made up), HR simulated by Дія itself: no participant is involved
const OFFICIAL = {
  id: 'bench-official',
  rnokpp: '3287300123',
  lastName: 'Бенчук',
  firstName: 'Олена',
  middleName: 'Петрівна',
  position: 'головний спеціаліст',
  organisation: 'Тестова РДА (polihon bench)',
  credential: { series: 'БН', number: '100200', issueDate: '2025-02-01', expiryDate: '2030-02-01', chip: true },
  contacts: { phone: '+380501112233', email: 'bench.official@example.com' },
  hr: 'simulated',
};
const TEN = ['state', 'title', 'fullName', 'position', 'issueDate', 'seriesNumber', 'issuingBody', 'photo', 'expiryDate', 'contacts'];

export interface DiiaPlan {
  warmupS: number;
  measureS: number;
}

export interface DiiaResult {
  urls: { trembita: string; diia: string; bare: string };
  answerBytes: number;
  /** codes asked for through `present`, in all, and the ones the runs used */
  codes: { generated: number; used: number; presentRate: number };
  throughput: { bare: Measurement; diia: Measurement };
  rss: number | undefined;
}

/** Bodies with a code each, used once; running out is said, not papered over with a used code. */
interface CodeFeed {
  next(): string;
  /** requests the feed had no code for */
  short: number;
  used: number;
}

function codeFeed(bodies: string[], cycle = false): CodeFeed {
  let i = 0;
  const feed: CodeFeed = {
    short: 0,
    used: 0,
    next() {
      if (i < bodies.length) {
        feed.used++;
        return bodies[i++]!;
      }
      if (cycle) {
        i = 0;
        return feed.next();
      }
      feed.short++;
      // a code already used: Дія answers 409, which the run counts; `short` says why
      return bodies[bodies.length - 1]!;
    },
  };
  return feed;
}

/** Starts Трембіта + Дія and the bare server, checks both answer right, measures them interleaved. */
export async function benchDiia(plan: DiiaPlan, track: (t: Target) => void): Promise<DiiaResult> {
  progress('Дія: starting Трембіта + Дія');
  let diiaUrl = '';
  // POLIHON_BENCH_CPU_PROF=<dir>: the target writes a V8 CPU profile there when it stops (bench/cpuprofile.ts reads it)
  const profileDir = process.env.POLIHON_BENCH_CPU_PROF;
  const served = await spawnTarget({
    ...nodeTarget('Трембіта + Дія', 'bench/targets/diia-server.ts', [], profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ready: (line: string) => {
      try {
        const o = JSON.parse(line) as { url?: unknown; diia?: unknown };
        if (typeof o.url === 'string' && typeof o.diia === 'string') {
          diiaUrl = o.diia;
          return o.url;
        }
      } catch {
        // not the ready line
      }
      return undefined;
    },
  });
  track(served);
  await control(diiaUrl, '/__polihon/officials', { officials: [OFFICIAL] }, 200);

  // one verification before anything is measured: its answer is the check of every later one and the bare server's body
  const [first] = await presentCodes(diiaUrl, 1);
  const probe = await fetch(`${served.url}${PATH}`, { method: 'POST', headers: HEADERS, body: first! });
  const answerText = await probe.text();
  const expected = credentialOf(answerText);
  if (probe.status !== 200 || typeof expected !== 'string') {
    throw new InvalidMeasurement(`Дія through Трембіта answered a fresh code with ${probe.status}${typeof expected === 'object' ? ` (${expected.problem})` : ''}: ${answerText.slice(0, 500)}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of probe.headers) if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
  const check = (answer: string) => {
    const c = credentialOf(answer);
    return typeof c === 'object' ? c.problem : c === expected ? undefined : 'not the official’s ten fields';
  };

  progress('Дія: starting the bare node:http server');
  const bare = await spawnTarget(nodeTarget('bare node:http (Дія answer)', 'bench/targets/bare-server.ts', [JSON.stringify({ status: 200, headers, body: answerText })]));
  track(bare);
  const viaBare = await fetch(`${bare.url}${PATH}`, { method: 'POST', headers: HEADERS, body: first! });
  if (viaBare.status !== 200 || (await viaBare.text()) !== answerText) throw new Error('the bare server does not give Дія’s answer');

  let generated = 1;
  let used = 0;
  let presentMs = 0;
  const freshCodes = async (n: number) => {
    const started = performance.now();
    const codes = await presentCodes(diiaUrl, n);
    presentMs += performance.now() - started;
    generated += n;
    return codes;
  };
  // the bare server keeps no state: it gets the same kind of bodies, over and over
  const bareBodies = codeFeed(await freshCodes(2_000), true);
  const run = async (key: 'bare' | 'diia', durationS: number, feed: CodeFeed) => {
    const target = key === 'bare' ? bare : served;
    const m = await measure({ target, method: 'POST', path: PATH, headers: HEADERS, body: feed, durationS, check });
    if (key === 'diia') used += feed.used;
    if (key === 'diia' && feed.short > 0) {
      throw new InvalidMeasurement(`Дія: ${feed.short} requests found no fresh code left (${feed.used} pre-generated codes used); run again`);
    }
    const problems = invalidity(m, 200);
    if (problems.length > 0) throw new InvalidMeasurement(`${target.name} at full speed: ${problems.join('; ')}`);
    return m;
  };
  // how many codes a run needs is not known before it: a short probe, then each run gets a wide margin over the rate seen
  progress('Дія: a 1 s probe of the rate, to know how many codes to ask for');
  const probeRun = await run('diia', 1, codeFeed(await freshCodes(3_000)));
  let rate = probeRun.rps;
  const codesFor = async (durationS: number) => codeFeed(await freshCodes(Math.ceil(rate * 3 * durationS) + 1_000));

  progress(`bare node:http (Дія answer): warm-up ${plan.warmupS} s`);
  await run('bare', plan.warmupS, bareBodies);
  await sleep(300);
  progress(`Дія: asking for codes, then warm-up ${plan.warmupS} s`);
  rate = Math.max(rate, (await run('diia', plan.warmupS, await codesFor(plan.warmupS))).rps);
  await sleep(300);
  progress(`bare node:http (Дія answer): full speed ${plan.measureS} s`);
  const bareM = await run('bare', plan.measureS, bareBodies);
  await sleep(300);
  const feed = await codesFor(plan.measureS);
  await sleep(300);
  progress(`Дія: full speed ${plan.measureS} s`);
  const diiaM = await run('diia', plan.measureS, feed);
  return {
    urls: { trembita: served.url, diia: diiaUrl, bare: bare.url },
    answerBytes: Buffer.byteLength(answerText),
    codes: { generated, used, presentRate: (generated - 1) / (presentMs / 1000) },
    throughput: { bare: bareM, diia: diiaM },
    rss: served.rssBytes(),
  };
}

/** The credential of a valid answer as text (the check compares it), or what is wrong with the answer. */
function credentialOf(text: string): string | { problem: string } {
  let a: { result?: unknown; verificationId?: unknown; credential?: Record<string, unknown> };
  try {
    a = JSON.parse(text) as typeof a;
  } catch {
    return { problem: 'not JSON' };
  }
  if (a.result !== 'valid') return { problem: `result ${String(a.result)}` };
  if (typeof a.verificationId !== 'string') return { problem: 'no verificationId' };
  const c = a.credential;
  if (!c || Object.keys(c).sort().join() !== [...TEN].sort().join()) return { problem: 'not the ten fields' };
  if (c.fullName !== `${OFFICIAL.lastName} ${OFFICIAL.firstName} ${OFFICIAL.middleName}` || c.seriesNumber !== 'БН 100200') return { problem: 'another official' };
  return JSON.stringify(c);
}

async function control(base: string, path: string, body: unknown, status: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== status) throw new InvalidMeasurement(`Дія: POST ${path} answered ${res.status}, not ${status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** `n` request bodies, each with a new code of the official's (Дія's `present`), every other one as the QR link. */
async function presentCodes(diiaUrl: string, n: number): Promise<string[]> {
  const bodies: string[] = new Array<string>(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const p = await control(diiaUrl, '/__polihon/present', { official: OFFICIAL.id }, 201);
      bodies[i] = JSON.stringify(i % 2 === 0 ? { barcode: p.barcode } : { qrCode: p.qrCode });
    }
  };
  await Promise.all(Array.from({ length: PRESENT_CONCURRENCY }, worker));
  return bodies;
}

const verdict = (share: number | undefined) => (share === undefined ? '—' : share >= TARGET_SHARE_OF_BARE ? 'met' : 'NOT met');

export function printDiia(r: DiiaResult, plan: DiiaPlan): void {
  const { bare, diia } = r.throughput;
  out(`8. Дія verification through Трембіта: REST r1 POST …/DIIA_prod/ECredentialVerification_v1/verifications, a fresh code in each request, against a bare node:http server (${LOAD_SETTINGS.connections} connections)`);
  out();
  out(`  Трембіта + Дія  ${r.urls.trembita} (Дія ${r.urls.diia})  serveSimulators in one process; Трембіта's call to Дія in-process, as in a conformance run; real clock; journal bounded as \`polihon serve\``);
  out(`  bare node:http  ${r.urls.bare}  reads the body, answers 200 with Дія's valid answer (${r.answerBytes.toLocaleString('en-US')} B, same headers)`);
  out(
    `  codes: ${r.codes.generated.toLocaleString('en-US')} asked for through Дія's \`present\` action (control API, ${formatRate(r.codes.presentRate)} a second, not timed) before each run; ` +
      `${r.codes.used.toLocaleString('en-US')} used by Дія's runs, each once; half sent as the barcode, half as the QR link`,
  );
  out("  every answer checked: HTTP 200, result valid, a verificationId, exactly the ten fields, the seeded official's (one wrong answer makes the run invalid)");
  out();
  out(
    formatTable(
      [`path (full speed, ${plan.measureS} s)`, 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'answers', 'wrong', 'CPU generator', 'CPU target', 'CPU others', 'RSS target'],
      [
        ['bare node:http', ...throughputRow(bare)],
        ['Трембіта + Дія', ...throughputRow(diia)],
      ],
    ),
  );
  out();
  const share = ratio(diia.rps, bare.rps);
  const perVerification = cpuPerRequest(diia);
  out(
    `RATIO throughput Дія through Трембіта / bare node:http = ${formatRatio(share)} (target ≥ ${TARGET_SHARE_OF_BARE}: ${verdict(share)})` +
      ` · p99 Дія / bare = ${formatRatio(ratio(diia.latency.p99, bare.latency.p99))} · Трембіта + Дія CPU per verification ${perVerification} µs`,
  );
  out(`Трембіта + Дія resident memory at the end: ${formatMiB(r.rss)} (the journal's 20 000 entries in memory, and every presentation: Дія's state is not reset between runs)`);
  out();
}

/** The CPU shares of other processes during this section's runs, for the bench's busy-machine warning. */
export function diiaOthers(r: DiiaResult): (number | undefined)[] {
  return [r.throughput.bare.cpu.others, r.throughput.diia.cpu.others];
}

// `npx tsx bench/diia.ts [--quick]`: section 8 alone (5 s warm-up and 10 s runs, 1 s and 3 s with --quick); exit 1 when
// an answer was wrong, as `npm run bench`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSectionAlone(8, async (quick, register) => {
    const plan = quick ? { warmupS: 1, measureS: 3 } : { warmupS: 5, measureS: 10 };
    printDiia(await benchDiia(plan, register), plan);
  });
}
