#!/usr/bin/env node
// The `polihon` command: loads the TypeScript sources through tsx (see docs/decisions/0002-tsx-runtime.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
