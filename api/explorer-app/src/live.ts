// Live changes: the page listens for changes to what it shows (a graphql-ws subscription on /graphql) and says so
// quietly, with a button to show the latest, rather than redrawing under the reader.
import { createClient, type Client } from "graphql-ws";
import { apiKey } from "./api";
import { el, label } from "./dom";
import type { Label } from "./i18n";

let client: Client | null = null;
let clientKey: string | null = null;
let stopCurrent: (() => void) | null = null;

function connection(): Client {
  const key = apiKey();
  if (!client || clientKey !== key) {
    void client?.dispose();
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
    client = createClient({ url, lazy: true, connectionParams: () => (key ? { apiKey: key } : {}), retryAttempts: 5 });
    clientKey = key;
  }
  return client;
}

/** Stops listening for the page that is left. */
export function stopWatching(): void {
  stopCurrent?.();
  stopCurrent = null;
}

/**
 * Listens for the change sets a subscription gives while the page is shown; at the first, puts a quiet notice at the
 * top of the page (a live region, not a redraw) with a button that draws the page again.
 */
export function watch(root: HTMLElement, query: string, variables: Record<string, unknown>, message: Label, redraw: () => void): void {
  stopWatching();
  let notice: HTMLElement | null = null;
  const stop = connection().subscribe<{ [field: string]: { version: number } }>({ query, variables }, {
    next: (result) => {
      const change = result.data ? Object.values(result.data)[0] : null;
      if (!change || !root.isConnected) {
        return;
      }
      const version = el("span", { class: "live-version" }, String(change.version));
      if (!notice) {
        const refresh = label("button", "liveRefresh", { type: "button", id: "live-refresh" });
        refresh.addEventListener("click", () => { stopWatching(); redraw(); });
        notice = el("div", { id: "live-notice", class: "live-notice", role: "status" }, label("span", message), " (", label("span", "liveVersion"), " ", version, ") ", refresh);
        root.prepend(notice);
      } else {
        notice.querySelector(".live-version")?.replaceWith(version);
      }
    },
    error: () => { /* the page stays as it is; the next visit listens again */ },
    complete: () => {},
  });
  stopCurrent = stop;
}
