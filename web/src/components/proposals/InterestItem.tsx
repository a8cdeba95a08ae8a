/** One expression of interest: from whom (received) or about what (sent), its message, where it stands. */
import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import { proposalPath } from "../../routes";
import { useDisplayName } from "../common/MemberName";
import { AnswerInterest } from "./AnswerInterest";
import { isEenSender, type Interest } from "./api";
import { InterestStatusBadge } from "./Badges";
import { Paragraphs } from "./Paragraphs";
import { SenderName } from "./SenderName";

export function InterestItem({ interest, received, showProposal, onAnswered }: {
  interest: Interest;
  /** Received by me (I may answer it) or sent by me. */
  received: boolean;
  /** Name the proposal it is about (in lists across proposals). */
  showProposal: boolean;
  onAnswered?: (interest: Interest) => void;
}) {
  const { t, formatDate } = useLanguage();
  const een = isEenSender(interest);
  const name = useDisplayName(received && !een ? interest.sender_id : null);
  const senderLabel = een ? (interest.sender_organisation ?? t("proposals.interest.eenUnknown"))
    : (name ?? t("proposals.interest.member"));
  return (
    <article className="border-bottom py-3" aria-label={received
      ? t("proposals.interest.fromLabel", { name: senderLabel })
      : t("proposals.interest.aboutLabel", { title: interest.proposal_title })}>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <InterestStatusBadge interest={interest} />
        {received && <span>{t("proposals.interest.from")} <SenderName interest={interest} /></span>}
        <span className="small text-secondary">{formatDate(interest.created_at)}</span>
      </div>
      {showProposal && (
        <p className="mb-2 text-break">
          {t("proposals.interest.about")} <Link to={proposalPath(interest.proposal_id)}>{interest.proposal_title}</Link>
        </p>
      )}
      {interest.message !== "" && (
        <blockquote className="border-start border-3 ps-3 mb-2">
          <Paragraphs text={interest.message} />
        </blockquote>
      )}
      {interest.status !== "pending" && interest.decided_at !== null && (
        <p className="small mb-2">
          {t(`proposals.interest.decidedOn.${interest.status}`, { date: formatDate(interest.decided_at) })}
        </p>
      )}
      {interest.status === "declined" && interest.decline_reason !== null && (
        <p className="small mb-2 text-break">{t("proposals.interest.reasonGiven", { reason: interest.decline_reason })}</p>
      )}
      {received && interest.status === "pending" && onAnswered !== undefined && (
        <AnswerInterest interest={interest} senderLabel={senderLabel} onAnswered={onAnswered} />
      )}
    </article>
  );
}
