// The shared services: the packs registry and the settings.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IBootbookPacks, IBootbookSettings } from '../tokens.js';
import { PacksRegistry } from './registry.js';
import { BootbookSettings } from './settings.js';

export const packsPlugin: JupyterFrontEndPlugin<PacksRegistry> = {
  id: 'bootbook:packs',
  description: 'The packs the bootbook server offers.',
  autoStart: true,
  provides: IBootbookPacks,
  activate: (_app: JupyterFrontEnd) => new PacksRegistry()
};

export const settingsPlugin: JupyterFrontEndPlugin<BootbookSettings> = {
  id: 'bootbook:settings',
  description: "The bootbook extension's settings.",
  autoStart: true,
  provides: IBootbookSettings,
  optional: [ISettingRegistry],
  activate: (_app: JupyterFrontEnd, registry: ISettingRegistry | null) => {
    const settings = new BootbookSettings();
    if (registry) {
      settings.connect(registry).catch(e => console.warn('bootbook: settings not loaded, using defaults', e));
    }
    return settings;
  }
};
