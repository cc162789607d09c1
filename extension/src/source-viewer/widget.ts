// An editable Monaco editor in the main area showing one pack source file, with
// a toolbar: "Save as notebook overlay" writes the text into the current
// notebook as a `%%file PACK:PATH` cell; "Diff with original" swaps the editor
// for Monaco's diff editor against the pack's own file. The pack on disk is
// never written: the notebook cell is the only place an edit goes.
import { Widget } from '@lumino/widgets';
import type { Message } from '@lumino/messaging';
import type { PacksRegistry } from '../packs/registry.js';
import { overlayContent, SourceViewerModel, type CellSource, type SavePlan } from './model.js';

type Monaco = typeof import('./monaco.js')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;
type DiffEditor = ReturnType<Monaco['editor']['createDiffEditor']>;
type TextModel = ReturnType<Monaco['editor']['createModel']>;

/** Monaco's language for a file name: C for C sources and headers, plain text otherwise. */
export function languageOf(path: string): string {
  if (/\.[ch]$/.test(path)) return 'c';
  if (/\.(cc|cpp|cxx|hh|hpp)$/.test(path)) return 'cpp';
  return 'plaintext';
}

/** The notebook an overlay goes to: the current one, as the plugin sees it. */
export interface OverlayNotebook {
  /** The current notebook's cells, or undefined when no notebook is open. */
  cells(): CellSource[] | undefined;
  /** Apply a save to the current notebook; returns its name for the status line. */
  apply(plan: SavePlan): string;
}

export class SourceViewer extends Widget {
  private editor: Editor | DiffEditor | undefined;
  private monaco: Monaco | undefined;
  private model: SourceViewerModel | undefined;
  private text: TextModel | undefined;
  private originalText: TextModel | undefined;
  private readonly host = document.createElement('div');
  private readonly status = document.createElement('div');
  private readonly toolbar = document.createElement('div');
  private readonly saveButton = document.createElement('button');
  private readonly diffButton = document.createElement('button');
  private readonly note = document.createElement('span');

  constructor(
    readonly pack: string,
    readonly path: string,
    private readonly packs: PacksRegistry,
    private dark: boolean,
    private readonly notebook: OverlayNotebook
  ) {
    super();
    this.id = `bootbook-source-${pack}-${path}`.replace(/[^\w-]/g, '_');
    this.addClass('bb-SourceViewer');
    this.title.label = `${pack}/${path}`;
    this.title.caption = `${pack}: ${path} (edits are saved as a notebook overlay, never to the pack)`;
    this.title.closable = true;
    this.status.className = 'bb-SourceViewer-status';
    this.status.textContent = `loading ${pack}/${path}…`;
    this.toolbar.className = 'bb-SourceViewer-toolbar';
    this.saveButton.className = 'jp-Button bb-SourceViewer-save';
    this.saveButton.textContent = 'Save as notebook overlay';
    this.saveButton.title = `Write this text into the current notebook as a "%%file ${pack}:${path}" cell`;
    this.diffButton.className = 'jp-Button bb-SourceViewer-diff';
    this.diffButton.textContent = 'Diff with original';
    this.diffButton.title = "Compare with the pack's own file";
    this.diffButton.setAttribute('aria-pressed', 'false');
    this.note.className = 'bb-SourceViewer-note';
    this.saveButton.disabled = this.diffButton.disabled = true;
    this.saveButton.addEventListener('click', () => this.save());
    this.diffButton.addEventListener('click', () => this.toggleDiff());
    this.toolbar.append(this.saveButton, this.diffButton, this.note);
    this.host.className = 'bb-SourceViewer-editor';
    this.node.append(this.toolbar, this.status, this.host);
  }

  setDark(dark: boolean): void {
    this.dark = dark;
    this.monaco?.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }

  protected override onAfterAttach(_msg: Message): void {
    if (!this.model) void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [{ monaco }, file] = await Promise.all([import('./monaco.js'), this.packs.readFile(this.pack, this.path)]);
      if (this.isDisposed) return;
      this.monaco = monaco;
      // The notebook already overlays this file: show its text, the pack's stays the original.
      const cells = this.notebook.cells();
      this.model = new SourceViewerModel(this.pack, this.path, file.content, cells ? overlayContent(cells, this.pack, this.path) : undefined);
      const language = languageOf(this.path);
      this.text = monaco.editor.createModel(this.model.current, language);
      this.originalText = monaco.editor.createModel(file.content, language);
      this.text.onDidChangeContent(() => {
        this.model?.setText(this.text!.getValue());
        this.showStatus();
      });
      this.createEditor();
      this.saveButton.disabled = this.diffButton.disabled = false;
      this.showStatus();
    } catch (e) {
      this.status.textContent = `could not open ${this.pack}/${this.path}: ${(e as Error).message}`;
      this.status.classList.add('bb-mod-error');
    }
  }

  private editorOptions() {
    const style = getComputedStyle(document.body);
    return {
      automaticLayout: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      theme: this.dark ? 'vs-dark' : 'vs',
      fontFamily: style.getPropertyValue('--jp-code-font-family').trim() || undefined,
      fontSize: parseFloat(style.getPropertyValue('--jp-code-font-size')) || 13,
      renderLineHighlight: 'none' as const
    };
  }

  /** The plain editor, or the diff editor (original left, read-only; the edited text right). */
  private createEditor(): void {
    const monaco = this.monaco!;
    this.editor?.dispose();
    this.host.replaceChildren();
    if (this.model!.diff) {
      const diff = monaco.editor.createDiffEditor(this.host, { ...this.editorOptions(), originalEditable: false, renderSideBySide: true });
      diff.setModel({ original: this.originalText!, modified: this.text! });
      // Scroll to the first change once the diff is known: in a long file it is rarely on screen.
      const once = diff.onDidUpdateDiff(() => {
        once.dispose();
        const first = diff.getLineChanges()?.[0];
        if (first) diff.getModifiedEditor().revealLineInCenter(Math.max(1, first.modifiedStartLineNumber));
      });
      this.editor = diff;
    } else {
      this.editor = monaco.editor.create(this.host, { ...this.editorOptions(), model: this.text! });
    }
    this.editor.layout();
  }

  private toggleDiff(): void {
    if (!this.model) return;
    const on = this.model.toggleDiff();
    this.diffButton.setAttribute('aria-pressed', String(on));
    this.diffButton.classList.toggle('bb-mod-active', on);
    this.diffButton.textContent = on ? 'Hide diff' : 'Diff with original';
    this.createEditor();
  }

  private save(): void {
    if (!this.model) return;
    const cells = this.notebook.cells();
    if (!cells) {
      this.setNote('open a notebook first: the overlay is saved into the current notebook', true);
      return;
    }
    try {
      const plan = this.model.planSave(cells);
      const name = this.notebook.apply(plan);
      this.model.markSaved();
      const where = plan.action === 'update' ? `updated cell ${plan.index + 1}` : 'added it as the first cell';
      this.setNote(`saved into ${name}: ${where}; run that cell to apply the overlay`, false);
      this.showStatus();
    } catch (e) {
      this.setNote(`could not save the overlay: ${(e as Error).message}`, true);
    }
  }

  private setNote(text: string, error: boolean): void {
    this.note.textContent = text;
    this.note.classList.toggle('bb-mod-error', error);
  }

  private showStatus(): void {
    if (this.model) this.status.textContent = this.model.status();
  }

  protected override onResize(_msg: Widget.ResizeMessage): void {
    this.editor?.layout();
  }

  protected override onActivateRequest(_msg: Message): void {
    const e = this.editor;
    if (e && 'getModifiedEditor' in e) e.getModifiedEditor().focus();
    else if (e) e.focus();
    else this.node.focus();
  }

  // Closing the tab only detaches a widget; dispose it so opening the file again builds a fresh viewer.
  protected override onCloseRequest(msg: Message): void {
    super.onCloseRequest(msg);
    this.dispose();
  }

  override dispose(): void {
    this.editor?.dispose();
    this.text?.dispose();
    this.originalText?.dispose();
    super.dispose();
  }
}
