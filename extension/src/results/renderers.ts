// Mime renderers: `application/vnd.bootbook.run+json` (the run records) and
// `application/vnd.bootbook.progress+json` (the progress line, drawn as a bar).
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { parseProgress, progressPosition, PROGRESS_STEPS, runsText } from '../api/progress.js';
import { PROGRESS_MIME, RUN_MIME } from '../api/types.js';
import { recordsOf } from './model.js';
import { recordsElement } from './view.js';

/**
 * Below text/html's 50 (a lower rank is preferred), so the kernel's HTML table
 * gives way to this richer view when the extension is installed.
 */
export const RESULTS_RANK = 40;

export class RunRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(private readonly mimeType: string) {
    super();
    this.addClass('bb-RunRenderer');
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.node.replaceChildren(recordsElement(recordsOf(model.data[this.mimeType])));
    return Promise.resolve();
  }
}

export class ProgressRenderer extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass('bb-Progress');
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const p = parseProgress(model.data as Record<string, unknown>);
    this.node.replaceChildren();
    // Finished: the result or error below says what happened; a saved notebook keeps no stale bar.
    this.node.hidden = !p || p.done;
    if (!p || p.done) return Promise.resolve();
    const { step, fraction } = progressPosition(p);
    const head = document.createElement('div');
    head.className = 'bb-Progress-text';
    // A sweep shows its run counts; on Slurm its detail adds the array's job states.
    const runs = runsText(p);
    const what = runs ? runs + (p.detail ? ` · ${p.detail}` : '') : p.detail && p.detail.startsWith(p.stage) ? p.detail : p.stage + (p.detail ? ` (${p.detail})` : '');
    head.textContent = `${p.label} · ${what} · ${p.elapsedS.toFixed(1)} s`;
    const bar = document.createElement('div');
    bar.className = 'bb-Progress-bar';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    bar.setAttribute('aria-valuetext', p.stage);
    const fill = document.createElement('div');
    fill.className = 'bb-Progress-fill';
    fill.style.width = `${Math.round(fraction * 100)}%`;
    bar.appendChild(fill);
    const steps = document.createElement('ol');
    steps.className = 'bb-Progress-steps';
    PROGRESS_STEPS.forEach((s, i) => {
      const li = document.createElement('li');
      li.textContent = s;
      li.className = i < step ? 'bb-mod-done' : i === step ? 'bb-mod-current' : '';
      steps.appendChild(li);
    });
    this.node.append(head, bar, steps);
    return Promise.resolve();
  }
}

export const runRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [RUN_MIME],
  createRenderer: options => new RunRenderer(options.mimeType)
};

export const progressRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [PROGRESS_MIME],
  createRenderer: () => new ProgressRenderer()
};
