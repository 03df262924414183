// The public API only: POST /graphql and the export endpoints, with the session's API key when one is given.
const keyName = "ecosystem.apiKey";

export const apiKey = (): string | null => sessionStorage.getItem(keyName);

export function setApiKey(key: string | null): void {
  if (key) {
    sessionStorage.setItem(keyName, key);
  } else {
    sessionStorage.removeItem(keyName);
  }
}

function headers(): Record<string, string> {
  const h: Record<string, string> = { "Content-Type": "application/json", Accept: "application/graphql-response+json" };
  const key = apiKey();
  if (key) {
    h["X-Api-Key"] = key;
  }
  return h;
}

export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** Runs a query; restricted values the caller may not see (FORBIDDEN) come back null, any other error is thrown. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch("/graphql", { method: "POST", headers: headers(), body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  const blocking = (body.errors ?? []).filter((e) => e.extensions?.code !== "FORBIDDEN");
  if (blocking.length > 0 || !body.data) {
    const first = blocking[0] ?? body.errors?.[0];
    throw new ApiError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? "HTTP");
  }
  return body.data;
}

/** Downloads an export (with the key, so analysts get values) and saves it under the server's file name. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const h = headers();
  delete h["Content-Type"];
  delete h.Accept;
  const response = await fetch(url, { headers: h });
  if (!response.ok) {
    throw new ApiError(`HTTP ${response.status}`, "HTTP");
  }
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await response.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
