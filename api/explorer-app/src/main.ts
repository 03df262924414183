import { apiKey, setApiKey } from "./api";
import { dashboardPage } from "./dashboard";
import { firmPage } from "./firm";
import { lang, markToggle, setLang, t, translate } from "./i18n";
import { rememberFocus, restoreFocus } from "./dom";
import { disposeNetwork } from "./network";
import { stopWatching } from "./live";
import { disposeMap, Indicator, indicators, mapSection } from "./map";
import { nodePage } from "./node";
import { parksPage } from "./parks";
import { searchPage } from "./search";
import { postRequestPage, productPage, requestPage } from "./sourcing";

/** Routes: #/ and #/map[/INDICATOR/DATE] (search and the map), #/search/TEXT, #/firm/ID[/DIRECTION/DEPTH], #/localization[/KIND/VALUE/SECTOR/DATE], #/parks[/SECTOR/MIN_AREA/SORT], #/node/ID, #/product/ID, #/request/ID[/partial], #/request-new[/BUYER]. */
function route(): void {
  const root = document.getElementById("app")!;
  // A control in the header (the language toggle, the key) keeps the focus; one in the page gets it back once drawn.
  const active = document.activeElement;
  const inHeader = active instanceof HTMLElement && active !== document.body && !root.contains(active);
  rememberFocus(root);
  disposeNetwork();
  disposeMap();
  stopWatching();
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (parts[0] === "firm" && parts[1]) {
    const direction = parts[2] === "DOWNSTREAM" ? "DOWNSTREAM" : "UPSTREAM";
    const depth = Math.min(4, Math.max(1, Number(parts[3] ?? "1") || 1));
    void firmPage(root, parts[1], direction, depth);
  } else if (parts[0] === "node" && parts[1]?.startsWith("product:")) {
    void productPage(root, parts[1]);
  } else if (parts[0] === "node" && parts[1]?.startsWith("request:")) {
    void requestPage(root, parts[1], false);
  } else if (parts[0] === "node" && parts[1]) {
    void nodePage(root, parts[1]);
  } else if (parts[0] === "product" && parts[1]) {
    void productPage(root, parts[1]);
  } else if (parts[0] === "request" && parts[1]) {
    void requestPage(root, parts[1], parts[2] === "partial");
  } else if (parts[0] === "request-new") {
    postRequestPage(root, parts[1] ?? "");
  } else if (parts[0] === "parks") {
    const sort = (["score", "name", "area", "firms"] as const).find((k) => k === parts[3]) ?? "score";
    parksPage(root, parts[1] ?? "", parts[2] ?? "", sort);
  } else if (parts[0] === "localization") {
    dashboardPage(root, { kind: parts[1] || "province", value: parts[2] ?? "", sector: parts[3] ?? "", asOf: parts[4] ?? "" });
  } else {
    const text = parts[0] === "search" ? parts.slice(1).join("/") : "";
    searchPage(root, text);
    // The home page's companion: the map, shaded by the indicator chosen (#/map/INDICATOR/DATE).
    if (text === "") {
      const indicator: Indicator = indicators.find((k) => k === parts[1]) ?? "firms";
      root.append(mapSection(parts[0] === "map" ? indicator : "firms", parts[0] === "map" ? parts[2] ?? "" : ""));
    }
  }
  // Otherwise the page's first field (the search box) or the page itself takes it, so a screen reader starts there.
  if (!inHeader) {
    (root.querySelector<HTMLElement>("[data-autofocus]") ?? root).focus({ preventScroll: true });
  }
  restoreFocus();
}

function keyStatus(): void {
  const status = document.getElementById("key-status")!;
  status.dataset.i18n = apiKey() ? "apiKeyOn" : "apiKeyOff";
  status.textContent = t(apiKey() ? "apiKeyOn" : "apiKeyOff");
}

function start(): void {
  document.documentElement.lang = lang();
  translate(document.body);
  markToggle();
  const toggle = document.getElementById("lang-toggle")!;
  // A new language re-renders the page, so what is drawn (the chart, numbers) follows it too.
  toggle.addEventListener("click", () => { setLang(lang() === "vi" ? "en" : "vi"); route(); });
  const form = document.getElementById("key-form") as HTMLFormElement;
  const input = document.getElementById("api-key") as HTMLInputElement;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    setApiKey(input.value.trim() || null);
    input.value = "";
    keyStatus();
    route();
  });
  document.getElementById("key-clear")!.addEventListener("click", () => {
    setApiKey(null);
    keyStatus();
    route();
  });
  keyStatus();
  window.addEventListener("hashchange", route);
  route();
}

start();
