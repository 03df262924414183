import cytoscape from "cytoscape";
import { download, gql } from "./api";
import { el, label, status } from "./dom";
import { Label, t } from "./i18n";

interface FirmFacts {
  id: string;
  name: string;
  taxCode: string | null;
  ownership: string | null;
  country: string;
  roles: string[];
  sectors: { code: string; name: string }[];
  park: { id: string; name: string } | null;
  province: { name: string; isCurrent: boolean; successor: { name: string } | null } | null;
  alliances: { name: string }[];
  sources: { id: string; title: string; url: string | null; synthetic: boolean }[];
}

interface Chain {
  firmCount: number;
  truncated: boolean;
  tiers: {
    depth: number;
    firms: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; name: string; country: string }[] };
  }[];
}

const factsQuery = `query Firm($id: ID!) {
  firm(id: $id) {
    id name taxCode ownership country roles
    sectors { code name } park { id name } province { name isCurrent successor { name } }
    alliances { name } sources { id title url synthetic }
  }
}`;

const chainQuery = `query Network($id: ID!, $direction: SupplyDirection!, $depth: Int!) {
  supplyChain(firmId: $id, direction: $direction, maxDepth: $depth) {
    firmCount truncated
    tiers { depth firms(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { id name country } } }
  }
}`;

// The rest of a tier, a page of 100 at a time (the chain is answered from the server's result cache).
const tierPageQuery = `query NetworkTier($id: ID!, $direction: SupplyDirection!, $depth: Int!, $tier: Int!, $after: String) {
  supplyChain(firmId: $id, direction: $direction, maxDepth: $depth) {
    tiers(depth: $tier) { firms(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id name country } } }
  }
}`;

/** At most this many firms are drawn; past it a tier is cut and the summary says so. */
const maxShown = 2500;

interface TierPage { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; name: string; country: string }[] }

// Every link among the firms shown (what the downloads hold too): the shown firms' suppliers, 20 firms a request (the
// server's complexity limit counts each firm's 100 suppliers).
const linksQuery = `query NetworkLinks($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Firm { id suppliers(first: 100) { nodes { supplier { id } product valueUsd } } } }
}`;

interface FirmLinks { id?: string; suppliers?: { nodes: { supplier: { id: string }; product: string | null; valueUsd: number | null }[] } | null }

/** A firm's page: its facts with their sources, and its supply network tier by tier. */
export async function firmPage(root: HTMLElement, id: string, direction: string, depth: number): Promise<void> {
  root.replaceChildren(status("loading"));
  let firm: FirmFacts | null;
  try {
    firm = (await gql<{ firm: FirmFacts | null }>(factsQuery, { id })).firm;
  } catch (e) {
    root.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  if (!firm) {
    root.replaceChildren(label("p", "notFound", { role: "alert" }), el("a", { href: "#/", "data-i18n": "back" }, t("back")));
    return;
  }
  const dl = el("dl", { class: "facts" });
  const row = (key: Parameters<typeof label>[1], value: Node | string) => dl.append(label("dt", key), el("dd", {}, value));
  row("taxCode", firm.taxCode ?? "–");
  row("country", firm.country);
  row("ownership", firm.ownership ? label("span", `own_${firm.ownership}` as Label) : "–");
  const roles = el("span", {});
  firm.roles.forEach((r, i) => roles.append(i > 0 ? ", " : "", label("span", `role_${r}` as Label)));
  row("roles", firm.roles.length > 0 ? roles : "–");
  if (firm.province) {
    const p = el("span", {}, firm.province.name);
    if (firm.province.successor) {
      p.append(" (", label("span", "mergedInto"), ` ${firm.province.successor.name})`);
    }
    row("province", p);
  }
  row("park", firm.park?.name ?? "–");
  row("sectors", firm.sectors.map((s) => `${s.code} ${s.name}`).join("; ") || "–");
  row("alliances", firm.alliances.map((a) => a.name).join(", ") || "–");
  const sources = el("ul", { class: "sources" });
  for (const s of firm.sources) {
    sources.append(el("li", {},
      s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title) : s.title,
      s.synthetic ? el("span", { class: "synthetic" }, " — ", label("span", "synthetic")) : null));
  }
  row("sources", sources);

  const directionSelect = el("select", { id: "direction" },
    el("option", { value: "UPSTREAM", "data-i18n": "upstream" }, t("upstream")),
    el("option", { value: "DOWNSTREAM", "data-i18n": "downstream" }, t("downstream")));
  directionSelect.value = direction;
  const depthSelect = el("select", { id: "depth" }, ...[1, 2, 3, 4].map((d) => el("option", { value: String(d) }, String(d))));
  depthSelect.value = String(depth);
  const go = () => { location.hash = `#/firm/${encodeURIComponent(firm!.id)}/${directionSelect.value}/${depthSelect.value}`; };
  directionSelect.addEventListener("change", go);
  depthSelect.addEventListener("change", go);
  const exportUrl = (format: string) => `/export/supply-chain?firmId=${encodeURIComponent(firm!.id)}&direction=${direction}&maxDepth=${depth}&format=${format}`;
  const graphml = label("button", "exportGraphml", { type: "button", id: "export-graphml" });
  const csv = label("button", "exportCsv", { type: "button", id: "export-csv" });
  graphml.addEventListener("click", () => void download(exportUrl("graphml"), "supply-chain.graphml"));
  csv.addEventListener("click", () => void download(exportUrl("links.csv"), "supply-chain.links.csv"));
  const canvas = el("div", { id: "network", class: "network", role: "img", "aria-label": t("network") });
  const list = el("details", { id: "network-list" });
  const summary = el("p", { id: "network-summary", role: "status" });
  const tooltip = el("div", { id: "tooltip", class: "tooltip", role: "tooltip", hidden: "" });
  root.replaceChildren(
    el("h1", {}, firm.name),
    el("div", { class: "firm-grid" },
    el("section", { "aria-labelledby": "facts-heading" }, label("h2", "firmFacts", { id: "facts-heading" }), dl),
    el("section", { "aria-labelledby": "network-heading" },
      label("h2", "network", { id: "network-heading" }),
      el("div", { class: "controls" },
        label("label", "direction", { for: "direction" }), directionSelect,
        label("label", "depth", { for: "depth" }), depthSelect, graphml, csv),
      el("p", { class: "legend" }, el("span", { class: "dot domestic" }), " ", label("span", "domestic"), "  ", el("span", { class: "dot foreign" }), " ", label("span", "foreign")),
      label("p", "networkHelp", { class: "help" }),
      summary, canvas, tooltip, list)));
  await drawNetwork(firm, direction, depth, canvas, summary, tooltip, list);
}

async function drawNetwork(firm: FirmFacts, direction: string, depth: number, canvas: HTMLElement, summary: HTMLElement, tooltip: HTMLElement, list: HTMLElement): Promise<void> {
  summary.replaceChildren(status("loading"));
  let chain: Chain | null;
  try {
    chain = (await gql<{ supplyChain: Chain | null }>(chainQuery, { id: firm.id, direction, depth })).supplyChain;
  } catch (e) {
    summary.replaceChildren(el("span", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  if (!chain) {
    return;
  }
  // Every firm of every tier, up to maxShown in all.
  let total = chain.tiers.reduce((sum, tier) => sum + tier.firms.nodes.length, 1);
  try {
    for (const tier of chain.tiers) {
      let page: TierPage = tier.firms;
      while (page.pageInfo.hasNextPage && total < maxShown) {
        const next = await gql<{ supplyChain: { tiers: { firms: TierPage }[] } }>(tierPageQuery, { id: firm.id, direction, depth, tier: tier.depth, after: page.pageInfo.endCursor });
        page = next.supplyChain.tiers[0].firms;
        const room = maxShown - total;
        tier.firms.nodes.push(...page.nodes.slice(0, room));
        total += Math.min(room, page.nodes.length);
      }
    }
  } catch (e) {
    summary.replaceChildren(el("span", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  // Tiers left to right, suppliers before their buyers (the firm itself at one end); a tier of many firms takes several
  // columns of at most 14.
  const rows = 14;
  const sign = direction === "UPSTREAM" ? -1 : 1;
  const elements: cytoscape.ElementDefinition[] = [
    { data: { id: firm.id, label: firm.name, domestic: firm.country === "VN" ? 1 : 0 }, position: { x: 0, y: 0 }, classes: "root" },
  ];
  const shown = new Set([firm.id]);
  let offset = 0;
  for (const tier of chain.tiers) {
    const n = tier.firms.nodes.length;
    const columns = Math.max(1, Math.ceil(n / rows));
    offset += 240;
    tier.firms.nodes.forEach((f, i) => {
      shown.add(f.id);
      const column = Math.floor(i / rows);
      const inColumn = Math.min(rows, n - column * rows);
      const y = ((i % rows) - (inColumn - 1) / 2) * 40;
      elements.push({ data: { id: f.id, label: f.name, domestic: f.country === "VN" ? 1 : 0 }, position: { x: sign * (offset + column * 230), y } });
    });
    offset += (columns - 1) * 230;
  }
  let edges = 0;
  let linked: (FirmLinks | null)[];
  try {
    const ids = [...shown];
    const chunks = Array.from({ length: Math.ceil(ids.length / 20) }, (_, i) => ids.slice(i * 20, i * 20 + 20));
    linked = [];
    for (let i = 0; i < chunks.length; i += 6) {
      const answers = await Promise.all(chunks.slice(i, i + 6).map((chunk) => gql<{ nodes: (FirmLinks | null)[] }>(linksQuery, { ids: chunk })));
      linked.push(...answers.flatMap((r) => r.nodes));
    }
  } catch (e) {
    summary.replaceChildren(el("span", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  for (const buyer of linked) {
    for (const link of buyer?.suppliers?.nodes ?? []) {
      if (buyer?.id && shown.has(link.supplier.id)) {
        elements.push({ data: { id: `e${edges++}`, source: link.supplier.id, target: buyer.id, product: link.product ?? "", value: link.valueUsd ?? "" } });
      }
    }
  }
  // The same firms as links, tier by tier: what a click on the canvas does, the keyboard does here.
  list.replaceChildren(label("summary", "networkList"), ...chain.tiers.map((tier) =>
    el("section", {}, el("h3", {}, label("span", "tier"), ` ${tier.depth}`),
      el("ul", { class: "tier" }, ...tier.firms.nodes.map((f) => el("li", {}, el("a", { href: `#/firm/${encodeURIComponent(f.id)}/${direction}/${depth}` }, f.name), ` (${f.country})`))))));
  const nodeCount = shown.size;
  canvas.dataset.nodeCount = String(nodeCount);
  canvas.dataset.edgeCount = String(edges);
  summary.replaceChildren(`${nodeCount} `, label("span", "shown"), ` (${chain.firmCount + 1}). `, chain.truncated ? label("span", "truncated") : "", chain.tiers.some((x) => x.firms.totalCount > x.firms.nodes.length) ? label("span", "perTier") : "");
  // A large network is drawn for speed: straight edges without arrows, labels only when zoomed in enough to read
  // them, and a cached texture while panning and zooming.
  const large = nodeCount > 400;
  const cy = cytoscape({
    container: canvas,
    elements,
    layout: { name: "preset", fit: true, padding: 24 },
    wheelSensitivity: 0.3,
    textureOnViewport: large,
    hideEdgesOnViewport: large,
    motionBlur: false,
    pixelRatio: large ? 1 : "auto",
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "min-zoomed-font-size": large ? 8 : 0, "text-valign": "bottom", "text-wrap": "ellipsis", "text-max-width": "150px", width: 16, height: 16, "background-color": "#b4432c" } },
      { selector: "node[domestic = 1]", style: { "background-color": "#1f6f43" } },
      { selector: "node.root", style: { width: 26, height: 26, "border-width": 3, "border-color": "#17202a" } },
      { selector: "edge", style: large
        ? { width: 1, "line-color": "#9aa5b1", "curve-style": "haystack", "haystack-radius": 0, opacity: 0.5 }
        : { width: 1, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
    ],
  });
  cy.on("tap", "node", (e) => {
    const id = e.target.id() as string;
    if (id !== firm.id) {
      location.hash = `#/firm/${encodeURIComponent(id)}/${direction}/${depth}`;
    }
  });
  cy.on("mouseover", "edge", (e) => {
    const data = e.target.data() as { product: string; value: number | "" };
    tooltip.replaceChildren(`${t("product")}: ${data.product || "–"}`, data.value === "" ? "" : ` · ${t("value")}: ${data.value.toLocaleString()}`);
    const p = e.renderedPosition ?? { x: 0, y: 0 };
    tooltip.style.left = `${p.x + 12}px`;
    tooltip.style.top = `${p.y + 12}px`;
    tooltip.hidden = false;
  });
  cy.on("mouseout", "edge", () => { tooltip.hidden = true; });
}
