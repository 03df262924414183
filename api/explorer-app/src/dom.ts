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

// The id of the control that had the focus when the page was drawn again (a new depth, sort or scope), if any.
let wanted: string | null = null;

/** Before a page is drawn again: remember the control inside root that has the focus (by its id). */
export function rememberFocus(root: HTMLElement): void {
  const active = document.activeElement;
  wanted = active instanceof HTMLElement && active.id && root.contains(active) ? active.id : null;
}

/**
 * Once the page has drawn its controls: the control that had the focus gets it back, so a keyboard user stays put.
 * A page that draws them later (after its data came) calls this again then.
 */
export function restoreFocus(): void {
  const active = document.activeElement;
  if (active !== null && active !== document.body && active.id !== "app" && !active.hasAttribute("data-autofocus")) {
    wanted = null; // the user has gone on elsewhere meanwhile
    return;
  }
  const again = wanted === null ? null : document.getElementById(wanted);
  if (again !== null) {
    wanted = null;
    again.focus({ preventScroll: true });
  }
}

/** A node's sources as a list: cited ones link out, synthetic ones say so. */
export function sourcesList(sources: { title: string; url: string | null; synthetic: boolean }[]): HTMLElement {
  return el("ul", { class: "sources" }, ...sources.map((s) =>
    el("li", {}, s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title) : s.title, s.synthetic ? el("span", { class: "synthetic" }, " — ", label("span", "synthetic")) : null)));
}
