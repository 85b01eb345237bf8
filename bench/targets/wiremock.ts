// The peer: WireMock standalone from Maven Central, serving one stub with the simulator's own 201 answer on the
// same path. The jar is fetched by Maven into .polihon/bench (not committed) on the first run; the mapping is
// written at run time; WireMock listens on 127.0.0.1 with its request journal and request logging off.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnTarget, type Target } from '../process.ts';

const run = promisify(execFile);

export const WIREMOCK_VERSION = '3.13.2';
export const WIREMOCK_ARTIFACT = `org.wiremock:wiremock-standalone:${WIREMOCK_VERSION}`;

export interface StubAnswer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WiremockStart {
  /** where the jar and the mapping live (.polihon/bench) */
  dir: string;
  answer: StubAnswer;
  say: (line: string) => void;
}

/** The jar, fetched with Maven when it is not there yet; throws with the reason when it cannot be had. */
export async function wiremockJar(dir: string, say: (line: string) => void): Promise<string> {
  const jar = join(dir, `wiremock-standalone-${WIREMOCK_VERSION}.jar`);
  if (existsSync(jar)) return jar;
  mkdirSync(dir, { recursive: true });
  say(`fetching WireMock: mvn -q dependency:copy -Dartifact=${WIREMOCK_ARTIFACT} -DoutputDirectory=${dir}`);
  try {
    await run('mvn', ['-q', 'dependency:copy', `-Dartifact=${WIREMOCK_ARTIFACT}`, `-DoutputDirectory=${dir}`], {
      timeout: 180_000,
      maxBuffer: 4 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    const detail = e.code === 'ENOENT' ? 'mvn is not installed' : `${e.message.split('\n')[0]}${e.stdout ? `\n${e.stdout.trim().split('\n').slice(-5).join('\n')}` : ''}`;
    throw new Error(`could not fetch ${WIREMOCK_ARTIFACT} from Maven Central: ${detail}`);
  }
  if (!existsSync(jar)) throw new Error(`mvn finished but ${jar} is not there`);
  return jar;
}

/** The mapping file: one stub, matched on method and path only, answering with the given bytes. */
export function wiremockMapping(answer: StubAnswer): object {
  return {
    request: { method: answer.method, urlPath: answer.path },
    response: { status: answer.status, headers: answer.headers, body: answer.body },
  };
}

export async function startWiremock(options: WiremockStart): Promise<Target & { version: string }> {
  const jar = await wiremockJar(options.dir, options.say);
  try {
    await run('java', ['-version'], { timeout: 20_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`java does not run: ${e.code === 'ENOENT' ? 'not installed' : e.message.split('\n')[0]}`);
  }
  const root = join(options.dir, 'wiremock-root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'mappings'), { recursive: true });
  mkdirSync(join(root, '__files'), { recursive: true });
  writeFileSync(join(root, 'mappings', 'dms-acts.json'), JSON.stringify(wiremockMapping(options.answer), null, 2));
  const target = await spawnTarget({
    name: 'WireMock',
    command: 'java',
    args: [
      '-jar',
      jar,
      '--port',
      '0',
      '--bind-address',
      '127.0.0.1',
      '--root-dir',
      root,
      // fair to a server that keeps nothing per request: no request journal, no per-request logging
      '--no-request-journal',
      '--disable-request-logging',
      '--disable-banner',
      // a Content-Length answer like the others (WireMock chunks by default), no gzip, no templating
      '--use-chunked-encoding',
      'never',
      '--disable-gzip',
      '--disable-response-templating',
    ],
    ready: (line) => {
      const m = /^port:\s+(\d+)\s*$/.exec(line.trim());
      return m ? `http://127.0.0.1:${m[1]}` : undefined;
    },
    timeoutMs: 60_000,
  });
  return { ...target, version: WIREMOCK_VERSION };
}
