// The module app/webpack/extensions-loader.cjs generates from app/extensions.cjs.
declare module '@bootbook/app-extensions' {
  /** A package of app/extensions.cjs and its imported module (default export: plugin(s)). */
  export interface IPackage {
    name: string;
    module: unknown;
  }
  /** Packages of plugins, in list order; ours (extension/src/index.ts) last when it exists. */
  export const extensions: IPackage[];
  /** Packages of MIME renderer extensions. */
  export const mimeExtensions: IPackage[];
  /** Plugin ids never registered. */
  export const excludedPlugins: string[];
}
