import { apiKey, gql, gqlAnswer } from "./api";
import { el, label, sourcesList, status } from "./dom";
import { Label, lang, locale, t } from "./i18n";

// Firms' profiles, product pages, sourcing requests with their matches, and the form editors post a request with.

interface Named { id: string; name: string }

interface Profile {
  originCountry: string | null;
  size: string | null;
  capabilities: {
    employees: number | null;
    foundedYear: number | null;
    products: { product: { id: string; code: string; name: string }; description: string | null; annualCapacity: number | null; unit: string | null; verified: boolean }[];
    processes: { process: { id: string; code: string; name: string; nameEn: string }; verified: boolean }[];
    certifications: { standard: { id: string; code: string }; number: string | null; issuer: string | null; expiresOn: string | null; valid: boolean; verified: boolean }[];
    exportMarkets: { country: string }[];
  };
  sourcingRequests: { id: string; title: string; status: string; postedOn: string }[];
}

const profileQuery = `query FirmProfile($id: ID!) {
  firm(id: $id) {
    originCountry size
    capabilities {
      employees foundedYear
      products { product { id code name } description annualCapacity unit verified }
      processes { process { id code name nameEn } verified }
      certifications { standard { id code } number issuer expiresOn valid verified }
      exportMarkets { country }
    }
    sourcingRequests { id title status postedOn }
  }
}`;

const number = (n: number) => n.toLocaleString(locale());

const nodeHref = (id: string) => id.startsWith("firm:") ? `#/firm/${encodeURIComponent(id)}` : id.startsWith("product:") ? `#/product/${encodeURIComponent(id)}`
  : id.startsWith("request:") ? `#/request/${encodeURIComponent(id)}` : `#/node/${encodeURIComponent(id)}`;

const link = (n: Named) => el("a", { href: nodeHref(n.id) }, n.name);

const badge = (verified: boolean) => label("span", verified ? "verified" : "stated", { class: verified ? "badge verified" : "badge stated" });

function list(items: Node[]): Node | string {
  return items.length === 0 ? "–" : el("ul", { class: "plain" }, ...items.map((i) => el("li", {}, i)));
}

/**
 * Loads a page's data with the page's status shown meanwhile: undefined when it failed (said on the page) or when
 * another page was drawn meanwhile.
 */
async function loadPage<T>(root: HTMLElement, fetch: () => Promise<T>): Promise<T | undefined> {
  const loading = status("loading");
  root.replaceChildren(loading);
  try {
    const data = await fetch();
    return loading.isConnected ? data : undefined;
  } catch (e) {
    if (loading.isConnected) {
      root.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    }
    return undefined;
  }
}

/** A firm's profile (what it makes, the processes it runs, its certificates) and the requests it posted, for the firm page. */
export async function profileSection(firmId: string, isLead: boolean): Promise<HTMLElement> {
  const section = el("section", { id: "profile", "aria-labelledby": "profile-heading" }, label("h2", "profile", { id: "profile-heading" }));
  let firm: Profile | null;
  try {
    firm = (await gql<{ firm: Profile | null }>(profileQuery, { id: firmId })).firm;
  } catch (e) {
    section.append(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(e as Error).message}`));
    return section;
  }
  if (!firm) {
    return section;
  }
  const c = firm.capabilities;
  const dl = el("dl", { class: "facts" });
  const row = (key: Label, value: Node | string, id?: string) => dl.append(label("dt", key), el("dd", id ? { id } : {}, value));
  row("employees", c.employees === null ? "–" : number(c.employees));
  row("foundedYear", c.foundedYear === null ? "–" : String(c.foundedYear));
  row("originCountry", firm.originCountry ?? "–");
  row("size", firm.size ? label("span", `size_${firm.size}` as Label) : "–");
  row("products", list(c.products.map((p) => el("span", { class: "product" },
    el("a", { href: nodeHref(p.product.id) }, `${p.product.code}`), ` ${p.description ?? p.product.name}`,
    p.annualCapacity !== null ? ` — ${number(p.annualCapacity)} ${p.unit ?? ""} ${t("perYear")}` : "", " ", badge(p.verified)))), "profile-products");
  row("processes", list(c.processes.map((p) => el("span", {}, lang() === "vi" ? p.process.name : p.process.nameEn, " ", badge(p.verified)))), "profile-processes");
  row("certifications", list(c.certifications.map((x) => el("span", { class: x.valid ? "cert valid" : "cert expired" },
    el("a", { href: nodeHref(x.standard.id) }, x.standard.code), x.number ? ` ${x.number}` : "", x.issuer ? ` (${x.issuer})` : "",
    x.expiresOn ? ` ${t("until")} ${x.expiresOn}` : "", " — ", label("span", x.valid ? "validCert" : "expiredCert"), " ", badge(x.verified)))), "profile-certifications");
  row("exportMarkets", c.exportMarkets.length === 0 ? "–" : c.exportMarkets.map((m) => m.country).join(", "));
  section.append(dl);
  if (firm.sourcingRequests.length > 0) {
    section.append(label("h3", "requestsPosted"), el("ul", { class: "plain", id: "firm-requests" }, ...firm.sourcingRequests.map((r) =>
      el("li", {}, link({ id: r.id, name: r.title }), ` (${r.postedOn}, `, label("span", `status_${r.status}` as Label), ")"))));
  }
  if (isLead) {
    section.append(el("p", {}, el("a", { id: "to-post-request", href: `#/request-new/${encodeURIComponent(firmId)}`, "data-i18n": "postRequest" }, t("postRequest"))));
  }
  return section;
}

interface ProductView {
  id: string;
  code: string;
  level: string;
  name: string;
  parent: { id: string; code: string; name: string } | null;
  children: { id: string; code: string; name: string }[];
  sectors: { sector: { code: string; name: string }; weight: number; primary: boolean }[];
  listings: { group: string; item: string; itemEn: string | null; codeBasis: string | null }[];
  makers: { totalCount: number; nodes: { firm: { id: string; name: string; country: string }; product: { code: string }; verified: boolean }[] };
  buyersAbroad: { firm: Named; linkCount: number; valueUsd?: number | null }[];
  sourcingRequests: { id: string; title: string; buyer: Named }[];
  sources: { title: string; url: string | null; synthetic: boolean }[];
}

const productQuery = `query ProductPage($id: ID!, $values: Boolean!) {
  node(id: $id) {
    ... on Product {
      id code level name parent { id code name } children { id code name }
      sectors { sector { code name } weight primary }
      listings { group item itemEn codeBasis }
      makers(first: 50) { totalCount nodes { firm { id name country } product { code } verified } }
      buyersAbroad(first: 20) { firm { id name } linkCount valueUsd @include(if: $values) }
      sourcingRequests { id title buyer { id name } }
      sources { title url synthetic }
    }
  }
}`;

/** A product's page: where it sits in HS, its ISIC classes, the priority list, who makes it and who buys it abroad. */
export async function productPage(root: HTMLElement, id: string): Promise<void> {
  const found = await loadPage(root, () => gql<{ node: ProductView | null }>(productQuery, { id, values: apiKey() !== null }));
  if (found === undefined) {
    return;
  }
  const product = found.node;
  if (!product || !product.code) {
    root.replaceChildren(label("p", "noSuchNode", { role: "alert" }));
    return;
  }
  const dl = el("dl", { class: "facts" });
  const row = (key: Label, value: Node | string) => dl.append(label("dt", key), el("dd", {}, value));
  row("code", product.code);
  row("level", label("span", `level_${product.level}` as Label));
  if (product.parent) {
    row("parentProduct", link({ id: product.parent.id, name: `${product.parent.code} ${product.parent.name}` }));
  }
  if (product.children.length > 0) {
    row("childProducts", list(product.children.map((c) => link({ id: c.id, name: `${c.code} ${c.name}` }))));
  }
  if (product.sectors.length > 0) {
    row("isicClasses", list(product.sectors.map((s) => el("span", {}, `${s.sector.code} ${s.sector.name} (${s.weight.toLocaleString(locale())})`,
      s.primary ? el("span", {}, " — ", label("span", "primary")) : null))));
  }
  if (product.listings.length > 0) {
    row("listings", el("div", { id: "product-listings" },
      list(product.listings.map((l) => el("span", {}, lang() === "vi" || !l.itemEn ? l.item : l.itemEn, ` (${l.group})`))),
      label("p", "reconstruction", { class: "warning" })));
  }
  row("sources", sourcesList(product.sources));
  const makers = product.makers.nodes.length === 0 ? label("p", "noMakers")
    : el("ul", { class: "results", id: "makers-list" }, ...product.makers.nodes.map((m) =>
      el("li", {}, link(m.firm), ` (${m.firm.country}) — ${m.product.code} `, badge(m.verified))));
  const buyers = product.buyersAbroad.length === 0 ? label("p", "noBuyersAbroad")
    : el("ul", { class: "results", id: "buyers-list" }, ...product.buyersAbroad.map((b) =>
      el("li", {}, link(b.firm), ` — ${b.linkCount} `, label("span", "links"), b.valueUsd != null ? `, ${number(b.valueUsd)} USD` : "")));
  const requests = product.sourcingRequests.length === 0 ? null
    : el("section", {}, label("h2", "openRequests"), el("ul", { class: "results", id: "product-requests" }, ...product.sourcingRequests.map((r) =>
      el("li", {}, link({ id: r.id, name: r.title }), " — ", link(r.buyer)))));
  root.replaceChildren(el("h1", {}, `${product.code} ${product.name}`), dl,
    el("section", { "aria-labelledby": "makers-heading" }, el("h2", { id: "makers-heading" }, label("span", "makers"), ` (${product.makers.totalCount})`), makers),
    el("section", { "aria-labelledby": "buyers-heading" }, label("h2", "buyersAbroad", { id: "buyers-heading" }), buyers),
    ...(requests ? [requests] : []));
}

interface Match {
  firm: Named;
  score: number;
  productFit: string;
  processFit: number | null;
  missingCertifications: { code: string }[];
  alreadySuppliesBuyer: boolean;
  distanceKm: number | null;
  scoreParts: Record<Part, number>;
  reasons: string[];
}

type Part = "product" | "processes" | "certifications" | "provenSupply" | "distance" | "capacity" | "verified";
const parts: Part[] = ["product", "processes", "certifications", "provenSupply", "distance", "capacity", "verified"];

interface RequestView {
  id: string;
  title: string;
  status: string;
  postedOn: string;
  neededBy: string | null;
  buyer: Named;
  sources: { title: string; url: string | null; synthetic: boolean }[];
  items: {
    id: string;
    key: string;
    description: string | null;
    product: { id: string; code: string; name: string } | null;
    sector: { code: string; name: string } | null;
    annualQuantity: number | null;
    unit: string | null;
    maxDistanceKm: number | null;
    requiredCertifications: { code: string }[];
    requiredProcesses: { code: string; name: string; nameEn: string }[];
    matches: Match[];
  }[];
}

const requestQuery = `query RequestPage($id: ID!, $partial: Boolean!) {
  sourcingRequest(id: $id) {
    id title status postedOn neededBy buyer { id name } sources { title url synthetic }
    items {
      id key description product { id code name } sector { code name } annualQuantity unit maxDistanceKm
      requiredCertifications { code } requiredProcesses { code name nameEn }
      matches(first: 10, includePartial: $partial) {
        firm { id name } score productFit processFit missingCertifications { code } alreadySuppliesBuyer distanceKm
        scoreParts { product processes certifications provenSupply distance capacity verified } reasons
      }
    }
  }
}`;

/** A cell a spreadsheet would read as a formula is written with a leading quote. */
function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The matches of every item as CSV: one row per match, the score's parts in columns, the reasons joined. */
export function matchesCsv(request: RequestView): string {
  const header = ["request", "item", "rank", "firm", "firm_name", "score", ...parts.map((p) => `points_${p}`), "product_fit", "already_supplies_buyer", "distance_km", "missing_certifications", "reasons"];
  const rows = [header.join(",")];
  for (const item of request.items) {
    item.matches.forEach((m, i) => rows.push([request.id, item.key, i + 1, m.firm.id, m.firm.name, m.score, ...parts.map((p) => m.scoreParts[p]), m.productFit,
      String(m.alreadySuppliesBuyer), m.distanceKm, m.missingCertifications.map((c) => c.code).join(";"), m.reasons.join("; ")].map(csvCell).join(",")));
  }
  return rows.join("\n") + "\n";
}

/** A sourcing request's page: its items, each with its best matches and the parts of their scores, and the CSV of them all. */
export async function requestPage(root: HTMLElement, id: string, partial: boolean): Promise<void> {
  const found = await loadPage(root, () => gql<{ sourcingRequest: RequestView | null }>(requestQuery, { id, partial }));
  if (found === undefined) {
    return;
  }
  const request = found.sourcingRequest;
  if (!request) {
    root.replaceChildren(label("p", "noSuchNode", { role: "alert" }));
    return;
  }
  const dl = el("dl", { class: "facts" });
  const row = (key: Label, value: Node | string) => dl.append(label("dt", key), el("dd", {}, value));
  row("buyer", link(request.buyer));
  row("requestStatus", label("span", `status_${request.status}` as Label));
  row("postedOn", request.postedOn);
  row("neededBy", request.neededBy ?? "–");
  row("sources", sourcesList(request.sources));
  const toggle = el("input", { type: "checkbox", id: "include-partial" });
  toggle.checked = partial;
  toggle.addEventListener("change", () => { location.hash = `#/request/${encodeURIComponent(request!.id)}${toggle.checked ? "/partial" : ""}`; });
  const csv = label("button", "downloadMatches", { type: "button", id: "download-matches" });
  const current = request;
  csv.addEventListener("click", () => {
    const a = el("a", { href: URL.createObjectURL(new Blob([matchesCsv(current)], { type: "text/csv" })), download: `${current.id.replace(/[^a-z0-9-]/gi, "_")}.matches.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  });
  const items = request.items.map((item) => {
    const heading = el("h3", {}, label("span", "item"), ` ${item.key}: `, item.product ? link({ id: item.product.id, name: item.product.code }) : "",
      item.sector ? ` ${item.sector.code} ${item.sector.name}` : "", item.description ? ` — ${item.description}` : "");
    const needs: string[] = [];
    if (item.annualQuantity !== null) {
      needs.push(`${t("quantity")}: ${number(item.annualQuantity)} ${item.unit ?? ""}`);
    }
    if (item.requiredCertifications.length > 0) {
      needs.push(`${t("certifications")}: ${item.requiredCertifications.map((c) => c.code).join(", ")}`);
    }
    if (item.requiredProcesses.length > 0) {
      needs.push(`${t("processes")}: ${item.requiredProcesses.map((p) => (lang() === "vi" ? p.name : p.nameEn)).join(", ")}`);
    }
    if (item.maxDistanceKm !== null) {
      needs.push(`${t("maxDistance")}: ${number(item.maxDistanceKm)}`);
    }
    const table = item.matches.length === 0 ? label("p", "noMatches") : el("table", { class: "matches", id: `matches-${item.key}` },
      el("thead", {}, el("tr", {}, label("th", "firms", { scope: "col" }), label("th", "score", { scope: "col" }),
        ...parts.map((p) => label("th", `part_${p}` as Label, { scope: "col" })), label("th", "reasons", { scope: "col" }))),
      el("tbody", {}, ...item.matches.map((m) => el("tr", {},
        el("th", { scope: "row" }, link(m.firm)), el("td", { class: "num" }, m.score.toLocaleString(locale())),
        ...parts.map((p) => el("td", { class: "num" }, m.scoreParts[p].toLocaleString(locale()))),
        el("td", {}, m.reasons.join("; "))))));
    return el("section", { class: "item" }, heading, needs.length > 0 ? el("p", { class: "needs" }, needs.join(" · ")) : null, table);
  });
  root.replaceChildren(el("h1", {}, request.title), dl,
    el("div", { class: "controls" }, toggle, label("label", "includePartial", { for: "include-partial" }), csv),
    label("h2", "matches"), ...items);
}

/** The form an editor posts a sourcing request with (postSourcingRequest): errors come back by field, nothing is posted then. */
export function postRequestPage(root: HTMLElement, buyer: string): void {
  const field = (key: Label, name: string, attrs: Record<string, string> = {}) => {
    const input = el("input", { id: name, name, ...attrs });
    return el("p", { class: "field" }, label("label", key, { for: name }), input);
  };
  const itemFields = (n: number) => el("fieldset", { class: "item", "data-item": String(n) },
    el("legend", {}, label("span", "item"), ` ${n}`),
    field("hsCode", `item-${n}-hs`), field("sectorCode", `item-${n}-sector`), field("description", `item-${n}-description`),
    field("quantity", `item-${n}-quantity`, { inputmode: "decimal" }), field("unit", `item-${n}-unit`),
    field("requiredCertsHint", `item-${n}-certs`), field("requiredProcessesHint", `item-${n}-processes`),
    field("maxDistance", `item-${n}-distance`, { inputmode: "decimal" }));
  const items = el("div", { id: "request-items" }, itemFields(1));
  const add = label("button", "addItem", { type: "button", id: "add-item" });
  add.addEventListener("click", () => {
    const fieldset = itemFields(items.children.length + 1);
    items.append(fieldset);
    fieldset.querySelector("input")?.focus();
  });
  const restricted = el("input", { type: "checkbox", id: "request-restricted" });
  const submit = label("button", "submitRequest", { type: "submit", id: "submit-request" });
  const result = el("div", { id: "request-result", role: "status" });
  const form = el("form", { id: "request-form" },
    field("requestId", "request-id", { required: "" }), field("buyerId", "request-buyer", { required: "", value: buyer }),
    field("requestTitle", "request-title", { required: "" }), field("postedOn", "request-posted", { type: "date", value: new Date().toISOString().slice(0, 10) }),
    field("neededBy", "request-needed", { type: "date" }),
    el("p", { class: "field" }, restricted, label("label", "restricted", { for: "request-restricted" })),
    items, add, field("sourceIds", "request-sources", { required: "" }), submit, result);
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? "";
  const listOf = (id: string) => value(id).split(";").map((x) => x.trim()).filter((x) => x.length > 0);
  const numberOf = (id: string) => (value(id) === "" ? null : Number(value(id).replace(",", ".")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = {
      id: value("request-id"),
      buyer: value("request-buyer"),
      title: value("request-title"),
      postedOn: value("request-posted") || null,
      neededBy: value("request-needed") || null,
      restricted: restricted.checked,
      sources: listOf("request-sources"),
      items: [...items.children].map((_, i) => {
        const n = i + 1;
        return {
          key: String(n),
          hsCode: value(`item-${n}-hs`) || null,
          sector: value(`item-${n}-sector`) || null,
          description: value(`item-${n}-description`) || null,
          annualQuantity: numberOf(`item-${n}-quantity`),
          unit: value(`item-${n}-unit`) || null,
          requiredCertifications: listOf(`item-${n}-certs`),
          requiredProcesses: listOf(`item-${n}-processes`),
          maxDistanceKm: numberOf(`item-${n}-distance`),
        };
      }),
    };
    submit.setAttribute("aria-busy", "true");
    try {
      const answer = await gqlAnswer<{ postSourcingRequest: { request: { id: string } } | null }>(
        "mutation Post($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }", { input });
      const id = answer.data?.postSourcingRequest?.request.id;
      if (id && !answer.errors?.length) {
        location.hash = `#/request/${encodeURIComponent(id)}`;
        return;
      }
      const errors = answer.errors ?? [];
      result.replaceChildren(el("div", { role: "alert", class: "error", id: "request-errors" }, label("p", errors.some((x) => x.extensions?.code === "FORBIDDEN") ? "editorsOnly" : "refused"),
        el("ul", {}, ...errors.map((x) => el("li", {}, x.extensions?.field ? `${x.extensions.field}: ${x.message}` : x.message)))));
      result.querySelector<HTMLElement>("#request-errors")?.focus();
    } catch (err) {
      result.replaceChildren(el("p", { role: "alert", class: "error" }, `${t("error")}: ${(err as Error).message}`));
    } finally {
      submit.removeAttribute("aria-busy");
    }
  });
  root.replaceChildren(label("h1", "postRequest"), apiKey() ? "" : label("p", "editorsOnly", { class: "help" }), form);
  (document.getElementById("request-id") as HTMLInputElement).setAttribute("data-autofocus", "");
}
