/**
 * A few helpers to build DOM without innerHTML: text always goes through textContent, so nothing the
 * twin remembers can turn into markup. Only the charts (escaped in charts.ts) are set as markup.
 */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * `h('button', { class: 'button', type: 'button', disabled: true }, 'Save')`. Boolean attributes are
 * present when true and absent when false. There is deliberately no way to set `style`: the CSP
 * forbids style attributes, and colours come from classes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'style') throw new Error('Style attributes are blocked by the CSP: use a class.');
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

/** Sets markup built by charts.ts (escaped there) as the only content of `parent`. */
export function setChart(parent: Element, svg: string): void {
  parent.innerHTML = svg;
}

/** A short inline error with an optional retry; errors stay where the user was looking. */
export function errorBox(message: string, retry?: () => void): HTMLElement {
  const box = h('div', { class: 'error', role: 'alert' }, h('span', { class: 'error-text' }, message));
  if (retry) {
    const button = h('button', { class: 'button secondary small', type: 'button' }, 'Retry');
    button.addEventListener('click', retry);
    box.appendChild(button);
  }
  return box;
}

let uniqueCounter = 0;
/** An id unique in this page, for label/aria wiring. */
export function uniqueId(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
