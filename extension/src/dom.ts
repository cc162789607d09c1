// Small DOM builders the panels share (frameworks, cluster, results): elements made
// from text nodes only, so nothing from a pack or a server answer is parsed as HTML.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A JupyterLab-styled button; `primary` is the accept style, otherwise the quiet one. */
export function button(label: string, title: string, onClick: () => void, primary = false): HTMLButtonElement {
  const b = el('button', `jp-Button bb-Button${primary ? ' jp-mod-accept bb-mod-primary' : ' jp-mod-reject'}`, label);
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}
