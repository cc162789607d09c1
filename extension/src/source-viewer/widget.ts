// A read-only Monaco editor in the main area showing one pack source file.
import { Widget } from '@lumino/widgets';
import type { Message } from '@lumino/messaging';
import type { PacksRegistry } from '../packs/registry.js';

type Monaco = typeof import('./monaco.js')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;

/** Monaco's language for a file name: C for C sources and headers, plain text otherwise. */
export function languageOf(path: string): string {
  if (/\.[ch]$/.test(path)) return 'c';
  if (/\.(cc|cpp|cxx|hh|hpp)$/.test(path)) return 'cpp';
  return 'plaintext';
}

export class SourceViewer extends Widget {
  private editor: Editor | undefined;
  private monaco: Monaco | undefined;
  private readonly host = document.createElement('div');
  private readonly status = document.createElement('div');

  constructor(
    readonly pack: string,
    readonly path: string,
    private readonly packs: PacksRegistry,
    private dark: boolean
  ) {
    super();
    this.id = `bootbook-source-${pack}-${path}`.replace(/[^\w-]/g, '_');
    this.addClass('bb-SourceViewer');
    this.title.label = `${pack}/${path}`;
    this.title.caption = `${pack}: ${path} (read-only)`;
    this.title.closable = true;
    this.status.className = 'bb-SourceViewer-status';
    this.status.textContent = `loading ${pack}/${path}…`;
    this.host.className = 'bb-SourceViewer-editor';
    this.node.append(this.status, this.host);
  }

  setDark(dark: boolean): void {
    this.dark = dark;
    this.monaco?.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }

  protected override onAfterAttach(_msg: Message): void {
    if (!this.editor) void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [{ monaco }, file] = await Promise.all([import('./monaco.js'), this.packs.readFile(this.pack, this.path)]);
      if (this.isDisposed) return;
      this.monaco = monaco;
      const style = getComputedStyle(document.body);
      this.editor = monaco.editor.create(this.host, {
        value: file.content,
        language: languageOf(this.path),
        readOnly: true,
        domReadOnly: true,
        automaticLayout: false,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        theme: this.dark ? 'vs-dark' : 'vs',
        fontFamily: style.getPropertyValue('--jp-code-font-family').trim() || undefined,
        fontSize: parseFloat(style.getPropertyValue('--jp-code-font-size')) || 13,
        renderLineHighlight: 'none'
      });
      this.status.textContent = `${this.pack}/${this.path} · ${file.size.toLocaleString('en-US')} bytes · read-only`;
      this.editor.layout();
    } catch (e) {
      this.status.textContent = `could not open ${this.pack}/${this.path}: ${(e as Error).message}`;
      this.status.classList.add('bb-mod-error');
    }
  }

  protected override onResize(_msg: Widget.ResizeMessage): void {
    this.editor?.layout();
  }

  protected override onActivateRequest(_msg: Message): void {
    this.editor?.focus();
    if (!this.editor) this.node.focus();
  }

  override dispose(): void {
    this.editor?.getModel()?.dispose();
    this.editor?.dispose();
    super.dispose();
  }
}
