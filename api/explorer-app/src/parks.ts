import { gql } from "./api";
import { el, label, sourcesList, status, restoreFocus } from "./dom";
import { Label, lang, locale, t } from "./i18n";
import { resolveSector } from "./lookup";

interface Match {
  score: number;
  reasons: string[];
  park: {
    id: string; name: string; status: string; developer: string | null; availableAreaHa: number | null;
    province: { name: string };
    sources: { title: string; url: string | null; synthetic: boolean }[];
    firms: { totalCount: number; nodes: { id: string; name: string }[] };
  };
}

const query = `query Parks($sector: String!, $minArea: Float) {
  parkMatches(sectorCode: $sector, minAvailableAreaHa: $minArea, first: 50) {
    score reasons
    park { id name status developer availableAreaHa province { name } sources { title url synthetic } firms(first: 5) { totalCount nodes { id name } } }
  }
}`;

type SortKey = "score" | "name" | "area" | "firms";

/** The park finder: parks and clusters for a sector, by the match score or any column. */
export function parksPage(root: HTMLElement, sector: string, minArea: string, sortKey: SortKey): void {
  const sectorInput = el("input", { id: "park-sector", type: "text", value: sector, autocomplete: "off" });
  const areaInput = el("input", { id: "min-area", type: "number", min: "0", step: "1", value: minArea });
  const form = el("form", { class: "dash-form" },
    el("div", {}, label("label", "parkSector", { for: "park-sector" }), sectorInput),
    el("div", {}, label("label", "minArea", { for: "min-area" }), areaInput),
    label("button", "show", { type: "submit" }));
  const out = el("div", { id: "parks" });
  root.replaceChildren(label("h1", "parksHeading"), form, out);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/parks/${encodeURIComponent(sectorInput.value.trim())}/${encodeURIComponent(areaInput.value)}/${sortKey}`;
  });
  if (sector.length > 0) {
    void show(out, sector, minArea, sortKey);
  }
}

async function show(out: HTMLElement, sector: string, minArea: string, sortKey: SortKey): Promise<void> {
  out.replaceChildren(status("loading"));
  let matches: Match[];
  let sectorName: string | null = null;
  try {
    const resolved = await resolveSector(sector, out, (code) => `#/parks/${encodeURIComponent(code)}/${encodeURIComponent(minArea)}/${sortKey}`);
    if (resolved === null) {
      return;
    }
    ({ code: sector, shown: sectorName } = resolved);
    matches = (await gql<{ parkMatches: Match[] }>(query, { sector, minArea: minArea === "" ? null : Number(minArea) })).parkMatches;
  } catch (e) {
    out.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  if (!out.isConnected) {
    return; // another page was drawn meanwhile
  }
  if (matches.length === 0) {
    out.replaceChildren(label("p", "noParks"));
    return;
  }
  const key: Record<SortKey, (m: Match) => number | string> = {
    score: (m) => -m.score,
    name: (m) => m.park.name,
    area: (m) => -(m.park.availableAreaHa ?? -1),
    firms: (m) => -m.park.firms.totalCount,
  };
  const sorted = [...matches].sort((a, b) => {
    const x = key[sortKey](a);
    const y = key[sortKey](b);
    return typeof x === "string" ? x.localeCompare(y as string, lang()) : x - (y as number);
  });
  const header = (k: SortKey | null, text: Label) => {
    const th = el("th", { scope: "col" });
    if (k === null) {
      th.append(label("span", text));
    } else {
      th.setAttribute("aria-sort", k === sortKey ? (k === "name" ? "ascending" : "descending") : "none");
      th.append(el("a", { href: `#/parks/${encodeURIComponent(sector)}/${encodeURIComponent(minArea)}/${k}`, "data-sort": k, id: `sort-${k}` }, label("span", text)));
    }
    return th;
  };
  const body = el("tbody");
  for (const m of sorted) {
    const sources = sourcesList(m.park.sources);
    const firms = el("span", {}, `${m.park.firms.totalCount}`, m.park.firms.nodes.length > 0 ? ": " : "");
    m.park.firms.nodes.forEach((f, i) => firms.append(i > 0 ? ", " : "", el("a", { href: `#/firm/${encodeURIComponent(f.id)}` }, f.name)));
    const reasons = el("span", {});
    m.reasons.forEach((r, i) => reasons.append(i > 0 ? ", " : "", label("span", `reason_${r}` as Label)));
    body.append(el("tr", { "data-park": m.park.id },
      el("td", {}, m.park.name, el("br"), el("small", {}, m.park.province.name)),
      el("td", { class: "num" }, m.score.toFixed(3)),
      el("td", {}, label("span", `status_${m.park.status}` as Label)),
      el("td", {}, m.park.developer ?? "–"),
      el("td", { class: "num" }, m.park.availableAreaHa === null ? "–" : m.park.availableAreaHa.toLocaleString(locale())),
      el("td", {}, firms),
      el("td", {}, reasons),
      el("td", {}, sources)));
  }
  out.replaceChildren(sectorName === null ? "" : el("p", { id: "sector-shown" }, label("span", "sectorShown"), ` ${sectorName}`), el("table", { id: "park-table" },
    el("thead", {}, el("tr", {}, header("name", "parkName"), header("score", "score"), header(null, "status"), header(null, "developer"), header("area", "availableArea"), header("firms", "firmsThere"), header(null, "reasons"), header(null, "sources"))),
    body));
  restoreFocus();
}
