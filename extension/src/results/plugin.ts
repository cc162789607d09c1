// Results: the run records and the progress bar in cell outputs. Registered on the
// application's rendermime registry, which every notebook copies when it opens.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { progressRendererFactory, RESULTS_RANK, runRendererFactory } from './renderers.js';

export const resultsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:results',
  description: 'Renders bootbook run records (status, timings, metrics, console) and the progress bar of a running cell.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  activate: (_app: JupyterFrontEnd, rendermime: IRenderMimeRegistry) => {
    rendermime.addFactory(runRendererFactory, RESULTS_RANK);
    rendermime.addFactory(progressRendererFactory, RESULTS_RANK);
  }
};
