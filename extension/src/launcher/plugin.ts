// Commands in the palette and the launcher. The launcher's notebook tiles, one per
// target (kernelspec), are JupyterLab's own; this adds the Kernel frameworks tile
// and puts bootbook's commands in the palette under "bootbook".
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { CommandIDs, PALETTE_CATEGORY } from '../commands.js';

/** Palette entries (commands that ask for what they need when given no arguments). */
const PALETTE: string[] = [
  CommandIDs.openFrameworks,
  CommandIDs.openPack,
  CommandIDs.newNotebookForTarget,
  CommandIDs.switchNotebookTarget,
  CommandIDs.setCellTarget,
  CommandIDs.runCellOn
];

export const launcherPlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:launcher',
  description: "bootbook's commands in the palette and the launcher.",
  autoStart: true,
  optional: [ICommandPalette, ILauncher],
  activate: (_app: JupyterFrontEnd, palette: ICommandPalette | null, launcher: ILauncher | null) => {
    for (const command of PALETTE) palette?.addItem({ command, category: PALETTE_CATEGORY });
    launcher?.add({ command: CommandIDs.openFrameworks, category: 'Other', rank: 0 });
    launcher?.add({ command: CommandIDs.newNotebookForTarget, category: 'Other', rank: 1 });
  }
};
