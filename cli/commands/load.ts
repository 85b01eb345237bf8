// `polihon load <profile>`: validate and plan a load profile, emit it for k6 / the k6 operator, or run it with the
// embedded engine against a participant (started from its --sut profile) and write load.json, index.html and
// junit.xml. Exit 0 when every threshold holds, 99 when one does not, 2 for bad input, 3 when the harness broke.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRealClock } from '../../core/clock.ts';
import { EXIT, PolihonError } from '../../core/errors.ts';
import { createJournal, createSpillingStorage } from '../../core/journal.ts';
import { createDriverClient } from '../../conformance/driver.ts';
import { launchSut, type LaunchedSut } from '../../conformance/launchers/index.ts';
import { writeLoadReports } from '../../conformance/reporters/write-load.ts';
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
import { t } from '../../core/i18n.ts';
import { buildLoadReport, describeReport } from '../../load/report.ts';
import { MAX_SOAK_MS, startMemorySampler } from '../../load/soak.ts';
import { createDmsVerificationTarget, type DmsVerificationTarget } from '../../load/targets/dms-verification.ts';
import { createHttpTarget } from '../../load/targets/http.ts';
import type { Args } from '../main.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { fileSpillSink } from '../spill.ts';

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** How often a soak lets the ДМС simulator forget the verification requests it sent (see resetStateEveryMs). */
const SOAK_STATE_RESET_MS = 30_000;

function durationFlag(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  try {
    ms = durationMs(value);
  } catch {
    throw new PolihonError('E_USAGE', `--${name} must be a duration such as 90s or 5m, got '${value}'`);
  }
  if (ms <= 0 || ms > max) throw new PolihonError('E_USAGE', `--${name} must be between 1s and ${formatMs(max)}, got '${value}'`, { hint: 'every load run is bounded' });
  return ms;
}

function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new PolihonError('E_USAGE', `--${name} must be a whole number ${min}..${max}, got '${value}'`);
  return n;
}

/** `--soak 10m` holds the profile's rate (or VUs) for that long: only constant executors have one to hold. */
function soakProfile(r: ResolvedProfile, soakMs: number, maxDurationMs: number | undefined): ResolvedProfile {
  const p = r.profile;
  if (p.executor === 'ramping-arrival-rate') {
    throw new PolihonError('E_USAGE', '--soak holds one rate for a long time; a ramping-arrival-rate profile has none to hold', { hint: 'use a constant-arrival-rate or constant-vus profile for a soak' });
  }
  const soaked = { ...p, duration: formatMs(soakMs), maxRequests: p.maxRequests ?? 1_000_000 };
  return resolveProfile(soaked, { name: `${r.name}-soak`, ...(maxDurationMs ? { maxDurationMs } : {}) });
}

export async function loadCommand(args: Args, out: Output, signal: AbortSignal = untilSignal()): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    throw new PolihonError('E_USAGE', 'polihon load takes one profile file', { hint: 'e.g. polihon load load/profiles/dms-verification.yaml --sut participants/hromada-registry/polihon.sut.yaml' });
  }
  const v = args.values;
  const maxDurationMs = durationFlag('max-duration', v['max-duration'], HARD_MAX_DURATION_MS);
  const soakMs = durationFlag('soak', v.soak, MAX_SOAK_MS);
  const maxRequests = intFlag('max-requests', v['max-requests'], 1, 1_000_000);
  const loaded = readLoadProfile(resolve(file), { ...(maxDurationMs ? { maxDurationMs } : {}), ...(maxRequests ? { maxRequests } : {}) });
  const resolved = soakMs ? soakProfile(loaded.resolved, soakMs, maxDurationMs) : loaded.resolved;

  const lang = v.lang === 'uk' ? 'uk' : 'en';
  const capacity = checkCapacity(resolved.plan, resolved.profile.call ?? 'http', machineFacts(), lang);
  if (v.plan) {
    for (const line of describePlan(resolved)) out.stdout(line + '\n');
    if (capacity.needCores !== undefined) out.stdout(t(LM.capacityNeeds, lang, { need: capacity.needCores, rate: round(capacity.rate!, 1), cores: machineFacts().cores }) + '\n');
    for (const line of capacity.warnings) out.stdout(line + '\n');
    return EXIT.ok;
  }
  if (v.emit !== undefined) return emit(resolved, loaded.file, args, out);

  // --- run it with the embedded engine ---
  const runId = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  out.stdout(`engine: embedded (polihon ${VERSION}) — k6 is not run here (AGPL; docs/decisions/0004-load-engines.md)\n`);
  for (const line of describePlan(resolved)) out.stdout(line + '\n');
  // what the machine must have, said before the run rather than read off a failed threshold after it
  for (const line of capacity.warnings) out.stdout(line + '\n');

  const p = resolved.profile;
  const faults = v['participant-faults'] ?? process.env.PARTICIPANT_FAULTS;
  let sut: LaunchedSut | undefined;
  let target: LoadTarget | undefined;
  const clock = createRealClock(() => Date.now());
  const journal = createJournal({ clock, wallTime: () => Date.now(), storage: createSpillingStorage(fileSpillSink(join(PACKAGE_ROOT, '.polihon', `journal-load-${runId}.jsonl`)), 5_000) });
  try {
    if (v.sut) sut = await launchSut(loadProfile(v.sut), { ...(faults ? { env: { PARTICIPANT_FAULTS: faults } } : {}) });
    if (p.call) {
      if (!sut) throw new PolihonError('E_USAGE', `the profile's call '${p.call}' goes to a participant: give its profile with --sut`, { hint: 'e.g. --sut participants/hromada-registry/polihon.sut.yaml' });
      const provider = sut.profile.endpoints.provider;
      if (!provider) throw new PolihonError('E_PROFILE_INVALID', "the participant profile has no endpoints.provider for ДМС to call", { where: v.sut });
      const driverUrl = sut.profile.endpoints.driver;
      target = await createDmsVerificationTarget({
        providerUrl: provider,
        clock,
        journal,
        timeoutMs: resolved.timeoutMs,
        ...(p.people ? { people: p.people } : {}),
        ...(soakMs ? { resetStateEveryMs: SOAK_STATE_RESET_MS } : {}),
        prepare: async (urls) => {
          if (!driverUrl) return;
          const reset = await createDriverClient(driverUrl, { timeoutMs: 5000 }).call('POST', '/reset', { simulators: urls, clock: `${urls.dms}/__polihon/clock` });
          if (reset.status >= 300) throw new PolihonError('E_DRIVER', `the participant refused POST /driver/reset: HTTP ${reset.status}`);
        },
      });
    } else {
      target = createHttpTarget(p.http!, { maxSockets: resolved.plan.maxVUs, timeoutMs: resolved.timeoutMs });
    }
    out.stdout(`target: ${target.describe}\n`);
    // a full GC before each sample pauses the process briefly: few samples, every 2–5 s
    if (v.serve) return await serveForK6(target, resolved, maxDurationMs ?? HARD_MAX_DURATION_MS, out, signal);
    const sampler = soakMs ? startMemorySampler(Math.min(5000, Math.max(2000, Math.round(soakMs / 120)))) : undefined;
    const monitor = startHarnessMonitor();
    const run = await runEmbedded(resolved, target, {
      signal,
      onTick: (ms, c) => out.stdout(`  ${Math.round(ms / 1000)}s  ${c.counters.completed} done · ${c.counters.dropped} dropped · ${Object.values(c.errors).reduce((a, b) => a + b, 0)} errors\n`),
    });
    const harness = monitor.stop();
    const memory = sampler?.stop();
    const report = buildLoadReport(resolved, run, { runId, toolVersion: VERSION, file: loaded.file, finishedAt: Date.now(), harness, ...(memory ? { memory } : {}) });
    if (sut && !sut.alive()) report.run.message = `the participant ${sut.exitReason()}`;
    for (const line of describeReport(report, lang)) out.stdout(line + '\n');
    if (report.run.message) out.stdout(`note: ${report.run.message}\n`);
    const written = await writeLoadReports(resolve(v.reports ?? 'reports'), report);
    out.stdout(`reports: ${written.dir}\n`);
    return report.run.exitCode;
  } finally {
    await target?.close().catch(() => undefined);
    await sut?.stop().catch(() => undefined);
    journal.clear();
  }
}

/**
 * `--serve`: the ДМС simulator wired to the participant, on 127.0.0.1, for a k6 run of the generated script
 * (POLIHON_DMS_URL); until Ctrl-C or --max-duration (at most 15m).
 */
async function serveForK6(target: LoadTarget, resolved: ResolvedProfile, forMs: number, out: Output, signal: AbortSignal): Promise<number> {
  const urls = (target as Partial<DmsVerificationTarget>).urls;
  if (!urls?.dms) throw new PolihonError('E_USAGE', '--serve is for simulator calls (call: dms.verification-request); an http profile needs no server from polihon');
  out.stdout(`serving the ДМС simulator for k6: POLIHON_DMS_URL=${urls.dms} k6 run reports/k6/${resolved.name}.k6.js
`);
  out.stdout(`stops on Ctrl-C or after ${formatMs(forMs)}
`);
  await new Promise<void>((done) => {
    const timer = setTimeout(done, forMs);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
  return EXIT.ok;
}

function emit(resolved: ResolvedProfile, source: string, args: Args, out: Output): number {
  const v = args.values;
  const kind = v.emit;
  if (kind !== 'k6' && kind !== 'k6-operator') throw new PolihonError('E_USAGE', `--emit takes k6 or k6-operator, got '${kind}'`);
  const dir = resolve(v.out ?? join(v.reports ?? 'reports', 'k6'));
  mkdirSync(dir, { recursive: true });
  const bundle = generateK6(resolved, { toolVersion: VERSION, source });
  const written = [join(dir, bundle.scriptFile), join(dir, bundle.optionsFile)];
  writeFileSync(written[0]!, bundle.script);
  writeFileSync(written[1]!, JSON.stringify(bundle.options, null, 2) + '\n');
  if (kind === 'k6-operator') {
    const parallelism = intFlag('parallelism', v.parallelism, 1, 1000) ?? 1;
    const env: Record<string, string> = {};
    for (const kv of v.env ?? []) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
      if (!m) throw new PolihonError('E_USAGE', `--env takes NAME=value, got '${kv}'`);
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
  out.stdout(`engine: none run — wrote the profile for ${kind === 'k6' ? 'k6' : 'the k6 operator'}:\n${written.map((w) => `  ${w}\n`).join('')}`);
  if (kind === 'k6-operator') out.stdout(`next: kubectl apply -f ${written[2]}\n`);
  else out.stdout(`next (where k6 is installed): k6 run ${written[0]}\n`);
  return EXIT.ok;
}

function untilSignal(): AbortSignal {
  const c = new AbortController();
  const stop = () => c.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return c.signal;
}
