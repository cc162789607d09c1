#!/usr/bin/env node
// Render jupyter-config/logo.svg to the PNG sizes Jupyter kernelspecs use
// (logo-32x32.png, logo-64x64.png, logo-svg.svg) in every kernelspec folder of
// jupyter-config/kernels/, with resvg, a dependency we already have.
// The images are committed; run this after changing the SVG or adding a kernelspec:
//   node scripts/kernel-logos.mjs
import { Resvg } from '@resvg/resvg-js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'jupyter-config');
const svg = readFileSync(join(dir, 'logo.svg'), 'utf8');
const pngs = Object.fromEntries([32, 64].map((size) => [size, new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng()]));
for (const spec of readdirSync(join(dir, 'kernels'))) {
  for (const [size, png] of Object.entries(pngs)) writeFileSync(join(dir, 'kernels', spec, `logo-${size}x${size}.png`), png);
  writeFileSync(join(dir, 'kernels', spec, 'logo-svg.svg'), svg);
  process.stdout.write(`jupyter-config/kernels/${spec}: logos written\n`);
}
