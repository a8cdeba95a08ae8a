import { describe, expect, it } from "vitest";
import type { Proposal } from "./api";
import { exportState } from "./EenExportStatus";

const base: Proposal = {
  id: "p1", owner_id: "u1", kind: "technology_offer", title: "Brackets", summary: "s", description: "",
  descriptors: ["s3:aerospace"], source: "local", een_reference: null, share_with_een: true,
  een_export_status: null, een_exported_version: null, deadline: null, status: "published", closed_reason: null,
  published_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z", version: 1,
};

describe("where a proposal stands in the EEN database", () => {
  it("waits for the bridge, then shows the POD copy, current or catching up", () => {
    expect(exportState(base)).toBe("pending");
    const exported = { ...base, een_reference: "TOIT1", een_export_status: "published" as const, een_exported_version: 1 };
    expect(exportState(exported)).toBe("published");
    expect(exportState({ ...exported, version: 2 })).toBe("updating");
  });

  it("is being withdrawn once closed or no longer shared, then withdrawn", () => {
    const exported = { ...base, een_reference: "TOIT1", een_export_status: "published" as const, een_exported_version: 1 };
    expect(exportState({ ...exported, status: "closed", version: 2 })).toBe("withdrawing");
    expect(exportState({ ...exported, share_with_een: false, version: 2 })).toBe("withdrawing");
    expect(exportState({ ...exported, share_with_een: false, een_export_status: "withdrawn" })).toBe("withdrawn");
  });

  it("says nothing of proposals never shared, nor of EEN offers", () => {
    expect(exportState({ ...base, share_with_een: false })).toBeNull();
    expect(exportState({ ...base, source: "een", owner_id: null, een_reference: "TOIT9" })).toBeNull();
  });
});
