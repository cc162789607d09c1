// A chart as a Jupyter output: the live Vega-Lite v5 spec (JupyterLab renders it
// with its vega5 extension: rank 57, preferred over image/png at 90 and SVG at
// 80), a static PNG and SVG made on the server (what GitHub and viewers without
// JavaScript show) and a text summary. No text/html: at rank 50 it would win
// over the live chart (see shared NOTES).
import { renderChart } from './render.js';

export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

export async function chartBundle(spec: Record<string, unknown>, text: string): Promise<{ data: Record<string, unknown>; metadata: Record<string, unknown> }> {
  const { svg, png } = await renderChart(spec);
  // PNG IHDR: width and height at bytes 16..23; at zoom 2, shown at half size for a sharp image.
  const width = png.readUInt32BE(16) / 2;
  const height = png.readUInt32BE(20) / 2;
  return {
    data: { [VEGALITE_MIME]: spec, 'image/png': png.toString('base64'), 'image/svg+xml': svg, 'text/plain': text },
    metadata: { 'image/png': { width, height } },
  };
}
