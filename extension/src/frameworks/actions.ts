// What the frameworks panel's buttons do: a new notebook for a target, and an
// example inserted into the active notebook (with a %target line when needed).
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import { NotebookActions, type INotebookTracker } from '@jupyterlab/notebook';
import type { PackExample } from '../api/types.js';
import { notebookTarget } from '../notebook.js';
import type { PacksRegistry } from '../packs/registry.js';
import type { BootbookSettings } from '../packs/settings.js';
import { specName, type Target } from '../target-picker/model.js';
import { directiveLines, exampleCell } from './model.js';

/** A notebook file named after the target (`kite-x86_64.ipynb`, then `-1`, `-2`...) whose kernelspec is that target. */
export async function newNotebookForTarget(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  packs: PacksRegistry,
  settings: BootbookSettings,
  target: Target,
  opts: { cwd?: string; example?: PackExample } = {}
): Promise<void> {
  const pack = packs.pack(target.pack);
  const name = specName(target);
  const contents = app.serviceManager.contents;
  const dir = opts.cwd ? `${opts.cwd.replace(/\/$/, '')}/` : '';
  let path = '';
  for (let i = 0; i < 1000; i++) {
    path = `${dir}${name}${i ? `-${i}` : ''}.ipynb`;
    const exists = await contents.get(path, { content: false }).then(
      () => true,
      () => false
    );
    if (!exists) break;
  }
  const example = opts.example ?? pack?.examples.find(e => e.source);
  const code = example?.source ? exampleCell(example.source, target, undefined, settings.cellDefaults) : directiveLines(undefined, undefined, settings.cellDefaults).join('\n');
  const displayName = packs.displayName(target);
  const intro = [`# ${displayName}`, '', pack ? `${pack.summary}.` : '', '', `Every code cell is a C program built for **${target.pack}** (${target.arch}) and booted in QEMU. A \`%target\` line at the top of a cell runs it elsewhere.`].join('\n');
  const cell = (cell_type: string, source: string) => ({
    cell_type,
    id: Math.random().toString(36).slice(2, 10),
    metadata: {},
    source,
    ...(cell_type === 'code' ? { outputs: [], execution_count: null } : {})
  });
  await contents.save(path, {
    type: 'notebook',
    format: 'json',
    content: {
      cells: [cell('markdown', intro), cell('code', code)],
      metadata: { kernelspec: { name, display_name: displayName, language: 'c' }, language_info: { name: 'c' } },
      nbformat: 4,
      nbformat_minor: 5
    }
  });
  docManager.openOrReveal(path, 'default', { name });
}

/** Put an example in the active notebook: into the active cell when it is an empty code cell, else into a new cell below it. */
export function insertExample(tracker: INotebookTracker, packs: PacksRegistry, settings: BootbookSettings, example: PackExample, target: Target): boolean {
  const panel = tracker.currentWidget;
  if (!panel || !example.source) return false;
  const nb = notebookTarget(panel, packs);
  const text = exampleCell(example.source, target, nb, settings.cellDefaults);
  const notebook = panel.content;
  const active = notebook.activeCell;
  if (!active || active.model.type !== 'code' || active.model.sharedModel.getSource().trim() !== '') {
    NotebookActions.insertBelow(notebook);
    if (notebook.activeCell?.model.type !== 'code') NotebookActions.changeCellType(notebook, 'code');
  }
  notebook.activeCell?.model.sharedModel.setSource(text);
  notebook.activate();
  return true;
}
