// Where the bundled pieces live, relative to the installed package (not the caller's cwd).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLED_SCENARIOS = join(PACKAGE_ROOT, 'scenarios');
export const REFERENCE_HROMADA_PROFILE = join(PACKAGE_ROOT, 'participants/hromada-registry/polihon.sut.yaml');
/** The bundled reference participants, in the order `polihon demo` runs them (the main flow last, so it is `latest`). */
export const REFERENCE_PARTICIPANTS = ['trembita-consumer', 'trembita-provider', 'credential-verifier', 'hr-system', 'eis-subscriber', 'hromada-registry'] as const;
export const referenceProfile = (name: string) => join(PACKAGE_ROOT, 'participants', name, 'polihon.sut.yaml');
/** polihon's version, from its package.json (reports and `polihon --version` quote it). */
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
