import { describe, expect, it } from "vitest";
import { addCode, nextActive, removeCode, toggleCode } from "./selection";
import { buildTaxonomy, labelOfCode, normalise, pathTo, rootsOf, search, type Descriptor } from "./taxonomy";

const d = (code: string, it: string, en: string, parent: string | null = null): Descriptor => ({
  code, label: en, labels: { it, en }, scheme: code.split(":")[0] ?? "", parent,
});

const TAXONOMY = buildTaxonomy("test", [
  d("s3:agrifood", "Agroalimentare", "Agrifood"),
  d("s3c:agrifood-01", "Agricoltura di precisione", "Precision farming", "s3:agrifood"),
  d("s3:aerospace", "Aerospazio", "Aerospace"),
  d("nace:C", "Attività manifatturiere", "Manufacturing"),
  d("nace:10", "Industrie alimentari", "Manufacture of food products", "nace:C"),
  d("een-tech:01", "Elettronica, informatica e telecomunicazioni", "Electronics, IT and telecommunications"),
]);

const codes = (found: readonly Descriptor[]) => found.map((x) => x.code);

describe("matching labels", () => {
  it("ignores case, accents and extra spaces", () => {
    expect(normalise("  Attività   MANIFATTURIERE ")).toBe("attivita manifatturiere");
    expect(codes(search(TAXONOMY, "attivita", "it"))).toEqual(["nace:C"]);
    expect(codes(search(TAXONOMY, "ATTIVITÀ", "en"))).toEqual(["nace:C"]);
  });

  it("finds a label in either language, the reader's own first", () => {
    expect(codes(search(TAXONOMY, "agroalimentare", "en"))).toEqual(["s3:agrifood"]);
    expect(codes(search(TAXONOMY, "agrifood", "it"))).toEqual(["s3:agrifood"]);
    // "agri" starts the Italian label of the challenge but only the English one of the area.
    expect(codes(search(TAXONOMY, "agri", "it"))).toEqual(["s3c:agrifood-01", "s3:agrifood"]);
    expect(codes(search(TAXONOMY, "agri", "en"))).toEqual(["s3:agrifood", "s3c:agrifood-01"]);
    // "aliment": at a word's start ("Industrie alimentari") beats inside a word ("Agroalimentare").
    expect(codes(search(TAXONOMY, "aliment", "it"))).toEqual(["nace:10", "s3:agrifood"]);
  });

  it("needs every word, anywhere in the label", () => {
    expect(codes(search(TAXONOMY, "precisione agri", "it"))).toEqual(["s3c:agrifood-01"]);
    expect(codes(search(TAXONOMY, "precision space", "en"))).toEqual([]);
  });

  it("finds nothing for a blank query and honours the limit", () => {
    expect(search(TAXONOMY, "   ", "it")).toEqual([]);
    expect(search(TAXONOMY, "a", "it", 2)).toHaveLength(2);
  });

  it("shows labels in the reader's language, the code when unknown", () => {
    expect(labelOfCode(TAXONOMY, "s3:agrifood", "it")).toBe("Agroalimentare");
    expect(labelOfCode(TAXONOMY, "s3:agrifood", "en")).toBe("Agrifood");
    expect(labelOfCode(TAXONOMY, "x:1", "it")).toBe("x:1");
    expect(labelOfCode(null, "s3:agrifood", "it")).toBe("s3:agrifood");
  });

  it("knows the hierarchy", () => {
    expect(codes(rootsOf(TAXONOMY, "s3"))).toEqual(["s3:agrifood", "s3:aerospace"]);
    expect(codes(pathTo(TAXONOMY, "s3c:agrifood-01"))).toEqual(["s3:agrifood"]);
    expect(pathTo(TAXONOMY, "s3:agrifood")).toEqual([]);
  });
});

describe("the picker's selection", () => {
  it("adds known codes once, in the order chosen", () => {
    const one = addCode([], "s3:agrifood", TAXONOMY);
    expect(one).toEqual(["s3:agrifood"]);
    expect(addCode(one, "s3:agrifood", TAXONOMY)).toEqual(["s3:agrifood"]);
    expect(addCode(one, "nace:10", TAXONOMY)).toEqual(["s3:agrifood", "nace:10"]);
  });

  it("never adds an unknown code", () => {
    expect(addCode(["s3:agrifood"], "s3:nope", TAXONOMY)).toEqual(["s3:agrifood"]);
    expect(toggleCode([], "bogus", TAXONOMY)).toEqual([]);
  });

  it("removes and toggles", () => {
    expect(removeCode(["s3:agrifood", "nace:10"], "s3:agrifood")).toEqual(["nace:10"]);
    expect(toggleCode(["nace:10"], "nace:10", TAXONOMY)).toEqual([]);
    expect(toggleCode(["nace:10"], "nace:C", TAXONOMY)).toEqual(["nace:10", "nace:C"]);
  });

  it("moves the active option with the keys, wrapping around", () => {
    expect(nextActive(-1, 3, "ArrowDown")).toBe(0);
    expect(nextActive(2, 3, "ArrowDown")).toBe(0);
    expect(nextActive(0, 3, "ArrowUp")).toBe(2);
    expect(nextActive(-1, 3, "ArrowUp")).toBe(2);
    expect(nextActive(1, 3, "Home")).toBe(0);
    expect(nextActive(1, 3, "End")).toBe(2);
    expect(nextActive(1, 0, "ArrowDown")).toBe(-1);
    expect(nextActive(1, 3, "x")).toBe(1);
  });
});
