import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from "chart.js";
import { download, gql } from "./api";
import { el, label, status } from "./dom";
import { lookUp, resolveSector, unresolved } from "./lookup";
import { Label, lang, locale, t } from "./i18n";
import { watch } from "./live";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Report {
  asOf: string;
  threshold: number;
  leadFirmCount: number;
  inputValueUsd: number | null;
  domesticShare: number | null;
  localShare: number | null;
  // For callers without an analyst's key, a value the disclosure rules withhold is null (CONFIDENTIAL).
  inputs: { sector: { code: string; name: string }; valueUsd: number | null; domesticShare: number | null; localValueUsd: number | null; domesticValueUsd: number | null; byCountry: { country: string; valueUsd: number | null }[] }[] | null;
  gaps: { sector: { code: string; name: string }; foreignValueUsd: number; domesticShare: number; candidates: { firm: { id: string; name: string }; score: number; sectorFit: number; provenCapability: number; distanceKm: number | null; allianceMember: boolean; sizeScore: number }[] }[] | null;
  unknownInputs: { code: string; name: string }[];
}

const reportQuery = `query Dashboard($scope: ScopeInput!, $sector: String, $asOf: Date) {
  localizationReport(scope: $scope, sectorCode: $sector, asOf: $asOf) {
    asOf threshold leadFirmCount inputValueUsd domesticShare localShare
    inputs { sector { code name } valueUsd domesticShare localValueUsd domesticValueUsd byCountry { country valueUsd } }
    gaps { sector { code name } foreignValueUsd domesticShare candidates(first: 5) { firm { id name } score sectorFit provenCapability distanceKm allianceMember sizeScore } }
    unknownInputs { code name }
  }
}`;

export interface DashboardArgs { kind: string; value: string; sector: string; asOf: string }

const kinds: [string, Label][] = [["province", "scopeProvince"], ["region", "scopeRegion"], ["corridor", "scopeCorridor"], ["park", "scopePark"], ["country", "scopeCountry"]];

let chart: Chart | null = null;

const usd = (v: number) => v.toLocaleString(locale(), { maximumFractionDigits: 0 });
const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
/** A value, or the word for one withheld under the disclosure rules. */
const shown = (v: number | null) => (v === null ? t("withheld") : usd(v));
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** The localization dashboard: a scope, a lead-firm sector and a date; totals, inputs by sector, gaps and candidates. */
export function dashboardPage(root: HTMLElement, args: DashboardArgs): void {
  const kind = el("select", { id: "scope-kind" }, ...kinds.map(([k, key]) => el("option", { value: k, "data-i18n": key }, t(key))));
  kind.value = args.kind;
  const value = el("input", { id: "scope-value", type: "text", value: args.value, autocomplete: "off" });
  const sector = el("input", { id: "lead-sector", type: "text", value: args.sector, autocomplete: "off" });
  const asOf = el("input", { id: "as-of", type: "date", value: args.asOf });
  const form = el("form", { class: "dash-form" },
    el("div", {}, label("label", "scopeKind", { for: "scope-kind" }), kind),
    el("div", {}, label("label", "scopeValue", { for: "scope-value" }), value),
    el("div", {}, label("label", "leadSector", { for: "lead-sector" }), sector),
    el("div", {}, label("label", "asOf", { for: "as-of" }), asOf),
    label("button", "show", { type: "submit" }));
  const out = el("div", { id: "dashboard" });
  root.replaceChildren(label("h1", "dashHeading"), form, out);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/localization/${[kind.value, value.value.trim(), sector.value.trim(), asOf.value].map(encodeURIComponent).join("/")}`;
  });
  if (args.kind === "country" || args.value.length > 0) {
    void show(out, args);
    // Any change to the graph may move the report's shares: a quiet notice, and the report again on request.
    watch(root, "subscription GraphChanged { graphChanged { version } }", {}, "liveGraphChanged", () => dashboardPage(root, args));
  }
}

function scopeOf(args: DashboardArgs, value: string): Record<string, unknown> {
  return args.kind === "country" ? { country: true } : { [args.kind]: value };
}

const scopeNameQuery = `query ScopeName($id: ID!) {
  node(id: $id) { ... on Province { name } ... on Park { name } ... on Region { name } ... on Corridor { name } }
}`;

async function show(out: HTMLElement, args: DashboardArgs): Promise<void> {
  out.replaceChildren(status("loading"));
  let report: Report;
  // Parks and corridors are scoped by id and sectors by code; words typed instead are looked up by name.
  let scopeName: string | null = null;
  let value = args.value;
  let sectorName: string | null = null;
  let sector = args.sector;
  const hrefWith = (v: string, s: string) => `#/localization/${[args.kind, v, s, args.asOf].map(encodeURIComponent).join("/")}`;
  try {
    if (value.startsWith(`${args.kind}:`)) {
      // An id (a link from a province's or park's page): its name, to say what the report is of.
      scopeName = (await gql<{ node: { name?: string } | null }>(scopeNameQuery, { id: value })).node?.name ?? null;
    } else if (args.kind === "park" || args.kind === "corridor") {
      const found = await lookUp(args.kind === "park" ? "PARK" : "CORRIDOR", value);
      if (found.pick === null) {
        out.replaceChildren(...unresolved(found.matches, (m) => hrefWith(m.id, sector)));
        return;
      }
      ({ id: value, name: scopeName } = found.pick);
    }
    if (sector !== "") {
      const resolved = await resolveSector(sector, out, (code) => hrefWith(value, code));
      if (resolved === null) {
        return;
      }
      ({ code: sector, shown: sectorName } = resolved);
    }
    report = (await gql<{ localizationReport: Report }>(reportQuery, { scope: scopeOf(args, value), sector: sector || null, asOf: args.asOf || null })).localizationReport;
  } catch (e) {
    out.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return;
  }
  if (!out.isConnected) {
    return; // another page was drawn meanwhile (its chart is not this one's to replace)
  }
  const total = (key: Label, text: string, id: string, raw: string) =>
    el("div", { class: "total" }, label("span", key, { class: "total-label" }), el("strong", { id, "data-value": raw }, text));
  const totals = el("div", { class: "totals" },
    total("leadFirms", String(report.leadFirmCount), "total-leads", String(report.leadFirmCount)),
    total("inputValue", report.inputValueUsd === null ? "–" : usd(report.inputValueUsd), "total-value", String(report.inputValueUsd ?? "")),
    total("domesticShare", pct(report.domesticShare), "total-domestic", String(report.domesticShare ?? "")),
    total("localShare", pct(report.localShare), "total-local", String(report.localShare ?? "")),
    total("asOfShown", lang() === "vi" ? report.asOf.split("-").reverse().join("/") : report.asOf, "total-as-of", report.asOf));
  const csvArgs = new URLSearchParams({ ...(args.kind === "country" ? { country: "true" } : { [args.kind]: value }), ...(sector ? { sectorCode: sector } : {}), ...(args.asOf ? { asOf: args.asOf } : {}) });
  const csv = label("button", "downloadCsv", { type: "button", id: "download-csv" });
  csv.addEventListener("click", () => void download(`/reports/localization.csv?${csvArgs}`, "localization.csv"));
  const candidatesCsv = label("button", "downloadCandidatesCsv", { type: "button", id: "download-candidates-csv" });
  candidatesCsv.addEventListener("click", () => void download(`/reports/localization-candidates.csv?${csvArgs}`, "localization-candidates.csv"));
  const parts: (Node | null)[] = [
    scopeName === null ? null : el("p", { id: "scope-shown" }, label("span", "scopeShown"), ` ${scopeName}`),
    sectorName === null ? null : el("p", { id: "sector-shown" }, label("span", "sectorShown"), ` ${sectorName}`),
    totals];
  if (report.inputs === null) {
    parts.push(label("p", "valuesNeedKey", { class: "notice" }));
  } else {
    const withheld = report.inputValueUsd === null || report.inputs.some((i) => i.valueUsd === null || i.domesticValueUsd === null || i.localValueUsd === null || i.byCountry.some((c) => c.valueUsd === null));
    if (withheld && report.inputs.length > 0) {
      parts.push(label("p", "confidentialNotice", { class: "notice", id: "confidential-notice" }));
    }
    // The inputs' CSV as the caller may see them (published values without a key); the candidates rank the gaps: with a key.
    parts.push(el("div", { class: "controls" }, csv, report.gaps === null ? null : candidatesCsv));
    parts.push(label("h2", "chartHeading"), chartOf(report.inputs), inputsTableOf(report.inputs));
    if (report.gaps === null) {
      parts.push(label("p", "gapsNeedKey", { class: "notice", id: "gaps-need-key" }));
    } else {
      parts.push(label("h2", "gapsHeading"), el("p", { id: "gaps-rule" }, label("span", "gapsRule"), ` ${pct(report.threshold)}.`), gapsOf(report.gaps));
    }
  }
  parts.push(label("h2", "unknownInputs"), el("p", { id: "unknown-inputs" }, report.unknownInputs.map((s) => `${s.code} ${s.name}`).join("; ") || t("none")));
  out.replaceChildren(...parts.filter((p): p is Node => p !== null));
}

/**
 * Input value by sector, stacked: local, other domestic, then foreign by country (the five largest, the rest together).
 * Only sectors whose value and parts are all shown are drawn (a withheld part drawn as nothing would mislead).
 */
function chartOf(inputs: NonNullable<Report["inputs"]>): HTMLElement {
  const whole = inputs.filter((i) => i.valueUsd !== null && i.localValueUsd !== null && i.domesticValueUsd !== null && i.byCountry.every((c) => c.valueUsd !== null));
  const top = [...whole].sort((a, b) => (b.valueUsd ?? 0) - (a.valueUsd ?? 0) || a.sector.code.localeCompare(b.sector.code)).slice(0, 12);
  const foreign = new Map<string, number>();
  for (const input of top) {
    for (const c of input.byCountry) {
      if (c.country !== "VN") {
        foreign.set(c.country, (foreign.get(c.country) ?? 0) + (c.valueUsd ?? 0));
      }
    }
  }
  const countries = [...foreign.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([c]) => c);
  const palette = ["#b4432c", "#d9822b", "#7a5195", "#c44e8a", "#4e79a7", "#8c8c8c"];
  const datasets = [
    { label: t("local"), data: top.map((i) => i.localValueUsd ?? 0), backgroundColor: "#1f6f43" },
    { label: t("otherDomestic"), data: top.map((i) => (i.domesticValueUsd ?? 0) - (i.localValueUsd ?? 0)), backgroundColor: "#7fb77e" },
    ...countries.map((c, k) => ({ label: c, data: top.map((i) => i.byCountry.find((x) => x.country === c)?.valueUsd ?? 0), backgroundColor: palette[k] })),
    {
      label: t("otherCountries"),
      data: top.map((i) => i.byCountry.filter((x) => x.country !== "VN" && !countries.includes(x.country)).reduce((s, x) => s + (x.valueUsd ?? 0), 0)),
      backgroundColor: palette[5],
    },
  ];
  const canvas = el("canvas", { id: "inputs-chart", role: "img", "aria-label": t("chartHeading") });
  const box = el("div", { class: "chart" }, canvas);
  chart?.destroy();
  chart = new Chart(canvas, {
    type: "bar",
    data: { labels: top.map((i) => `${i.sector.code} ${shorten(i.sector.name, 40)}`), datasets },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true }, y: { stacked: true } },
      plugins: { tooltip: { callbacks: { title: (items) => (items.length > 0 ? `${top[items[0].dataIndex].sector.code} ${top[items[0].dataIndex].sector.name}` : "") } } },
    },
  });
  box.dataset.sectors = String(top.length);
  return box;
}

/** A name cut at a word boundary to at most max characters, with an ellipsis when cut. */
function shorten(name: string, max: number): string {
  if (name.length <= max) {
    return name;
  }
  const cut = name.lastIndexOf(" ", max - 1);
  return `${name.slice(0, cut > max / 2 ? cut : max - 1).replace(/[,;:]$/, "")}…`;
}

/** Every input sector's figures, the chart's data as a table (for reading exact values and for screen readers). */
function inputsTableOf(inputs: NonNullable<Report["inputs"]>): HTMLElement {
  const head = el("tr", {}, ...(["sector", "inputValueCol", "local", "otherDomestic", "foreign", "domesticShare"] as Label[]).map((k) => label("th", k, { scope: "col" })));
  const body = el("tbody");
  for (const i of inputs) {
    body.append(el("tr", { "data-sector": i.sector.code },
      el("td", {}, `${i.sector.code} ${i.sector.name}`),
      el("td", { class: "num", "data-value": String(i.valueUsd ?? "") }, shown(i.valueUsd)),
      el("td", { class: "num" }, shown(i.localValueUsd)),
      el("td", { class: "num" }, shown(minus(i.domesticValueUsd, i.localValueUsd))),
      el("td", { class: "num" }, shown(minus(i.valueUsd, i.domesticValueUsd))),
      el("td", { class: "num", "data-value": String(i.domesticShare ?? "") }, pct(i.domesticShare))));
  }
  return el("details", { class: "inputs-table" }, label("summary", "inputsTable"), el("table", { id: "inputs" }, el("thead", {}, head), body));
}

function gapsOf(gaps: NonNullable<Report["gaps"]>): HTMLElement {
  if (gaps.length === 0) {
    return label("p", "noGaps");
  }
  const table = el("table", { id: "gaps" },
    el("thead", {}, el("tr", {}, label("th", "sector", { scope: "col" }), label("th", "foreignValue", { scope: "col" }), label("th", "domesticShare", { scope: "col" }), label("th", "candidates", { scope: "col" }))));
  const body = el("tbody");
  for (const gap of gaps) {
    const list = el("ol", { class: "candidates" });
    for (const c of gap.candidates) {
      list.append(el("li", {}, el("a", { href: `#/firm/${encodeURIComponent(c.firm.id)}` }, c.firm.name),
        ` ${c.score.toFixed(3)} (${c.sectorFit.toFixed(2)} / ${c.provenCapability.toFixed(2)} / ${c.distanceKm === null ? "–" : `${c.distanceKm.toFixed(0)} km`} / ${c.allianceMember ? "✓" : "–"} / ${c.sizeScore.toFixed(2)})`));
    }
    body.append(el("tr", { "data-sector": gap.sector.code }, el("td", {}, `${gap.sector.code} ${gap.sector.name}`), el("td", { class: "num" }, usd(gap.foreignValueUsd)), el("td", { class: "num" }, pct(gap.domesticShare)), el("td", {}, list)));
  }
  table.append(body);
  return table;
}
