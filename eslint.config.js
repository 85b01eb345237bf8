// Lint: TypeScript rules plus the dependency direction of the README's Layout:
// core ← simulators ← conformance, load ← cli; participants import nothing of polihon; nothing imports cli.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const layer = (target, from, message) => ({ target, from, message });

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
          zones: [
            layer('./core', ['./simulators', './conformance', './load', './cli', './participants', './bench'], 'core is pure domain: it imports nothing else of ours'),
            layer('./simulators', ['./conformance', './load', './cli', './participants', './bench'], 'simulators depend on core only'),
            layer('./conformance', ['./cli', './participants', './bench'], 'conformance must not import the CLI or a participant (participants are reached over HTTP only)'),
            layer('./load', ['./cli', './participants', './bench'], 'load must not import the CLI or a participant'),
            layer('./reporting', ['./simulators', './conformance', './cli', './participants', './bench'], 'reporting renders what conformance and load hand it: it imports core and load\'s report model only'),
            layer('./participants', ['./core', './simulators', './conformance', './load', './cli', './bench', './scripts'], 'participants are standalone: they speak only public protocols, as a real agency would'),
            layer('./test', ['./cli/main.ts'], 'tests drive the CLI as a process or through cli/commands, never its entry point'),
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
