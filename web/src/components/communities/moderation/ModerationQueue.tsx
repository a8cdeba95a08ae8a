/** The managers' queue of one scope (a community, or the platform's news): what members
 * reported, the most recently reported first, or what a manager hid or removed. */
import { Select } from "design-react-kit";
import { useState } from "react";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { LoadingState } from "../../common/LoadingState";
import { LoadMore } from "../../common/LoadMore";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { usePagedList } from "../../common/usePagedList";
import { type Decision, moderationQueue, type ModerationScope, type QueueItem, type QueueStatus } from "./api";
import { QueueItemCard } from "./QueueItemCard";

const PAGE_SIZE = 20;

const DONE: Readonly<Record<Decision, MessageKey>> = {
  restore: "moderation.done.restore", hide: "moderation.done.hide", remove: "moderation.done.remove",
};

export function ModerationQueue({ scope }: { scope: ModerationScope }) {
  const { t } = useLanguage();
  const [status, setStatus] = useState<QueueStatus>("open");
  const [reloads, setReloads] = useState(0);
  const [done, setDone] = useState<{ decision: Decision; title: string } | null>(null);
  const key = `${scope ?? "platform"}/${status}/${String(reloads)}`;
  const { list, loadMore } = usePagedList<QueueItem>(key, (cursor) =>
    moderationQueue(scope, status, PAGE_SIZE, cursor));

  function decided(decision: Decision, item: QueueItem) {
    setDone({ decision, title: item.title });
    setReloads((n) => n + 1);
  }

  return (
    <>
      <form className="row g-3 mt-2 mb-4" onSubmit={(e) => { e.preventDefault(); }}
            aria-label={t("moderation.queue.filters")}>
        <div className="col-12 col-md-6">
          <Select id={`moderation-status-${scope ?? "platform"}`} label={t("moderation.queue.show")} value={status}
                  onChange={(value) => { setStatus(value as QueueStatus); setDone(null); }}>
            <option value="open">{t("moderation.queue.open")}</option>
            <option value="decided">{t("moderation.queue.decided")}</option>
          </Select>
        </div>
      </form>
      {done !== null && <StatusMessage>{t(DONE[done.decision], { title: done.title })}</StatusMessage>}
      {list.kind === "loading" && <LoadingState label={t("moderation.queue.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          {list.items.length === 0 && (
            <p>{t(status === "open" ? "moderation.queue.empty" : "moderation.queue.emptyDecided")}</p>
          )}
          {list.items.map((item) => (
            <QueueItemCard key={`${item.kind}/${item.content_id}`} scope={scope} item={item} onDecided={decided} />
          ))}
          <LoadMore label={t("moderation.queue.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </>
  );
}
