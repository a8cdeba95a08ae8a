/** "Close the proposal" for its author, confirmed in a dialog that asks why. */
import { Button, FormGroup, Modal, ModalBody, ModalFooter, ModalHeader } from "design-react-kit";
import { useId, useState } from "react";
import { proposals } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Proposal } from "./api";

const REASONS = ["fulfilled", "withdrawn"] as const;
type Reason = (typeof REASONS)[number];

export function CloseProposal({ proposal, onClosed }: { proposal: Proposal; onClosed: (p: Proposal) => void }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<Reason>("fulfilled");
  const [closing, setClosing] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const titleId = useId();
  const cancel = () => { setOpen(false); };

  async function close() {
    setClosing(true);
    setProblem(null);
    const outcome = await attempt(() => proposals.POST("/proposals/{proposal_id}/close", {
      params: { path: { proposal_id: proposal.id } }, body: { reason },
    }));
    setClosing(false);
    if ("data" in outcome) {
      setOpen(false);
      onClosed(outcome.data);
    } else {
      setProblem(outcome.problem);
    }
  }

  return (
    <>
      <Button color="danger" outline onClick={() => { setOpen(true); }}>{t("proposals.close")}</Button>
      <Modal isOpen={open} toggle={cancel} labelledBy={titleId} centered>
        <ModalHeader id={titleId} toggle={cancel} closeAriaLabel={t("proposals.close.cancel")}>
          {t("proposals.close.confirmTitle")}
        </ModalHeader>
        <ModalBody>
          {problem !== null && <ProblemAlert problem={problem} />}
          <p>{t(proposal.share_with_een ? "proposals.close.bodyShared" : "proposals.close.body")}</p>
          <FormGroup tag="fieldset">
            <legend className="fs-6 fw-semibold px-0">{t("proposals.close.reason")}</legend>
            {REASONS.map((r) => (
              <div className="form-check" key={r}>
                <input id={`close-reason-${r}`} type="radio" name="close-reason" value={r} checked={reason === r}
                       onChange={() => { setReason(r); }} />
                <label htmlFor={`close-reason-${r}`}>{t(`proposals.close.reason.${r}`)}</label>
              </div>
            ))}
          </FormGroup>
        </ModalBody>
        <ModalFooter>
          <Button color="secondary" outline onClick={cancel}>{t("proposals.close.cancel")}</Button>
          <Button color="danger" disabled={closing} onClick={() => { void close(); }}>
            {t("proposals.close.confirm")}
          </Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
