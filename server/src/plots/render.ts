// Static renderings of a chart, made on the server so a saved notebook shows it
// where no JavaScript runs (GitHub, nbviewer, mail): Vega-Lite -> Vega -> SVG in
// Node (vega's headless View, no browser), then SVG -> PNG with resvg (a Rust
// renderer whose platform binary is an npm package: nothing is downloaded at
// install). Text needs a font: resvg loads the system fonts, and the charts ask
// for DejaVu Sans (Debian's fonts-dejavu-core, installed by `bootbook setup`).
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export const CHART_FONT = 'DejaVu Sans';

/** Vega-Lite spec -> SVG text. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG text -> PNG bytes at `scale` (2: crisp on high-density screens). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return Buffer.from(resvg.render().asPng());
}

export async function renderChart(spec: Record<string, unknown>): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}
