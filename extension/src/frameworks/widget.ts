// The Kernel frameworks panel: every pack with its facts, options, README,
// examples, targets and source files, where it came from (and Trust… for packs
// from elsewhere), and the packs the configured indexes offer (Available, with
// Install). Built from text nodes; the README goes through JupyterLab's markdown
// renderer (untrusted: sanitized).
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { MimeModel } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import type { PackExample, PackInfo } from '../api/types.js';
import type { PacksRegistry } from '../packs/registry.js';
import type { Target } from '../target-picker/model.js';
import { exampleTarget, optionArches, optionDefault, optionRange } from './model.js';
import type { PackSourcesModel } from './sources/model.js';
import { availableSection, originRow } from './sources/widget.js';
import { button, el } from '../dom.js';

export interface FrameworksActions {
  newNotebook(target: Target): void;
  insertExample(example: PackExample, target: Target): void;
  openSource(pack: string, path: string): void;
  /** The active notebook's target, to preselect the architecture. */
  notebookTarget(): Target | undefined;
  /** Whether there is a notebook to insert into. */
  hasNotebook(): boolean;
  /** Install a pack an index offers. */
  installPack?(name: string): void;
  /** Ask the user (a dialog), then trust the pack. */
  trustPack?(name: string): void;
}

export class FrameworksPanel extends Widget {
  private readonly list = el('div', 'bb-Frameworks-list');

  constructor(
    private readonly packs: PacksRegistry,
    private readonly rendermime: IRenderMimeRegistry,
    private readonly actions: FrameworksActions,
    private readonly sources?: PackSourcesModel
  ) {
    super();
    this.id = 'bootbook-frameworks';
    this.addClass('bb-Frameworks');
    this.title.caption = 'Kernel frameworks';
    const header = el('div', 'bb-Frameworks-header');
    header.append(
      el('h2', 'bb-Frameworks-title', 'Kernel frameworks'),
      button('Refresh', 'Ask the server for its packs (and the pack indexes) again', () => void Promise.all([packs.refresh(), sources?.refresh()]))
    );
    this.node.append(header, this.list);
    packs.changed.connect(() => this.render());
    sources?.subscribe(() => this.render());
    this.render();
  }

  /** Scroll to a pack and open its card. */
  reveal(name: string): void {
    const card = this.list.querySelector<HTMLElement>(`[data-pack="${CSS.escape(name)}"]`);
    card?.scrollIntoView({ block: 'start' });
    card?.classList.add('bb-mod-highlight');
    window.setTimeout(() => card?.classList.remove('bb-mod-highlight'), 1500);
  }

  private render(): void {
    this.list.replaceChildren();
    if (this.packs.error) this.list.appendChild(el('p', 'bb-Frameworks-error', `The packs could not be loaded: ${this.packs.error}`));
    else if (!this.packs.packs.length) this.list.appendChild(el('p', 'bb-Frameworks-empty', 'Loading packs…'));
    for (const pack of this.packs.packs) this.list.appendChild(this.card(pack));
    const available = this.sources && availableSection(this.sources, name => this.actions.installPack?.(name));
    if (available) this.list.appendChild(available);
  }

  private card(pack: PackInfo): HTMLElement {
    const card = el('section', 'bb-Pack');
    card.dataset.pack = pack.name;
    const title = el('h3', 'bb-Pack-title');
    title.append(el('span', 'bb-Pack-name', pack.displayName), el('span', 'bb-Pack-version', pack.version));
    card.append(title, el('p', 'bb-Pack-summary', pack.summary));
    const origin = this.sources && originRow(this.sources, pack.name, name => this.actions.trustPack?.(name));
    if (origin) card.appendChild(origin);

    const facts = el('dl', 'bb-Pack-facts');
    const chips = (label: string, values: string[]) => {
      facts.appendChild(el('dt', undefined, label));
      const dd = facts.appendChild(el('dd'));
      for (const v of values) dd.appendChild(el('span', 'bb-Chip', v));
    };
    chips('architectures', pack.architectures);
    chips('interfaces', pack.interfaces);
    card.appendChild(facts);

    // Target: an architecture, then a new notebook on it or an example into the open one.
    const targetRow = el('div', 'bb-Pack-target');
    const arch = el('select', 'bb-Pack-arch jp-mod-styled');
    arch.title = 'Architecture';
    const preferred = exampleTarget(pack, this.actions.notebookTarget()).arch;
    for (const a of pack.architectures) {
      const o = el('option', undefined, a);
      o.value = a;
      o.selected = a === preferred;
      arch.appendChild(o);
    }
    const target = (): Target => ({ pack: pack.name, arch: arch.value });
    targetRow.append(arch, button('New notebook for this target', `Create a notebook whose kernel is ${pack.name}-<arch>`, () => this.actions.newNotebook(target()), true));
    card.appendChild(targetRow);

    if (pack.options.length) card.appendChild(this.options(pack));

    if (pack.examples.length) {
      const ex = el('div', 'bb-Pack-examples');
      ex.appendChild(el('h4', undefined, 'Examples'));
      for (const e of pack.examples) {
        const row = el('div', 'bb-Example');
        row.append(el('span', 'bb-Example-title', e.title), el('code', 'bb-Example-file', e.file));
        const insert = button('Insert example', 'Insert this program into the active notebook (a %target line is added when the notebook runs another target)', () => this.actions.insertExample(e, target()));
        insert.disabled = !e.source;
        row.appendChild(insert);
        ex.appendChild(row);
      }
      card.appendChild(ex);
    }

    if (pack.readme) {
      const readme = el('details', 'bb-Pack-readme');
      readme.appendChild(el('summary', undefined, 'README'));
      const body = readme.appendChild(el('div', 'bb-Pack-readmeBody'));
      let rendered = false;
      readme.addEventListener('toggle', () => {
        if (!readme.open || rendered) return;
        rendered = true;
        const renderer = this.rendermime.createRenderer('text/markdown');
        void renderer.renderModel(new MimeModel({ data: { 'text/markdown': pack.readme! }, trusted: false })).then(() => {
          body.replaceChildren(renderer.node);
        });
      });
      card.appendChild(readme);
    }

    const sources = el('details', 'bb-Pack-sources');
    sources.appendChild(el('summary', undefined, 'Source files'));
    const files = sources.appendChild(el('ul', 'bb-Pack-files'));
    let listed = false;
    sources.addEventListener('toggle', () => {
      if (!sources.open || listed) return;
      listed = true;
      files.replaceChildren(el('li', undefined, 'loading…'));
      this.packs.listFiles(pack.name).then(
        list => {
          files.replaceChildren();
          for (const f of list) {
            const li = files.appendChild(el('li'));
            const a = li.appendChild(el('button', 'bb-File', f));
            a.title = `Open ${pack.name}/${f} (edits can be saved as a notebook overlay)`;
            a.dataset.path = f;
            a.addEventListener('click', () => this.actions.openSource(pack.name, f));
          }
        },
        (e: Error) => {
          listed = false;
          files.replaceChildren(el('li', 'bb-Frameworks-error', e.message));
        }
      );
    });
    card.appendChild(sources);
    return card;
  }

  private options(pack: PackInfo): HTMLElement {
    const wrap = el('div', 'bb-Pack-options');
    wrap.appendChild(el('h4', undefined, 'Options'));
    const table = wrap.appendChild(el('table', 'bb-Options'));
    const head = el('tr');
    for (const h of ['option', 'type', 'default', 'range']) head.appendChild(el('th', undefined, h));
    table.appendChild(el('thead')).appendChild(head);
    const body = table.appendChild(el('tbody'));
    for (const o of pack.options) {
      const tr = body.appendChild(el('tr'));
      tr.dataset.option = o.name;
      tr.title = [o.description, o.stage ? `(${o.stage}-time option)` : '', optionArches(o, pack)].filter(Boolean).join(' ');
      const name = tr.appendChild(el('td', 'bb-Options-name'));
      name.appendChild(el('code', undefined, o.name));
      tr.append(el('td', undefined, o.type), el('td', 'bb-Options-default', optionDefault(o)), el('td', undefined, [optionRange(o), optionArches(o, pack)].filter(Boolean).join('; ')));
      const desc = body.appendChild(el('tr', 'bb-Options-descRow'));
      desc.appendChild(el('td', 'bb-Options-desc', o.description)).colSpan = 4;
    }
    return wrap;
  }
}
