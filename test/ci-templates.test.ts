// The CI templates in docs/ci/ are copied into agencies' repositories as they are, and gate releases on polihon's
// exit code, so a template that its CI system refuses, or that lets a red run through, does harm far from here. Each
// is checked against its CI system's published JSON Schema (vendored in test/schemas/, origin in its README), its
// exit-code mapping is run by the shells the CI systems use for every exit code polihon has, and its run step runs
// the real polihon against a bundled reference participant.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv';
import formatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../core/errors.ts';
import { ROOT } from './helpers.ts';

// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext that default is one level down
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;

const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

/**
 * A validator for a vendored schema. Both schemas are draft-07. ajv's strict mode is kept for what changes a
 * verdict (unknown formats, unknown keywords but GitLab's editor annotation `markdownDescription`) and relaxed only
 * for style rules these schemas do not follow (a `properties` without `type: object`, union types, a `required` name
 * without its own `properties` entry, short tuples); those rules only refuse a schema, they never change what an
 * instance validates to.
 */
function validator(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword('markdownDescription');
  const validate = ajv.compile(JSON.parse(read(`test/schemas/${schemaFile}`)) as object);
  return (doc: unknown): string[] => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

interface GithubStep { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface GithubWorkflow { env: Record<string, string>; jobs: Record<string, { steps: GithubStep[] }> }
interface GitlabJob { image: string; before_script: string[]; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }

/** Each template, its schema, and a misspelling its CI system would refuse (`runs:` for `run:`, `artifact:` for `artifacts:`). */
const TEMPLATES = {
  github: {
    file: 'docs/ci/github-actions.yml',
    schema: 'github-workflow.json',
    misspell: (doc: Record<string, unknown>) => (doc as unknown as GithubWorkflow).jobs.conformance!.steps.push({ name: 'x', runs: 'true' } as GithubStep),
  },
  gitlab: {
    file: 'docs/ci/gitlab-ci.yml',
    schema: 'gitlab-ci.json',
    misspell: (doc: Record<string, unknown>) => Object.assign(doc['polihon-conformance'] as object, { artifact: { paths: ['x'] } }),
  },
} as const;

const github = parse(read(TEMPLATES.github.file)) as GithubWorkflow;
const gitlab = parse(read(TEMPLATES.gitlab.file)) as Record<string, unknown> & { variables: Record<string, string> };
const ghSteps = Object.values(github.jobs)[0]!.steps;
const glJob = gitlab['polihon-conformance'] as GitlabJob;

/** The lines between `# polihon:exit-map begin` and `end` of a script: the mapping from polihon's exit code to the job's. */
function exitMap(script: string): string {
  const lines = script.split('\n');
  const begin = lines.findIndex((l) => l.trim() === '# polihon:exit-map begin');
  const end = lines.findIndex((l) => l.trim() === '# polihon:exit-map end');
  expect(begin, 'the script marks its exit-code mapping').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(begin);
  return lines.slice(begin, end + 1).join('\n');
}

const ghRun = ghSteps.find((s) => s.id === 'polihon')!;
const ghGate = ghSteps.find((s) => s.run?.includes('# polihon:exit-map begin'))!;
const glRun = glJob.script.find((s) => s.includes('polihon run'))!;

/** How each CI system runs a script: GitHub's `shell: bash` default; GitLab's bash, or sh in an image without bash. */
const SHELLS = {
  github: [['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c']],
  gitlab: [
    ['bash', '-eo', 'pipefail', '-c'],
    ['sh', '-e', '-c'],
  ],
} as const;

describe.each(Object.entries(TEMPLATES))('the %s template', (_ci, t) => {
  const check = validator(t.schema);

  it("is valid against its CI system's published schema", () => {
    expect(check(parse(read(t.file)))).toEqual([]);
  });

  it('is refused by that schema when a key is misspelt (the validation bites)', () => {
    const doc = parse(read(t.file)) as Record<string, unknown>;
    t.misspell(doc);
    expect(check(doc).length).toBeGreaterThan(0);
  });

  it('installs polihon from a pinned source in a variable, never from the npm registry by name', () => {
    const vars = t.file === TEMPLATES.github.file ? github.env : gitlab.variables;
    expect(vars.POLIHON_SOURCE).toMatch(/^git\+https:\/\/.+#v\d+\.\d+\.\d+$|\.tgz$/);
    expect(read(t.file)).toContain('npm install --global --omit=dev --no-audit --no-fund "$POLIHON_SOURCE"');
    expect(read(t.file)).toMatch(/not on the npm registry/);
    expect(vars.POLIHON_PROFILE).toBe('polihon.sut.yaml');
  });
});

describe('the GitHub template', () => {
  it('sets up Node 20 with actions pinned by major version, and keeps the reports whatever the verdict', () => {
    const uses = ghSteps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.every((u) => /^actions\/[a-z-]+@v\d+$/.test(u)), uses.join(', ')).toBe(true);
    expect(ghSteps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    expect(ghRun.run).toContain('polihon run --sut "$POLIHON_PROFILE"');
    const uploads = ghSteps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((s) => s.if)).toEqual(['always()', 'always()']);
    expect(uploads.map((s) => String(s.with?.path))).toEqual(['polihon-report/junit.xml', expect.stringContaining('polihon-report/')]);
    expect(ghGate.if).toBe('always()');
    expect(ghGate.env?.code).toBe('${{ steps.polihon.outputs.code }}');
    // the certification step is there for the reader, commented out: it is optional
    expect(read(TEMPLATES.github.file)).toMatch(/^ {6}# {3}run: polihon certify --sut "\$POLIHON_PROFILE"$/m);
  });
});

describe('the GitLab template', () => {
  it('runs on Node 20 and hands junit.xml to the test report and the HTML report to the artifacts, also on failure', () => {
    expect(glJob.image).toBe('node:20');
    expect(glJob.artifacts.when).toBe('always');
    expect(glJob.artifacts.reports.junit).toBe('polihon-report/junit.xml');
    expect(glJob.artifacts.paths).toContain('polihon-report/');
    expect(glRun).toContain('polihon run --sut "$POLIHON_PROFILE"');
    expect(read(TEMPLATES.gitlab.file)).toMatch(/^# {5}- polihon certify --sut "\$POLIHON_PROFILE"$/m);
  });
});

/** What the job does with each exit code: 0 passes; polihon's own failing codes fail with that code; anything else fails with 1. */
const POLICY: { code: string; job: number; says: RegExp }[] = [
  { code: String(EXIT.ok), job: 0, says: /PASS/ },
  { code: String(EXIT.conformanceFailures), job: 1, says: /FAIL: the participant broke a rule/ },
  { code: String(EXIT.invalidInput), job: 2, says: /CONFIGURATION ERROR.*nothing was judged/ },
  { code: String(EXIT.harnessError), job: 3, says: /HARNESS ERROR: no verdict/ },
  { code: String(EXIT.loadThresholds), job: 99, says: /LOAD: a load threshold did not hold/ },
  { code: '137', job: 1, says: /UNEXPECTED exit '137'/ },
  { code: '', job: 1, says: /UNEXPECTED exit ''/ },
];

describe.each([
  ['github', ghGate.run!],
  ['gitlab', glRun],
] as const)('the exit-code mapping of the %s template', (ci, script) => {
  const snippet = exitMap(script);
  const work = mkdtempSync(path.join(tmpdir(), 'polihon-ci-map-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(SHELLS[ci].flatMap((shell) => POLICY.map((p) => ({ shell, ...p }))))(
    '$shell.0: polihon exit $code → job exit $job',
    ({ shell, code, job, says }) => {
      const summary = path.join(work, `summary-${shell[0]}-${code || 'none'}.md`);
      const res = spawnSync(shell[0], [...shell.slice(1), snippet], { env: { PATH: process.env.PATH, code, GITHUB_STEP_SUMMARY: summary }, encoding: 'utf8' });
      expect(res.status, res.stdout + res.stderr).toBe(job);
      expect(res.stdout).toMatch(says);
      if (ci === 'github') {
        expect(readFileSync(summary, 'utf8')).toMatch(says);
        // GitHub's annotation marks the failing step in the run's summary
        expect(res.stdout.includes('::error title=polihon::')).toBe(job !== 0);
      }
    },
  );

  it('covers every exit code polihon has', () => {
    expect(Object.values(EXIT).map(String).sort()).toEqual(POLICY.filter((p) => /^\d+$/.test(p.code) && p.code !== '137').map((p) => p.code).sort());
  });
});

/** A shell script run as a CI system runs it, in `cwd`; resolves with its exit status and output. */
function runScript(shell: readonly string[], script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(shell[0]!, [...shell.slice(1), script], { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (status) => resolve({ status, out }));
  });
}

describe('the run steps, with the real polihon against the bundled reference Трембіта provider', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'polihon-ci-run-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  // what `npm install --global` puts on PATH: a `polihon` that runs this checkout's bin/polihon.mjs
  const bin = path.join(base, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'polihon'), `#!/bin/sh\nexec node ${JSON.stringify(path.join(ROOT, 'bin', 'polihon.mjs'))} "$@"\n`);
  chmodSync(path.join(bin, 'polihon'), 0o755);
  const provider = path.join(ROOT, 'participants', 'trembita-provider', 'polihon.sut.yaml');
  const unreachable = path.join(base, 'unreachable.sut.yaml');
  // port 9 (discard) has no listener on loopback: the participant cannot be reached, a harness error
  writeFileSync(
    unreachable,
    'name: unreachable\nversion: 1.0.0\nroles: [trembita-provider]\nendpoints:\n  provider: http://127.0.0.1:9/trembita\n  driver: http://127.0.0.1:9/driver\nlaunch:\n  url: http://127.0.0.1:9\n',
  );
  const invalid = path.join(base, 'invalid.sut.yaml');
  writeFileSync(invalid, 'name: no version, no endpoints\nroles: [hromada-registry]\n');

  const cases = [
    { ci: 'github', what: 'a correct participant', profile: provider, faults: '', code: 0 },
    { ci: 'github', what: 'a participant with a fault switch on', profile: provider, faults: 'no-echo-userid', code: 1 },
    { ci: 'github', what: 'an invalid profile', profile: invalid, faults: '', code: 2 },
    { ci: 'github', what: 'a participant that cannot be reached', profile: unreachable, faults: '', code: 3 },
    { ci: 'gitlab', what: 'a correct participant', profile: provider, faults: '', code: 0 },
    { ci: 'gitlab', what: 'a participant with a fault switch on', profile: provider, faults: 'no-echo-userid', code: 1 },
    { ci: 'gitlab', what: 'an invalid profile', profile: invalid, faults: '', code: 2 },
  ] as const;
  type Case = (typeof cases)[number];

  /** One case as its CI system would run it: the job's exit status and the folder it ran in. */
  async function runCase(c: Case): Promise<{ status: number | null; recorded?: string | undefined; out: string; cwd: string }> {
    const cwd = mkdtempSync(path.join(base, `${c.ci}-${c.code}-`));
    // an earlier run's reports in a reused workspace, which must never be kept as this run's
    mkdirSync(path.join(cwd, 'polihon-runs', 'earlier'), { recursive: true });
    writeFileSync(path.join(cwd, 'polihon-runs', 'earlier', 'junit.xml'), '<testsuites name="an earlier run"/>');
    symlinkSync('earlier', path.join(cwd, 'polihon-runs', 'latest'));
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, POLIHON_PROFILE: c.profile, PARTICIPANT_FAULTS: c.faults, POLIHON_LANG: 'en' };
    if (c.ci === 'gitlab') return { ...(await runScript(SHELLS.gitlab[0], glRun, cwd, env)), cwd };
    const output = path.join(cwd, 'github-output');
    const run = await runScript(SHELLS.github[0], ghRun.run!, cwd, { ...env, GITHUB_OUTPUT: output });
    // the run step records the code and succeeds, so the uploads after it run; the gate step fails the job
    if (run.status !== 0) return { ...run, cwd };
    const recorded = /^code=(\d+)$/m.exec(readFileSync(output, 'utf8'))?.[1];
    const gate = await runScript(SHELLS.github[0], ghGate.run!, cwd, { ...env, code: recorded ?? '', GITHUB_STEP_SUMMARY: path.join(cwd, 'summary.md') });
    return { status: gate.status, recorded, out: run.out + gate.out, cwd };
  }

  const results = new Map<Case, Awaited<ReturnType<typeof runCase>>>();
  beforeAll(async () => {
    // two at a time, as the machine has two cores; each run mostly waits on loopback and the virtual clock
    const queue = [...cases];
    await Promise.all([0, 1].map(async () => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c, await runCase(c));
    }));
  }, 180_000);

  it.each(cases)('$ci, $what: the job exits $code, and keeps the reports when polihon ran', (c) => {
    const r = results.get(c)!;
    expect(r.status, r.out).toBe(c.code);
    expect(r.out).toContain(`(exit ${c.code})`);
    if (c.ci === 'github') expect(r.recorded).toBe(String(c.code));
    const report = path.join(r.cwd, 'polihon-report');
    if (c.code === EXIT.invalidInput) {
      // nothing ran, so nothing to keep (not the earlier run's report either): the uploads warn, the gate fails
      expect(existsSync(report)).toBe(false);
    } else {
      expect(lstatSync(report).isDirectory()).toBe(true); // a real folder, not the reports/latest link
      const junit = readFileSync(path.join(report, 'junit.xml'), 'utf8');
      expect(junit).toMatch(c.code === 0 ? /<testsuites[^>]*failures="0" errors="0"/ : /<(failure|error) /);
      expect(junit).not.toContain('an earlier run');
      expect(existsSync(path.join(report, 'index.html'))).toBe(true);
    }
  });
});
