// The parts of the frameworks panel about packs from elsewhere: the "Available"
// section (packs the configured indexes offer, each with Install), and the line
// under an installed pack saying where it came from, with "Trust…" when its build
// steps wait for the user's yes. Plain DOM built from text nodes.
import { availableNote, originLine, type PackSourcesModel } from './model.js';
import { button, el } from '../../dom.js';

/** The "Available" section; empty (no node) when no index offers anything new and nothing went wrong. */
export function availableSection(model: PackSourcesModel, install: (name: string) => void): HTMLElement | undefined {
  const list = model.available;
  if (!list.length && !model.problems.length && !model.error) return undefined;
  const section = el('section', 'bb-Available');
  section.appendChild(el('h3', 'bb-Available-title', 'Available'));
  section.appendChild(el('p', 'bb-Available-hint', 'Packs listed in your pack indexes (bootbook packs index add). Installing one copies it into your pack folder; its build steps run only after you trust it.'));
  if (model.error) section.appendChild(el('p', 'bb-Frameworks-error', `The pack indexes could not be read: ${model.error}`));
  for (const p of model.problems) section.appendChild(el('p', 'bb-Frameworks-error', p));
  for (const a of list) {
    const row = el('div', 'bb-Available-pack');
    row.dataset.available = a.name;
    const head = el('div', 'bb-Available-head');
    head.append(el('span', 'bb-Pack-name', a.name), el('span', 'bb-Pack-version', a.version ?? ''));
    row.append(head, el('p', 'bb-Pack-summary', a.summary));
    const facts = el('p', 'bb-Available-facts', `${a.architectures.join(', ')} · ${a.interfaces.join(', ')} · ${availableNote(a)}`);
    row.appendChild(facts);
    const busy = model.busy(a.name);
    const b = button(busy === 'installing' ? 'Installing…' : 'Install', `Fetch ${a.name} from ${a.source} and check its content hash`, () => install(a.name), true);
    b.disabled = !!busy || a.installed === 'other';
    b.dataset.action = 'install';
    row.appendChild(b);
    const failed = model.failure(a.name);
    if (failed) row.appendChild(el('p', 'bb-Frameworks-error', failed));
    section.appendChild(row);
  }
  return section;
}

/** Under an installed pack's title: its origin and, when needed, the trust state and "Trust…". */
export function originRow(model: PackSourcesModel, name: string, trust: (name: string) => void): HTMLElement | undefined {
  const s = model.source(name);
  const line = originLine(s);
  const needs = model.needsTrust(name);
  if (!line && !needs) return undefined;
  const row = el('div', 'bb-Pack-origin');
  if (line) row.appendChild(el('p', 'bb-Pack-originText', line));
  if (needs) {
    const state = s?.trust === 'changed' ? 'Changed since you trusted it: builds are blocked until you trust it again.' : 'Not trusted: its build steps will not run until you trust it.';
    row.appendChild(el('p', 'bb-Pack-untrusted', state));
    const busy = model.busy(name) === 'trusting';
    const b = button(busy ? 'Trusting…' : 'Trust…', 'Allow this pack\'s build steps to run on this machine', () => trust(name));
    b.disabled = busy;
    b.dataset.action = 'trust';
    row.appendChild(b);
    const failed = model.failure(name);
    if (failed) row.appendChild(el('p', 'bb-Frameworks-error', failed));
  }
  return row;
}
