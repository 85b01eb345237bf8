// `polihon load <profile>`: validate and plan a load profile, emit it for k6 / the k6 operator, or run it with the
// embedded engine against a participant (started from its --sut profile) and write load.json, index.html and
// junit.xml. Exit 0 when every threshold holds, 99 when one does not, 2 for bad input, 3 when the harness broke.
// The participant gets the ДМС simulator's port with only GET clock and health of the control API, as in a run;
// `--serve` puts the whole control API (what a k6 script drives) on a port of its own behind a token, as `serve` does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRealClock } from '../../core/clock.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { t, type Lang } from '../../core/i18n.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createDriverClient } from '../../conformance/driver.ts';
import { launchSut, type LaunchedSut } from '../../conformance/launchers/index.ts';
import { readLoadProfile } from '../../conformance/steps/load.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import { runEmbedded, type LoadTarget } from '../../load/engines/embedded.ts';
import { operatorManifest } from '../../load/engines/k6-operator.ts';
import { generateK6 } from '../../load/engines/k6-script.ts';
import { durationMs, formatMs, HARD_MAX_DURATION_MS } from '../../load/executors/types.ts';
import { describePlan, resolveProfile, type ResolvedProfile } from '../../load/profile.ts';
import { checkCapacity, machineFacts } from '../../load/capacity.ts';
import { startHarnessMonitor } from '../../load/limits.ts';
import { M as LM } from '../../load/messages.ts';
import { round } from '../../load/metrics.ts';
import { buildLoadReport, describeReport } from '../../load/report.ts';
import { MAX_SOAK_MS, startMemorySampler } from '../../load/soak.ts';
import { createDmsVerificationTarget, type DmsVerificationTarget } from '../../load/targets/dms-verification.ts';
import { createHttpTarget } from '../../load/targets/http.ts';
import { newControlToken, type ControlAttempt } from '../../simulators/transport/control-port.ts';
import { serveControlPort, type ServedControlPort } from '../../simulators/transport/http-server.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { langOfArgs, M } from '../messages.ts';
import { PACKAGE_ROOT, VERSION } from '../paths.ts';
import { checkFaults, referenceNameOf } from '../reference.ts';
import { fileSpillSink } from '../spill.ts';
import { LOAD_REPORTERS, writeLoadReports } from '../../reporting/load/write.ts';
import { chooseReporters } from '../reporters.ts';


/** How often a soak lets the ДМС simulator forget the verification requests it sent (see resetStateEveryMs). */
const SOAK_STATE_RESET_MS = 30_000;

function durationFlag(name: string, value: string | undefined, max: number, lang: Lang): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  try {
    ms = durationMs(value);
  } catch {
    throw new PolihonError('E_USAGE', t(M.badDuration, lang, { name, value }));
  }
  if (ms <= 0 || ms > max) throw new PolihonError('E_USAGE', t(M.durationRange, lang, { name, max: formatMs(max), value }), { hint: t(M.durationRangeHint, lang) });
  return ms;
}

function intFlag(name: string, value: string | undefined, min: number, max: number, lang: Lang): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new PolihonError('E_USAGE', t(M.badInt, lang, { name, min, max, value }));
  return n;
}

/** `--soak 10m` holds the profile's rate (or VUs) for that long: only constant executors have one to hold. */
function soakProfile(r: ResolvedProfile, soakMs: number, maxDurationMs: number | undefined, lang: Lang): ResolvedProfile {
  const p = r.profile;
  if (p.executor === 'ramping-arrival-rate') {
    throw new PolihonError('E_USAGE', t(M.soakRamping, lang), { hint: t(M.soakRampingHint, lang) });
  }
  const soaked = { ...p, duration: formatMs(soakMs), maxRequests: p.maxRequests ?? 1_000_000 };
  return resolveProfile(soaked, { name: `${r.name}-soak`, ...(maxDurationMs ? { maxDurationMs } : {}) });
}

export async function loadCommand(args: Args, out: Output, signal: AbortSignal = args.signal ?? untilSignal()): Promise<number> {
  const lang = langOfArgs(args);
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) throw new PolihonError('E_USAGE', t(M.loadOneFile, lang), { hint: t(M.loadOneFileHint, lang) });
  const v = args.values;
  const reporters = chooseReporters(v.reporter, LOAD_REPORTERS, 'load', lang);
  const maxDurationMs = durationFlag('max-duration', v['max-duration'], HARD_MAX_DURATION_MS, lang);
  const soakMs = durationFlag('soak', v.soak, MAX_SOAK_MS, lang);
  const maxRequests = intFlag('max-requests', v['max-requests'], 1, 1_000_000, lang);
  const loaded = readLoadProfile(resolve(file), { ...(maxDurationMs ? { maxDurationMs } : {}), ...(maxRequests ? { maxRequests } : {}) });
  const resolved = soakMs ? soakProfile(loaded.resolved, soakMs, maxDurationMs, lang) : loaded.resolved;

  const capacity = checkCapacity(resolved.plan, resolved.profile.call ?? 'http', machineFacts(), lang);
  if (v.plan) {
    for (const line of describePlan(resolved)) out.stdout(line + '\n');
    if (capacity.needCores !== undefined) out.stdout(t(LM.capacityNeeds, lang, { need: capacity.needCores, rate: round(capacity.rate!, 1), cores: machineFacts().cores }) + '\n');
    for (const line of capacity.warnings) out.stdout(line + '\n');
    return EXIT.ok;
  }
  if (v.emit !== undefined) return emit(resolved, loaded.file, args, out, lang);

  // --- run it with the embedded engine ---
  const runId = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  out.stdout(t(M.loadEngine, lang, { version: VERSION }) + '\n');
  for (const line of describePlan(resolved)) out.stdout(line + '\n');
  // what the machine must have, said before the run rather than read off a failed threshold after it
  for (const line of capacity.warnings) out.stdout(line + '\n');

  const p = resolved.profile;
  const faults = v['participant-faults'] ?? process.env.PARTICIPANT_FAULTS;
  let sut: LaunchedSut | undefined;
  let target: LoadTarget | undefined;
  const clock = createRealClock(() => Date.now());
  const journal = createJournal({ clock, wallTime: () => Date.now(), storage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `journal-load-${runId}.jsonl`)), 5_000) });
  // --serve: the whole control API on a loopback port of its own behind a token, up before the participant is told
  // where ДМС is. A control call on the simulator's port is refused and journalled; said once per call, with where
  // the control API is instead.
  const control: { port?: ServedControlPort; token?: string } = v.serve ? { token: newControlToken() } : {};
  const told = new Set<string>();
  const onControlRefused = (a: ControlAttempt) => {
    const call = `${a.method} ${a.path}`;
    if (told.has(`${a.simulator} ${call}`)) return;
    told.add(`${a.simulator} ${call}`);
    const said = control.port
      ? t(M.serveRefused, lang, { simulator: a.simulator, call, url: `${control.port.url}/${a.simulator}${a.path}` })
      : t(M.loadRefused, lang, { simulator: a.simulator, call });
    out.stderr(said + '\n');
  };
  try {
    if (v.sut) {
      const profile = loadProfile(v.sut);
      const reference = referenceNameOf(resolve(v.sut));
      if (reference && faults) checkFaults(reference, faults, v['participant-faults'] !== undefined ? '--participant-faults' : 'env PARTICIPANT_FAULTS', langOfArgs(args));
      sut = await launchSut(profile, { ...(faults ? { env: { PARTICIPANT_FAULTS: faults } } : {}), signal });
    }
    if (p.call) {
      if (!sut) throw new PolihonError('E_USAGE', t(M.loadCallNeedsSut, lang, { call: p.call }), { hint: t(M.loadCallNeedsSutHint, lang) });
      const provider = sut.profile.endpoints.provider;
      if (!provider) throw new PolihonError('E_PROFILE_INVALID', t(M.loadNoProvider, lang), { where: v.sut });
      const driverUrl = sut.profile.endpoints.driver;
      target = await createDmsVerificationTarget({
        providerUrl: provider,
        clock,
        journal,
        timeoutMs: resolved.timeoutMs,
        ...(p.people ? { people: p.people } : {}),
        ...(soakMs ? { resetStateEveryMs: SOAK_STATE_RESET_MS } : {}),
        onControlRefused,
        ...(v.serve ? { controlRefusedHint: 'The control API is on the control port polihon load --serve printed ({control port}/dms/__polihon/…), with Authorization: Bearer <the token it printed>.' } : {}),
        prepare: async (urls, host) => {
          if (control.token) control.port = await serveControlPort(host, { host: '127.0.0.1', port: 0, token: control.token, closeGraceMs: 500 });
          if (!driverUrl) return;
          const reset = await createDriverClient(driverUrl, { timeoutMs: 5000 }).call('POST', '/reset', { simulators: urls, clock: `${urls.dms}/__polihon/clock` });
          if (reset.status >= 300) throw new PolihonError('E_DRIVER', t(M.loadResetRefused, lang, { status: reset.status }));
        },
      });
    } else {
      target = createHttpTarget(p.http!, { maxSockets: resolved.plan.maxVUs, timeoutMs: resolved.timeoutMs });
    }
    out.stdout(t(M.loadTarget, lang, { target: target.describe }) + '\n');
    // a full GC before each sample pauses the process briefly: few samples, every 2–5 s
    if (v.serve) return await serveForK6(target, resolved, maxDurationMs ?? HARD_MAX_DURATION_MS, out, signal, lang, control);
    const sampler = soakMs ? startMemorySampler(Math.min(5000, Math.max(2000, Math.round(soakMs / 120)))) : undefined;
    const monitor = startHarnessMonitor();
    const run = await runEmbedded(resolved, target, {
      signal,
      onTick: (ms, c) =>
        out.stdout(t(M.loadTick, lang, { s: Math.round(ms / 1000), done: c.counters.completed, dropped: c.counters.dropped, errors: Object.values(c.errors).reduce((a, b) => a + b, 0) }) + '\n'),
    });
    const harness = monitor.stop();
    const memory = sampler?.stop();
    const report = buildLoadReport(resolved, run, { runId, toolVersion: VERSION, file: loaded.file, finishedAt: Date.now(), harness, ...(memory ? { memory } : {}) });
    if (sut && !sut.alive()) report.run.message = t(M.loadSutExited, lang, { reason: sut.exitReason() ?? '' });
    if (signal.aborted) {
      // stopped by Ctrl-C/SIGTERM: the numbers so far are reported, but no verdict on the thresholds
      report.run.outcome = 'error';
      report.run.exitCode = EXIT.harnessError;
      report.run.message = t(M.loadInterrupted, lang, { signal: String(signal.reason ?? 'signal') });
    }
    for (const line of describeReport(report, lang)) out.stdout(line + '\n');
    if (report.run.message) out.stdout(t(M.loadNote, lang, { message: report.run.message }) + '\n');
    const written = await writeLoadReports(resolve(v.reports ?? 'reports'), report, reporters ? { reporters } : {});
    out.stdout(t(M.loadReports, lang, { dir: written.dir }) + '\n');
    return report.run.exitCode;
  } finally {
    await target?.close().catch(() => undefined);
    await control.port?.close().catch(() => undefined);
    await sut?.stop().catch(() => undefined);
    journal.clear();
  }
}

/**
 * `--serve`: the ДМС simulator wired to the participant, on 127.0.0.1, for a k6 run of the generated script; until
 * Ctrl-C or --max-duration (at most 15m). The script drives ДМС through the control port (POLIHON_DMS_URL, with
 * POLIHON_CONTROL_TOKEN), a loopback port of its own behind a token made at each start, as `polihon serve` serves it;
 * the participant keeps the simulator's own port.
 */
async function serveForK6(
  target: LoadTarget,
  resolved: ResolvedProfile,
  forMs: number,
  out: Output,
  signal: AbortSignal,
  lang: Lang,
  control: { port?: ServedControlPort; token?: string },
): Promise<number> {
  const { urls } = target as Partial<DmsVerificationTarget>;
  if (!urls?.dms || !control.port || !control.token) throw new PolihonError('E_USAGE', t(M.loadServeHttp, lang));
  const { url } = control.port;
  out.stdout(t(M.loadServing, lang, { url: `${url}/dms`, token: control.token, name: resolved.name }) + '\n');
  out.stdout(t(M.loadServingPorts, lang, { dms: urls.dms, control: url, token: control.token }) + '\n');
  out.stdout(t(M.loadServingStops, lang, { duration: formatMs(forMs) }) + '\n');
  await new Promise<void>((done) => {
    const timer = setTimeout(done, forMs);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
  return EXIT.ok;
}

function emit(resolved: ResolvedProfile, source: string, args: Args, out: Output, lang: Lang): number {
  const v = args.values;
  const kind = v.emit;
  if (kind !== 'k6' && kind !== 'k6-operator') throw new PolihonError('E_USAGE', t(M.badEmit, lang, { value: kind ?? '' }));
  const dir = resolve(v.out ?? join(v.reports ?? 'reports', 'k6'));
  mkdirSync(dir, { recursive: true });
  const bundle = generateK6(resolved, { toolVersion: VERSION, source });
  const written = [join(dir, bundle.scriptFile), join(dir, bundle.optionsFile)];
  writeFileSync(written[0]!, bundle.script);
  writeFileSync(written[1]!, JSON.stringify(bundle.options, null, 2) + '\n');
  if (kind === 'k6-operator') {
    const parallelism = intFlag('parallelism', v.parallelism, 1, 1000, lang) ?? 1;
    const env: Record<string, string> = {};
    for (const kv of v.env ?? []) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
      if (!m) throw new PolihonError('E_USAGE', t(M.badEnv, lang, { value: kv }));
      env[m[1]!] = m[2]!;
    }
    const manifest = operatorManifest(bundle, resolved.name, {
      parallelism,
      ...(v.namespace ? { namespace: v.namespace } : {}),
      ...(v['runner-cpu'] || v['runner-memory'] ? { resources: { ...(v['runner-cpu'] ? { cpu: v['runner-cpu'] } : {}), ...(v['runner-memory'] ? { memory: v['runner-memory'] } : {}) } } : {}),
      env,
    });
    const path = join(dir, `${resolved.name}.k6-operator.yaml`);
    writeFileSync(path, manifest);
    written.push(path);
  }
  out.stdout(`${t(M.emitted, lang, { target: t(kind === 'k6' ? M.emittedK6 : M.emittedOperator, lang) })}\n${written.map((w) => `  ${w}\n`).join('')}`);
  if (kind === 'k6-operator') out.stdout(t(M.nextKubectl, lang, { file: written[2]! }) + '\n');
  else out.stdout(t(M.nextK6, lang, { file: written[0]! }) + '\n');
  return EXIT.ok;
}

function untilSignal(): AbortSignal {
  const c = new AbortController();
  const stop = () => c.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return c.signal;
}
