/** Small pieces every news view shares: the badges, the cover image, the dates. */
import { Badge } from "design-react-kit";
import { useEffect, useState } from "react";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { getCover, type News, type NewsCategory, type NewsPhase } from "./api";
import { ROME } from "./romeTime";

export const CATEGORY_LABELS: Readonly<Record<NewsCategory, MessageKey>> = {
  announcement: "news.category.announcement",
  call_for_funding: "news.category.call_for_funding",
  event_report: "news.category.event_report",
  success_story: "news.category.success_story",
  regional_policy: "news.category.regional_policy",
  other: "news.category.other",
};

export const PHASE_LABELS: Readonly<Record<NewsPhase, MessageKey>> = {
  draft: "news.phase.draft",
  to_validate: "news.phase.to_validate",
  scheduled: "news.phase.scheduled",
  live: "news.phase.live",
  withdrawn: "news.phase.withdrawn",
};

const PHASE_COLORS: Readonly<Record<NewsPhase, string>> = {
  draft: "secondary", to_validate: "warning", scheduled: "info", live: "success", withdrawn: "dark",
};

/** A date and time as an Italian clock shows it (the platform's time), in the reader's language. */
export function useRomeTime(): (iso: string) => string {
  const { formatDate } = useLanguage();
  return (iso) => formatDate(iso, { dateStyle: "long", timeStyle: "short", timeZone: ROME });
}

export function NewsBadges({ news }: { news: News }) {
  const { t } = useLanguage();
  return (
    <div className="d-flex flex-wrap gap-2 mb-2">
      <Badge color="primary" pill>{t(CATEGORY_LABELS[news.category])}</Badge>
      {news.highlighted && <Badge color="danger" pill>{t("news.highlighted")}</Badge>}
      {news.phase !== "live" && (
        <Badge color={PHASE_COLORS[news.phase]} pill className={news.phase === "to_validate" ? "text-dark" : ""}>
          {t(PHASE_LABELS[news.phase])}
        </Badge>
      )}
      {news.moderation_state !== "visible" && news.moderation_state !== "removed" && (
        <Badge color="warning" pill className="text-dark">{t("news.hiddenByModeration")}</Badge>
      )}
    </div>
  );
}

/** A blob as a data: address (the web client's CSP allows data: images, not blob: ones). */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => { resolve(typeof reader.result === "string" ? reader.result : ""); };
    reader.onerror = () => { reject(reader.error ?? new Error("unreadable image")); };
    reader.readAsDataURL(blob);
  });
}

/** Read through a function, so the check after an await is not folded away. */
function isMounted(flag: { current: boolean }): boolean {
  return flag.current;
}

/** The cover image: fetched with the session's token (an <img> alone could not send it).
 * Decorative beside the title, so its alternative text is empty. */
export function CoverImage({ news, className }: { news: News; className?: string }) {
  const [shown, setShown] = useState<{ key: string; url: string } | null>(null);
  const key = news.cover?.url ?? null;
  useEffect(() => {
    if (key === null) return undefined;
    const mounted: { current: boolean } = { current: true };
    void getCover(news).then(async (outcome) => {
      if (!mounted.current || !("data" in outcome)) return;
      const url = await dataUrl(outcome.data).catch(() => "");
      if (isMounted(mounted) && url !== "") setShown({ key, url });
    });
    return () => { mounted.current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cover's own address says when it changed
  }, [key]);
  if (key === null || shown?.key !== key) return null;
  return <img src={shown.url} alt="" className={className ?? "img-fluid rounded mb-3"} />;
}
