/** A manager's decision on one item: restore it (visible again, its reports closed), or hide
 * or remove it with a reason its author will read. */
import { Button, FormGroup, TextArea } from "design-react-kit";
import { useState } from "react";
import { useLanguage } from "../../../i18n/language";
import type { Decision, QueueItem } from "./api";

const REASON_MAX = 1000;

export function DecisionForm({ item, busy, onDecide }: {
  item: QueueItem;
  busy: boolean;
  onDecide: (decision: Decision, reason: string) => void;
}) {
  const { t } = useLanguage();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const restorable = item.state !== "visible" || item.open_reports > 0;

  function decideWithReason(decision: Decision) {
    if (reason.trim() === "") { setMissing(true); return; }
    setMissing(false);
    onDecide(decision, reason.trim());
  }

  const reasonId = `moderation-reason-${item.kind}-${item.content_id}`;
  return (
    <form onSubmit={(e) => { e.preventDefault(); }} aria-label={t("moderation.decision.label", { title: item.title })}>
      {!item.gone && item.state !== "removed" && (
        <FormGroup className="mb-2">
          <TextArea id={reasonId} label={t("moderation.decision.reason")} rows={2} maxLength={REASON_MAX}
                    value={reason} onChange={(e) => { setReason(e.target.value); }} />
        </FormGroup>
      )}
      {missing && <p className="text-danger small" role="alert">{t("moderation.decision.reasonMissing")}</p>}
      <div className="d-flex flex-wrap gap-2">
        {restorable && (
          <Button color="success" size="sm" disabled={busy} onClick={() => { onDecide("restore", reason.trim()); }}>
            {t(item.gone ? "moderation.decision.dismiss"
                : item.state === "visible" ? "moderation.decision.keep" : "moderation.decision.restore")}
          </Button>
        )}
        {!item.gone && item.state !== "hidden" && item.state !== "removed" && (
          <Button color="warning" size="sm" disabled={busy} onClick={() => { decideWithReason("hide"); }}>
            {t("moderation.decision.hide")}
          </Button>
        )}
        {!item.gone && item.state !== "removed" && (
          <Button color="danger" size="sm" disabled={busy} onClick={() => { decideWithReason("remove"); }}>
            {t("moderation.decision.remove")}
          </Button>
        )}
      </div>
    </form>
  );
}
