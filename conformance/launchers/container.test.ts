// The container and compose launchers as far as they can be tested without a container engine: their profile
// fields, the compose file's check, and — where no engine answers, as on the CI machine — the error that a run
// gets at once, exit 3, never a skip. Where an engine does answer, the last part says so and is not run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolihonError } from '../../core/errors.ts';
import { ROOT } from '../../test/helpers.ts';
import { loadProfile, parseProfile } from '../sut-profile.ts';
import { launchCompose, launchContainer, probeContainerRuntime } from './container.ts';

const tmp = mkdtempSync(join(tmpdir(), 'polihon-container-'));
const HEAD = ['name: in a container', 'version: 1.0.0', 'roles: [hromada-registry]', 'endpoints: { driver: "http://127.0.0.1:${port}/driver" }'];

function profileFile(name: string, launch: string[]): string {
  const file = join(tmp, name);
  writeFileSync(file, [...HEAD, 'launch:', ...launch.map((l) => `  ${l}`)].join('\n') + '\n');
  return file;
}

function composeFile(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function problem(fn: () => unknown): PolihonError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PolihonError) return err;
    throw err;
  }
  throw new Error('no error was thrown');
}

describe('container and compose fields of the profile', () => {
  it('a container launch needs an image and a positive integer port, and takes no unknown key', () => {
    const err = problem(() => parseProfile([...HEAD, 'launch:', '  container: { port: 0, imag: x }'].join('\n'), 'c.sut.yaml'));
    expect(err.code).toBe('E_PROFILE_INVALID');
    expect(err.exitCode).toBe(2);
    // judged as the container form it names: each of its own problems at its place
    expect(err.details).toEqual([
      expect.objectContaining({ where: 'c.sut.yaml:6:14', message: expect.stringMatching(/^launch\.container\.image: /) }),
      expect.objectContaining({ where: 'c.sut.yaml:6:22', message: expect.stringMatching(/^launch\.container\.port: Too small/) }),
      expect.objectContaining({ where: 'c.sut.yaml:6:25', message: "unknown key 'imag' in launch.container" }),
    ]);
  });

  it('a container launch with image, port, env, health path and readyTimeout is valid', () => {
    const p = parseProfile(
      [...HEAD, 'launch:', '  container: { image: "registry.example/p:1", port: 8080, env: { A: "1" } }', '  health: /driver/health', '  readyTimeout: 2m'].join('\n'),
      'c.sut.yaml',
    );
    expect(p.launch).toMatchObject({ container: { image: 'registry.example/p:1', port: 8080 }, readyTimeout: '2m' });
  });

  it('a compose launch of a file that is not there is invalid input, named', () => {
    const file = profileFile('missing.sut.yaml', [`compose: { file: ${join(tmp, 'nowhere.yml')}, service: p, port: 8080 }`]);
    const err = problem(() => loadProfile(file));
    expect(err.code).toBe('E_PROFILE_INVALID');
    expect(err.where).toBe(file);
    expect(err.message).toMatch(/compose file .*nowhere\.yml not found/);
  });

  it('a compose launch of a service the file lacks lists the services it has', () => {
    const compose = composeFile('two.yml', 'services:\n  db: { image: postgres:16, network_mode: host }\n  app: { image: a:1, network_mode: host }\n');
    const err = problem(() => loadProfile(profileFile('nosvc.sut.yaml', [`compose: { file: ${compose}, service: constructor, port: 8080 }`])));
    expect(err.message).toMatch(/has no service constructor/);
    expect(err.hint).toBe('the services of the file: db, app');
  });

  it("a compose service not on the host's network is refused before anything starts, saying why", () => {
    const compose = composeFile('bridge.yml', 'x-base: &base\n  image: a:1\nservices:\n  app:\n    <<: *base\n    ports: ["8080:8080"]\n');
    const err = problem(() => loadProfile(profileFile('bridge.sut.yaml', [`compose: { file: ${compose}, service: app, port: 8080 }`])));
    expect(err.code).toBe('E_PROFILE_INVALID');
    expect(err.message).toMatch(/must be on the host's network \(network_mode: host\), not default/);
    expect(err.hint).toMatch(/add network_mode: host to service app/);
    // the repository's own docker-compose.yml shares a namespace instead: not a file for this launcher
    const own = problem(() => loadProfile(profileFile('own.sut.yaml', [`compose: { file: ${join(ROOT, 'docker-compose.yml')}, service: participant, port: 8080 }`])));
    expect(own.message).toMatch(/not default/);
  });

  it('a compose service on the host network, shared through a merge key, is accepted', () => {
    const compose = composeFile('host.yml', 'x-base: &base\n  image: a:1\n  network_mode: host\nservices:\n  app:\n    <<: *base\n');
    const p = loadProfile(profileFile('host.sut.yaml', [`compose: { file: ${compose}, service: app, port: 8080 }`]));
    expect(p.launch).toMatchObject({ compose: { service: 'app', port: 8080 } });
  });
});

describe('without a container runtime', () => {
  let runtime: string | undefined;
  beforeAll(async () => {
    try {
      await probeContainerRuntime();
      runtime = 'a container runtime answers here';
      console.log('container launchers: a container runtime answers on this machine, so the no-runtime checks are not run here');
    } catch {
      runtime = undefined;
    }
  });

  it('the container launcher fails at once with E_CONTAINER_RUNTIME, exit 3, in both languages', async ({ skip }) => {
    if (runtime) skip();
    const profile = loadProfile(profileFile('c.sut.yaml', ['container: { image: "registry.example.gov.ua/hromada-registry:4.1.0", port: 8080 }']));
    const err = (await launchContainer(profile).catch((e: unknown) => e)) as PolihonError;
    expect(err).toBeInstanceOf(PolihonError);
    expect(err.code).toBe('E_CONTAINER_RUNTIME');
    expect(err.exitCode).toBe(3);
    expect(err.messageIn('en')).toMatch(/^no container runtime is available \(.+\): the container and compose launchers need a running Docker or Podman engine \(DOCKER_HOST; docs\/en\/docker\.md\)$/);
    expect(err.messageIn('uk')).toMatch(/^немає середовища контейнерів \(.+\): .*docs\/uk\/docker\.md\)$/);
    expect(err.hintIn('en')).toMatch(/launch\.command or launch\.url/);
  });

  it('the compose launcher fails the same way', async ({ skip }) => {
    if (runtime) skip();
    const compose = composeFile('ok.yml', 'services:\n  app: { image: a:1, network_mode: host }\n');
    const profile = loadProfile(profileFile('ok.sut.yaml', [`compose: { file: ${compose}, service: app, port: 8080 }`]));
    const err = (await launchCompose(profile).catch((e: unknown) => e)) as PolihonError;
    expect(err.code).toBe('E_CONTAINER_RUNTIME');
  });

  it('a run with a container profile ends ERROR, exit 3, the code in its report', async ({ skip }) => {
    if (runtime) skip();
    const sut = profileFile('run.sut.yaml', ['container: { image: "registry.example.gov.ua/hromada-registry:4.1.0", port: 8080 }']);
    const reports = join(tmp, 'reports');
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'polihon.mjs'), 'run', join(ROOT, 'scenarios', 'dms', 'trembita.yaml'), '--sut', sut, '--reports', reports],
        { cwd: ROOT, env: { ...process.env, CI: 'true', POLIHON_LANG: 'en' }, timeout: 60_000 },
        (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      ),
    );
    expect(r.stdout).toMatch(/ERROR dms-trembita: E_CONTAINER_RUNTIME no container runtime is available/);
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(join(reports, 'latest', 'report.json'), 'utf8')) as { scenarios: { outcome: string; errorCode?: string }[] };
    expect(report.scenarios).toMatchObject([{ outcome: 'error', errorCode: 'E_CONTAINER_RUNTIME' }]);
  });
});
