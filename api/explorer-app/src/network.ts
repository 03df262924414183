import cytoscape from "cytoscape";
import { t } from "./i18n";
import { LargeNetworkView } from "./largenetwork";

export interface NetworkFirm { id: string; name: string; country: string }
export interface NetworkLink { supplier: string; buyer: string; product: string | null; sector: string; valueUsd: number | null }

/** Where a firm or a link is drawn, in pixels from the canvas's top left (null when it is not drawn). */
export interface NetworkHandle {
  readonly view: "detailed" | "large";
  firmPosition(id: string): { x: number; y: number } | null;
  linkPosition(supplier: string, buyer: string): { x: number; y: number } | null;
}

/** Above this many firms the network is drawn by the large view (cytoscape's redraws would hold up the page). */
export const largeNetwork = 400;

let dispose: (() => void) | null = null;

/** Frees the network drawn last (its canvases, timers and listeners) before a page replaces it. */
export function disposeNetwork(): void {
  dispose?.();
  dispose = null;
}

export const domesticColour = "#1f6f43";
export const foreignColour = "#b4432c";

/** A firm placed in the tier layout. */
export interface PlacedFirm extends NetworkFirm { x: number; y: number; root: boolean }

/**
 * Tiers left to right, suppliers before their buyers (the firm itself at one end); a tier of many firms takes several
 * columns. The detailed view has columns of at most 14 firms, 230 apart (room for labels); with an aspect (width over
 * height), columns are 80 apart and as tall as it takes for the whole to be about that shape.
 */
export function layOut(root: NetworkFirm, tiers: NetworkFirm[][], direction: string, aspect?: number): PlacedFirm[] {
  const gap = aspect ? 80 : 230;
  const widthFor = (r: number) => tiers.reduce((w, tier) => w + 240 + (Math.max(1, Math.ceil(tier.length / r)) - 1) * gap, 0);
  let rows = 14;
  const tallest = Math.max(14, ...tiers.map((tier) => tier.length));
  while (aspect && rows < tallest && widthFor(rows) > aspect * rows * 40) {
    rows++;
  }
  const sign = direction === "UPSTREAM" ? -1 : 1;
  const placed: PlacedFirm[] = [{ ...root, x: 0, y: 0, root: true }];
  let offset = 0;
  for (const tier of tiers) {
    const columns = Math.max(1, Math.ceil(tier.length / rows));
    offset += 240;
    tier.forEach((f, i) => {
      const column = Math.floor(i / rows);
      const inColumn = Math.min(rows, tier.length - column * rows);
      placed.push({ ...f, x: sign * (offset + column * gap), y: ((i % rows) - (inColumn - 1) / 2) * 40, root: false });
    });
    offset += (columns - 1) * gap;
  }
  return placed;
}

/** What hovering a firm shows: its whole name (a synthetic firm's ends in "(synthetic)"), country, domestic or foreign. */
export function firmTooltip(firm: { name: string; country: string }): string {
  return `${firm.name} · ${firm.country === "VN" ? t("domestic") : `${t("foreign")} (${firm.country})`}`;
}

/** The text a link's tooltip shows: its product, its sector, and its value when the caller may see it. */
export function linkTooltip(link: { product: string | null; sector: string; valueUsd: number | null }): string {
  return `${t("product")}: ${link.product || "–"} · ${t("sector")}: ${link.sector}${link.valueUsd === null ? "" : ` · ${t("value")}: ${link.valueUsd.toLocaleString()}`}`;
}

/**
 * Draws a firm's supply network: firms coloured domestic/foreign, tiers left to right; hovering a link shows its
 * product (and value for analysts); a click on a firm calls open. Up to largeNetwork firms with cytoscape.js (arrows,
 * labels); above, with the large view, which never holds the page up for long.
 */
export function renderNetwork(
  container: HTMLElement, tooltip: HTMLElement, root: NetworkFirm, tiers: NetworkFirm[][], links: NetworkLink[],
  direction: string, open: (id: string) => void,
): NetworkHandle {
  disposeNetwork();
  const large = tiers.reduce((n, tier) => n + tier.length, 1) > largeNetwork;
  const firms = layOut(root, tiers, direction, large ? Math.max(1, container.clientWidth / Math.max(1, container.clientHeight)) : undefined);
  const show = (text: string, x: number, y: number) => {
    tooltip.textContent = text;
    tooltip.style.left = `${container.offsetLeft + x + 12}px`;
    tooltip.style.top = `${container.offsetTop + y + 12}px`;
    tooltip.hidden = false;
  };
  const hide = () => { tooltip.hidden = true; };
  if (large) {
    const view = new LargeNetworkView(container, firms, links, { open, show, hide });
    dispose = () => view.destroy();
    return view;
  }
  const cy = cytoscape({
    container,
    elements: [
      ...firms.map((f) => ({ data: { id: f.id, label: f.name, domestic: f.country === "VN" ? 1 : 0 }, position: { x: f.x, y: f.y }, classes: f.root ? "root" : "" })),
      ...links.map((l, i) => ({ data: { id: `e${i}`, source: l.supplier, target: l.buyer, link: i } })),
    ],
    layout: { name: "preset", fit: true, padding: 24 },
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-wrap": "ellipsis", "text-max-width": "150px", width: 16, height: 16, "background-color": foreignColour } },
      { selector: "node[domestic = 1]", style: { "background-color": domesticColour } },
      { selector: "node.root", style: { width: 26, height: 26, "border-width": 3, "border-color": "#17202a" } },
      { selector: "edge", style: { width: 1, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      { selector: "edge.hover", style: { width: 3, "line-color": "#17202a", "target-arrow-color": "#17202a" } },
    ],
  });
  cy.on("tap", "node", (e) => open(e.target.id() as string));
  cy.on("mouseover", "edge", (e) => {
    e.target.addClass("hover");
    const p = e.renderedPosition ?? { x: 0, y: 0 };
    show(linkTooltip(links[(e.target.data() as { link: number }).link]), p.x, p.y);
  });
  cy.on("mouseout", "edge", (e) => { e.target.removeClass("hover"); hide(); });
  cy.on("mouseover", "node", (e) => {
    const p = e.renderedPosition ?? { x: 0, y: 0 };
    show(firmTooltip(firms.find((f) => f.id === e.target.id())!), p.x, p.y);
  });
  cy.on("mouseout", "node", () => hide());
  // Leaving the canvas straight from a link is not always told as leaving the link.
  const leave = () => { cy.edges(".hover").removeClass("hover"); hide(); };
  container.addEventListener("mouseleave", leave);
  dispose = () => { container.removeEventListener("mouseleave", leave); cy.destroy(); };
  const edgeIds = new Map(links.map((l, i) => [`${l.supplier}\u0000${l.buyer}`, `e${i}`]));
  return {
    view: "detailed",
    firmPosition: (id) => {
      const node = cy.getElementById(id);
      return node.nonempty() ? node.renderedPosition() : null;
    },
    linkPosition: (supplier, buyer) => {
      const id = edgeIds.get(`${supplier}\u0000${buyer}`);
      return id ? cy.getElementById(id).renderedMidpoint() : null;
    },
  };
}
