// `container` and `compose` launchers, through testcontainers. Where no container runtime exists (as on the
// polihon CI machine) they fail at once with a clear error — never a silent skip.
//
// The participant runs on the host's network. `polihon run` serves each scenario's simulators on 127.0.0.1 of its
// own machine and tells the participant their URLs (POST /reset, contracts §5): a container on a bridge network
// would see its own 127.0.0.1 there and reach none of them. On the host's network the participant and polihon share
// 127.0.0.1 both ways, and the container's port is the host's own, which `${port}` in the profile becomes. Docker
// Engine and Podman on Linux do this; Docker Desktop since 4.34 with host networking turned on in its settings.
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { parseTimeSpec, resolveTimeSpec } from '../../core/duration.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg, t } from '../../core/i18n.ts';
import { substitutePort, type SutProfile } from '../sut-profile.ts';
import { waitHealthy } from './health.ts';
import { M } from './messages.ts';
import type { LaunchedSut, LaunchOptions } from './types.ts';

interface ContainerLaunch {
  container: { image: string; port: number; env?: Record<string, string> };
  health?: string;
  readyTimeout?: string;
}
interface ComposeLaunch {
  compose: { file: string; service: string; port: number };
  health?: string;
  readyTimeout?: string;
}

/** A container, a JVM above all, takes longer to be ready than a process: a minute unless `readyTimeout` says. */
const READY_TIMEOUT_MS = 60_000;
/** SIGTERM first, as the command launcher does; the engine kills what is still running after this. */
const STOP_TIMEOUT_MS = 3_000;

/** Resolves when a Docker/Podman runtime answers; throws E_CONTAINER_RUNTIME otherwise. */
export async function probeContainerRuntime(): Promise<void> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch (err) {
    throw new PolihonError('E_CONTAINER_RUNTIME', msg(M.noRuntime, { reason: (err as Error).message.split('\n')[0] ?? '' }), {
      cause: err,
      hint: msg(M.noRuntimeHint),
    });
  }
}

export async function launchContainer(raw: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  // on the host's network the container's port is the machine's: `${port}` anywhere in the profile (its env too)
  const profile = substitutePort(raw, (raw.launch as ContainerLaunch).container.port);
  const launch = profile.launch as ContainerLaunch;
  const spec = launch.container;
  await probeContainerRuntime();
  const { GenericContainer, Wait } = await import('testcontainers');
  const output = outputTail();
  let started;
  try {
    started = await new GenericContainer(spec.image)
      .withNetworkMode('host')
      .withEnvironment({ ...spec.env, ...options.env })
      .withBindMounts(fileMounts(options.env))
      // nothing is exposed on the host's network, so this returns at once: readiness is launch.health, below, with
      // the profile's readyTimeout (an image's own HEALTHCHECK would otherwise be waited for, on its own clock)
      .withWaitStrategy(Wait.forListeningPorts())
      .withLogConsumer(output.follow)
      .start();
  } catch (err) {
    throw new PolihonError('E_SUT_START', msg(M.containerNotStarted, { image: spec.image, reason: (err as Error).message.split('\n')[0] ?? '' }), {
      cause: err,
      hint: msg(M.containerNotStartedHint),
    });
  }
  const stop = async () => void (await started.stop({ timeout: STOP_TIMEOUT_MS }).catch(() => undefined));
  await ready(profile, launch, output, stop, options.signal);
  return launched(profile, output, stop);
}

export async function launchCompose(raw: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  const profile = substitutePort(raw, (raw.launch as ComposeLaunch).compose.port);
  const launch = profile.launch as ComposeLaunch;
  const spec = launch.compose;
  // the file and its service were checked when the profile was loaded (compose-file.ts)
  const file = resolve(spec.file);
  await probeContainerRuntime();
  const { DockerComposeEnvironment } = await import('testcontainers');
  let environment;
  try {
    // the environment of `docker compose` itself: the file's ${…}, and services that list a name in `environment:`
    environment = await new DockerComposeEnvironment(dirname(file), basename(file)).withEnvironment({ ...options.env }).up([spec.service]);
  } catch (err) {
    throw new PolihonError('E_SUT_START', msg(M.composeNotStarted, { service: spec.service, file: spec.file, reason: (err as Error).message.split('\n')[0] ?? '' }), {
      cause: err,
      hint: msg(M.containerNotStartedHint),
    });
  }
  const up = environment;
  const output = outputTail();
  // compose names a service's first container <service>-1; one renamed by `container_name:` is not watched (its
  // death shows as E_SUT_UNREACHABLE, not E_SUT_CRASHED)
  const first = await Promise.resolve()
    .then(() => up.getContainer(`${spec.service}-1`).logs())
    .catch(() => undefined);
  if (first) output.follow(first);
  const stop = async () => void (await up.down({ timeout: STOP_TIMEOUT_MS }).catch(() => undefined));
  await ready(profile, launch, output, stop, options.signal);
  return launched(profile, output, stop);
}

/**
 * The run's files the participant is told of by path (mTLS: POLIHON_CLIENT_CERT, POLIHON_CLIENT_KEY, POLIHON_CA),
 * mounted read-only at the same path, so the path in its environment holds in the container too.
 */
function fileMounts(env: Record<string, string> | undefined): { source: string; target: string; mode: 'ro' }[] {
  return Object.entries(env ?? {})
    .filter(([name, value]) => /^POLIHON_(CLIENT_CERT|CLIENT_KEY|CA)$/.test(name) && value.startsWith('/'))
    .map(([, value]) => ({ source: value, target: value, mode: 'ro' as const }));
}

interface OutputTail {
  follow: (stream: Readable) => void;
  lines: () => string[];
  /** set once the log stream ends: the container has stopped */
  stopped: () => boolean;
  onStop: (fn: () => void) => void;
}

/** The container's last 200 lines of output, and whether it still runs (its followed log ends when it stops). */
function outputTail(): OutputTail {
  const lines: string[] = [];
  let ended = false;
  const waiting: (() => void)[] = [];
  return {
    follow: (stream) => {
      stream.on('data', (chunk: Buffer | string) => {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(l);
        if (lines.length > 200) lines.splice(0, lines.length - 200);
      });
      const end = () => {
        if (ended) return;
        ended = true;
        for (const fn of waiting.splice(0)) fn();
      };
      stream.once('end', end);
      stream.once('close', end);
      stream.once('error', end);
    },
    lines: () => lines,
    stopped: () => ended,
    onStop: (fn) => (ended ? fn() : void waiting.push(fn)),
  };
}

/** Waits for launch.health on the host's loopback; on failure the container goes and its last output is in the hint. */
async function ready(profile: SutProfile, launch: ContainerLaunch | ComposeLaunch, output: OutputTail, stop: () => Promise<void>, signal?: AbortSignal): Promise<void> {
  const port = 'container' in launch ? launch.container.port : launch.compose.port;
  const path = launch.health ?? `${new URL(profile.endpoints.driver).pathname.replace(/\/+$/, '')}/health`;
  const url = `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const timeout = launch.readyTimeout ? resolveTimeSpec(parseTimeSpec(launch.readyTimeout), 0) : READY_TIMEOUT_MS;
  try {
    await waitHealthy(url, timeout, () => (output.stopped() ? `${t(M.containerStopped, 'en')}\n${output.lines().slice(-20).join('\n')}` : undefined), signal);
  } catch (err) {
    await stop();
    if (err instanceof PolihonError && err.code !== 'E_INTERRUPTED') {
      throw new PolihonError(err.code, err.message, { hint: `${err.hint ?? ''}\nlast output:\n${output.lines().slice(-20).join('\n')}`, cause: err });
    }
    throw err;
  }
}

function launched(profile: SutProfile, output: OutputTail, stop: () => Promise<void>): LaunchedSut {
  return {
    profile,
    alive: () => !output.stopped(),
    exitReason: () => (output.stopped() ? `${t(M.containerStopped, 'en')}\n${output.lines().slice(-20).join('\n')}` : undefined),
    logTail: () => output.lines().slice(-30).join('\n'),
    waitExit: (ms) =>
      new Promise<boolean>((r) => {
        const t = setTimeout(() => r(output.stopped()), ms);
        output.onStop(() => (clearTimeout(t), r(true)));
      }),
    stop,
  };
}
