import { describe, expect, it } from "vitest";
import { romeLocalToUtc, utcToRomeLocal } from "./romeTime";

describe("Rome time in the editor, UTC on the wire", () => {
  it("turns winter and summer times into UTC", () => {
    expect(romeLocalToUtc("2026-01-15T10:30")).toBe("2026-01-15T09:30:00.000Z"); // CET, +1
    expect(romeLocalToUtc("2026-07-15T10:30")).toBe("2026-07-15T08:30:00.000Z"); // CEST, +2
  });

  it("handles the days the clocks change", () => {
    expect(romeLocalToUtc("2026-03-29T01:30")).toBe("2026-03-29T00:30:00.000Z");
    expect(romeLocalToUtc("2026-03-29T03:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(romeLocalToUtc("2026-10-25T04:00")).toBe("2026-10-25T03:00:00.000Z");
  });

  it("shows a UTC instant as a Rome clock does", () => {
    expect(utcToRomeLocal("2026-07-15T08:30:00Z")).toBe("2026-07-15T10:30");
    expect(utcToRomeLocal("2026-12-31T23:15:00Z")).toBe("2027-01-01T00:15");
  });

  it("round-trips", () => {
    for (const local of ["2026-02-01T00:00", "2026-06-30T23:59", "2026-11-11T11:11"]) {
      const utc = romeLocalToUtc(local);
      expect(utc).not.toBeNull();
      expect(utcToRomeLocal(utc ?? "")).toBe(local);
    }
  });

  it("refuses what is not a time", () => {
    expect(romeLocalToUtc("")).toBeNull();
    expect(romeLocalToUtc("tomorrow")).toBeNull();
  });
});
