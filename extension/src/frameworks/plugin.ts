// Kernel frameworks: the left-sidebar panel where users discover the packs, and
// the commands behind its buttons (new notebook for a target, insert an example,
// open a pack, install a pack from an index, trust a pack after a confirmation).
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { kernelIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { InputDialog } from '@jupyterlab/apputils';
import { CommandIDs } from '../commands.js';
import { notebookTarget, pickTarget } from '../notebook.js';
import type { PacksRegistry } from '../packs/registry.js';
import type { BootbookSettings } from '../packs/settings.js';
import { IBootbookPacks, IBootbookSettings, ISourceOpener } from '../tokens.js';
import { insertExample, newNotebookForTarget } from './actions.js';
import { exampleTarget } from './model.js';
import { packSourcesApi } from './sources/api.js';
import { PackSourcesModel, trustDialogText } from './sources/model.js';
import { FrameworksPanel } from './widget.js';

export const frameworksPlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:frameworks',
  description: 'The Kernel frameworks panel: every pack, its options, README, examples and sources.',
  autoStart: true,
  requires: [IBootbookPacks, IBootbookSettings, IRenderMimeRegistry, IDocumentManager, INotebookTracker],
  optional: [ISourceOpener, IDefaultFileBrowser],
  activate: (
    app: JupyterFrontEnd,
    packs: PacksRegistry,
    settings: BootbookSettings,
    rendermime: IRenderMimeRegistry,
    docManager: IDocumentManager,
    tracker: INotebookTracker,
    opener: ISourceOpener | null,
    browser: IDefaultFileBrowser | null
  ) => {
    const fail = (what: string) => (e: unknown) => Notification.error(`${what}: ${(e as Error).message}`, { autoClose: 8000 });
    const newNotebook = (target: { pack: string; arch: string }) =>
      newNotebookForTarget(app, docManager, packs, settings, target, { cwd: browser?.model.path }).catch(fail('Could not create the notebook'));

    const sources = new PackSourcesModel(packSourcesApi, () => packs.refresh());
    void sources.refresh();
    const confirmTrust = async (name: string) => {
      const text = trustDialogText(name, sources.source(name));
      const body = document.createElement('div');
      body.className = 'bb-TrustDialog';
      for (const p of text.body) body.appendChild(document.createElement('p')).textContent = p;
      const r = await showDialog({ title: text.title, body: new Widget({ node: body }), buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: text.accept })] });
      if (!r.button.accept) return;
      if (await sources.trust(name)) Notification.success(`${name} is trusted: cells targeting it can build now.`, { autoClose: 4000 });
      else Notification.error(`Could not trust ${name}: ${sources.failure(name) ?? 'unknown error'}`, { autoClose: 8000 });
    };
    const install = async (name: string) => {
      if (await sources.install(name)) Notification.success(`Installed ${name}. Trust it before its first build (Trust… on its card).`, { autoClose: 6000 });
      else Notification.error(`Could not install ${name}: ${sources.failure(name) ?? 'unknown error'}`, { autoClose: 10000 });
    };

    const panel = new FrameworksPanel(packs, rendermime, {
      installPack: name => void install(name),
      trustPack: name => void confirmTrust(name),
      newNotebook: t => void newNotebook(t),
      insertExample: (example, target) => {
        if (!insertExample(tracker, packs, settings, example, target)) void newNotebookForTarget(app, docManager, packs, settings, target, { cwd: browser?.model.path, example }).catch(fail('Could not create the notebook'));
      },
      openSource: (pack, path) => void (opener ? opener.open(pack, path) : Promise.reject(new Error('no source viewer'))).catch(fail('Could not open the file')),
      notebookTarget: () => notebookTarget(tracker.currentWidget, packs),
      hasNotebook: () => !!tracker.currentWidget
    }, sources);
    panel.title.icon = kernelIcon;
    app.shell.add(panel, 'left', { rank: settings.values.frameworksSidebarRank });

    app.commands.addCommand(CommandIDs.openFrameworks, {
      label: 'Kernel Frameworks',
      caption: 'Show the kernel frameworks (packs) bootbook can build for',
      icon: kernelIcon,
      execute: () => app.shell.activateById(panel.id)
    });

    app.commands.addCommand(CommandIDs.openPack, {
      label: args => (args.pack ? `Open Pack ${String(args.pack)}` : 'Open Pack…'),
      caption: 'Show one pack in the Kernel frameworks panel',
      execute: async args => {
        await packs.ready;
        let name = typeof args.pack === 'string' ? args.pack : undefined;
        if (!name) {
          const r = await InputDialog.getItem({ title: 'Open pack', items: packs.packs.map(p => p.name) });
          if (!r.button.accept || !r.value) return;
          name = r.value;
        }
        app.shell.activateById(panel.id);
        requestAnimationFrame(() => panel.reveal(name!));
      }
    });

    app.commands.addCommand(CommandIDs.newNotebookForTarget, {
      label: args => (args.target ? `New Notebook for ${String(args.target)}` : 'New Notebook for Target…'),
      caption: 'Create a notebook whose kernel is a bootbook target',
      icon: args => (args.isLauncher ? undefined : kernelIcon),
      execute: async args => {
        await packs.ready;
        let target = packs.targetOf(typeof args.target === 'string' ? args.target : undefined);
        if (!target) {
          const picked = await pickTarget(packs, { title: 'New notebook for target' });
          if (!picked) return;
          target = picked;
        }
        await newNotebook(target);
      }
    });

    app.commands.addCommand(CommandIDs.insertExample, {
      label: args => (args.file ? `Insert Example ${String(args.pack)}/${String(args.file)}` : 'Insert Example'),
      caption: "Insert one of a pack's example programs into the active notebook",
      execute: async args => {
        await packs.ready;
        const pack = packs.pack(String(args.pack));
        const example = pack?.examples.find(e => e.file === args.file) ?? pack?.examples[0];
        if (!pack || !example) return;
        const target = typeof args.target === 'string' ? packs.targetOf(args.target) : undefined;
        insertExample(tracker, packs, settings, example, target ?? exampleTarget(pack, notebookTarget(tracker.currentWidget, packs)));
      }
    });
  }
};
