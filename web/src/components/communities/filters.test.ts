import { describe, expect, it } from "vitest";
import { filtersOf, paramsOf } from "./filters";

describe("communities list filters in the address", () => {
  it("round-trip through the query string", () => {
    const filters = { text: "robotica", visibility: "private" as const, mine: true, descriptors: ["s3:aerospace", "nace:C"] };
    expect(filtersOf(paramsOf(filters))).toEqual(filters);
    expect(paramsOf(filters).toString()).toBe("q=robotica&visibility=private&mine=true&descriptor=s3%3Aaerospace&descriptor=nace%3AC");
  });

  it("leave out what is not set, and ignore what they do not know", () => {
    expect(paramsOf({ text: "  ", visibility: "", mine: false, descriptors: [] }).toString()).toBe("");
    expect(filtersOf(new URLSearchParams("visibility=secret&mine=yes"))).toEqual(
      { text: "", visibility: "", mine: false, descriptors: [] });
  });
});
