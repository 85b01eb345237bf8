// A launched participant, whatever started it.
import type { Clock } from '../../core/clock.ts';
import type { SutProfile } from '../sut-profile.ts';

export interface LaunchedSut {
  /** the profile with `${port}` and the like filled in */
  profile: SutProfile;
  /** false once a spawned process has exited */
  alive(): boolean;
  /** why it is not alive: exit code/signal and the tail of its output */
  exitReason(): string | undefined;
  /** last lines of its output, for error reports */
  logTail(): string;
  /** resolves true if the participant exits within `ms` (an unreachable participant may be dying) */
  waitExit(ms: number): Promise<boolean>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** extra environment for spawned participants (e.g. PARTICIPANT_FAULTS for the reference ones) */
  env?: Record<string, string>;
  /** the run's virtual clock, which a `clock: faketime` participant's own clock follows */
  clock?: Pick<Clock, 'now' | 'onChange'>;
  cwd?: string;
  /** aborts a launch still waiting for the participant to be ready (Ctrl-C): it is stopped, E_INTERRUPTED thrown */
  signal?: AbortSignal;
}
