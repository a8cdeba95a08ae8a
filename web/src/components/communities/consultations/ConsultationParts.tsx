/** Small pieces every consultation view shares: the phase badge, the dates line, the labels. */
import { Badge } from "design-react-kit";
import type { MessageKey } from "../../../i18n/messages";
import { useLanguage } from "../../../i18n/language";
import { useRomeTime } from "../news/NewsParts";
import type { Consultation, ConsultationPhase, QuestionKind } from "./api";

export const PHASE_LABELS: Readonly<Record<ConsultationPhase, MessageKey>> = {
  draft: "consultations.phase.draft",
  upcoming: "consultations.phase.upcoming",
  open: "consultations.phase.open",
  closed: "consultations.phase.closed",
};

const PHASE_COLORS: Readonly<Record<ConsultationPhase, string>> = {
  draft: "secondary", upcoming: "info", open: "success", closed: "dark",
};

export const KIND_LABELS: Readonly<Record<QuestionKind, MessageKey>> = {
  single_choice: "consultations.kind.single_choice",
  multiple_choice: "consultations.kind.multiple_choice",
  scale: "consultations.kind.scale",
  short_text: "consultations.kind.short_text",
  long_text: "consultations.kind.long_text",
};

export function ConsultationBadges({ consultation }: { consultation: Consultation }) {
  const { t } = useLanguage();
  return (
    <div className="d-flex flex-wrap gap-2 mb-2">
      <Badge color={PHASE_COLORS[consultation.phase]} pill>{t(PHASE_LABELS[consultation.phase])}</Badge>
      {consultation.anonymous && <Badge color="primary" pill>{t("consultations.anonymous")}</Badge>}
      {consultation.answered && <Badge color="success" pill>{t("consultations.answered")}</Badge>}
    </div>
  );
}

/** When it opens, or until when it is open, or when it closed. */
export function ConsultationDates({ consultation }: { consultation: Consultation }) {
  const { t } = useLanguage();
  const at = useRomeTime();
  const c = consultation;
  const text = c.phase === "open" ? t("consultations.closesOn", { date: at(c.closes_at) })
    : c.phase === "closed" ? t("consultations.closedOn", { date: at(c.closes_at) })
      : t("consultations.opensOn", { date: at(c.opens_at) }) + " · " + t("consultations.closesAfter", { date: at(c.closes_at) });
  return <p className="small text-muted mb-2">{text}</p>;
}
