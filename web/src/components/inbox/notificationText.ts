/** What a notification says, in the reader's language, and where it leads. The service's
 * `title` is English; it words notifications from their parts (`subject_title`, `actor`),
 * falling back to `title` for one stored without them. */
import type { MessageKey, Translate } from "../../i18n/messages";
import type { Notification } from "../../live/notifications";
import { communityPath, proposalPath, ROUTES } from "../../routes";

const HEADLINES: Readonly<Record<Notification["kind"], MessageKey>> = {
  "proposal.matched": "inbox.headline.proposalMatched",
  "interest.received": "inbox.headline.interestReceived",
  "interest.accepted": "inbox.headline.interestAccepted",
  "interest.declined": "inbox.headline.interestDeclined",
  "community.post": "inbox.headline.communityPost",
  "community.join_requested": "inbox.headline.joinRequested",
  "community.join_approved": "inbox.headline.joinApproved",
  "community.join_declined": "inbox.headline.joinDeclined",
};

/** Kinds whose body is the service's own sentence (English), not what a member wrote. */
const FIXED_BODIES: Readonly<Partial<Record<Notification["kind"], MessageKey>>> = {
  "interest.accepted": "inbox.body.interestAccepted",
  "community.join_requested": "inbox.body.joinRequested",
  "community.join_approved": "inbox.body.joinApproved",
  "community.join_declined": "inbox.body.joinDeclined",
};

export function headlineOf(n: Notification, t: Translate): string {
  if (n.kind === "community.join_declined") return t(HEADLINES[n.kind]);
  const subject = n.subject_title ?? null;
  if (subject === null) return n.title;
  const actor = n.actor ?? t("inbox.someone");
  if (n.kind === "interest.received" && n.actor) return t("inbox.headline.interestReceivedEen", { actor, subject });
  return t(HEADLINES[n.kind], { actor, subject });
}

export function bodyOf(n: Notification, t: Translate): string {
  const fixed = FIXED_BODIES[n.kind];
  return fixed !== undefined ? t(fixed) : n.body;
}

/** The page of what it is about. */
export function linkOf(n: Notification): string {
  switch (n.subject_type) {
    case "proposal": return proposalPath(n.subject_id);
    case "community": return communityPath(n.subject_id);
    case "post": return n.community_id ? communityPath(n.community_id) : ROUTES.communities;
    case "interest": return ROUTES.interests;
  }
}
