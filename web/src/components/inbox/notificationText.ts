/** What a notification says, in the reader's language, and where it leads. The service's
 * `title` is English; it words notifications from their parts (`subject_title`, `actor`,
 * `community_name`), falling back to `title` for one stored without them. */
import type { MessageKey, Translate } from "../../i18n/messages";
import type { Notification } from "../../live/notifications";
import { communityPath, proposalPath, ROUTES } from "../../routes";

type Kind = Notification["kind"];

const HEADLINES: Readonly<Record<Kind, MessageKey>> = {
  "proposal.matched": "inbox.headline.proposalMatched",
  "interest.received": "inbox.headline.interestReceived",
  "interest.accepted": "inbox.headline.interestAccepted",
  "interest.declined": "inbox.headline.interestDeclined",
  "community.post": "inbox.headline.communityPost",
  "community.join_requested": "inbox.headline.joinRequested",
  "community.join_approved": "inbox.headline.joinApproved",
  "community.join_declined": "inbox.headline.joinDeclined",
  "community.reply": "inbox.headline.reply",
  "community.mention": "inbox.headline.mention",
  "community.news": "inbox.headline.news",
  "community.news_submitted": "inbox.headline.newsSubmitted",
  "community.news_approved": "inbox.headline.newsApproved",
  "community.news_rejected": "inbox.headline.newsRejected",
  "community.event": "inbox.headline.event",
  "community.event_cancelled": "inbox.headline.eventCancelled",
  "community.event_promoted": "inbox.headline.eventPromoted",
  "community.event_reminder": "inbox.headline.eventReminder",
  "community.consultation": "inbox.headline.consultation",
  "community.consultation_results": "inbox.headline.consultationResults",
  "community.content_held": "inbox.headline.contentHeld",
  "community.content_hidden": "inbox.headline.contentHidden",
  "community.content_removed": "inbox.headline.contentRemoved",
  "community.content_restored": "inbox.headline.contentRestored",
  "community.invitation": "inbox.headline.invitation",
  "community.validated": "inbox.headline.communityValidated",
  "community.rejected": "inbox.headline.communityRejected",
};

/** New content published platform-wide (by the Region's desk) is worded without a community. */
const PLATFORM_HEADLINES: Readonly<Partial<Record<Kind, MessageKey>>> = {
  "community.news": "inbox.headline.newsPlatform",
  "community.event": "inbox.headline.eventPlatform",
  "community.consultation": "inbox.headline.consultationPlatform",
};

/** Kinds whose body is the service's own sentence (English), not what a member wrote. */
const FIXED_BODIES: Readonly<Partial<Record<Kind, MessageKey>>> = {
  "interest.accepted": "inbox.body.interestAccepted",
  "community.join_requested": "inbox.body.joinRequested",
  "community.join_approved": "inbox.body.joinApproved",
  "community.join_declined": "inbox.body.joinDeclined",
  "community.news_submitted": "inbox.body.newsSubmitted",
  "community.news_approved": "inbox.body.newsApproved",
  "community.event_cancelled": "inbox.body.eventCancelled",
  "community.event_promoted": "inbox.body.eventPromoted",
  "community.consultation_results": "inbox.body.consultationResults",
  "community.content_held": "inbox.body.contentHeld",
  "community.invitation": "inbox.body.invitation",
  "community.validated": "inbox.body.communityValidated",
};

/** What moderated content is, as the object of a sentence ("your reply"). */
const CONTENT_WORDS: Readonly<Partial<Record<Notification["subject_type"], MessageKey>>> = {
  post: "inbox.content.post",
  reply: "inbox.content.reply",
  news: "inbox.content.news",
  document: "inbox.content.document",
};

export function headlineOf(n: Notification, t: Translate): string {
  if (n.kind === "community.join_declined") return t(HEADLINES[n.kind]);
  const subject = n.subject_title ?? null;
  if (subject === null) return n.title;
  const actor = n.actor ?? t("inbox.someone");
  if (n.kind === "interest.received" && n.actor) return t("inbox.headline.interestReceivedEen", { actor, subject });
  const platform = PLATFORM_HEADLINES[n.kind];
  if (platform !== undefined && !n.community_id) return t(platform, { subject });
  const community = n.community_name ?? t("inbox.yourCommunity");
  const word = CONTENT_WORDS[n.subject_type];
  const what = word !== undefined ? t(word) : "";
  return t(HEADLINES[n.kind], { actor, subject, community, what });
}

export function bodyOf(n: Notification, t: Translate): string {
  const fixed = FIXED_BODIES[n.kind];
  return fixed !== undefined ? t(fixed) : n.body;
}

const enc = encodeURIComponent;

/** Where a piece of content lives: in its community's section, or on the platform's own page. */
function contentPath(n: Notification, section: "news" | "events" | "consultations"): string {
  const id = enc(n.subject_id);
  return n.community_id ? `${communityPath(n.community_id)}/${section}/${id}` : `/${section}/${id}`;
}

/** The page of what it is about. */
export function linkOf(n: Notification): string {
  switch (n.subject_type) {
    case "proposal": return proposalPath(n.subject_id);
    case "community": return communityPath(n.subject_id);
    case "post":
      return n.community_id ? `${communityPath(n.community_id)}/discussion/${enc(n.subject_id)}` : ROUTES.communities;
    case "reply": return n.community_id ? `${communityPath(n.community_id)}/discussion` : ROUTES.communities;
    case "document": return n.community_id ? `${communityPath(n.community_id)}/documents` : ROUTES.communities;
    case "news": return contentPath(n, "news");
    case "event": return contentPath(n, "events");
    case "consultation": return contentPath(n, "consultations");
    case "invitation": return "/invitations";
    case "interest": return ROUTES.interests;
  }
}
