// The source viewer: opens a pack's source file read-only in the main area, with
// C highlighting (Monaco), following the light/dark theme.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IThemeManager } from '@jupyterlab/apputils';
import { fileIcon } from '@jupyterlab/ui-components';
import { CommandIDs } from '../commands.js';
import type { PacksRegistry } from '../packs/registry.js';
import { IBootbookPacks, ISourceOpener } from '../tokens.js';
import { SourceViewer } from './widget.js';

export const sourceViewerPlugin: JupyterFrontEndPlugin<ISourceOpener> = {
  id: 'bootbook:source-viewer',
  description: "Opens a pack's source files read-only, with C highlighting.",
  autoStart: true,
  requires: [IBootbookPacks],
  optional: [IThemeManager],
  provides: ISourceOpener,
  activate: (app: JupyterFrontEnd, packs: PacksRegistry, themes: IThemeManager | null) => {
    const open = new Map<string, SourceViewer>();
    const isDark = () => !!themes?.theme && !themes.isLight(themes.theme);
    themes?.themeChanged.connect(() => open.forEach(v => v.setDark(isDark())));

    const opener: ISourceOpener = {
      async open(pack: string, path: string) {
        const key = `${pack}/${path}`;
        let viewer = open.get(key);
        if (!viewer || viewer.isDisposed) {
          viewer = new SourceViewer(pack, path, packs, isDark());
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
      caption: "Open a pack's source file read-only",
      execute: args => opener.open(String(args.pack), String(args.path))
    });
    return opener;
  }
};
