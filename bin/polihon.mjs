#!/usr/bin/env node
// The `polihon` command: runs the compiled JavaScript of cli/main.ts from build/, compiling first whatever is missing
// or changed since (docs/decisions/0005-compiled-cli.md). No TypeScript loader at run time, so it starts in about the
// time node itself does, and a production install (`npm ci --omit=dev`) runs it.
import { compiledUrl, ensureBuilt } from '../scripts/build.mjs';

const argv = process.argv.slice(2);
await ensureBuilt({ argv });
// stack traces name the .ts lines; reading the source maps costs start-up time, so only when they are printed
if (process.env.POLIHON_DEBUG) process.setSourceMapsEnabled(true);
const { main } = await import(compiledUrl('cli/main.ts'));
process.exitCode = await main(argv);
