// Small helpers over JupyterLab notebooks shared by the features: the notebook's
// target (its kernelspec), editing a cell's text, asking the user for a target.
import { InputDialog } from '@jupyterlab/apputils';
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { PacksRegistry, TargetInfo } from './packs/registry.js';
import type { Edit, Target } from './target-picker/model.js';

/** The kernelspec name the notebook runs (or will run) on. */
export function kernelspecOf(panel: NotebookPanel): string | undefined {
  const s = panel.sessionContext;
  return s.session?.kernel?.name ?? s.kernelPreference.name ?? (panel.context.model?.getMetadata('kernelspec') as { name?: string } | undefined)?.name;
}

export function notebookTarget(panel: NotebookPanel | null | undefined, packs: PacksRegistry): Target | undefined {
  return panel ? packs.targetOf(kernelspecOf(panel)) : undefined;
}

/** Apply a text edit to a cell (one shared-model change, so undo takes it back in one step). */
export function editCell(model: ICellModel, edit: Edit | undefined): void {
  if (edit) model.sharedModel.updateSource(edit.from, edit.to, edit.text);
}

/** Ask for a target; `withDefault` adds "the notebook's target" (answered as null). */
export async function pickTarget(
  packs: PacksRegistry,
  opts: { title: string; current?: string; withDefault?: boolean }
): Promise<TargetInfo | null | undefined> {
  await packs.ready;
  const targets = packs.targets();
  const DEFAULT = "Notebook's target (no %target line)";
  const items = [...(opts.withDefault ? [DEFAULT] : []), ...targets.map(t => `${t.displayName}  [${t.name}]`)];
  const current = targets.findIndex(t => t.name === opts.current);
  const result = await InputDialog.getItem({ title: opts.title, items, current: current < 0 ? 0 : current + (opts.withDefault ? 1 : 0) });
  if (!result.button.accept || result.value === null) return undefined;
  if (result.value === DEFAULT) return null;
  return targets.find(t => result.value!.endsWith(`[${t.name}]`));
}
