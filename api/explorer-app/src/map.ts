import * as L from "leaflet";
import "leaflet/dist/leaflet.css";
import { gql } from "./api";
import { el, label, restoreFocus, status } from "./dom";
import { Label, locale, t } from "./i18n";

/** What a map can be shaded by: a field of ProvinceMapEntry. */
export const indicators = ["firms", "leadFirms", "supportingIndustryFirms", "parks", "availableAreaHa", "domesticShare"] as const;
export type Indicator = (typeof indicators)[number];

const indicatorLabels: Record<Indicator, Label> = {
  firms: "mapFirms", leadFirms: "mapLeadFirms", supportingIndustryFirms: "mapSupportingFirms",
  parks: "mapParks", availableAreaHa: "mapAvailableLand", domesticShare: "mapDomesticShare",
};

interface Entry {
  province: { id: string; code: string; name: string };
  firms: number; leadFirms: number; supportingIndustryFirms: number; parks: number;
  availableAreaHa: number | null; inputValueUsd: number | null; domesticShare: number | null;
}

interface MapPark { id: string; name: string; totalAreaHa: number | null; location: { lat: number; lng: number } | null }

interface ProvinceMapData {
  asOf: string; formerMap: boolean; boundaries: string;
  provinces: Entry[];
  unplaced: { firms: number; leadFirms: number; parks: number };
  parks: MapPark[];
}

const query = `query ProvinceMap($asOf: Date) {
  provinceMap(asOf: $asOf) {
    asOf formerMap boundaries
    provinces { province { id code name } firms leadFirms supportingIndustryFirms parks availableAreaHa inputValueUsd domesticShare }
    unplaced { firms leadFirms parks }
    parks { id name totalAreaHa location { lat lng } }
  }
}`;

/** Sequential greens, light to dark (ColorBrewer Greens, 5 classes). */
const ramp = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
const noData = "#f0f0f0";
const withheldFill = "#b8b8b8";

let leaflet: L.Map | null = null;
const boundaries = new Map<string, Promise<GeoJSON.FeatureCollection>>();

/** Removes the drawn map (its handlers and layers) before another page is drawn. */
export function disposeMap(): void {
  leaflet?.remove();
  leaflet = null;
}

function boundariesOf(url: string): Promise<GeoJSON.FeatureCollection> {
  let loaded = boundaries.get(url);
  if (loaded === undefined) {
    loaded = fetch(url).then((r) => {
      if (!r.ok) {
        throw new Error(`HTTP ${r.status}`);
      }
      return r.json() as Promise<GeoJSON.FeatureCollection>;
    });
    loaded.catch(() => boundaries.delete(url));
    boundaries.set(url, loaded);
  }
  return loaded;
}

/** An indicator's value for a province: null when withheld (the domestic share of a province whose values are confidential). */
function valueOf(e: Entry, indicator: Indicator): number | null {
  if (indicator === "domesticShare") {
    return e.inputValueUsd === null ? null : e.domesticShare;
  }
  return e[indicator];
}

/** Whether a province's value is withheld under the disclosure rules (only the domestic share can be). */
const isWithheld = (e: Entry, indicator: Indicator) => indicator === "domesticShare" && e.inputValueUsd === null;

function format(v: number, indicator: Indicator): string {
  if (indicator === "domesticShare") {
    return `${(v * 100).toLocaleString(locale(), { maximumFractionDigits: 1 })}%`;
  }
  if (indicator === "availableAreaHa") {
    return `${v.toLocaleString(locale(), { maximumFractionDigits: 0 })} ha`;
  }
  return v.toLocaleString(locale());
}

/** Whether an indicator counts things (its class bounds are whole numbers). */
const counted = (indicator: Indicator) => indicator !== "domesticShare" && indicator !== "availableAreaHa";

/**
 * Up to five classes by quantile (each holds about as many provinces; skewed counts stay readable), as the top of each
 * class, rising; bounds of counts are whole numbers. One value alone makes one class.
 */
function breaksOf(values: number[], indicator: Indicator): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return [];
  }
  const tops: number[] = [];
  for (let i = 1; i <= ramp.length; i++) {
    let q = sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * i) / ramp.length) - 1)];
    if (counted(indicator)) {
      q = Math.ceil(q);
    }
    if (tops.length === 0 || q > tops[tops.length - 1]) {
      tops.push(q);
    }
  }
  return tops;
}

/** The colour of each class: the ramp spread over as many classes as there are, darkest last. */
function colourOf(i: number, classes: number): string {
  return classes <= 1 ? ramp[ramp.length - 1] : ramp[Math.round((i * (ramp.length - 1)) / (classes - 1))];
}

function classOf(v: number, breaks: number[]): number {
  const i = breaks.findIndex((b) => v <= b + 1e-12);
  return i < 0 ? breaks.length - 1 : i;
}

/** The text a province says of itself (tooltip, accessible name, table). */
function describe(e: Entry, indicator: Indicator): string {
  const v = valueOf(e, indicator);
  const shown = isWithheld(e, indicator) ? t("withheld") : v === null ? t("mapNoValue") : format(v, indicator);
  return `${e.province.name}: ${shown}`;
}

/**
 * The map of provinces on a date (34, or 63 before 2025-07-01) shaded by an indicator, parks as points sized by area,
 * a legend and a table of the same values. A province or park opens its page on a click, or on Enter from the keyboard.
 * The indicator and date change the address (#/map/INDICATOR/DATE).
 */
export function mapSection(indicator: Indicator, asOf: string): HTMLElement {
  const select = el("select", { id: "map-indicator" }, ...indicators.map((k) => el("option", { value: k, "data-i18n": indicatorLabels[k] }, t(indicatorLabels[k]))));
  select.value = indicator;
  const date = el("input", { id: "map-as-of", type: "date", value: asOf });
  const before = label("button", "mapBefore", { type: "button", id: "map-before" });
  const today = label("button", "mapToday", { type: "button", id: "map-today" });
  const go = (ind: string, d: string) => { location.hash = `#/map/${encodeURIComponent(ind)}/${encodeURIComponent(d)}`; };
  select.addEventListener("change", () => go(select.value, date.value));
  date.addEventListener("change", () => go(select.value, date.value));
  before.addEventListener("click", () => go(select.value, "2025-06-30"));
  today.addEventListener("click", () => go(select.value, ""));
  const controls = el("div", { class: "map-controls" },
    el("div", {}, label("label", "mapIndicator", { for: "map-indicator" }), select),
    el("div", {}, label("label", "asOf", { for: "map-as-of" }), date),
    before, today);
  const out = el("div", { id: "map-out" }, status("loading"));
  const section = el("section", { id: "map-section", "aria-labelledby": "map-heading" }, label("h2", "mapHeading", { id: "map-heading" }), controls, out);
  void draw(out, indicator, asOf);
  return section;
}

async function draw(out: HTMLElement, indicator: Indicator, asOf: string): Promise<void> {
  let data: ProvinceMapData;
  let shapes: GeoJSON.FeatureCollection;
  try {
    data = (await gql<{ provinceMap: ProvinceMapData }>(query, { asOf: asOf || null })).provinceMap;
    shapes = await boundariesOf(data.boundaries);
  } catch (e) {
    out.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  if (!out.isConnected) {
    return;
  }
  const byCode = new Map(data.provinces.map((e) => [e.province.code, e]));
  const values = data.provinces.map((e) => valueOf(e, indicator)).filter((v): v is number => v !== null);
  const breaks = breaksOf(values, indicator);
  const fillOf = (e: Entry | undefined) => {
    if (e === undefined) {
      return noData;
    }
    const v = valueOf(e, indicator);
    return isWithheld(e, indicator) ? withheldFill : v === null ? noData : colourOf(classOf(v, breaks), breaks.length);
  };

  const canvas = el("div", {
    id: "map", class: "map", role: "region", "aria-label": t("mapHeading"),
    "data-map": data.formerMap ? "63" : "34", "data-as-of": data.asOf, "data-indicator": indicator, "data-provinces": String(data.provinces.length),
  });
  const mapName = label("p", data.formerMap ? "mapFormer" : "mapCurrent", { id: "map-name", class: "map-name" });
  const legend = legendOf(indicator, breaks, values, data);
  const notices: HTMLElement[] = [];
  if (data.formerMap && data.unplaced.firms + data.unplaced.parks > 0) {
    notices.push(el("p", { id: "map-unplaced", class: "notice", "data-firms": String(data.unplaced.firms), "data-parks": String(data.unplaced.parks) },
      t("mapUnplaced").replace("{firms}", data.unplaced.firms.toLocaleString(locale())).replace("{leads}", data.unplaced.leadFirms.toLocaleString(locale()))
        .replace("{parks}", data.unplaced.parks.toLocaleString(locale()))));
  }
  if (data.provinces.some((e) => isWithheld(e, indicator))) {
    notices.push(label("p", "confidentialNotice", { class: "notice", id: "map-confidential" }));
  }
  out.replaceChildren(mapName, el("div", { class: "map-row" }, canvas, legend), ...notices, tableOf(data, indicator), sourceNote());

  disposeMap();
  const map = L.map(canvas, { zoomSnap: 0.25, attributionControl: false, keyboard: true, preferCanvas: false });
  leaflet = map;
  const layer = L.geoJSON(shapes, {
    style: (f) => ({ color: "#4d4d4d", weight: 0.6, fillOpacity: 0.9, fillColor: fillOf(byCode.get(String(f?.properties?.gso_code ?? ""))) }),
    onEachFeature: (f, l) => {
      const e = byCode.get(String(f.properties?.gso_code ?? ""));
      if (e === undefined) {
        return;
      }
      l.bindTooltip(describe(e, indicator), { sticky: true });
      l.on("click", () => { location.hash = `#/node/${encodeURIComponent(e.province.id)}`; });
    },
  }).addTo(map);
  // The mainland and its nearer islands; the offshore groups are drawn but not framed.
  map.fitBounds(L.latLngBounds([8.4, 102.1], [23.4, 109.5]));
  const largest = Math.max(1, ...data.parks.map((p) => p.totalAreaHa ?? 0));
  const parks = L.layerGroup().addTo(map);
  for (const p of data.parks) {
    if (p.location === null) {
      continue;
    }
    const radius = 3 + 9 * Math.sqrt((p.totalAreaHa ?? 0) / largest);
    const marker = L.circleMarker([p.location.lat, p.location.lng], { radius, color: "#7a2e00", weight: 1, fillColor: "#e6550d", fillOpacity: 0.85 })
      .bindTooltip(p.totalAreaHa === null ? p.name : `${p.name}: ${format(p.totalAreaHa, "availableAreaHa")}`)
      .on("click", () => { location.hash = `#/node/${encodeURIComponent(p.id)}`; });
    marker.addTo(parks);
    focusable(marker.getElement(), `${t("kindPark")} ${p.name}${p.totalAreaHa === null ? "" : `, ${format(p.totalAreaHa, "availableAreaHa")}`}`, p.id);
  }
  // Every province shape is a link for the keyboard and screen readers too: Tab reaches it, Enter opens its page.
  layer.eachLayer((l) => {
    const code = String((l as L.GeoJSON & { feature?: GeoJSON.Feature }).feature?.properties?.gso_code ?? "");
    const e = byCode.get(code);
    if (e !== undefined) {
      const path = (l as L.Path).getElement();
      focusable(path, describe(e, indicator), e.province.id);
      path?.setAttribute("data-code", code);
    }
  });
  canvas.dataset.ready = "true";
  restoreFocus();
}

/** Makes a drawn shape a link: in the tab order, named, opened with Enter or Space. */
function focusable(node: Element | undefined, name: string, id: string): void {
  if (!(node instanceof SVGElement)) {
    return;
  }
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "link");
  node.setAttribute("aria-label", name);
  node.setAttribute("data-id", id);
  node.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      location.hash = `#/node/${encodeURIComponent(id)}`;
    }
  });
}

function legendOf(indicator: Indicator, breaks: number[], values: number[], data: ProvinceMapData): HTMLElement {
  const items: HTMLElement[] = [];
  const swatch = (color: string) => el("span", { class: "swatch", style: `background:${color}`, "aria-hidden": "true" });
  // Each class from just above the one before (the least value for the first) to its top.
  let low = Math.min(...values);
  breaks.forEach((top, i) => {
    const text = low >= top ? format(top, indicator) : `${format(low, indicator)} – ${format(top, indicator)}`;
    items.push(el("li", { "data-class": String(i) }, swatch(colourOf(i, breaks.length)), text));
    low = counted(indicator) ? top + 1 : top;
  });
  if (indicator === "domesticShare") {
    items.push(el("li", { "data-class": "withheld" }, swatch(withheldFill), t("withheld")));
  }
  items.push(el("li", { "data-class": "none" }, swatch(noData), t("mapNoValue")));
  const parks = data.parks.filter((p) => p.location !== null).length;
  return el("div", { class: "legend", id: "map-legend" },
    el("p", { class: "legend-title" }, t(indicatorLabels[indicator])),
    el("ul", { class: "plain" }, ...items),
    el("p", { class: "legend-parks" }, el("span", { class: "dot", "aria-hidden": "true" }), ` ${t("mapParkDots").replace("{n}", parks.toLocaleString(locale()))}`));
}

function tableOf(data: ProvinceMapData, indicator: Indicator): HTMLElement {
  const rows = data.provinces.map((e) => {
    const v = valueOf(e, indicator);
    const text = isWithheld(e, indicator) ? t("withheld") : v === null ? "–" : format(v, indicator);
    return el("tr", { "data-code": e.province.code },
      el("td", {}, el("a", { href: `#/node/${encodeURIComponent(e.province.id)}` }, e.province.name)),
      el("td", { class: "num", "data-value": v === null ? "" : String(v) }, text));
  });
  return el("details", { id: "map-table" },
    el("summary", {}, t("mapTable")),
    el("table", {}, el("thead", {}, el("tr", {}, label("th", "kindProvince"), el("th", {}, t(indicatorLabels[indicator])))), el("tbody", {}, ...rows)));
}

function sourceNote(): HTMLElement {
  return label("p", "mapSource", { class: "hint", id: "map-source" });
}
