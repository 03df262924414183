import { Label, t } from "./i18n";

/** An element with attributes and children; text children are escaped by the DOM. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

/** A label that follows the language toggle. */
export function label<K extends keyof HTMLElementTagNameMap>(tag: K, key: Label, attrs: Record<string, string | undefined> = {}): HTMLElementTagNameMap[K] {
  const node = el(tag, { ...attrs, "data-i18n": key });
  node.textContent = t(key);
  return node;
}

export function status(key: Label): HTMLElement {
  return label("p", key, { role: "status", class: "status" });
}
