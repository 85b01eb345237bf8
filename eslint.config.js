// Lint: TypeScript rules plus the dependency direction of the README's Layout:
// core ← simulators ← conformance, load ← cli; participants import nothing of polihon; nothing imports cli.
// Inside and around simulators/ finer walls keep each simulator's files its own (docs/decisions/0001, 2026-12-02
// section); test/lint-walls.test.ts proves every wall still fires.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const layer = (target, from, message) => ({ target, from, message });

// Zones resolve against this folder, not the shell's: run from a subfolder, './core' would point nowhere and every
// wall would pass in silence.
const ROOT = fileURLToPath(new URL('.', import.meta.url));

// The simulators are read from the tree, so a new simulator's folder is walled the day it appears, with no edit here.
const SIMULATORS_DIR = new URL('./simulators/', import.meta.url);
const SHARED_DIRS = new Set(['kit', 'transport']);
const simulatorEntries = readdirSync(SIMULATORS_DIR, { withFileTypes: true });
const simulators = simulatorEntries.filter((e) => e.isDirectory() && !SHARED_DIRS.has(e.name)).map((e) => e.name);
// what a simulator publishes: its registry line and, when others need a constant or a wire shape, a small public.ts
const PUBLISHED = ['entry.ts', 'public.ts'];
const published = (sim) => PUBLISHED.map((f) => `./${sim}/${f}`);

const simulatorWalls = [
  // Why: a simulator that reaches into another's files couples their internals, so one cannot be reshaped (or a new
  // one copied from it) without breaking the other; what is shared goes through the kit or a published file.
  ...simulators.map((sim) => ({
    // the other folders (the kit has its own, stricter wall) and every file at the top: registry, host, …
    target: [
      './simulators/*.ts',
      ...simulatorEntries.filter((e) => e.isDirectory() && e.name !== sim && e.name !== 'kit').map((e) => `./simulators/${e.name}`),
    ],
    from: `./simulators/${sim}`,
    except: PUBLISHED.map((f) => `./${f}`),
    message: `${sim}'s files are its own: the other simulators, the registry, the host and the transports import only simulators/${sim}/entry.ts or public.ts (docs/decisions/0001)`,
  })),
  // Why: simulators are hosted, they do not host: the registry imports every simulator's entry (a cycle), and a
  // simulator that knew the host or a transport could not run in-process, over msw and over HTTP alike.
  layer(
    simulators.map((sim) => `./simulators/${sim}`),
    ['./simulators/registry.ts', './simulators/host.ts', './simulators/transport'],
    'a simulator does not import the registry, the host or a transport: they are built around it',
  ),
  // Why: the kit is what every simulator is built on; a kit that knew one simulator would be that simulator's.
  layer(
    './simulators/kit',
    [...simulators.map((sim) => `./simulators/${sim}`), './simulators/registry.ts', './simulators/host.ts', './simulators/transport'],
    'the kit knows no simulator, nor the registry, host or transports that serve them (docs/decisions/0001)',
  ),
  // Why: the harness must see a simulator only as the registry describes it, so a simulator's files can be reshaped
  // without touching the runner, and adding one stays its folder plus one registry line.
  {
    target: ['./conformance', './load', './certification', './cli'],
    from: './simulators',
    except: ['./registry.ts', './host.ts', './transport', './kit/index.ts', ...simulators.flatMap(published)],
    message:
      "conformance, load and the CLI reach simulators only through simulators/registry.ts, host.ts, transport/, kit/index.ts and a simulator's entry.ts or public.ts, never its other files (docs/decisions/0001)",
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', '.polihon/**', 'build/**', 'scenarios/*.schema.json'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            layer('./core', ['./simulators', './conformance', './load', './cli', './participants', './bench'], 'core is pure domain: it imports nothing else of ours'),
            layer('./simulators', ['./conformance', './load', './cli', './participants', './bench'], 'simulators depend on core only'),
            layer('./conformance', ['./cli', './participants', './bench'], 'conformance must not import the CLI or a participant (participants are reached over HTTP only)'),
            layer('./load', ['./cli', './participants', './bench'], 'load must not import the CLI or a participant'),
            // Why: a load test is not a conformance run; what both faces share (report folder, escaping, page assets)
            // lives in reporting/, so conformance can change without breaking load.
            layer('./load', ['./conformance'], 'load does not import conformance: report pieces both share live in reporting/'),
            // Why: reporting renders the already-masked report it is handed; reading a simulator would bypass that one
            // masked view (and pull simulators into every reporter).
            layer('./reporting', ['./simulators', './conformance', './cli', './participants', './bench'], 'reporting renders what conformance and load hand it: it imports core and load\'s report model only'),
            // Why: a statement is made of a finished run, so certification sits above the runner and below the CLI; the
            // runner, the reporters and the simulators stay unaware of it (index.html reads report.certification only).
            layer('./certification', ['./cli', './participants', './bench', './load'], 'certification imports core, conformance and reporting only; the CLI imports it (docs/decisions/0001)'),
            layer(['./core', './simulators', './conformance', './load', './reporting'], ['./certification'], 'only the CLI imports certification: statements are made of finished runs (docs/decisions/0001)'),
            layer('./participants', ['./core', './simulators', './conformance', './load', './certification', './cli', './bench', './scripts'], 'participants are standalone: they speak only public protocols, as a real agency would'),
            layer('./test', ['./cli/main.ts'], 'tests drive the CLI as a process or through cli/commands, never its entry point'),
            ...simulatorWalls,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
