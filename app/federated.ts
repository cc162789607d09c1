// Prebuilt (federated) JupyterLab extensions, loaded at run time the way JupyterLab's own entry
// does it (its dev_mode/bootstrap.js and index.js): the page config lists them in
// `federated_extensions` ({name, load, extension, mimeExtension, style}); each `load` is a
// webpack container (remoteEntry.<hash>.js, served under `fullLabextensionsUrl`/<name>/) that
// registers itself in window._JUPYTERLAB and is initialised with the application's share scope,
// so its `import '@jupyterlab/...'` gets the application's modules (app/webpack/shared.cjs).
// A prebuilt extension replaces a bundled package of the same name (as in JupyterLab): that is
// how `bootbook lab --extension prebuilt` runs our extension from its prebuilt copy.
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import type { IPackage } from '@bootbook/app-extensions';

// Provided by webpack's ModuleFederationPlugin (webpack.config.cjs).
declare const __webpack_init_sharing__: (scope: string) => Promise<void>;
declare const __webpack_share_scopes__: { default: unknown };

/** One entry of the page config's `federated_extensions` (module names inside the container). */
export interface FederatedExtension {
  name: string;
  load: string;
  extension?: string;
  mimeExtension?: string;
  style?: string;
}

/** A webpack container, as a remoteEntry registers it. */
interface Container {
  init(shareScope: unknown): Promise<void> | void;
  get(module: string): Promise<() => unknown>;
}

export interface Federated {
  /** The names of the extensions that loaded: bundled packages of these names are not started. */
  names: Set<string>;
  extensions: IPackage[];
  mimeExtensions: IPackage[];
}

function listed(): FederatedExtension[] {
  const raw = PageConfig.getOption('federated_extensions');
  return raw ? (JSON.parse(raw) as FederatedExtension[]) : [];
}

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

async function loadContainer(data: FederatedExtension): Promise<Container> {
  await loadScript(URLExt.join(PageConfig.getOption('fullLabextensionsUrl'), data.name, data.load));
  await __webpack_init_sharing__('default');
  const registry = (window as unknown as { _JUPYTERLAB?: Record<string, Container> })._JUPYTERLAB;
  const container = registry?.[data.name];
  if (!container) throw new Error(`${data.load} did not register ${data.name} in window._JUPYTERLAB`);
  await container.init(__webpack_share_scopes__.default);
  return container;
}

async function moduleOf(container: Container, name: string): Promise<unknown> {
  return (await container.get(name))();
}

/**
 * Loads every listed extension's container, its plugin modules and its style. One that fails
 * is reported on the console and left out; the bundled package of that name then still runs.
 */
export async function loadFederatedExtensions(): Promise<Federated> {
  const result: Federated = { names: new Set(), extensions: [], mimeExtensions: [] };
  const entries = listed();
  const loads = entries.map(async (data) => {
    const container = await loadContainer(data);
    const [extension, mimeExtension] = await Promise.all([
      data.extension ? moduleOf(container, data.extension) : undefined,
      data.mimeExtension ? moduleOf(container, data.mimeExtension) : undefined,
      data.style && !PageConfig.Extension.isDisabled(data.name) ? moduleOf(container, data.style) : undefined
    ]);
    return { data, extension, mimeExtension };
  });
  for (const [i, outcome] of (await Promise.allSettled(loads)).entries()) {
    if (outcome.status === 'rejected') {
      console.error(`bootbook: the prebuilt extension ${entries[i]!.name} could not be loaded`, outcome.reason);
      continue;
    }
    const { data, extension, mimeExtension } = outcome.value;
    result.names.add(data.name);
    if (extension) result.extensions.push({ name: data.name, module: extension });
    if (mimeExtension) result.mimeExtensions.push({ name: data.name, module: mimeExtension });
  }
  return result;
}
