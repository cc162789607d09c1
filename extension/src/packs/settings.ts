// The extension's settings (schema/settings.json) with their defaults, kept current
// when the user edits them in the settings editor.
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal, type ISignal } from '@lumino/signaling';
import type { CellDefaults } from '../frameworks/model.js';

/** The settings' id: `<package name>:<schema file name>`. */
export const SETTINGS_ID = '@bootbook/jupyterlab-extension:settings';

export interface SettingValues extends CellDefaults {
  consoleMaxLines: number;
  bootConsoleArea: 'right' | 'main';
  frameworksSidebarRank: number;
}

export const DEFAULT_SETTINGS: SettingValues = {
  timeout: 30,
  clock: 'real',
  consoleMaxLines: 5000,
  bootConsoleArea: 'right',
  frameworksSidebarRank: 450
};

export class BootbookSettings {
  private _values: SettingValues = { ...DEFAULT_SETTINGS };
  private readonly _changed = new Signal<this, void>(this);

  get values(): Readonly<SettingValues> {
    return this._values;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get cellDefaults(): CellDefaults {
    return { timeout: this._values.timeout, clock: this._values.clock };
  }

  /** Follow the registry's settings (a missing schema leaves the defaults). */
  async connect(registry: ISettingRegistry): Promise<void> {
    const settings = await registry.load(SETTINGS_ID);
    const update = () => {
      this._values = { ...DEFAULT_SETTINGS, ...(settings.composite as Partial<SettingValues>) };
      this._changed.emit();
    };
    settings.changed.connect(update);
    update();
  }
}
