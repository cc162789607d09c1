// The services the plugins share: the packs (fetched once from the server), the
// extension's settings, and the source viewer's opener.
import { Token } from '@lumino/coreutils';
import type { PacksRegistry } from './packs/registry.js';
import type { BootbookSettings } from './packs/settings.js';

export const IBootbookPacks = new Token<PacksRegistry>('bootbook:packs', 'The packs the server offers (targets, options, examples, sources).');

export const IBootbookSettings = new Token<BootbookSettings>('bootbook:settings', "The bootbook extension's settings.");

export interface ISourceOpener {
  /** Open a pack's source file (relative to its folder) in the main area; edits are saved as notebook overlays. */
  open(pack: string, path: string): Promise<void>;
}

export const ISourceOpener = new Token<ISourceOpener>('bootbook:source-opener', "Opens a pack's source files in the source viewer.");
