import { describe, expect, it } from "vitest";
import { toWallClock, wallClockValue } from "./zonedTime";

describe("zoned times", () => {
  it("shows a UTC instant on the clock of the event's zone", () => {
    expect(toWallClock("2026-07-01T16:00:00Z", "Europe/Rome")).toBe("2026-07-01T18:00");
    expect(toWallClock("2026-01-01T17:00:00Z", "Europe/Rome")).toBe("2026-01-01T18:00");
    expect(toWallClock("2026-07-01T22:00:00Z", "America/New_York")).toBe("2026-07-01T18:00");
  });

  it("sends a datetime-local value as a wall-clock time", () => {
    expect(wallClockValue("2026-07-01T18:00")).toBe("2026-07-01T18:00:00");
    expect(wallClockValue("")).toBeNull();
    expect(wallClockValue("tomorrow")).toBeNull();
  });
});
