import { describe, expect, it } from "vitest";
import { mentionMarkup } from "./api";

describe("mentionMarkup", () => {
  it("writes the mention the service recognises", () => {
    expect(mentionMarkup("Olga Rossi", "01a2-b3")).toBe("@[Olga Rossi](user:01a2-b3)");
  });

  it("keeps brackets and line breaks out of the label", () => {
    expect(mentionMarkup("Olga [admin]\nRossi", "u1")).toBe("@[Olga  admin  Rossi](user:u1)");
  });
});
