// Writes scenarios/certification.json, the official scenario set `polihon certify` runs (certification/set.ts): per
// role, every scenario file and its SHA-256. Run after changing a scenario (`npm run certification-set`) and commit
// the file; a test fails while it is stale, naming this command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCertificationSet, LOCK_FILE, lockText } from '../certification/set.ts';
import { PACKAGE_ROOT } from '../cli/paths.ts';

export const LOCK_PATH = join(PACKAGE_ROOT, LOCK_FILE);
export const certificationSetText = () => lockText(buildCertificationSet(PACKAGE_ROOT));

if (import.meta.url === `file://${process.argv[1]}`) {
  const set = buildCertificationSet(PACKAGE_ROOT);
  writeFileSync(LOCK_PATH, lockText(set));
  const roles = Object.entries(set.roles).map(([role, r]) => `${role} ${r.files.length}`);
  console.log(`wrote ${LOCK_FILE}: set ${set.hash.slice(0, 16)}…, scenarios per role: ${roles.join(', ')}`);
}
