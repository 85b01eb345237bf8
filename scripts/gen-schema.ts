// Writes scenarios/scenario.schema.json from the step registry, so editors complete and check scenario files.
// A test fails when the committed file is stale (run `npm run schema`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../conformance/scenario.ts';
import { PACKAGE_ROOT } from '../cli/paths.ts';

export const SCHEMA_FILE = join(PACKAGE_ROOT, 'scenarios', 'scenario.schema.json');
export const schemaText = () => JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
