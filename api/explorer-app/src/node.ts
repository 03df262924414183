import { gql } from "./api";
import { el, label, status } from "./dom";
import { Label, t } from "./i18n";

interface Named { id: string; name: string }
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
  firms?: { totalCount: number; nodes: Named[] };
  parks?: { totalCount: number; nodes: Named[] };
}

const query = `query Node($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Province { name code isCurrent successor { id name } predecessors { id name } sources { title url synthetic }
      firms(first: 20) { totalCount nodes { id name } } parks(first: 20) { totalCount nodes { id name } } }
    ... on Park { name status developer availableAreaHa totalAreaHa provinceOfPark: province { id name } sources { title url synthetic }
      firms(first: 20) { totalCount nodes { id name } } }
    ... on Sector { name code parent { id name code } sources { title url synthetic } firms(first: 20) { totalCount nodes { id name } } }
    ... on Alliance { name description sources { title url synthetic } firms(first: 20) { totalCount nodes { id name } } }
    ... on Region { name sources { title url synthetic } }
    ... on Corridor { name sources { title url synthetic } }
    ... on Source { name }
  }
}`;

const kindLabel: Record<string, Label> = {
  Province: "kindProvince", Park: "kindPark", Sector: "kindSector", Alliance: "kindAlliance", Region: "kindRegion", Corridor: "kindCorridor", Source: "kindSource",
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
    row("sources", el("ul", { class: "sources" }, ...node.sources.map((s) =>
      el("li", {}, s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title) : s.title, s.synthetic ? el("span", { class: "synthetic" }, " — ", label("span", "synthetic")) : null))));
  }
  const lists: Node[] = [];
  for (const [key, items] of [["firms", node.firms], ["parks", node.parks]] as const) {
    if (items) {
      lists.push(el("h2", {}, label("span", key), ` (${items.totalCount})`), el("ul", { class: "results" }, ...items.nodes.map((n) => el("li", {}, link(n)))));
    }
  }
  root.replaceChildren(el("h1", {}, node.name), dl, ...lists);
}
