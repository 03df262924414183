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

export type Answer<T> = { data?: T | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function post<T>(payload: Record<string, unknown>): Promise<{ response: Response; body: Answer<T> }> {
  const response = await fetch("/graphql", { method: "POST", headers: headers(), body: JSON.stringify(payload) });
  return { response, body: (await response.json()) as Answer<T> };
}

/**
 * Runs a query as an automatic persisted query: the hash alone first, the text only when the server does not know it
 * yet (PERSISTED_QUERY_NOT_FOUND). Restricted values the caller may not see (FORBIDDEN) and aggregates the disclosure
 * rules withhold from it (CONFIDENTIAL) come back null; any other error is thrown. Without Web Crypto (a page not served from a secure origin) the text is sent every time.
 */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let answer: { response: Response; body: Answer<T> };
  if (globalThis.crypto?.subtle) {
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256(query) } };
    answer = await post<T>({ variables, extensions });
    if (answer.body.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
      answer = await post<T>({ query, variables, extensions });
    }
  } else {
    answer = await post<T>({ query, variables });
  }
  const { response, body } = answer;
  const blocking = (body.errors ?? []).filter((e) => e.extensions?.code !== "FORBIDDEN" && e.extensions?.code !== "CONFIDENTIAL");
  if (blocking.length > 0 || !body.data) {
    const first = blocking[0] ?? body.errors?.[0];
    throw new ApiError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? "HTTP");
  }
  return body.data;
}

/** Runs a query or mutation with its text and gives the whole answer, every error with it (for forms that show them all). */
export async function gqlAnswer<T>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const { body } = await post<T>({ query, variables });
  return body;
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
