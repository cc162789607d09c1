// The packs the server offers, fetched once (and again on refresh()), with the
// lookups every feature needs: a pack by name, its architectures, the target of a
// kernelspec name, the list of targets.
import { Signal, type ISignal } from '@lumino/signaling';
import { apiPath, requestAPI } from '../api/request.js';
import type { PackFile, PackFiles, PackInfo } from '../api/types.js';
import { parseSpecName, specName, type Target } from '../target-picker/model.js';

export interface TargetInfo extends Target {
  /** The kernelspec name, `<pack>-<arch>`. */
  name: string;
  displayName: string;
}

export class PacksRegistry {
  private _packs: PackInfo[] = [];
  private _error: string | undefined;
  private _ready: Promise<void>;
  private readonly _changed = new Signal<this, void>(this);
  private readonly files = new Map<string, Promise<string[]>>();

  constructor() {
    this._ready = this.refresh();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Resolves once the first fetch ended (successfully or not: see `error`). */
  get ready(): Promise<void> {
    return this._ready;
  }

  get packs(): readonly PackInfo[] {
    return this._packs;
  }

  /** Why the packs could not be fetched, if they could not. */
  get error(): string | undefined {
    return this._error;
  }

  async refresh(): Promise<void> {
    try {
      const { packs } = await requestAPI<{ packs: PackInfo[] }>(apiPath('packs'));
      this._packs = packs;
      this._error = undefined;
    } catch (e) {
      this._error = (e as Error).message;
    }
    this.files.clear();
    this._changed.emit();
  }

  pack(name: string): PackInfo | undefined {
    return this._packs.find(p => p.name === name);
  }

  /** For the target model: a pack's architectures, its default first. */
  readonly archesOf = (pack: string): readonly string[] | undefined => this.pack(pack)?.architectures;

  /** "kite-riscv64" -> {pack, arch}; undefined for a kernelspec that is not a bootbook target. */
  targetOf(kernelspec: string | undefined): Target | undefined {
    return kernelspec ? parseSpecName(kernelspec, this._packs) : undefined;
  }

  targets(): TargetInfo[] {
    return this._packs.flatMap(p =>
      p.architectures.map(arch => ({ pack: p.name, arch, name: specName({ pack: p.name, arch }), displayName: p.kernelspecs[arch]?.displayName ?? `${p.name} · ${arch}` }))
    );
  }

  displayName(t: Target): string {
    return this.pack(t.pack)?.kernelspecs[t.arch]?.displayName ?? `${t.pack} · ${t.arch}`;
  }

  /** The pack's source files (cached until refresh). */
  listFiles(pack: string): Promise<string[]> {
    let files = this.files.get(pack);
    if (!files) {
      files = requestAPI<PackFiles>(apiPath('packs', pack, 'files')).then(r => r.files);
      files.catch(() => this.files.delete(pack));
      this.files.set(pack, files);
    }
    return files;
  }

  readFile(pack: string, path: string): Promise<PackFile> {
    return requestAPI<PackFile>(apiPath('packs', pack, 'files', path));
  }
}
