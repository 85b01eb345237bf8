// `url` launcher: the participant is already running; polihon only checks it answers.
import type { SutProfile } from '../sut-profile.ts';
import { waitHealthy } from './health.ts';
import type { LaunchedSut, LaunchOptions } from './types.ts';

export async function launchUrl(profile: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  const launch = profile.launch as { url: string; health?: string };
  await waitHealthy(launch.health ?? `${profile.endpoints.driver.replace(/\/+$/, '')}/health`, 5_000, undefined, options.signal);
  return { profile, alive: () => true, exitReason: () => undefined, logTail: () => '', waitExit: async () => false, stop: async () => {} };
}
