// The target picker's two faces: a toolbar item showing the notebook's target, and
// a badge on each code cell whose %target differs from it. Both open a menu of
// targets; choosing one runs a command, which edits the text or the session.
import type { CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import { Menu, Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands.js';
import { notebookTarget } from '../notebook.js';
import type { PacksRegistry } from '../packs/registry.js';
import { cellBadge } from './model.js';

/** A menu of every target for `command` (args {target}), plus "the notebook's target" when `withDefault`. */
export function targetMenu(commands: CommandRegistry, packs: PacksRegistry, command: string, withDefault: boolean): Menu {
  const menu = new Menu({ commands });
  menu.addClass('bb-TargetMenu');
  if (withDefault) {
    menu.addItem({ command, args: { target: '' } });
    menu.addItem({ type: 'separator' });
  }
  for (const t of packs.targets()) menu.addItem({ command, args: { target: t.name } });
  return menu;
}

/** The notebook toolbar's target: "kite · x86_64 lightweight kernel ▾". */
export class TargetToolbarItem extends Widget {
  private readonly button = document.createElement('button');

  constructor(
    private readonly panel: NotebookPanel,
    private readonly packs: PacksRegistry,
    private readonly commands: CommandRegistry
  ) {
    super();
    this.addClass('bb-TargetToolbarItem');
    this.button.className = 'jp-ToolbarButtonComponent bb-TargetToolbarItem-button';
    this.button.title = "The notebook's target: click to switch (cells with their own %target keep it)";
    this.button.addEventListener('click', () => this.openMenu());
    this.node.appendChild(this.button);
    panel.sessionContext.kernelChanged.connect(this.update, this);
    panel.sessionContext.sessionChanged.connect(this.update, this);
    packs.changed.connect(this.update, this);
    this.update();
  }

  override update(): void {
    const t = notebookTarget(this.panel, this.packs);
    this.button.textContent = t ? this.packs.displayName(t) : this.panel.sessionContext.kernelDisplayName || 'no target';
    this.button.dataset.target = t ? `${t.pack}-${t.arch}` : '';
  }

  private openMenu(): void {
    this.panel.content.activate();
    const menu = targetMenu(this.commands, this.packs, CommandIDs.switchNotebookTarget, false);
    const r = this.button.getBoundingClientRect();
    menu.open(r.left, r.bottom);
  }

  override dispose(): void {
    this.packs.changed.disconnect(this.update, this);
    super.dispose();
  }
}

/**
 * Keeps a badge on every code cell of a notebook: the cell's own target when its
 * %target differs from the notebook's (always shown), else the notebook's
 * target, shown faintly on the active cell only, as the place to pick one.
 */
export class CellBadges {
  private readonly badges = new Map<CodeCell, HTMLButtonElement>();
  private disposed = false;

  constructor(
    private readonly panel: NotebookPanel,
    private readonly packs: PacksRegistry,
    private readonly commands: CommandRegistry
  ) {
    const sync = () => requestAnimationFrame(() => this.sync());
    panel.content.model?.cells.changed.connect(sync);
    panel.context.ready.then(() => {
      panel.content.model?.cells.changed.connect(sync);
      sync();
    });
    panel.sessionContext.kernelChanged.connect(() => this.updateAll());
    packs.changed.connect(() => this.updateAll());
    panel.disposed.connect(() => this.dispose());
    sync();
  }

  private sync(): void {
    if (this.disposed) return;
    const live = new Set<CodeCell>();
    for (const cell of this.panel.content.widgets) {
      if (cell.model.type !== 'code') continue;
      const code = cell as CodeCell;
      live.add(code);
      if (!this.badges.has(code)) this.attach(code);
    }
    for (const [cell, badge] of this.badges) {
      if (!live.has(cell)) {
        badge.remove();
        this.badges.delete(cell);
      }
    }
  }

  private attach(cell: CodeCell): void {
    const badge = document.createElement('button');
    badge.className = 'bb-CellTarget';
    badge.addEventListener('mousedown', e => e.stopPropagation());
    badge.addEventListener('click', e => {
      e.stopPropagation();
      const index = this.panel.content.widgets.indexOf(cell);
      if (index >= 0) this.panel.content.activeCellIndex = index;
      const menu = targetMenu(this.commands, this.packs, CommandIDs.setCellTarget, true);
      const r = badge.getBoundingClientRect();
      menu.open(r.left, r.bottom);
    });
    this.badges.set(cell, badge);
    cell.model.contentChanged.connect(() => this.update(cell));
    void cell.ready.then(() => {
      const host = cell.inputArea?.node;
      if (!host || this.disposed) return;
      host.classList.add('bb-mod-hasCellTarget');
      host.appendChild(badge);
      this.update(cell);
    });
  }

  private update(cell: CodeCell): void {
    const badge = this.badges.get(cell);
    const nb = notebookTarget(this.panel, this.packs);
    if (!badge || !nb) {
      if (badge) badge.hidden = true;
      return;
    }
    badge.hidden = false;
    const b = cellBadge(cell.model.sharedModel.getSource(), nb, this.packs.archesOf);
    badge.classList.toggle('bb-mod-differs', !!b);
    badge.textContent = b ? b.label : `${nb.pack} · ${nb.arch}`;
    badge.title = b ? "This cell's %target: click to change it" : "This cell runs on the notebook's target: click to pick another (adds a %target line)";
    badge.dataset.target = b ? `${b.target.pack}-${b.target.arch}` : '';
  }

  private updateAll(): void {
    for (const cell of this.badges.keys()) this.update(cell);
  }

  dispose(): void {
    this.disposed = true;
    for (const badge of this.badges.values()) badge.remove();
    this.badges.clear();
  }
}
