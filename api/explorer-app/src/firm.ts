import { apiKey, download, gql } from "./api";
import { watch } from "./live";
import { el, label, sourcesList, status, restoreFocus } from "./dom";
import { Label, locale, t } from "./i18n";
import { linkTooltip, NetworkHandle, NetworkLink, renderNetwork } from "./network";
import { profileSection } from "./sourcing";

interface FirmFacts {
  id: string;
  name: string;
  taxCode: string | null;
  ownership: string | null;
  country: string;
  roles: string[];
  sectors: { id: string; code: string; name: string }[];
  park: { id: string; name: string } | null;
  province: { id: string; name: string; isCurrent: boolean; successor: { id: string; name: string } | null } | null;
  alliances: { id: string; name: string }[];
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
    sectors { id code name } park { id name } province { id name isCurrent successor { id name } }
    alliances { id name } sources { id title url synthetic }
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
// server's complexity limit counts each firm's 100 suppliers); values only when a key is given (analysts see them).
const linksQuery = `query NetworkLinks($ids: [ID!]!, $values: Boolean!) {
  nodes(ids: $ids) { ... on Firm { id suppliers(first: 100) { pageInfo { hasNextPage endCursor } nodes { supplier { id } product sector { code name } valueUsd @include(if: $values) } } } }
}`;

// The rest of one firm's suppliers when it has more than 100.
const moreLinksQuery = `query NetworkMoreLinks($id: ID!, $after: String, $values: Boolean!) {
  firm(id: $id) { suppliers(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { supplier { id } product sector { code name } valueUsd @include(if: $values) } } }
}`;

interface SupplierPage { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { supplier: { id: string }; product: string | null; sector: { code: string; name: string }; valueUsd?: number | null }[] }

/** A firm's page: its facts with their sources, and its supply network tier by tier. */
export async function firmPage(root: HTMLElement, id: string, direction: string, depth: number): Promise<void> {
  const loading = status("loading");
  root.replaceChildren(loading);
  let firm: FirmFacts | null;
  try {
    firm = (await gql<{ firm: FirmFacts | null }>(factsQuery, { id })).firm;
  } catch (e) {
    if (loading.isConnected) {
      root.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    }
    return;
  }
  if (!loading.isConnected) {
    return; // another page (or this one in another language) was drawn meanwhile
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
  // The province, park, sectors and alliances open their own pages.
  const page = (n: { id: string }, text: string) => el("a", { href: `#/node/${encodeURIComponent(n.id)}` }, text);
  const listOf = (items: Node[], separator: string) => {
    const span = el("span", {});
    items.forEach((item, i) => span.append(i > 0 ? separator : "", item));
    return items.length > 0 ? span : "–";
  };
  if (firm.province) {
    const p = el("span", {}, page(firm.province, firm.province.name));
    if (firm.province.successor) {
      p.append(" (", label("span", "mergedInto"), " ", page(firm.province.successor, firm.province.successor.name), ")");
    }
    row("province", p);
  }
  row("park", firm.park ? page(firm.park, firm.park.name) : "–");
  row("sectors", listOf(firm.sectors.map((s) => page(s, `${s.code} ${s.name}`)), "; "));
  row("alliances", listOf(firm.alliances.map((a) => page(a, a.name)), ", "));
  row("sources", sourcesList(firm.sources));

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
  // Changes to this firm (or its links) while the page is open: a quiet notice, and the latest on request.
  const firmId = firm.id;
  watch(root, "subscription FirmChanged($id: ID!) { nodeChanged(id: $id) { version } }", { id: firmId }, "liveFirmChanged",
    () => void firmPage(root, firmId, direction, depth));
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
  restoreFocus();
  // The profile comes with the network, each drawn when its answer is in.
  const profile = profileSection(firm.id, firm.roles.includes("LEAD_FIRM")).then((section) => {
    if (dl.isConnected) {
      // Under the facts, in their column: the network keeps its place beside them.
      dl.closest("section")!.append(section);
    }
  });
  await Promise.all([profile, drawNetwork(firm, direction, depth, canvas, summary, tooltip, list)]);
}

async function drawNetwork(firm: FirmFacts, direction: string, depth: number, canvas: HTMLElement, summary: HTMLElement, tooltip: HTMLElement, list: HTMLDetailsElement): Promise<void> {
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
      while (page.pageInfo.hasNextPage && total < maxShown && canvas.isConnected) {
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
  const shown = new Set([firm.id, ...chain.tiers.flatMap((tier) => tier.firms.nodes.map((f) => f.id))]);
  performance.mark("network:firms");
  const links: NetworkLink[] = [];
  try {
    const values = apiKey() !== null;
    const ids = [...shown];
    const chunks = Array.from({ length: Math.ceil(ids.length / 20) }, (_, i) => ids.slice(i * 20, i * 20 + 20));
    const take = (buyer: string, page: SupplierPage) => {
      for (const link of page.nodes) {
        if (shown.has(link.supplier.id)) {
          links.push({ supplier: link.supplier.id, buyer, product: link.product, sector: `${link.sector.code} ${link.sector.name}`, valueUsd: link.valueUsd ?? null });
        }
      }
    };
    const more: { id: string; after: string | null }[] = [];
    for (let i = 0; i < chunks.length && canvas.isConnected; i += 6) {
      const answers = await Promise.all(chunks.slice(i, i + 6).map((chunk) => gql<{ nodes: ({ id?: string; suppliers?: SupplierPage | null } | null)[] }>(linksQuery, { ids: chunk, values })));
      for (const buyer of answers.flatMap((r) => r.nodes)) {
        if (buyer?.id && buyer.suppliers) {
          take(buyer.id, buyer.suppliers);
          if (buyer.suppliers.pageInfo.hasNextPage) {
            more.push({ id: buyer.id, after: buyer.suppliers.pageInfo.endCursor });
          }
        }
      }
    }
    for (let next = more.shift(); next; next = more.shift()) {
      const page = (await gql<{ firm: { suppliers: SupplierPage | null } | null }>(moreLinksQuery, { id: next.id, after: next.after, values })).firm?.suppliers;
      if (page) {
        take(next.id, page);
        if (page.pageInfo.hasNextPage) {
          more.push({ id: next.id, after: page.pageInfo.endCursor });
        }
      }
    }
  } catch (e) {
    summary.replaceChildren(el("span", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  performance.mark("network:links");
  if (!canvas.isConnected) {
    return; // the page changed meanwhile
  }
  // The same firms as links, tier by tier, each with the links it has in the network: what a click or a hover on the
  // canvas does, the keyboard does here. Filled when opened (a large network has thousands of links).
  const names = new Map([[firm.id, firm.name], ...chain.tiers.flatMap((tier) => tier.firms.nodes.map((f) => [f.id, f.name] as [string, string]))]);
  const byFirm = new Map<string, NetworkLink[]>();
  for (const l of links) {
    // Under the end further from the firm (the firm itself is not in the list).
    const key = l.supplier === firm.id ? l.buyer : l.buyer === firm.id ? l.supplier : direction === "UPSTREAM" ? l.supplier : l.buyer;
    byFirm.set(key, [...(byFirm.get(key) ?? []), l]);
  }
  const linkText = (l: NetworkLink) => `${names.get(l.supplier)} → ${names.get(l.buyer)}. ${linkTooltip(l)}`;
  const firmItem = (f: { id: string; name: string; country: string }) => {
    const own = byFirm.get(f.id) ?? [];
    return el("li", {}, el("a", { href: `#/firm/${encodeURIComponent(f.id)}/${direction}/${depth}` }, f.name), ` (${f.country})`,
      own.length > 0 ? el("ul", { class: "links" }, ...own.map((l) => el("li", {}, linkText(l)))) : null);
  };
  list.replaceChildren(label("summary", "networkList"));
  list.addEventListener("toggle", () => {
    if (list.open && list.children.length === 1) {
      list.append(...chain!.tiers.map((tier) =>
        el("section", {}, el("h3", {}, label("span", "tier"), ` ${tier.depth}`), el("ul", { class: "tier" }, ...tier.firms.nodes.map(firmItem)))));
    }
  });
  const nodeCount = shown.size;
  // Synthetic firms say so in their names, which labels may cut short: the summary counts them.
  const synthetic = [...names.values()].filter((name) => name.endsWith("(synthetic)")).length;
  summary.replaceChildren(`${nodeCount} `, label("span", "shown"), ` (${chain.firmCount + 1}). `,
    synthetic > 0 ? el("span", { id: "network-synthetic" }, `${synthetic} `, label("span", "syntheticShown"), " ") : "",
    chain.truncated ? label("span", "truncated") : "", chain.tiers.some((x) => x.firms.totalCount > x.firms.nodes.length) ? label("span", "perTier") : "",
    // The downloads hold the whole chain: say so when it is more than is drawn.
    nodeCount < chain.firmCount + 1 ? el("span", { id: "export-whole" }, " ", label("span", "exportWhole"), ` (${(chain.firmCount + 1).toLocaleString(locale())}).`) : "");
  const handle = renderNetwork(canvas, tooltip, { id: firm.id, name: firm.name, country: firm.country }, chain.tiers.map((tier) => tier.firms.nodes), links, direction, (id) => {
    if (id !== firm.id) {
      location.hash = `#/firm/${encodeURIComponent(id)}/${direction}/${depth}`;
    }
  });
  (canvas as HTMLElement & { network?: NetworkHandle }).network = handle;
  canvas.dataset.nodeCount = String(nodeCount);
  canvas.dataset.edgeCount = String(links.length);
  performance.mark("network:drawn");
}
