// The layout's walls (eslint.config.js, docs/decisions/0001) are import-x zones, and a zone that stops matching —
// a renamed folder, a wrong base path, a typo in `except` — fails nothing: the linter just goes quiet. Each wall here
// lints a probe file placed where the wall stands, with the project's own config, and expects the forbidden import to
// be refused and an allowed one to pass.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULE = 'import-x/no-restricted-paths';
// never written to disk: lintText places the text at this path
const PROBE = '__lint-wall-probe__.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });
});

/** The wall messages an import draws when written in a file of `folder` (relative to the repository). */
async function refusals(folder: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, folder, PROBE) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const importOf = (spec: string) => `import { probe } from '${spec}';\nexport { probe };\n`;

/** Asserts that `from` (a path relative to the repository) may not be imported by a file in `folder`. */
async function refused(folder: string, from: string, why: RegExp): Promise<void> {
  const messages = await refusals(folder, importOf(specifier(folder, from)));
  expect(messages, `${folder} importing ${from}`).toHaveLength(1);
  expect(messages[0]).toMatch(why);
}

async function allowed(folder: string, from: string): Promise<void> {
  expect(await refusals(folder, importOf(specifier(folder, from))), `${folder} importing ${from}`).toEqual([]);
}

/** A relative specifier from a file in `folder` to the repository path `to`, as our sources spell them. */
function specifier(folder: string, to: string): string {
  const up = folder.split('/').filter(Boolean).length;
  return up === 0 ? `./${to}` : `${'../'.repeat(up)}${to}`;
}

/** The simulators, read from the tree as the config reads them: every folder but the kit and the transports. */
const SIMULATORS = readdirSync(join(ROOT, 'simulators'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'kit' && e.name !== 'transport')
  .map((e) => e.name);

/** A file of the simulator's own — not one it publishes — to aim the forbidden import at. */
function internalFile(sim: string): string {
  const file = readdirSync(join(ROOT, 'simulators', sim)).find((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'entry.ts' && f !== 'public.ts');
  if (!file) throw new Error(`simulators/${sim} has no file of its own to probe`);
  return `simulators/${sim}/${file}`;
}

describe('lint walls', () => {
  it('knows the simulators the registry names', () => {
    // a config that found no simulators would build no walls at all
    expect(SIMULATORS).toEqual(expect.arrayContaining(['dms', 'hromada', 'trembita']));
  });

  describe("simulators do not import each other's internals", () => {
    it('a simulator may not import another simulator’s files', async () => {
      await refused('simulators/hromada', 'simulators/dms/schemas.ts', /dms's files are its own/);
      await refused('simulators/trembita/faces', 'simulators/dms/app.ts', /dms's files are its own/);
      await refused('simulators/dms', 'simulators/trembita/xml.ts', /trembita's files are its own/);
    });

    it('it may import what the other publishes, the kit, the shared messages and core', async () => {
      await allowed('simulators/hromada', 'simulators/dms/public.ts');
      await allowed('simulators/hromada', 'simulators/dms/entry.ts');
      await allowed('simulators/hromada', 'simulators/kit/index.ts');
      await allowed('simulators/hromada', 'simulators/kit/entry.ts');
      await allowed('simulators/hromada', 'simulators/messages.ts');
      await allowed('simulators/hromada', 'core/problem.ts');
      await allowed('simulators/dms', 'simulators/dms/schemas.ts');
    });

    it('the registry, the host and the transports take a simulator only by what it publishes', async () => {
      await refused('simulators', 'simulators/dms/app.ts', /dms's files are its own/);
      await refused('simulators/transport', 'simulators/trembita/app.ts', /trembita's files are its own/);
      await allowed('simulators', 'simulators/trembita/entry.ts');
    });

    it('every simulator folder is walled, including one added later', async () => {
      for (const sim of SIMULATORS) {
        const other = SIMULATORS.find((s) => s !== sim)!;
        await refused(`simulators/${other}`, internalFile(sim), new RegExp(`${sim}'s files are its own`));
        await refused('conformance', internalFile(sim), /reach simulators only through/);
        await allowed('conformance', `simulators/${sim}/entry.ts`);
      }
    });

    it('a type-only import, a re-export and a dynamic import are walled too', async () => {
      const folder = 'simulators/hromada';
      const type = await refusals(folder, "import type { DmsOptions } from '../dms/app.ts';\nexport type { DmsOptions };\n");
      const reexport = await refusals(folder, "export { DMS_SERVICES } from '../dms/app.ts';\n");
      const dynamic = await refusals(folder, "export const load = () => import('../dms/app.ts');\n");
      for (const messages of [type, reexport, dynamic]) expect(messages).toEqual([expect.stringMatching(/dms's files are its own/)]);
    });

    it('a simulator does not import the registry, the host or a transport', async () => {
      await refused('simulators/dms', 'simulators/registry.ts', /does not import the registry/);
      await refused('simulators/trembita', 'simulators/host.ts', /does not import the registry/);
      await refused('simulators/hromada', 'simulators/transport/http-server.ts', /does not import the registry/);
    });

    it('the kit knows no simulator', async () => {
      await refused('simulators/kit', 'simulators/dms/entry.ts', /the kit knows no simulator/);
      await refused('simulators/kit', 'simulators/registry.ts', /the kit knows no simulator/);
      await allowed('simulators/kit', 'simulators/messages.ts');
      await allowed('simulators/kit', 'core/simulator.ts');
    });
  });

  describe("conformance, load and the CLI do not reach into a simulator's files", () => {
    it('refuses a simulator file, a Трембіта internal and a kit module behind its index', async () => {
      await refused('conformance', 'simulators/dms/app.ts', /reach simulators only through/);
      await refused('conformance/steps', 'simulators/trembita/xml.ts', /reach simulators only through/);
      await refused('conformance/protocol', 'simulators/kit/journal.ts', /reach simulators only through/);
      await refused('load/targets', 'simulators/dms/schemas.ts', /reach simulators only through/);
      await refused('cli/commands', 'simulators/trembita/registry.ts', /reach simulators only through/);
    });

    it('allows the registry, the host, the transports, the kit’s index and published surfaces', async () => {
      for (const folder of ['conformance', 'load/targets', 'cli/commands']) {
        await allowed(folder, 'simulators/registry.ts');
        await allowed(folder, 'simulators/host.ts');
        await allowed(folder, 'simulators/transport/http-server.ts');
        await allowed(folder, 'simulators/kit/index.ts');
        await allowed(folder, 'simulators/dms/public.ts');
        await allowed(folder, 'simulators/trembita/public.ts');
      }
    });
  });

  it('load does not import conformance', async () => {
    await refused('load', 'conformance/runner.ts', /load does not import conformance/);
    await refused('load/targets', 'conformance/report-model.ts', /load does not import conformance/);
    await allowed('load', 'reporting/registry.ts');
    await allowed('load', 'core/journal.ts');
  });

  it('reporting does not import simulators', async () => {
    await refused('reporting', 'simulators/registry.ts', /reporting renders/);
    await refused('reporting/load', 'simulators/kit/index.ts', /reporting renders/);
    await allowed('reporting', 'core/journal.ts');
  });

  it('certification sits between the runner and the CLI', async () => {
    await refused('certification', 'cli/paths.ts', /certification imports core, conformance and reporting only/);
    await refused('conformance', 'certification/statement.ts', /only the CLI imports certification/);
    await refused('conformance/reporters', 'certification/set.ts', /only the CLI imports certification/);
    await refused('certification', 'simulators/dms/app.ts', /reach simulators only through/);
    await allowed('certification', 'conformance/runner.ts');
    await allowed('certification', 'reporting/escape.ts');
    await allowed('cli/commands', 'certification/verify.ts');
  });

  describe('the layers stay as they were', () => {
    it('participants are standalone', async () => {
      await refused('participants/hromada-registry', 'core/clock.ts', /participants are standalone/);
    });

    it('core imports nothing above it', async () => {
      await refused('core', 'simulators/registry.ts', /core is pure domain/);
      await allowed('core', 'core/clock.ts');
    });

    it('simulators do not import the harness', async () => {
      await refused('simulators/dms', 'conformance/runner.ts', /simulators depend on core only/);
    });

    it('conformance does not import the CLI, and tests never its entry point', async () => {
      await refused('conformance', 'cli/output.ts', /conformance must not import the CLI/);
      await refused('test', 'cli/main.ts', /never its entry point/);
      await allowed('test', 'cli/output.ts');
    });
  });
});
