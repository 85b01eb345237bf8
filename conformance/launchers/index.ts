// Picks the launcher the profile names.
import { launcherKind, type SutProfile } from '../sut-profile.ts';
import { launchCommand } from './command.ts';
import { launchCompose, launchContainer } from './container.ts';
import type { LaunchedSut, LaunchOptions } from './types.ts';
import { launchUrl } from './url.ts';

export type { LaunchedSut, LaunchOptions } from './types.ts';

export function launchSut(profile: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  switch (launcherKind(profile)) {
    case 'command':
      return launchCommand(profile, options);
    case 'container':
      return launchContainer(profile, options);
    case 'compose':
      return launchCompose(profile, options);
    default:
      return launchUrl(profile, options);
  }
}
