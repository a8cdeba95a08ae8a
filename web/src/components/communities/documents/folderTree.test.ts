import { describe, expect, it } from "vitest";
import type { Folder } from "./api";
import { childrenOf, fileSize, pathTo, percent } from "./folderTree";

function folder(id: string, name: string, parent: string | null): Folder {
  return { id, name, parent_id: parent, community_id: "c", created_by: "u", created_at: "2026-01-01T00:00:00Z",
           updated_at: "2026-01-01T00:00:00Z", version: 1 };
}

const FOLDERS = [folder("a", "Calls", null), folder("b", "horizon", "a"), folder("c", "Archive", "a"),
                 folder("d", "2026", "b"), folder("e", "minutes", null)];
const number = (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat("en", o).format(n);

describe("the folder tree", () => {
  it("lists a folder's children by name, whatever the case", () => {
    expect(childrenOf(FOLDERS, null).map((f) => f.id)).toEqual(["a", "e"]);
    expect(childrenOf(FOLDERS, "a").map((f) => f.name)).toEqual(["Archive", "horizon"]);
  });

  it("walks from the root down to a folder", () => {
    expect(pathTo(FOLDERS, "d").map((f) => f.name)).toEqual(["Calls", "horizon", "2026"]);
    expect(pathTo(FOLDERS, null)).toEqual([]);
    expect(pathTo(FOLDERS, "missing")).toEqual([]);
  });

  it("stops on a loop", () => {
    const loop = [folder("x", "X", "y"), folder("y", "Y", "x")];
    expect(pathTo(loop, "x").map((f) => f.id)).toEqual(["y", "x"]);
  });
});

describe("sizes and progress", () => {
  it("writes sizes as people read them", () => {
    expect(fileSize(0, number)).toBe("0 B");
    expect(fileSize(1536, number)).toBe("1.5 KB");
    expect(fileSize(25 * 1024 * 1024, number)).toBe("25 MB");
    expect(fileSize(150 * 1024 * 1024, number)).toBe("150 MB");
  });

  it("counts an upload's progress in whole percents", () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(50, 200)).toBe(25);
    expect(percent(199, 200)).toBe(99);
    expect(percent(300, 200)).toBe(100);
  });
});
