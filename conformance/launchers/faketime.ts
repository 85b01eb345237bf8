// `clock: faketime` for `command` participants: the participant's own clock (time(), gettimeofday, clock_gettime
// REALTIME — Date.now(), datetime.now(), System.currentTimeMillis, a database's now()) reads the run's virtual clock,
// through libfaketime preloaded into it and a timestamp file polihon rewrites whenever the virtual clock moves.
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.ts';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { M } from './messages.ts';

/** Where Debian/Ubuntu (multiarch), other distributions and `make install` put the library. */
export function libfaketimeCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.POLIHON_LIBFAKETIME) return [env.POLIHON_LIBFAKETIME];
  const triplet = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
  return [`/usr/lib/${triplet}/faketime/libfaketime.so.1`, '/usr/lib/faketime/libfaketime.so.1', '/usr/local/lib/faketime/libfaketime.so.1'];
}

/** The library's path, or E_SUT_START (exit 3: the machine lacks it, the participant is not at fault). */
export function findLibfaketime(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = libfaketimeCandidates(env);
  const found = process.platform === 'linux' ? candidates.find((p) => existsSync(p)) : undefined;
  if (found) return found;
  const message = process.platform === 'linux' ? msg(M.libfaketimeMissing, { paths: candidates.join(', ') }) : msg(M.libfaketimeLinuxOnly);
  throw new PolihonError('E_SUT_START', message, { where: 'launch.clock', hint: msg(M.clockApiHint) });
}

/**
 * The file's content: epoch seconds with milliseconds, read with FAKETIME_FMT=%s. Epoch seconds carry no time zone, so
 * the participant keeps its own TZ (Europe/Kyiv days stay right) and the instant is exact whatever TZ it runs in. No
 * `@` prefix: the participant's clock stands still between moves, as the virtual clock does, so what it stamps equals
 * the virtual time the scenario judges.
 */
export function faketimeSpec(ms: number): string {
  return `${(ms / 1000).toFixed(3)}\n`;
}

export interface FaketimeSession {
  /** environment for the participant's process */
  env: Record<string, string>;
  file: string;
  /** stops following the clock and removes the file */
  close(): void;
}

/**
 * Writes the clock's time to a fresh timestamp file now and on every move. The environment keeps monotonic time real
 * (FAKETIME_DONT_FAKE_MONOTONIC): scenarios may start earlier than the last one ended, and a monotonic clock going
 * back would stall every timer of the participant; going forward by days would fire every pending timeout at once.
 */
export function startFaketime(clock: Pick<Clock, 'now' | 'onChange'>, inherited: string | undefined, env: NodeJS.ProcessEnv = process.env): FaketimeSession {
  const lib = findLibfaketime(env);
  const dir = mkdtempSync(join(tmpdir(), 'polihon-faketime-'));
  // readable by a container's user when the folder is mounted into it (docs/en/participant-profile.md); only a time
  chmodSync(dir, 0o755);
  const file = join(dir, 'clock');
  const write = (ms: number) => {
    // a rename is atomic: the participant, reading the file on every clock call, never sees it half written
    writeFileSync(`${file}.next`, faketimeSpec(ms), { mode: 0o644 });
    renameSync(`${file}.next`, file);
  };
  write(clock.now());
  const off = clock.onChange(write);
  return {
    file,
    env: {
      LD_PRELOAD: inherited ? `${lib} ${inherited}` : lib,
      FAKETIME_TIMESTAMP_FILE: file,
      // the folder, to mount into a container: a mounted file would keep the inode the first rename replaced
      POLIHON_CLOCK_DIR: dir,
      FAKETIME_FMT: '%s',
      // without it libfaketime re-reads the file only every 10 s, and the participant would act on a stale day
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    close() {
      off();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
