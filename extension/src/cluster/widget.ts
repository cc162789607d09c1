// The Cluster panel (right sidebar): the Slurm cluster as this user sees it:
// partitions and nodes, reservations (with the %runner line that uses each),
// and bootbook's jobs with their states, each waiting or running one with a
// Cancel button (confirmed first). Polls only while shown. Also the
// notebook toolbar label saying where the notebook's cells run.
// Built from text nodes only: names from Slurm never become markup.
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';
import { cancelTarget, countsText, jobsToShow, notebookRunner, type ClusterModel, type QueuedJob, type Reservation } from './model.js';
import { el } from '../dom.js';

function table(className: string, head: string[], rows: string[][], rowData?: (i: number) => Record<string, string>): HTMLTableElement {
  const t = el('table', `bb-Cluster-table ${className}`);
  const tr = el('tr');
  for (const h of head) tr.appendChild(el('th', undefined, h));
  t.appendChild(el('thead')).appendChild(tr);
  const body = t.appendChild(el('tbody'));
  rows.forEach((r, i) => {
    const row = body.appendChild(el('tr'));
    Object.assign(row.dataset, rowData?.(i) ?? {});
    for (const c of r) row.appendChild(el('td', undefined, c));
  });
  return t;
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  const s = el('section', 'bb-Cluster-section');
  s.appendChild(el('h3', 'bb-Cluster-heading', title));
  s.append(...children);
  return s;
}

/** A reservation as a small card: its name and state, where and when, who, and the line that uses it. */
function reservationCard(r: Reservation): HTMLElement {
  const card = el('div', 'bb-Cluster-reservation');
  card.dataset.reservation = r.name;
  card.dataset.state = r.state;
  const head = card.appendChild(el('div', 'bb-Cluster-reservationHead'));
  head.append(el('span', 'bb-Cluster-reservationName', r.name), el('span', 'bb-Cluster-reservationState', r.state));
  const fact = (k: string, v: string) => {
    if (!v) return;
    const line = card.appendChild(el('div', 'bb-Cluster-fact'));
    line.append(el('span', 'bb-Cluster-key', `${k} `), document.createTextNode(v));
  };
  fact('nodes', r.nodes);
  fact('from', r.start);
  fact('to', r.end);
  fact('users', r.users);
  fact('accounts', r.accounts);
  fact('partition', r.partition);
  fact('flags', r.flags);
  const use = card.appendChild(el('code', 'bb-Cluster-use', r.use));
  use.title = 'Put this line at the top of a cell to run it inside the reservation';
  return card;
}

/**
 * Ask, then cancel: like shutting a kernel down from the Running panel, but the
 * runs of a cancelled job are lost, so the user confirms first.
 */
async function confirmCancel(model: ClusterModel, target: { id: string; what: string }): Promise<void> {
  const answer = await showDialog({
    title: 'Cancel Slurm job',
    body: `Cancel ${target.what}? Its runs will be recorded as cancelled.`,
    buttons: [Dialog.cancelButton({ label: 'Keep it' }), Dialog.warnButton({ label: 'Cancel job' })]
  });
  if (!answer.button.accept) return;
  try {
    await model.cancel(target.id);
  } catch (e) {
    void showErrorMessage(`Could not cancel ${target.what}`, (e as Error).message || String(e));
  }
}

/** The small Cancel button of a waiting or running job's row (an empty cell otherwise). */
function cancelCell(model: ClusterModel, job: QueuedJob): HTMLTableCellElement {
  const td = el('td', 'bb-Cluster-actions');
  const target = cancelTarget(job);
  if (!target) return td;
  const button = td.appendChild(el('button', 'jp-Button jp-mod-styled jp-mod-warn bb-Cluster-cancel', 'Cancel'));
  button.title = `Cancel ${target.what} (scancel); its runs are recorded as cancelled`;
  button.addEventListener('click', () => {
    button.disabled = true;
    void confirmCancel(model, target).finally(() => (button.disabled = false));
  });
  return td;
}

export class ClusterPanel extends Widget {
  private readonly body = el('div', 'bb-Cluster-body');
  private readonly unlisten: () => void;

  constructor(private readonly model: ClusterModel) {
    super();
    this.id = 'bootbook-cluster';
    this.addClass('bb-Cluster');
    this.title.caption = 'Slurm cluster: partitions, nodes, reservations, jobs';
    const header = el('div', 'bb-Cluster-header');
    const refresh = el('button', 'jp-Button bb-Button jp-mod-reject', 'Refresh');
    refresh.title = 'Ask Slurm again now';
    refresh.addEventListener('click', () => void model.refresh());
    header.append(el('h2', 'bb-Cluster-title', 'Cluster'), refresh);
    this.node.append(header, this.body);
    this.unlisten = model.onChange(() => this.render());
    this.render();
  }

  protected override onAfterShow(): void {
    this.model.setVisible(true);
  }

  protected override onAfterHide(): void {
    this.model.setVisible(false);
  }

  protected override onBeforeDetach(): void {
    this.model.setVisible(false);
  }

  override dispose(): void {
    this.unlisten();
    super.dispose();
  }

  private render(): void {
    const m = this.model;
    const o = m.overview;
    const parts: HTMLElement[] = [];
    if (m.error) parts.push(el('p', 'bb-Cluster-error', `Could not read the cluster: ${m.error}`));
    if (!o) {
      parts.push(el('p', 'bb-Cluster-note', m.error ? '' : 'Reading the cluster…'));
      this.body.replaceChildren(...parts);
      return;
    }
    const d = o.defaultRunner;
    const runner = el('p', 'bb-Cluster-default');
    runner.append(el('span', 'bb-Cluster-key', 'default runner '), document.createTextNode(d.spec.kind === 'qemu' ? 'qemu (local)' : `slurm ${Object.entries(d.spec.options).map(([k, v]) => (v === true ? k : `${k}=${String(v)}`)).join(' ')}`.trim()));
    runner.title = `Where a cell without %runner runs: ${d.source}`;
    parts.push(runner);
    if (d.error) parts.push(el('p', 'bb-Cluster-error', d.error));
    if (!o.available) {
      const p = el('p', 'bb-Cluster-unavailable', `Slurm is not available: ${o.why ?? 'unknown reason'}`);
      this.body.replaceChildren(...parts, p);
      return;
    }
    for (const e of o.errors) parts.push(el('p', 'bb-Cluster-error', e));
    parts.push(
      section(
        'Partitions',
        table(
          'bb-Cluster-partitions',
          ['partition', 'state', 'time limit', 'nodes'],
          o.partitions.map(p => [p.name + (p.isDefault ? ' (default)' : ''), p.availability, p.timeLimit, p.nodes.join(' ')])
        )
      ),
      section(
        'Nodes',
        table(
          'bb-Cluster-nodes',
          ['node', 'state', 'cpus', 'partitions'],
          o.nodes.map(n => [n.name, n.state + (n.reason ? ` (${n.reason})` : ''), String(n.cpus), n.partitions.join(' ')]),
          i => ({ node: o.nodes[i]!.name, state: o.nodes[i]!.state })
        )
      ),
      section(
        'Reservations',
        o.reservations.length ? (() => {
          const list = el('div', 'bb-Cluster-reservations');
          list.append(...o.reservations.map(reservationCard));
          return list;
        })() : el('p', 'bb-Cluster-note', 'No reservations.')
      )
    );
    const jobs = m.jobs;
    const jobParts: HTMLElement[] = [];
    if (jobs && !jobs.available) jobParts.push(el('p', 'bb-Cluster-error', jobs.why ?? 'squeue failed'));
    else if (jobs?.jobs.length) {
      const { shown, hiddenFinished } = jobsToShow(jobs.jobs);
      jobParts.push(el('p', 'bb-Cluster-counts', countsText(jobs.counts)));
      const t = table(
        'bb-Cluster-jobs',
        ['job', 'state', 'nodes / reason', 'partition', 'reservation', 'time', ''],
        shown.map(j => [j.id, j.state, j.nodes || j.reason, j.partition, j.reservation, `${j.elapsed} / ${j.timeLimit}`]),
        i => ({ job: shown[i]!.id, state: shown[i]!.state })
      );
      t.tBodies[0]!.querySelectorAll('tr').forEach((row, i) => row.appendChild(cancelCell(m, shown[i]!)));
      jobParts.push(t);
      if (hiddenFinished) jobParts.push(el('p', 'bb-Cluster-note', `and ${hiddenFinished} older finished job${hiddenFinished === 1 ? '' : 's'} (squeue keeps them MinJobAge seconds)`));
    } else jobParts.push(el('p', 'bb-Cluster-note', jobs ? 'No bootbook jobs in the queue.' : 'Reading the queue…'));
    parts.push(section('bootbook jobs', ...jobParts));
    const foot = el('p', 'bb-Cluster-note', `${o.accounting.detail}. ${m.isPolling ? `Next refresh in ${Math.round(m.delayMs / 1000)} s.` : ''}`);
    parts.push(foot);
    this.body.replaceChildren(...parts);
  }
}

/** The notebook toolbar's "runs on ..." label: each cell's %runner, else the user's default. */
export class RunnerLabel extends Widget {
  private readonly unlisten: () => void;

  constructor(
    private readonly panel: NotebookPanel,
    private readonly model: ClusterModel
  ) {
    super();
    this.addClass('bb-RunnerLabel');
    this.unlisten = model.onChange(() => this.refreshText());
    panel.context.ready.then(() => {
      if (this.isDisposed) return;
      panel.context.model.contentChanged.connect(this.refreshText, this);
      this.refreshText();
    });
    this.refreshText();
  }

  private refreshText(): void {
    const cells = this.panel.context.model?.cells;
    const sources: string[] = [];
    if (cells) for (let i = 0; i < cells.length; i++) if (cells.get(i).type === 'code') sources.push(cells.get(i).sharedModel.getSource());
    const r = notebookRunner(sources, this.model.overview?.defaultRunner.spec);
    this.node.textContent = r.text;
    this.node.title = r.title;
    this.node.dataset.kind = r.kind;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.unlisten();
    this.panel.context.model?.contentChanged.disconnect(this.refreshText, this);
    super.dispose();
  }
}
