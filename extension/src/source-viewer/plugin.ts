// The source viewer: opens a pack's source file in the main area, editable, with
// C highlighting (Monaco), following the light/dark theme. Edits go into the
// current notebook as a `%%file PACK:PATH` overlay cell, never into the pack.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IThemeManager } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { fileIcon } from '@jupyterlab/ui-components';
import { CommandIDs } from '../commands.js';
import type { PacksRegistry } from '../packs/registry.js';
import { IBootbookPacks, ISourceOpener } from '../tokens.js';
import type { SavePlan } from './model.js';
import { SourceViewer, type OverlayNotebook } from './widget.js';

/** The tracker's current notebook as the viewer needs it: its cells, and a way to write the overlay cell. */
function currentNotebook(tracker: INotebookTracker | null): OverlayNotebook {
  const model = () => tracker?.currentWidget?.content.model ?? undefined;
  return {
    cells: () => {
      const m = model();
      return m ? Array.from(m.cells, c => ({ cellType: c.type, source: c.sharedModel.getSource() })) : undefined;
    },
    apply: (plan: SavePlan) => {
      const panel = tracker?.currentWidget;
      const m = panel?.content.model;
      if (!panel || !m) throw new Error('no notebook is open');
      if (plan.action === 'update') m.cells.get(plan.index).sharedModel.setSource(plan.source);
      else m.sharedModel.insertCell(plan.index, { cell_type: 'code', source: plan.source, metadata: {} });
      return panel.context.path.split('/').pop() ?? panel.context.path;
    }
  };
}

export const sourceViewerPlugin: JupyterFrontEndPlugin<ISourceOpener> = {
  id: 'bootbook:source-viewer',
  description: "Opens a pack's source files, editable; edits are saved as notebook overlays.",
  autoStart: true,
  requires: [IBootbookPacks],
  optional: [IThemeManager, INotebookTracker],
  provides: ISourceOpener,
  activate: (app: JupyterFrontEnd, packs: PacksRegistry, themes: IThemeManager | null, tracker: INotebookTracker | null) => {
    const open = new Map<string, SourceViewer>();
    const isDark = () => !!themes?.theme && !themes.isLight(themes.theme);
    themes?.themeChanged.connect(() => open.forEach(v => v.setDark(isDark())));
    const notebook = currentNotebook(tracker);

    const opener: ISourceOpener = {
      async open(pack: string, path: string) {
        const key = `${pack}/${path}`;
        let viewer = open.get(key);
        if (!viewer || viewer.isDisposed) {
          viewer = new SourceViewer(pack, path, packs, isDark(), notebook);
          viewer.title.icon = fileIcon;
          open.set(key, viewer);
          viewer.disposed.connect(() => open.delete(key));
          app.shell.add(viewer, 'main');
        }
        app.shell.activateById(viewer.id);
      }
    };

    app.commands.addCommand(CommandIDs.openPackSource, {
      label: args => (args.path ? `${String(args.pack)}/${String(args.path)}` : 'Open Pack Source File'),
      caption: "Open a pack's source file; edits can be saved as a notebook overlay",
      execute: args => opener.open(String(args.pack), String(args.path))
    });
    return opener;
  }
};
