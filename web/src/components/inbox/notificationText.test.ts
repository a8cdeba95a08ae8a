import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/messages";
import type { Notification } from "../../live/notifications";
import { bodyOf, headlineOf, linkOf } from "./notificationText";

const base: Notification = {
  id: "n1", kind: "proposal.matched", title: "A new proposal matches your interests: Drones", body: "Partners wanted.",
  subject_type: "proposal", subject_id: "p1", created_at: "2026-12-02T10:00:00Z", read_at: null, seq: "s1",
  subject_title: "Drones", actor: null, community_id: null, community_name: null, starts_at: null,
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
    expect(linkOf({ ...base, subject_type: "post", subject_id: "x", community_id: "c2" }))
      .toBe("/communities/c2/discussion/x");
    expect(linkOf({ ...base, subject_type: "interest" })).toBe("/interests");
  });

  it("links a community's content into its section, and platform content to its own page", () => {
    const c = { ...base, community_id: "c1" };
    expect(linkOf({ ...c, subject_type: "news", subject_id: "n1" })).toBe("/communities/c1/news/n1");
    expect(linkOf({ ...c, subject_type: "event", subject_id: "e1" })).toBe("/communities/c1/events/e1");
    expect(linkOf({ ...c, subject_type: "consultation", subject_id: "k1" })).toBe("/communities/c1/consultations/k1");
    expect(linkOf({ ...c, subject_type: "document", subject_id: "d1" })).toBe("/communities/c1/documents");
    expect(linkOf({ ...c, subject_type: "reply", subject_id: "r1" })).toBe("/communities/c1/discussion");
    expect(linkOf({ ...base, subject_type: "news", subject_id: "n1" })).toBe("/news/n1");
    expect(linkOf({ ...base, subject_type: "event", subject_id: "e1" })).toBe("/events/e1");
    expect(linkOf({ ...base, subject_type: "consultation", subject_id: "k1" })).toBe("/consultations/k1");
    expect(linkOf({ ...base, subject_type: "invitation", subject_id: "i1" })).toBe("/invitations");
  });

  it("words a community's content with its community, platform content without, in both languages", () => {
    const news = { ...base, kind: "community.news" as const, subject_type: "news" as const, subject_title: "Bando",
      community_id: "c1", community_name: "Aerospazio" };
    expect(headlineOf(news, it_)).toBe("Nuova notizia in «Aerospazio»: «Bando»");
    expect(headlineOf(news, en)).toBe("News in “Aerospazio”: “Bando”");
    expect(headlineOf({ ...news, community_id: null, community_name: null }, it_))
      .toBe("Nuova notizia dalla piattaforma: «Bando»");
    const hidden = { ...news, kind: "community.content_hidden" as const, subject_type: "reply" as const,
      subject_title: "Kick-off", body: "Fuori tema" };
    expect(headlineOf(hidden, it_)).toBe("Un moderatore ha nascosto la tua risposta «Kick-off»");
    expect(headlineOf(hidden, en)).toBe("A moderator hid your reply “Kick-off”");
    expect(bodyOf(hidden, it_)).toBe("Fuori tema");
    const invitation = { ...base, kind: "community.invitation" as const, subject_type: "invitation" as const,
      subject_title: "Cabina di regia", actor: "Olga", body: "Accept or decline the invitation among your invitations." };
    expect(headlineOf(invitation, it_)).toBe("Olga ti ha invitato nella comunità «Cabina di regia»");
    expect(bodyOf(invitation, it_)).toBe("Puoi accettare o rifiutare l'invito tra i tuoi inviti.");
  });
});
