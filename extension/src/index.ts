// The bootbook JupyterLab extension: the list of its plugins (each in its feature folder).
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { bootConsolePlugin } from './boot-console/plugin.js';
import { clusterPlugin } from './cluster/plugin.js';
import { frameworksPlugin } from './frameworks/plugin.js';
import { launcherPlugin } from './launcher/plugin.js';
import { packsPlugin, settingsPlugin } from './packs/plugin.js';
import { resultsPlugin } from './results/plugin.js';
import { sourceViewerPlugin } from './source-viewer/plugin.js';
import { targetPickerPlugin } from './target-picker/plugin.js';

const plugins: JupyterFrontEndPlugin<any>[] = [
  packsPlugin,
  settingsPlugin,
  frameworksPlugin,
  targetPickerPlugin,
  bootConsolePlugin,
  resultsPlugin,
  sourceViewerPlugin,
  launcherPlugin,
  clusterPlugin
];

export default plugins;
