#!/usr/bin/env node
// Runs one of polihon's TypeScript sources from its compiled JavaScript in build/, compiling first whatever is missing
// or changed: `node bin/run.mjs participants/hromada-registry/main.ts [args…]` (a path relative to the current
// directory). The bundled participants' profiles start them this way, so they run without a TypeScript loader, in a
// production install too (docs/decisions/0005-compiled-cli.md). The module sees itself as the .ts file: argv[1] and
// import.meta.url name the source.
import { resolve, relative, sep } from 'node:path';
import { ROOT, compiledUrl, ensureBuilt } from '../scripts/build.mjs';

const file = process.argv[2];
const rel = file ? relative(ROOT, resolve(file)).split(sep).join('/') : '';
if (!file || !file.endsWith('.ts') || rel.startsWith('../')) {
  process.stderr.write(`usage: node ${relative(process.cwd(), process.argv[1])} <file.ts of this repository> [args…]\n`);
  process.exit(2);
}
await ensureBuilt({ argv: [] });
if (process.env.POLIHON_DEBUG) process.setSourceMapsEnabled(true);
process.argv.splice(1, 2, resolve(file));
await import(compiledUrl(rel));
