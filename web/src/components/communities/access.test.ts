import { describe, expect, it } from "vitest";
import { allowedUnder } from "./api";
import { memberIdOf } from "./InviteForm";

describe("allowedUnder", () => {
  it("offers every access type to a community of its own", () => {
    expect(allowedUnder(null)).toEqual(["public", "private", "closed"]);
  });
  it("never offers a sub-community an access wider than its parent's", () => {
    expect(allowedUnder("public")).toEqual(["public", "private", "closed"]);
    expect(allowedUnder("private")).toEqual(["private", "closed"]);
    expect(allowedUnder("closed")).toEqual(["closed"]);
  });
});

describe("memberIdOf", () => {
  it("reads the id out of a profile address, or takes the id as it is", () => {
    expect(memberIdOf("https://platform.example.org/members/01abc?tab=x")).toBe("01abc");
    expect(memberIdOf("  01abc  ")).toBe("01abc");
    expect(memberIdOf("")).toBe("");
  });
});
