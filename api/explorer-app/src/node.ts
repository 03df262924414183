import { gql } from "./api";
import { el, label, sourcesList, status } from "./dom";
import { Label, t } from "./i18n";

interface Named { id: string; name: string }
interface Page { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Named[] }
interface NodeView {
  __typename: string;
  id: string;
  name: string;
  sources: { title: string; url: string | null; synthetic: boolean }[];
  code?: string;
  isCurrent?: boolean;
  successor?: Named | null;
  predecessors?: Named[];
  parent?: (Named & { code: string }) | null;
  description?: string | null;
  status?: string;
  developer?: string | null;
  availableAreaHa?: number | null;
  totalAreaHa?: number | null;
  provinceOfPark?: Named;
  firms?: Page;
  parks?: Page;
}

const firmPage = "fragment FirmPage on FirmConnection { totalCount pageInfo { hasNextPage endCursor } nodes { id name } }";
const parkPage = "fragment ParkPage on ParkConnection { totalCount pageInfo { hasNextPage endCursor } nodes { id name } }";

const query = `query Node($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Province { name code isCurrent successor { id name } predecessors { id name } sources { title url synthetic }
      firms(first: 20) { ...FirmPage } parks(first: 20) { ...ParkPage } }
    ... on Park { name status developer availableAreaHa totalAreaHa provinceOfPark: province { id name } sources { title url synthetic }
      firms(first: 20) { ...FirmPage } }
    ... on Sector { name code parent { id name code } sources { title url synthetic } firms(first: 20) { ...FirmPage } }
    ... on Alliance { name description sources { title url synthetic } firms(first: 20) { ...FirmPage } }
    ... on Region { name sources { title url synthetic } }
    ... on Corridor { name sources { title url synthetic } }
    ... on Source { name }
  }
}
${firmPage}
${parkPage}`;

// The next page of a list: every kind with firms has them as firms(first, after); only provinces list parks.
const moreQuery = {
  firms: `query NodeFirms($id: ID!, $after: String) {
  node(id: $id) {
    ... on Province { firms(first: 100, after: $after) { ...FirmPage } }
    ... on Park { firms(first: 100, after: $after) { ...FirmPage } }
    ... on Sector { firms(first: 100, after: $after) { ...FirmPage } }
    ... on Alliance { firms(first: 100, after: $after) { ...FirmPage } }
  }
}
${firmPage}`,
  parks: `query NodeParks($id: ID!, $after: String) {
  node(id: $id) { ... on Province { parks(first: 100, after: $after) { ...ParkPage } } }
}
${parkPage}`,
};

const kindLabel: Record<string, Label> = {
  Province: "kindProvince", Park: "kindPark", Sector: "kindSector", Alliance: "kindAlliance", Region: "kindRegion", Corridor: "kindCorridor", Source: "kindSource",
  Product: "kindProduct", Process: "kindProcess", CertificationStandard: "kindStandard", SourcingRequest: "kindRequest",
};

/** The page of a park, province, sector, alliance, region or corridor: its facts, sources and firms. */
export async function nodePage(root: HTMLElement, id: string): Promise<void> {
  if (id.startsWith("firm:")) {
    location.hash = `#/firm/${encodeURIComponent(id)}`;
    return;
  }
  const loading = status("loading");
  root.replaceChildren(loading);
  let node: NodeView | null;
  try {
    node = (await gql<{ node: NodeView | null }>(query, { id })).node;
  } catch (e) {
    if (loading.isConnected) {
      root.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    }
    return;
  }
  if (!loading.isConnected) {
    return; // another page (or this one in another language) was drawn meanwhile
  }
  if (!node) {
    root.replaceChildren(label("p", "noSuchNode", { role: "alert" }));
    return;
  }
  const link = (n: Named) => el("a", { href: n.id.startsWith("firm:") ? `#/firm/${encodeURIComponent(n.id)}` : `#/node/${encodeURIComponent(n.id)}` }, n.name);
  const dl = el("dl", { class: "facts" });
  const row = (key: Label, value: Node | string) => dl.append(label("dt", key), el("dd", {}, value));
  row("kind", label("span", kindLabel[node.__typename] ?? "kindSource"));
  if (node.code) {
    row("code", node.code);
  }
  if (node.isCurrent !== undefined) {
    row("current", label("span", node.isCurrent ? "yes" : "no"));
  }
  if (node.successor) {
    row("successor", link(node.successor));
  }
  if (node.predecessors && node.predecessors.length > 0) {
    const list = el("span", {});
    node.predecessors.forEach((p, i) => list.append(i > 0 ? ", " : "", link(p)));
    row("predecessors", list);
  }
  if (node.parent) {
    row("parent", link({ id: node.parent.id, name: `${node.parent.code} ${node.parent.name}` }));
  }
  if (node.provinceOfPark) {
    row("province", link(node.provinceOfPark));
  }
  if (node.status) {
    row("status", label("span", `status_${node.status}` as Label));
  }
  if (node.developer !== undefined) {
    row("developer", node.developer ?? "–");
  }
  if (node.totalAreaHa !== undefined) {
    row("totalArea", node.totalAreaHa === null ? "–" : String(node.totalAreaHa));
    row("availableArea", node.availableAreaHa === null || node.availableAreaHa === undefined ? "–" : String(node.availableAreaHa));
  }
  if (node.description) {
    row("description", node.description);
  }
  if (Array.isArray(node.sources)) {
    row("sources", sourcesList(node.sources));
  }
  // Where to go on from here: the localization report of this scope, the parks for this sector.
  const scope = ({ Province: "province", Park: "park", Region: "region", Corridor: "corridor" } as Record<string, string>)[node.__typename];
  const onward = el("p", { class: "onward" });
  if (scope) {
    onward.append(el("a", { id: "to-dashboard", href: `#/localization/${scope}/${encodeURIComponent(node.id)}//`, "data-i18n": "localizationHere" }, t("localizationHere")));
  }
  if (node.__typename === "Sector" && node.code) {
    onward.append(el("a", { id: "to-parks", href: `#/parks/${encodeURIComponent(node.code)}//score`, "data-i18n": "parksForSector" }, t("parksForSector")), " · ",
      el("a", { id: "to-dashboard", href: `#/localization/country//${encodeURIComponent(node.code)}/`, "data-i18n": "localizationOfSector" }, t("localizationOfSector")));
  }
  const lists: Node[] = [];
  for (const [key, items] of [["firms", node.firms], ["parks", node.parks]] as const) {
    if (items) {
      lists.push(el("h2", {}, label("span", key), ` (${items.totalCount})`), ...pagedList(node.id, key, items, link));
    }
  }
  root.replaceChildren(el("h1", {}, node.name), dl, ...(onward.hasChildNodes() ? [onward] : []), ...lists);
}

/** A list of firms or parks with a button that brings the next hundred until every one is there. */
function pagedList(id: string, key: "firms" | "parks", first: Page, link: (n: Named) => HTMLElement): HTMLElement[] {
  const list = el("ul", { class: "results", id: `${key}-list` }, ...first.nodes.map((n) => el("li", {}, link(n))));
  if (!first.pageInfo.hasNextPage) {
    return [list];
  }
  let after = first.pageInfo.endCursor;
  const more = label("button", "showMore", { type: "button", id: `${key}-more` });
  let busy = false;
  more.addEventListener("click", async () => {
    if (busy) {
      return;
    }
    busy = true;
    more.setAttribute("aria-busy", "true");
    try {
      const data = await gql<{ node: { firms?: Page; parks?: Page } | null }>(moreQuery[key], { id, after });
      const page = data.node?.[key];
      if (!page) {
        return;
      }
      const added = page.nodes.map((n) => el("li", {}, link(n)));
      list.append(...added);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) {
        more.remove();
        added[0]?.querySelector("a")?.focus(); // the keyboard goes on from the first one brought
      }
    } catch (e) {
      more.after(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    } finally {
      busy = false;
      more.removeAttribute("aria-busy");
    }
  });
  return [list, more];
}
