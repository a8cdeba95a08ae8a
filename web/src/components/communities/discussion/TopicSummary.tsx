/** One topic in the list: its title (a link to its thread), who started it, how many replies,
 * the latest activity, and its marks (closed, edited, removed, moderated). */
import { Link } from "react-router-dom";
import { useLanguage } from "../../../i18n/language";
import { MemberName } from "../../common/MemberName";
import { ModerationMark } from "../moderation/ModerationMark";
import type { Topic } from "./api";
import { ClosedBadge, When } from "./Traces";

export function TopicSummary({ topic }: { topic: Topic }) {
  const { t } = useLanguage();
  const title = topic.removed_by_moderator && topic.title === "" ? t("discussion.removedByModerator")
    : topic.deleted ? `${topic.title} — ${t("discussion.removedByAuthor")}` : topic.title;
  return (
    <li className="border-bottom py-3">
      <article aria-labelledby={`topic-${topic.id}`}>
        <div className="d-flex flex-wrap align-items-center gap-2 mb-1">
          <h3 id={`topic-${topic.id}`} className="h5 mb-0 text-break"><Link to={`?topic=${topic.id}`}>{title}</Link></h3>
          <ClosedBadge topic={topic} />
          <ModerationMark state={topic.moderation.state} />
        </div>
        <p className="small text-secondary mb-1">
          {t("discussion.by")} <MemberName userId={topic.author_id} />
          {" · "}{t("discussion.replyCount", { n: topic.reply_count })}
          {" · "}{t("discussion.lastActivity")} <When at={topic.last_activity_at} />
          {topic.edited_at != null && !topic.deleted && <> · <span className="fst-italic">{t("discussion.edited")}</span></>}
        </p>
        {topic.excerpt !== "" && <p className="mb-0 text-break">{topic.excerpt}</p>}
      </article>
    </li>
  );
}
