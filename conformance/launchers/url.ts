// `url` launcher: the participant is already running; polihon only checks it answers.
import type { SutProfile } from '../sut-profile.ts';
import { waitHealthy } from './health.ts';
import type { LaunchedSut } from './types.ts';

export async function launchUrl(profile: SutProfile): Promise<LaunchedSut> {
  const launch = profile.launch as { url: string; health?: string };
  await waitHealthy(launch.health ?? `${profile.endpoints.driver.replace(/\/+$/, '')}/health`, 5_000);
  return { profile, alive: () => true, exitReason: () => undefined, logTail: () => '', waitExit: async () => false, stop: async () => {} };
}
