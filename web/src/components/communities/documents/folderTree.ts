/** The folder tree, built from the flat list the service hands out (each folder names its
 * parent), and the sizes of files as people read them. Pure: no React, no calls. */
import type { Folder } from "./api";

/** The folders directly in `parentId` (null: the root), by name. */
export function childrenOf(folders: readonly Folder[], parentId: string | null): Folder[] {
  return folders.filter((f) => (f.parent_id ?? null) === parentId)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

/** From the outermost folder down to `folderId` (empty for the root or an unknown folder). */
export function pathTo(folders: readonly Folder[], folderId: string | null): Folder[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const path: Folder[] = [];
  let current = folderId === null ? undefined : byId.get(folderId);
  while (current !== undefined && !path.includes(current)) {
    path.unshift(current);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  return path;
}

const UNITS = ["B", "KB", "MB", "GB"] as const;

/** 1 536 000 bytes → "1.5 MB" (binary multiples, written as people expect them). */
export function fileSize(bytes: number, formatNumber: (n: number, o?: Intl.NumberFormatOptions) => string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${formatNumber(value, { maximumFractionDigits: digits })} ${UNITS[unit] ?? "B"}`;
}

/** Percent of an upload sent, 0–100, whole. */
export function percent(sent: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((sent / total) * 100)));
}
