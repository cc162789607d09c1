// The application entry: registers the plugins of app/extensions.cjs (minus the excluded ones
// and those the page config disables), resolves the service manager from them, and starts
// JupyterLab. Mirrors JupyterLab 4.6's own entry (dev_mode/index.js): the prebuilt (federated)
// extensions the page config lists are loaded first (federated.ts) and replace bundled packages
// of the same name.
import { JupyterLab, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { JupyterPluginRegistry, PageConfig } from '@jupyterlab/coreutils';
import { IConnectionStatus, IServiceManager } from '@jupyterlab/services';
import {
  excludedPlugins,
  extensions,
  mimeExtensions,
  type IPackage
} from '@bootbook/app-extensions';
import { loadFederatedExtensions } from './federated';

type Plugin = JupyterFrontEndPlugin<unknown, any, any>;

/** The plugins a package exports by default (one or a list; ES module or CommonJS). */
function pluginsOf(pkg: IPackage): Plugin[] {
  const module = pkg.module as { default?: unknown; __esModule?: boolean };
  const exported = 'default' in module ? module.default : module;
  return (Array.isArray(exported) ? exported : [exported]) as Plugin[];
}

/** Sorts the plugins of packages into active, disabled and deferred, as the page config says. */
class PluginSelection {
  readonly available: JupyterLab.IPluginInfo[] = [];
  readonly disabled: string[] = [];
  readonly deferred: string[] = [];

  active(packages: IPackage[]): Plugin[] {
    const active: Plugin[] = [];
    for (const pkg of packages) {
      for (const plugin of pluginsOf(pkg)) {
        if (excludedPlugins.includes(plugin.id)) {
          continue;
        }
        const isDisabled = PageConfig.Extension.isDisabled(plugin.id);
        this.available.push({
          id: plugin.id,
          description: plugin.description,
          requires: plugin.requires ?? [],
          optional: plugin.optional ?? [],
          provides: plugin.provides ?? null,
          autoStart: plugin.autoStart,
          enabled: !isDisabled,
          extension: pkg.name
        });
        if (isDisabled) {
          this.disabled.push(plugin.id);
          continue;
        }
        if (PageConfig.Extension.isDeferred(plugin.id)) {
          this.deferred.push(plugin.id);
        }
        active.push(plugin);
      }
    }
    return active;
  }
}

async function main(): Promise<void> {
  const federated = await loadFederatedExtensions();
  const bundled = (packages: IPackage[]) => packages.filter(pkg => !federated.names.has(pkg.name));
  const selection = new PluginSelection();
  const mimePlugins = selection.active([...bundled(mimeExtensions), ...federated.mimeExtensions]);
  const plugins = selection.active([...bundled(extensions), ...federated.extensions]);

  // The service manager (REST and socket clients of the server) comes from
  // @jupyterlab/services-extension's plugins, so it is resolved before the application exists.
  const pluginRegistry = new JupyterPluginRegistry();
  pluginRegistry.registerPlugins(plugins);
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);

  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager,
    connectionStatus: connectionStatus ?? undefined,
    mimeExtensions: mimePlugins as unknown as NonNullable<JupyterLab.IOptions['mimeExtensions']>,
    disabled: { matches: selection.disabled, patterns: PageConfig.Extension.disabled },
    deferred: { matches: selection.deferred, patterns: PageConfig.Extension.deferred },
    availablePlugins: selection.available
  });
  if (PageConfig.getOption('exposeAppInBrowser').toLowerCase() === 'true') {
    (window as unknown as { jupyterapp: JupyterLab }).jupyterapp = lab;
  }
  await lab.start({ ignorePlugins: selection.deferred, bubblingKeydown: true });
  await lab.restored;
}

main().catch(error => {
  console.error('bootbook: the application failed to start', error);
});
