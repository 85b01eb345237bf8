// `command` launcher: polihon spawns the participant, waits for its health URL, and stops it after.
// A free loopback port is picked when the profile says `${port}`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parseTimeSpec, resolveTimeSpec } from '../../core/duration.ts';
import { PolihonError } from '../../core/errors.ts';
import { substitutePort, type SutProfile } from '../sut-profile.ts';
import { startFaketime, type FaketimeSession } from './faketime.ts';
import { killLaunchedGroups, liveGroups } from './groups.ts';
import { waitHealthy } from './health.ts';
import type { LaunchedSut, LaunchOptions } from './types.ts';

export { killLaunchedGroups };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A port picked free can be taken by another process before the participant listens on it (runs in parallel, other
 * programs): a participant that then fails to start on EADDRINUSE is started again on another port, at most twice.
 */
export async function launchCommand(raw: SutProfile, options: LaunchOptions = {}): Promise<LaunchedSut> {
  const needsPort = JSON.stringify(raw).includes('${port}');
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOnce(needsPort ? substitutePort(raw, await freePort()) : raw, options);
    } catch (err) {
      const taken = err instanceof PolihonError && err.code === 'E_SUT_START' && /EADDRINUSE/.test(err.message);
      if (!needsPort || !taken || attempt >= 3 || options.signal?.aborted) throw err;
    }
  }
}

async function launchOnce(profile: SutProfile, options: LaunchOptions): Promise<LaunchedSut> {
  const launch = profile.launch as { command: string | string[]; env?: Record<string, string>; cwd?: string; health: string; readyTimeout?: string; clock?: 'faketime' };
  const argv = Array.isArray(launch.command) ? launch.command : ['sh', '-c', launch.command];
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const env: NodeJS.ProcessEnv = { ...process.env, ...launch.env, ...options.env };
  // Only a run with a clock to follow fakes it: `polihon load` runs on real time, which the participant already has.
  let faketime: FaketimeSession | undefined;
  if (launch.clock === 'faketime' && options.clock) {
    faketime = startFaketime(options.clock, env.LD_PRELOAD);
    Object.assign(env, faketime.env);
    // FAKETIME in the environment would take precedence over the file and pin the participant to it
    delete env.FAKETIME;
  }
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), {
      // relative paths in a profile are relative to the profile file, wherever polihon is started from
      cwd: resolve(dirname(resolve(profile.file)), launch.cwd ?? options.cwd ?? '.'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group, so `npx tsx …` and its children all stop together
      detached: true,
    });
  } catch (err) {
    faketime?.close();
    throw new PolihonError('E_SUT_START', `cannot spawn ${argv.join(' ')}: ${(err as Error).message}`, { cause: err });
  }
  let exit: string | undefined;
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => (exit = `spawn failed: ${err.message}`));
  // the group stays listed after its leader exits: children it left behind still get stop()'s group kill
  child.on('exit', (code, signal) => (exit = `exited with ${signal ? `signal ${signal}` : `code ${code}`}`));

  const stop = async () => {
    if (child.pid === undefined) return;
    if (exit !== undefined) {
      // the leader exited on its own; whatever it started in its group goes with it
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* nothing left */
      }
      liveGroups.delete(child.pid);
      return;
    }
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const killed = await Promise.race([gone.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3_000))]);
    if (!killed) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await gone;
    }
    liveGroups.delete(child.pid);
  };
  const timeout = launch.readyTimeout ? resolveTimeSpec(parseTimeSpec(launch.readyTimeout), 0) : 20_000;
  try {
    await waitHealthy(launch.health, timeout, () => (exit ? `${exit}\n${lines.slice(-20).join('\n')}` : undefined), options.signal);
  } catch (err) {
    faketime?.close();
    await stop();
    if (err instanceof PolihonError && err.code !== 'E_INTERRUPTED') {
      throw new PolihonError(err.code, err.message, { hint: `${err.hint ?? ''}\nlast output:\n${lines.slice(-20).join('\n')}`, cause: err });
    }
    throw err;
  }
  return {
    profile,
    alive: () => exit === undefined,
    exitReason: () => exit,
    logTail: () => lines.slice(-30).join('\n'),
    waitExit: (ms) =>
      exit !== undefined
        ? Promise.resolve(true)
        : new Promise<boolean>((r) => {
            const t = setTimeout(() => r(exit !== undefined), ms);
            child.once('exit', () => (clearTimeout(t), r(true)));
          }),
    stop: async () => {
      await stop();
      faketime?.close();
    },
  };
}
