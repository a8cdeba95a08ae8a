/** What stays visible of a topic's or reply's history: who wrote it and when, "edited", "closed",
 * "removed by its author", "removed by a moderator", and moderation's mark for those who see it. */
import { Badge } from "design-react-kit";
import { useLanguage } from "../../../i18n/language";
import { MemberName } from "../../common/MemberName";
import { ModerationMark } from "../moderation/ModerationMark";
import type { Reply, Topic } from "./api";

export function When({ at }: { at: string }) {
  const { formatDate } = useLanguage();
  return <time dateTime={at}>{formatDate(at, { dateStyle: "medium", timeStyle: "short" })}</time>;
}

/** "By Ann · 3 Mar 2026, 10:00 · edited 3 Mar 2026, 11:00", and its moderation mark. */
export function Byline({ item }: { item: Topic | Reply }) {
  const { t } = useLanguage();
  return (
    <p className="small text-secondary mb-1 d-flex flex-wrap align-items-center gap-1">
      <span>{t("discussion.by")} <MemberName userId={item.author_id} /></span>
      <span aria-hidden="true">·</span>
      <When at={item.published_at} />
      {item.edited_at != null && !item.deleted && (
        <span className="fst-italic">· {t("discussion.edited")} <When at={item.edited_at} /></span>
      )}
      <ModerationMark state={item.moderation.state === "removed" ? null : item.moderation.state} />
    </p>
  );
}

export function ClosedBadge({ topic }: { topic: Topic }) {
  const { t } = useLanguage();
  if (!topic.closed) return null;
  return <Badge color="secondary" pill>{t("discussion.closed")}</Badge>;
}

/** Where the text was: removed by its author, or by a moderator (with the reason, for those who may see it). */
export function RemovedTrace({ item }: { item: Topic | Reply }) {
  const { t } = useLanguage();
  if (item.deleted) {
    return (
      <p className="fst-italic text-secondary mb-2">
        {t("discussion.removedByAuthor")}{item.deleted_at != null && <> (<When at={item.deleted_at} />)</>}
      </p>
    );
  }
  if (item.removed_by_moderator) {
    return (
      <p className="fst-italic text-secondary mb-2">
        {t("discussion.removedByModerator")}
        {item.moderation.reason != null && <> — {item.moderation.reason}</>}
      </p>
    );
  }
  return null;
}

/** The text, rendered and sanitised by the service (markdown through an nh3 allow-list: no
 * script, no images), or its trace. */
export function Body({ item }: { item: Topic | Reply }) {
  if (item.deleted || item.body_html === "") return <RemovedTrace item={item} />;
  return (
    <>
      {item.removed_by_moderator && <RemovedTrace item={item} />}
      <div className="text-break discussion-body" dangerouslySetInnerHTML={{ __html: item.body_html }} />
    </>
  );
}
