// The container setup, checked without a container engine (none runs on the CI machine): docker-compose.yml against
// the Compose Specification's published JSON Schema (test/schemas/README.md), and through `docker compose config -q`
// where Compose is installed; the Dockerfile through hadolint (bootstrap puts it in .polihon/venv); and what the two
// files must agree on with the code and with each other — ports, the health path, the participant's profile.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProfile, launcherKind } from '../conformance/sut-profile.ts';
import { SIMULATORS } from '../simulators/registry.ts';
import { ROOT } from './helpers.ts';

const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'Dockerfile');
const HADOLINT = join(ROOT, '.polihon', 'venv', 'bin', 'hadolint');

interface Service {
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}
const composeText = () => readFileSync(COMPOSE_FILE, 'utf8');
// merge keys as compose reads them: the services share the image with `<<: *polihon`
const compose = () => parse(composeText(), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

function schemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // compose-go registers this one format of its own: a Go duration ('10s', '1m30s')
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'compose-spec.json'), 'utf8')) as object);
}

/** `docker-compose` (Debian's, v1) or `docker compose` (the v2 plugin), whichever answers; undefined when neither. */
function composeCommand(): string[] | undefined {
  for (const argv of [['docker-compose'], ['docker', 'compose']]) {
    const r = spawnSync(argv[0]!, [...argv.slice(1), 'version'], { stdio: 'ignore', timeout: 20_000 });
    if (r.status === 0) return argv;
  }
  return undefined;
}

function hadolint(args: string[], input?: string) {
  if (!existsSync(HADOLINT)) {
    throw new Error(`hadolint is not installed at ${HADOLINT}: run \`node scripts/bootstrap.mjs --for-test\` (what \`npm test\` runs first), which puts hadolint 2.15.1 there, and then this test again`);
  }
  return spawnSync(HADOLINT, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000, ...(input !== undefined ? { input } : {}) });
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification (compose-spec.json of compose-go v2.17.0)', () => {
    const validate = schemaValidator();
    const ok = validate(compose());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is not vacuous: a misspelt key and a depends_on that is a bare string are refused', () => {
    const validate = schemaValidator();
    const broken = compose();
    (broken.services.simulators as Record<string, unknown>).healthchek = { test: ['CMD', 'true'] };
    (broken.services.participant as Record<string, unknown>).depends_on = 'conformance';
    expect(validate(broken)).toBe(false);
    const said = validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
    expect(said).toMatch(/\/services\/simulators .*healthchek/);
    expect(said).toMatch(/\/services\/participant\/depends_on/);
  });

  it('`docker compose config -q` accepts it, where Compose is installed', () => {
    const argv = composeCommand();
    if (!argv) {
      console.log('docker-compose.yml: neither `docker-compose` nor `docker compose` is installed here; only the schema check ran');
      return;
    }
    // the file's own defaults, not whatever this shell happens to export
    const env = { ...process.env };
    for (const name of ['POLIHON_SUT', 'PARTICIPANT_FAULTS', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME']) delete env[name];
    const r = spawnSync(argv[0]!, [...argv.slice(1), '-f', COMPOSE_FILE, 'config', '-q'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('serves every simulator and the control port on fixed ports, published on the host loopback only', () => {
    const { simulators } = compose().services;
    const n = Object.keys(SIMULATORS).length;
    // `polihon serve` puts simulator i on port + i and the control API right after them (cli/commands/serve.ts)
    const range = `7400-${7400 + n}`;
    expect(simulators!.command).toEqual(['serve', '--host', '0.0.0.0', '--control-host', '0.0.0.0', '--port', '7400']);
    expect(simulators!.ports).toEqual([`127.0.0.1:${range}:${range}`]);
    expect(readFileSync(DOCKERFILE, 'utf8')).toMatch(new RegExp(`^EXPOSE ${range}$`, 'm'));
    expect(simulators!.healthcheck?.test?.join(' ')).toContain('http://127.0.0.1:7400/__polihon/health');
  });

  it('runs conformance in the participant network namespace, after the participant is healthy, reports in a volume', () => {
    const { participant, conformance } = compose().services;
    expect(conformance!.network_mode).toBe('service:participant');
    expect(conformance!.depends_on).toEqual({ participant: { condition: 'service_healthy' } });
    expect(conformance!.command).toEqual(['run', '--sut', '${POLIHON_SUT:-docker/participant.sut.yaml}']);
    expect(conformance!.volumes).toEqual(['./docker:/app/docker:ro', 'reports:/app/reports']);
    expect(compose().volumes).toHaveProperty('reports');
    // the placeholder participant is a bundled reference one, started as its own profile starts it
    expect(participant!.entrypoint).toEqual(['node', '/app/bin/run.mjs']);
    expect(existsSync(join(ROOT, participant!.command![0]!))).toBe(true);
    expect(participant!.healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${participant!.environment!.PORT}/driver/health`);
  });

  it("the conformance run's profile is valid and finds the placeholder participant where it listens", () => {
    const { participant } = compose().services;
    const profile = loadProfile(join(ROOT, 'docker', 'participant.sut.yaml'));
    expect(launcherKind(profile)).toBe('url');
    const at = `http://127.0.0.1:${participant!.environment!.PORT}`;
    expect(profile.endpoints.driver).toBe(`${at}/driver`);
    expect(profile.endpoints.provider).toBe(`${at}/hromada/v1`);
    // the reference participant's X-Road identity, as its own profile gives it
    const reference = loadProfile(join(ROOT, 'participants', 'hromada-registry', 'polihon.sut.yaml'));
    expect(profile.identity).toEqual(reference.identity);
    expect(profile.roles).toEqual(reference.roles);
  });
});

describe('Dockerfile', () => {
  const text = () => readFileSync(DOCKERFILE, 'utf8');

  it('passes hadolint with nothing at warning level or above', () => {
    const r = hadolint(['--failure-threshold', 'warning', '--no-color', 'Dockerfile']);
    expect(r.stdout + r.stderr).not.toMatch(/\b(error|warning)\b/);
    expect(r.status).toBe(0);
  });

  it('hadolint does flag what it should (an unpinned base image), so the check above means something', () => {
    const r = hadolint(['--failure-threshold', 'warning', '--no-color', '-'], 'FROM node:latest\nRUN npm install\n');
    expect(r.stdout).toMatch(/DL3007/);
    expect(r.status).not.toBe(0);
  });

  it('is Node 20 on Debian 12 slim pinned by tag, installs from the lock file and runs as node', () => {
    const t = text();
    expect(t).toMatch(/^FROM node:20\.\d+\.\d+-bookworm-slim$/m);
    expect(t).toMatch(/^RUN npm ci --omit=dev\b/m);
    // compiled at build time, so the read-only sources never need writing at run time
    expect(t).toMatch(/node scripts\/build\.mjs/);
    const user = t.search(/^USER node$/m);
    expect(user).toBeGreaterThan(0);
    expect(t.search(/^ENTRYPOINT /m)).toBeGreaterThan(user);
  });

  it("checks health with node's fetch against /__polihon/health of `polihon serve`", () => {
    const t = text();
    expect(t).toMatch(/^ENV POLIHON_HEALTH_URL=http:\/\/127\.0\.0\.1:7400\/__polihon\/health$/m);
    expect(t).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "-e", "fetch\(process\.env\.POLIHON_HEALTH_URL\)/m);
    expect(t).toMatch(/^CMD \["serve", "--host", "0\.0\.0\.0", "--control-host", "0\.0\.0\.0", "--port", "7400"\]$/m);
  });

  it('.dockerignore keeps out what is installed, generated or private here', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const name of ['node_modules', 'reports', '.polihon', 'build', '.git']) expect(ignored).toContain(name);
  });
});
