import { useLanguage } from "../../i18n/language";
import { MemberName } from "../common/MemberName";
import type { Post } from "./api";
import { Paragraphs } from "./Paragraphs";

/** One discussion: title, who started it and when, and its text. */
export function PostItem({ post }: { post: Post }) {
  const { t, formatDate } = useLanguage();
  return (
    <article className="border-bottom pb-3 mb-3" aria-labelledby={`post-${post.id}`}>
      <h3 id={`post-${post.id}`} className="h5 mb-1 text-break">{post.title}</h3>
      <p className="small text-secondary mb-2">
        {t("communities.post.by")} <MemberName userId={post.author_id} />{" · "}
        <time dateTime={post.published_at}>
          {formatDate(post.published_at, { dateStyle: "medium", timeStyle: "short" })}
        </time>
      </p>
      <div className="text-break"><Paragraphs text={post.body} className="mb-2" /></div>
    </article>
  );
}
