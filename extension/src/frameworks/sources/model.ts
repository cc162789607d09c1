// Packs from elsewhere, as the frameworks panel shows them: where each installed
// pack comes from and whether it is trusted, what the configured indexes offer
// (an "Available" section with Install buttons), and the words of the trust
// confirmation. DOM-free and server-free: the API is passed in (api.ts in the
// extension, a fake in the unit tests).

/** GET /bootbook/api/pack-sources: one loaded pack (engine/packs/catalog.ts PackStatus). */
export interface PackSourceStatus {
  name: string;
  origin: 'bundled' | 'added' | 'path' | 'notebook' | 'other';
  dir: string;
  trust: 'trusted' | 'untrusted' | 'changed' | 'not-needed';
  installed?: { source: string; path: string; ref?: string; commit?: string; hash: string; index?: string; installedAt: string };
}

/** GET /bootbook/api/pack-index: one pack an index offers. */
export interface AvailablePack {
  name: string;
  version?: string;
  summary: string;
  source: string;
  commit?: string;
  ref?: string;
  hash: string;
  architectures: string[];
  interfaces: string[];
  index: string;
  installed: 'no' | 'yes' | 'other';
}

export interface PackSourcesApi {
  sources(): Promise<{ packs: PackSourceStatus[] }>;
  available(): Promise<{ packs: AvailablePack[]; problems: { index: string; reason: string }[] }>;
  install(name: string): Promise<unknown>;
  trust(name: string): Promise<unknown>;
}

export type Busy = 'installing' | 'trusting';

export class PackSourcesModel {
  private _sources: PackSourceStatus[] = [];
  private _available: AvailablePack[] = [];
  private _problems: string[] = [];
  private _error: string | undefined;
  private readonly _busy = new Map<string, Busy>();
  /** The last install/trust failure per pack, shown beside its button until the next try. */
  private readonly _failed = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PackSourcesApi,
    /** Called after an install or trust succeeded (the panel refreshes the pack list). */
    private readonly onChanged: () => Promise<void> | void = () => undefined
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  get error(): string | undefined {
    return this._error;
  }

  /** Indexes that could not be read, as sentences. */
  get problems(): readonly string[] {
    return this._problems;
  }

  async refresh(): Promise<void> {
    try {
      const [sources, available] = await Promise.all([this.api.sources(), this.api.available()]);
      this._sources = sources.packs;
      this._available = available.packs;
      this._problems = available.problems.map(p => p.reason);
      this._error = undefined;
    } catch (e) {
      this._error = (e as Error).message;
    }
    this.emit();
  }

  source(name: string): PackSourceStatus | undefined {
    return this._sources.find(s => s.name === name);
  }

  /** Installed packs whose build steps wait for the user's trust. */
  needsTrust(name: string): boolean {
    const s = this.source(name);
    return s?.trust === 'untrusted' || s?.trust === 'changed';
  }

  /** What the indexes offer that is not installed as listed: the "Available" section. */
  get available(): readonly AvailablePack[] {
    return this._available.filter(a => a.installed !== 'yes');
  }

  busy(name: string): Busy | undefined {
    return this._busy.get(name);
  }

  failure(name: string): string | undefined {
    return this._failed.get(name);
  }

  async install(name: string): Promise<boolean> {
    return this.act(name, 'installing', () => this.api.install(name));
  }

  async trust(name: string): Promise<boolean> {
    return this.act(name, 'trusting', () => this.api.trust(name));
  }

  private async act(name: string, what: Busy, call: () => Promise<unknown>): Promise<boolean> {
    if (this._busy.has(name)) return false;
    this._busy.set(name, what);
    this._failed.delete(name);
    this.emit();
    let ok = true;
    try {
      await call();
    } catch (e) {
      ok = false;
      this._failed.set(name, (e as Error).message);
    }
    this._busy.delete(name);
    if (ok) await this.onChanged();
    await this.refresh();
    return ok;
  }
}

/** One line under a pack's title: where it came from. Empty for bundled packs. */
export function originLine(s: PackSourceStatus | undefined): string {
  if (!s) return '';
  const i = s.installed;
  switch (s.origin) {
    case 'added': {
      if (!i) return `added: ${s.dir}`;
      // A ref that is a full commit id (an index entry's commit) reads better short.
      const ref = i.ref && /^[0-9a-f]{40}$/.test(i.ref) ? i.ref.slice(0, 12) : i.ref;
      const at = ref ?? (i.commit ? i.commit.slice(0, 12) : '');
      return `added from ${i.source}${i.path ? `/${i.path}` : ''}${at ? ` at ${at}` : ''}`;
    }
    case 'notebook':
      return `from the notebook folder: ${s.dir}`;
    case 'path':
      return `from $BOOTBOOK_PACK_PATH: ${s.dir}`;
    default:
      return '';
  }
}

/** The words of the trust confirmation: what will run, where, and what a change does. */
export function trustDialogText(name: string, s: PackSourceStatus | undefined): { title: string; body: string[]; accept: string } {
  const from = s?.installed ? `${s.installed.source}${s.installed.path ? `/${s.installed.path}` : ''}` : s?.dir ?? 'another place';
  const hash = s?.installed?.hash ? ` Its content hash begins ${s.installed.hash.slice(0, 16)}.` : '';
  return {
    title: `Trust the pack "${name}"?`,
    body: [
      `"${name}" comes from ${from}. Its build steps (the commands in its pack.json and the scripts they call) will run on this machine, as you, every time a cell targeting it is built.`,
      s?.trust === 'changed' ? 'Its files changed since you last trusted it.' : 'Trust it only if you know where it comes from, or after reading its pack.json and scripts (the Source files list below).',
      `The decision is kept for this exact content: if the pack changes, bootbook asks again.${hash}`,
    ],
    accept: 'Trust and allow builds',
  };
}

/** What an Available row says beside its button. */
export function availableNote(a: AvailablePack): string {
  return a.installed === 'other' ? 'a different pack of this name is installed' : `from ${a.index}`;
}
