#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/server/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('bootbook: not built yet; run `npm install && npm run build` in the bootbook folder\n');
  process.exit(2);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv);
