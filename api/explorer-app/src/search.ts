import { gql } from "./api";
import { el, label, status } from "./dom";
import { Label, t } from "./i18n";

interface Hit {
  name: string;
  kind: string;
  node: { id: string; country?: string; province?: { name: string } | null; parkProvince?: { name: string } };
}

const kinds: Record<string, Label> = {
  FIRM: "kindFirm", PARK: "kindPark", PROVINCE: "kindProvince", SECTOR: "kindSector",
  ALLIANCE: "kindAlliance", REGION: "kindRegion", CORRIDOR: "kindCorridor", SOURCE: "kindSource",
  PRODUCT: "kindProduct", PROCESS: "kindProcess", CERTIFICATION_STANDARD: "kindStandard", SOURCING_REQUEST: "kindRequest",
};

const query = `query Search($text: String!) {
  search(text: $text, first: 20) { name kind node { id ... on Firm { country province { name } } ... on Park { parkProvince: province { name } } } }
}`;

/** The search page: one box over firms, parks, provinces, sectors and alliances (folded: "hai duong" finds "Hải Dương"). */
export function searchPage(root: HTMLElement, text: string): void {
  const input = el("input", { id: "search-text", type: "search", name: "q", autocomplete: "off", value: text, "data-autofocus": "" });
  const form = el("form", { role: "search", class: "search" },
    label("label", "searchLabel", { for: "search-text" }),
    el("div", { class: "search-row" }, input, label("button", "searchButton", { type: "submit" })));
  const results = el("section", { "aria-live": "polite", id: "results" });
  root.replaceChildren(label("h1", "searchHeading"), form, results);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/search/${encodeURIComponent(input.value.trim())}`;
  });
  if (text.trim().length > 0) {
    void run(results, text.trim());
  }
}

async function run(results: HTMLElement, text: string): Promise<void> {
  results.replaceChildren(status("loading"));
  try {
    const data = await gql<{ search: Hit[] }>(query, { text });
    if (data.search.length === 0) {
      results.replaceChildren(status("searchNone"));
      return;
    }
    const list = el("ul", { class: "results" });
    for (const hit of data.search) {
      const kindKey = kinds[hit.kind] ?? "kindSource";
      const where = hit.node.province?.name ?? hit.node.parkProvince?.name ?? hit.node.country ?? "";
      const name = el("a", { href: hit.kind === "FIRM" ? `#/firm/${encodeURIComponent(hit.node.id)}` : `#/node/${encodeURIComponent(hit.node.id)}` }, hit.name);
      list.append(el("li", { "data-kind": hit.kind }, name, " ", label("span", kindKey, { class: "kind" }), where ? el("span", { class: "where" }, ` · ${where}`) : null));
    }
    results.replaceChildren(el("p", { class: "count" }, `${data.search.length} `, label("span", "searchCount")), list);
  } catch (e) {
    results.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
  }
}
