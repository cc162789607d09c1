// The target picker: the notebook's target in its toolbar (switches the kernelspec)
// and a badge per code cell that edits the cell's %target line, plus the commands
// behind them (also in the palette, the bootbook menu and the cell context menu).
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookTracker, NotebookActions, type INotebookModel, type NotebookPanel } from '@jupyterlab/notebook';
import { CommandIDs } from '../commands.js';
import { editCell, kernelspecOf, notebookTarget, pickTarget } from '../notebook.js';
import type { PacksRegistry } from '../packs/registry.js';
import { IBootbookPacks } from '../tokens.js';
import { cellTarget, setCellTarget, specName, type Target } from './model.js';
import { CellBadges, TargetToolbarItem } from './widgets.js';

class TargetPickerExtension implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel> {
  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly packs: PacksRegistry
  ) {}

  createNew(panel: NotebookPanel) {
    const item = new TargetToolbarItem(panel, this.packs, this.app.commands);
    if (!panel.toolbar.insertBefore('kernelName', 'bootbookTarget', item)) panel.toolbar.addItem('bootbookTarget', item);
    const badges = new CellBadges(panel, this.packs, this.app.commands);
    return { dispose: () => (item.dispose(), badges.dispose()), isDisposed: false };
  }
}

export const targetPickerPlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:target-picker',
  description: "The notebook's target in its toolbar and each cell's %target as a badge.",
  autoStart: true,
  requires: [IBootbookPacks, INotebookTracker],
  activate: (app: JupyterFrontEnd, packs: PacksRegistry, tracker: INotebookTracker) => {
    app.docRegistry.addWidgetExtension('Notebook', new TargetPickerExtension(app, packs));
    const current = () => tracker.currentWidget;
    const targetArg = (args: { target?: unknown }) => (typeof args.target === 'string' ? args.target : undefined);

    /** Make the active cell run on `name` ('' for the notebook's target) by editing its %target line. */
    const setActiveCell = async (name: string | undefined): Promise<boolean> => {
      const panel = current();
      const cell = panel?.content.activeCell;
      const nb = notebookTarget(panel, packs);
      if (!panel || !cell || cell.model.type !== 'code' || !nb) return false;
      let target: Target | undefined;
      if (name === undefined) {
        const src = cell.model.sharedModel.getSource();
        const picked = await pickTarget(packs, { title: 'Run this cell on', current: specName(cellTarget(src, nb, packs.archesOf)), withDefault: true });
        if (picked === undefined) return false;
        target = picked ?? undefined;
      } else {
        target = name === '' ? undefined : packs.targetOf(name);
        if (name !== '' && !target) return false;
      }
      editCell(cell.model, setCellTarget(cell.model.sharedModel.getSource(), target, nb));
      return true;
    };

    app.commands.addCommand(CommandIDs.setCellTarget, {
      label: args => {
        const name = targetArg(args);
        if (name === undefined) return 'Set Cell Target…';
        if (name === '') return "Notebook's Target (remove %target)";
        const t = packs.targetOf(name);
        return t ? packs.displayName(t) : name;
      },
      caption: "Edit the active cell's %target line",
      isToggled: args => {
        const name = targetArg(args);
        const panel = current();
        const cell = panel?.content.activeCell;
        const nb = notebookTarget(panel, packs);
        if (name === undefined || !cell || !nb) return false;
        const src = cell.model.sharedModel.getSource();
        const mine = specName(cellTarget(src, nb, packs.archesOf));
        return name === '' ? mine === specName(nb) && !/^\s*%target/m.test(src) : name === mine;
      },
      isEnabled: () => current()?.content.activeCell?.model.type === 'code',
      execute: args => setActiveCell(targetArg(args))
    });

    app.commands.addCommand(CommandIDs.runCellOn, {
      label: args => (targetArg(args) ? `Run Cell on ${targetArg(args)}` : 'Run Cell on Target…'),
      caption: "Pick a target, write it in the cell's %target line, and run the cell",
      isEnabled: () => current()?.content.activeCell?.model.type === 'code',
      execute: async args => {
        const panel = current();
        if (!panel || !(await setActiveCell(targetArg(args)))) return;
        await NotebookActions.run(panel.content, panel.sessionContext);
      }
    });

    app.commands.addCommand(CommandIDs.switchNotebookTarget, {
      label: args => {
        const name = targetArg(args);
        const t = packs.targetOf(name);
        return name ? (t ? packs.displayName(t) : name) : "Switch Notebook's Target…";
      },
      caption: "Switch the notebook's kernel to another target",
      isToggled: args => {
        const panel = current();
        return !!panel && targetArg(args) === kernelspecOf(panel);
      },
      isEnabled: () => !!current(),
      execute: async args => {
        const panel = current();
        if (!panel) return;
        let name = targetArg(args);
        if (!name) {
          const picked = await pickTarget(packs, { title: "The notebook's target", current: kernelspecOf(panel) });
          if (!picked) return;
          name = picked.name;
        }
        if (name !== kernelspecOf(panel)) await panel.sessionContext.changeKernel({ name });
      }
    });
  }
};
