/** Accept or decline an expression of interest received (declining asks first, with an optional reason). */
import { Button, Modal, ModalBody, ModalFooter, ModalHeader, TextArea } from "design-react-kit";
import { useId, useState } from "react";
import { proposals } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Interest } from "./api";

export function AnswerInterest({ interest, senderLabel, onAnswered }: {
  interest: Interest;
  /** Who it is from, for the buttons' accessible names ("Accept Alice's interest"). */
  senderLabel: string;
  onAnswered: (interest: Interest) => void;
}) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const titleId = useId();
  const path = { params: { path: { interest_id: interest.id } } };

  async function answer(accept: boolean) {
    setBusy(true);
    setProblem(null);
    const outcome = await attempt(() => accept
      ? proposals.POST("/interests/{interest_id}/accept", path)
      : proposals.POST("/interests/{interest_id}/decline", {
        ...path, body: reason.trim() !== "" ? { reason: reason.trim() } : {},
      }));
    setBusy(false);
    setDeclining(false);
    if ("data" in outcome) onAnswered(outcome.data);
    else setProblem(outcome.problem);
  }

  return (
    <>
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 409: "proposals.interest.alreadyAnswered" }} />}
      <div className="d-flex flex-wrap gap-2">
        <Button color="success" size="sm" disabled={busy} onClick={() => { void answer(true); }}
                aria-label={t("proposals.interest.acceptFrom", { name: senderLabel })}>
          {t("proposals.interest.accept")}
        </Button>
        <Button color="danger" outline size="sm" disabled={busy} onClick={() => { setDeclining(true); }}
                aria-label={t("proposals.interest.declineFrom", { name: senderLabel })}>
          {t("proposals.interest.decline")}
        </Button>
      </div>
      <Modal isOpen={declining} toggle={() => { setDeclining(false); }} labelledBy={titleId} centered>
        <ModalHeader id={titleId} toggle={() => { setDeclining(false); }}
                     closeAriaLabel={t("proposals.interest.declineCancel")}>
          {t("proposals.interest.declineTitle", { name: senderLabel })}
        </ModalHeader>
        <ModalBody>
          <p>{t("proposals.interest.declineBody")}</p>
          <TextArea id={`decline-reason-${interest.id}`} label={t("proposals.interest.declineReason")} rows={3}
                    maxLength={2000} value={reason} onChange={(e) => { setReason(e.target.value); }} />
        </ModalBody>
        <ModalFooter>
          <Button color="secondary" outline onClick={() => { setDeclining(false); }}>
            {t("proposals.interest.declineCancel")}
          </Button>
          <Button color="danger" disabled={busy} onClick={() => { void answer(false); }}>
            {t("proposals.interest.declineConfirm")}
          </Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
