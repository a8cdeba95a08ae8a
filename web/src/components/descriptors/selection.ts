/** What the picker does to the chosen codes, kept pure so it can be tested on its own. */
import type { Taxonomy } from "./taxonomy";

/** `value` plus `code`, if the taxonomy knows it and it is not chosen yet; otherwise `value`. */
export function addCode(value: readonly string[], code: string, taxonomy: Taxonomy): string[] {
  if (!taxonomy.byCode.has(code) || value.includes(code)) return [...value];
  return [...value, code];
}

export function removeCode(value: readonly string[], code: string): string[] {
  return value.filter((c) => c !== code);
}

export function toggleCode(value: readonly string[], code: string, taxonomy: Taxonomy): string[] {
  return value.includes(code) ? removeCode(value, code) : addCode(value, code, taxonomy);
}

/** The option a combobox key makes active among `count` (-1: none): arrows wrap, Home/End jump. */
export function nextActive(active: number, count: number, key: string): number {
  if (count === 0) return -1;
  switch (key) {
    case "ArrowDown": return active < 0 || active >= count - 1 ? 0 : active + 1;
    case "ArrowUp": return active <= 0 ? count - 1 : active - 1;
    case "Home": return 0;
    case "End": return count - 1;
    default: return active;
  }
}
