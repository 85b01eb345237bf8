// `container` and `compose` launchers, through testcontainers. Where no container runtime exists (as on the
// polihon CI machine) they fail at once with a clear error — never a silent skip.
import { PolihonError } from '../../core/errors.ts';
import type { SutProfile } from '../sut-profile.ts';
import { waitHealthy } from './health.ts';
import type { LaunchedSut, LaunchOptions } from './types.ts';

/** Resolves when a Docker/Podman runtime answers; throws E_CONTAINER_RUNTIME otherwise. */
export async function probeContainerRuntime(): Promise<void> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch (err) {
    throw new PolihonError('E_CONTAINER_RUNTIME', `no container runtime is available: ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
      hint: 'the container and compose launchers need a running Docker or Podman engine (DOCKER_HOST); on machines without one use launch.command or launch.url',
    });
  }
}

export async function launchContainer(profile: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  await probeContainerRuntime();
  const { GenericContainer, Wait } = await import('testcontainers');
  const spec = (profile.launch as { container: { image: string; port: number; env?: Record<string, string> }; health?: string }).container;
  const health = (profile.launch as { health?: string }).health ?? '/driver/health';
  const started = await new GenericContainer(spec.image)
    .withExposedPorts(spec.port)
    .withEnvironment({ ...spec.env, ...options.env })
    .withWaitStrategy(Wait.forHttp(health, spec.port))
    .start();
  const port = started.getMappedPort(spec.port);
  const filled = JSON.parse(JSON.stringify(profile).replaceAll('${port}', String(port))) as SutProfile;
  await waitHealthy(`http://${started.getHost()}:${port}${health}`, 5_000);
  return { profile: filled, alive: () => true, exitReason: () => undefined, logTail: () => '', waitExit: async () => false, stop: async () => void (await started.stop()) };
}

export async function launchCompose(profile: SutProfile): Promise<LaunchedSut> {
  await probeContainerRuntime();
  const { DockerComposeEnvironment } = await import('testcontainers');
  const spec = (profile.launch as { compose: { file: string; service: string; port: number } }).compose;
  const path = await import('node:path');
  const env = await new DockerComposeEnvironment(path.dirname(path.resolve(spec.file)), path.basename(spec.file)).up([spec.service]);
  const c = env.getContainer(`${spec.service}-1`);
  const port = c.getMappedPort(spec.port);
  const filled = JSON.parse(JSON.stringify(profile).replaceAll('${port}', String(port))) as SutProfile;
  return { profile: filled, alive: () => true, exitReason: () => undefined, logTail: () => '', waitExit: async () => false, stop: async () => void (await env.down()) };
}
