import { gql } from "./api";
import { el, label } from "./dom";

/** A node found by its name: what a scope or a filter needs of it. */
export interface Named { name: string; id: string; code: string | null }

const query = `query Lookup($text: String!, $kinds: [NodeKind!]) {
  search(text: $text, kinds: $kinds, first: 10) { name node { id ... on Sector { code } } }
}`;

/** Lower case without diacritics, đ as d: how the search itself compares names. */
export const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase().trim();

/** A VSIC code ("C", "26", "26300") or an ISIC one ("ISIC4:2610"), as opposed to words of a sector's name. */
const isSectorCode = (text: string) => /^([A-Za-z]|\d{2,5}|ISIC4:\S+)$/i.test(text.trim());

/**
 * Finds a park, corridor or sector by the words typed (folded, as the search does): the only match, or the one
 * whose whole name the words are, is the pick; otherwise the matches (none, or several to choose from).
 */
export async function lookUp(kind: "PARK" | "CORRIDOR" | "SECTOR", text: string): Promise<{ pick: Named | null; matches: Named[] }> {
  const hits = (await gql<{ search: { name: string; node: { id: string; code?: string } }[] }>(query, { text, kinds: [kind] })).search;
  const all = hits.map((h) => ({ name: h.name, id: h.node.id, code: h.node.code ?? null }));
  const exact = all.filter((m) => fold(m.name) === fold(text));
  // A sector named as a broader one it belongs to is that one again, one level down: offered once, as the broader.
  const matches = all.filter((m) => !all.some((o) => o !== m && o.name === m.name && o.code !== null && m.code !== null && m.code.startsWith(o.code) && o.code.length < m.code.length));
  return { pick: exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : broadest(exact), matches };
}

/**
 * VSIC repeats a name down its levels (division 29, group 291, class 2910, subclass 29100 may all be called the
 * same): when every match of the whole name is one line of descent, the broadest is meant, and it takes in the rest.
 */
function broadest(exact: Named[]): Named | null {
  const codes = exact.filter((m) => m.code !== null);
  if (codes.length < 2 || codes.length !== exact.length) {
    return null;
  }
  const top = codes.reduce((a, b) => (b.code!.length < a.code!.length ? b : a));
  return codes.every((m) => m.code!.startsWith(top.code!)) ? top : null;
}

/** What a page shows when the words picked nothing: that nothing has the name, or the matches as links to choose. */
export function unresolved(matches: Named[], href: (m: Named) => string): HTMLElement[] {
  if (matches.length === 0) {
    return [label("p", "nameNone", { role: "alert", class: "error" })];
  }
  return [label("p", "nameChoose", { role: "status" }),
    el("ul", { id: "name-choices" }, ...matches.map((m) => el("li", {}, el("a", { href: href(m) }, m.code ? `${m.code} ${m.name}` : m.name))))];
}

/**
 * A sector as typed: a code is taken as it is; words are looked up by name, and when they pick no one sector the
 * page says so or offers the matches (links made by href) and this gives null.
 */
export async function resolveSector(text: string, out: HTMLElement, href: (code: string) => string): Promise<{ code: string; shown: string | null } | null> {
  if (isSectorCode(text)) {
    return { code: text, shown: null };
  }
  const found = await lookUp("SECTOR", text);
  if (found.pick === null) {
    out.replaceChildren(...unresolved(found.matches, (m) => href(m.code ?? "")));
    return null;
  }
  return { code: found.pick.code ?? "", shown: `${found.pick.code} ${found.pick.name}` };
}
