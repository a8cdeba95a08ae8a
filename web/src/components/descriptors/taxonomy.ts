/** The descriptor taxonomy as the client holds it: the whole list (428 entries, loaded once),
 * indexed by code and by parent, and searched locally by label in either language. */
import type { components } from "../../api/profiles";
import type { Language } from "../../i18n/messages";

export type Descriptor = components["schemas"]["DescriptorOut"];

export interface Taxonomy {
  readonly version: string;
  readonly items: readonly Descriptor[];
  readonly byCode: ReadonlyMap<string, Descriptor>;
  /** Children in the service's order; `null` holds the top-level entries. */
  readonly children: ReadonlyMap<string | null, readonly Descriptor[]>;
  /** Each code's labels (Italian and English), normalised for matching. */
  readonly searchable: ReadonlyMap<string, { readonly it: string; readonly en: string }>;
}

/** The browsing roots, one group per scheme that has top-level entries, in the service's order. */
export const ROOT_SCHEMES = ["s3", "een-tech", "een-market", "nace"] as const;
export type RootScheme = (typeof ROOT_SCHEMES)[number];

export function buildTaxonomy(version: string, items: readonly Descriptor[]): Taxonomy {
  const byCode = new Map<string, Descriptor>();
  const children = new Map<string | null, Descriptor[]>();
  const searchable = new Map<string, { it: string; en: string }>();
  for (const item of items) {
    byCode.set(item.code, item);
    const siblings = children.get(item.parent);
    if (siblings) siblings.push(item);
    else children.set(item.parent, [item]);
    searchable.set(item.code, { it: normalise(item.labels.it), en: normalise(item.labels.en) });
  }
  return { version, items, byCode, children, searchable };
}

/** Lower case, accents and other marks removed, spaces collapsed: "Attività " → "attivita". */
export function normalise(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

export function labelOf(descriptor: Descriptor, language: Language): string {
  return descriptor.labels[language];
}

/** The label of a code in `language`; the code itself when the taxonomy does not know it. */
export function labelOfCode(taxonomy: Taxonomy | null, code: string, language: Language): string {
  const found = taxonomy?.byCode.get(code);
  return found ? labelOf(found, language) : code;
}

export function childrenOf(taxonomy: Taxonomy, code: string | null): readonly Descriptor[] {
  return taxonomy.children.get(code) ?? [];
}

export function rootsOf(taxonomy: Taxonomy, scheme: RootScheme): readonly Descriptor[] {
  return childrenOf(taxonomy, null).filter((d) => d.scheme === scheme);
}

/** The chain from the top-level entry down to `code`'s parent (empty for a top-level one). */
export function pathTo(taxonomy: Taxonomy, code: string): Descriptor[] {
  const chain: Descriptor[] = [];
  let parent = taxonomy.byCode.get(code)?.parent ?? null;
  while (parent !== null) {
    const found = taxonomy.byCode.get(parent);
    if (found === undefined) break;
    chain.unshift(found);
    parent = found.parent;
  }
  return chain;
}

/** How well `label` (normalised) matches every word of the query: lower is better, null is no match. */
function rank(label: string, words: readonly string[]): number | null {
  let score = 0;
  for (const word of words) {
    const at = label.indexOf(word);
    if (at < 0) return null;
    if (at === 0) continue; // the label starts with it
    const before = label.charAt(at - 1);
    score += /[\p{L}\p{N}]/u.test(before) ? 2 : 1; // inside a word is weaker than at a word's start
  }
  return score;
}

/** Descriptors whose label, in either language, holds every word of `query` (accent- and
 * case-insensitive). Best first: matches in the reader's language, at the start of the label,
 * at word starts, shorter labels; then the taxonomy's order. */
export function search(taxonomy: Taxonomy, query: string, language: Language, limit = 8): Descriptor[] {
  const words = normalise(query).split(" ").filter((w) => w !== "");
  if (words.length === 0) return [];
  const other: Language = language === "it" ? "en" : "it";
  const scored: { descriptor: Descriptor; score: number; order: number }[] = [];
  taxonomy.items.forEach((descriptor, order) => {
    const labels = taxonomy.searchable.get(descriptor.code);
    if (labels === undefined) return;
    const own = rank(labels[language], words);
    const foreign = rank(labels[other], words);
    if (own === null && foreign === null) return;
    // A match in the reader's own language comes before one only in the other language.
    const score = own !== null ? own * 1000 + labels[language].length : 100_000 + (foreign ?? 0) * 1000
      + labels[other].length;
    scored.push({ descriptor, score, order });
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, limit).map((s) => s.descriptor);
}
