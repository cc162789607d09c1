// The boot console: follows the running cell of the current notebook through its
// kernel's iopub messages (and the cells scheduled to run), in the right sidebar
// or the main area as the settings say.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import type { ISessionContext } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';
import type { KernelMessage } from '@jupyterlab/services';
import { terminalIcon } from '@jupyterlab/ui-components';
import { CommandIDs, PALETTE_CATEGORY } from '../commands.js';
import type { BootbookSettings } from '../packs/settings.js';
import { IBootbookSettings } from '../tokens.js';
import { BootConsoleModel, type IopubMessage } from './model.js';
import { BootConsolePanel } from './widget.js';

export const bootConsolePlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:boot-console',
  description: "A panel following the running cell: stage, elapsed time, live serial console, run record.",
  autoStart: true,
  requires: [INotebookTracker, IBootbookSettings],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, settings: BootbookSettings, palette: ICommandPalette | null) => {
    const model = new BootConsoleModel({ maxLines: settings.values.consoleMaxLines });
    settings.changed.connect(() => (model.maxLines = settings.values.consoleMaxLines));
    let panel: BootConsolePanel | undefined;
    const ensurePanel = () => {
      if (!panel || panel.isDisposed) {
        panel = new BootConsolePanel(model);
        panel.title.icon = terminalIcon;
        panel.setNotebook(tracker.currentWidget?.context.path ?? '');
      }
      return panel;
    };

    // Follow the current notebook's session.
    let followed: ISessionContext | undefined;
    const onIopub = (_: ISessionContext, msg: KernelMessage.IMessage) => model.handle(msg as unknown as IopubMessage);
    const follow = (nb: NotebookPanel | null) => {
      if (followed) followed.iopubMessage.disconnect(onIopub);
      followed = nb?.sessionContext;
      followed?.iopubMessage.connect(onIopub);
      model.reset();
      panel?.setNotebook(nb?.context.path ?? '');
    };
    tracker.currentChanged.connect((_, nb) => follow(nb));
    follow(tracker.currentWidget);
    NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
      if (notebook === tracker.currentWidget?.content && cell.model.type === 'code') model.scheduled();
    });

    const area = () => settings.values.bootConsoleArea;
    const open = () => {
      const p = ensurePanel();
      if (!p.isAttached) {
        if (area() === 'main') app.shell.add(p, 'main', { mode: 'split-right' } as never);
        else app.shell.add(p, 'right', { rank: 600 });
      }
      app.shell.activateById(p.id);
    };
    app.commands.addCommand(CommandIDs.openBootConsole, {
      label: 'Open Boot Console',
      caption: 'Follow the running cell: stage, elapsed time, live serial console, run record',
      icon: terminalIcon,
      execute: open
    });
    palette?.addItem({ command: CommandIDs.openBootConsole, category: PALETTE_CATEGORY });
    // In the right sidebar, the panel is there from the start (a tab to click); in the main area, on demand.
    void app.restored.then(() => {
      if (area() === 'right') {
        const p = ensurePanel();
        if (!p.isAttached) app.shell.add(p, 'right', { rank: 600 });
      }
    });
  }
};
