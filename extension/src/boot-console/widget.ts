// The boot console panel: the followed run's stage, elapsed time and live serial
// console (ANSI segments as classed spans, text set with textContent only), and
// the run records once it is done.
import { Widget } from '@lumino/widgets';
import { recordsElement } from '../results/view.js';
import type { Segment } from './ansi.js';
import { STAGES, type BootConsoleModel } from './model.js';

function span(seg: Segment): HTMLSpanElement {
  const s = document.createElement('span');
  if (seg.classes.length) s.className = seg.classes.join(' ');
  s.textContent = seg.text;
  return s;
}

export class BootConsolePanel extends Widget {
  private readonly header = document.createElement('div');
  private readonly notebook = document.createElement('div');
  private readonly stages = document.createElement('ol');
  private readonly summary = document.createElement('div');
  private readonly console = document.createElement('pre');
  private readonly result = document.createElement('div');
  private rendered = 0;
  private renderedDropped = -1;
  private renderedLines: unknown = undefined;
  private frame = 0;
  private ticker: number | undefined;

  constructor(readonly model: BootConsoleModel) {
    super();
    this.addClass('bb-BootConsole');
    this.id = 'bootbook-boot-console';
    this.title.label = 'Boot console';
    this.title.caption = 'bootbook boot console: the running cell, live';
    this.title.closable = true;
    this.header.className = 'bb-BootConsole-header';
    this.notebook.className = 'bb-BootConsole-notebook';
    this.stages.className = 'bb-BootConsole-stages';
    for (const s of STAGES) {
      const li = document.createElement('li');
      li.textContent = s;
      li.dataset.stage = s;
      this.stages.appendChild(li);
    }
    this.summary.className = 'bb-BootConsole-summary';
    this.console.className = 'bb-BootConsole-console';
    this.console.setAttribute('aria-label', 'guest console');
    this.result.className = 'bb-BootConsole-result';
    this.header.append(this.notebook, this.stages, this.summary);
    this.node.append(this.header, this.console, this.result);
    model.onChange(() => this.schedule());
    this.schedule();
  }

  /** Which notebook is followed ("" when none). */
  setNotebook(name: string): void {
    this.notebook.textContent = name ? `following ${name}` : 'no notebook open: run a cell to see it boot';
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const m = this.model;
    const current = STAGES.indexOf(m.stage);
    for (const li of Array.from(this.stages.children) as HTMLElement[]) {
      const i = STAGES.indexOf(li.dataset.stage as (typeof STAGES)[number]);
      li.className = i < current ? 'bb-mod-done' : i === current ? 'bb-mod-current' : '';
    }
    this.node.dataset.stage = m.stage;
    this.summary.textContent = m.stage === 'idle' ? 'idle' : m.summary() + (m.queued ? ` · ${m.queued} queued` : '');
    this.renderConsole();
    const showRecord = m.stage === 'done' && m.records.length > 0;
    this.result.replaceChildren(...(showRecord ? [recordsElement(m.records)] : []));
    if (m.stage === 'done' && m.error) {
      const e = document.createElement('div');
      e.className = 'bb-BootConsole-error';
      e.textContent = `${m.error.ename}: ${m.error.evalue}`;
      this.result.appendChild(e);
    }
    // Elapsed time moves while a cell runs.
    const live = m.stage !== 'idle' && m.stage !== 'done' && m.startedAt !== undefined;
    if (live && this.ticker === undefined) this.ticker = window.setInterval(() => this.schedule(), 250);
    if (!live && this.ticker !== undefined) {
      window.clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** Append new lines (and redo the open last one); start over when lines were dropped or a new run began. */
  private renderConsole(): void {
    const m = this.model;
    const atBottom = this.console.scrollHeight - this.console.scrollTop - this.console.clientHeight < 24;
    if (m.lines !== this.renderedLines || m.dropped !== this.renderedDropped) {
      this.console.replaceChildren();
      this.rendered = 0;
      this.renderedLines = m.lines;
      this.renderedDropped = m.dropped;
    }
    // The last rendered line may have grown: re-render from it.
    const from = Math.max(0, this.rendered - 1);
    while (this.console.childNodes.length > from) this.console.lastChild!.remove();
    for (let i = from; i < m.lines.length; i++) {
      const line = document.createElement('div');
      line.className = 'bb-BootConsole-line';
      for (const seg of m.lines[i]!) line.appendChild(span(seg));
      if (!m.lines[i]!.length) line.appendChild(document.createTextNode('\u200b'));
      this.console.appendChild(line);
    }
    this.rendered = m.lines.length;
    if (atBottom) this.console.scrollTop = this.console.scrollHeight;
  }

  override dispose(): void {
    if (this.ticker !== undefined) window.clearInterval(this.ticker);
    if (this.frame) cancelAnimationFrame(this.frame);
    super.dispose();
  }
}
