// The Cluster panel in the right sidebar and the "runs on ..." label in each
// notebook's toolbar. The panel polls the server only while it is shown; the
// label reads the user's default runner once at start (and whenever the panel
// refreshes), and each cell's %runner line as the notebook changes.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import type { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { LabIcon } from '@jupyterlab/ui-components';
import { apiPath, requestAPI } from '../api/request.js';
import { CommandIDs, PALETTE_CATEGORY } from '../commands.js';
import { ClusterModel, type CancelAnswer, type ClusterApi, type ClusterOverview, type JobsView } from './model.js';
import { ClusterPanel, RunnerLabel } from './widget.js';

const clusterIcon = new LabIcon({
  name: 'bootbook:cluster',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><rect x="3" y="3" width="18" height="5" rx="1"/><rect x="3" y="10" width="18" height="5" rx="1"/><rect x="3" y="17" width="18" height="4" rx="1"/></g></svg>'
});

const api: ClusterApi = {
  overview: () => requestAPI<ClusterOverview>('slurm'),
  jobs: () => requestAPI<JobsView>('slurm/jobs'),
  cancel: jobId => requestAPI<CancelAnswer>(apiPath('slurm', 'jobs', jobId, 'cancel'), { method: 'POST' })
};

class RunnerLabelExtension implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel> {
  constructor(private readonly model: ClusterModel) {}

  createNew(panel: NotebookPanel) {
    const label = new RunnerLabel(panel, this.model);
    if (!panel.toolbar.insertAfter('bootbookTarget', 'bootbookRunner', label)) panel.toolbar.addItem('bootbookRunner', label);
    return label;
  }
}

export const clusterPlugin: JupyterFrontEndPlugin<void> = {
  id: 'bootbook:cluster',
  description: 'The Slurm cluster panel (partitions, nodes, reservations, jobs) and where each notebook runs.',
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, palette: ICommandPalette | null) => {
    const model = new ClusterModel(api);
    const panel = new ClusterPanel(model);
    panel.title.icon = clusterIcon;
    app.shell.add(panel, 'right', { rank: 900 });
    // The toolbar label needs the user's default runner even when the panel stays closed.
    void model.refresh();
    app.docRegistry.addWidgetExtension('Notebook', new RunnerLabelExtension(model));
    app.commands.addCommand(CommandIDs.openCluster, {
      label: 'Cluster (Slurm)',
      caption: 'Show the Slurm partitions, nodes, reservations and bootbook jobs',
      icon: clusterIcon,
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.openCluster, category: PALETTE_CATEGORY });
  }
};
