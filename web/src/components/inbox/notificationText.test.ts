import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/messages";
import type { Notification } from "../../live/notifications";
import { bodyOf, headlineOf, linkOf } from "./notificationText";

const base: Notification = {
  id: "n1", kind: "proposal.matched", title: "A new proposal matches your interests: Drones", body: "Partners wanted.",
  subject_type: "proposal", subject_id: "p1", created_at: "2026-12-02T10:00:00Z", read_at: null, seq: "s1",
  subject_title: "Drones", actor: null, community_id: null,
};

describe("notification text", () => {
  const it_ = translator("it");
  const en = translator("en");

  it("words the headline in the reader's language from its parts, or falls back to the title", () => {
    expect(headlineOf(base, it_)).toBe("Una nuova proposta corrisponde ai tuoi interessi: «Drones»");
    expect(headlineOf(base, en)).toBe("A new proposal matches your interests: “Drones”");
    expect(headlineOf({ ...base, subject_title: null }, it_)).toBe(base.title);
    const een = { ...base, kind: "interest.received" as const, subject_type: "interest" as const, actor: "Acme (DE)" };
    expect(headlineOf(een, en)).toContain("Acme (DE), through the Enterprise Europe Network");
  });

  it("replaces the service's own English sentences, keeps what members wrote", () => {
    expect(bodyOf(base, it_)).toBe("Partners wanted.");
    expect(bodyOf({ ...base, kind: "community.join_approved", body: "Your request to join was approved." }, it_))
      .toBe("La tua richiesta di adesione è stata approvata.");
  });

  it("links to what it is about", () => {
    expect(linkOf(base)).toBe("/proposals/p1");
    expect(linkOf({ ...base, subject_type: "community", subject_id: "c1" })).toBe("/communities/c1");
    expect(linkOf({ ...base, subject_type: "post", subject_id: "x", community_id: "c2" })).toBe("/communities/c2");
    expect(linkOf({ ...base, subject_type: "interest" })).toBe("/interests");
  });
});
