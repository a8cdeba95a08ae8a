/** Starting a sync: the kind (incremental by default), then a confirmation, since a run
 * reads the POD and publishes what changed to every member. */
import { Button, FormGroup, Label, Modal, ModalBody, ModalFooter, ModalHeader } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { useLanguage } from "../../i18n/language";
import type { SyncMode } from "./api";

const MODES: readonly SyncMode[] = ["incremental", "full"];

export function StartSync({ busy, onStart }: { busy: boolean; onStart: (mode: SyncMode) => void }) {
  const { t } = useLanguage();
  const [mode, setMode] = useState<SyncMode>("incremental");
  const [confirming, setConfirming] = useState(false);

  function ask(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setConfirming(true);
  }

  function confirm() {
    setConfirming(false);
    onStart(mode);
  }

  const close = () => { setConfirming(false); };

  return (
    <>
      <form onSubmit={ask}>
        <fieldset className="mb-3">
          <legend className="h6 fw-semibold">{t("een.sync.mode")}</legend>
          {MODES.map((m) => (
            <FormGroup check key={m} className="mb-2">
              <input id={`een-sync-mode-${m}`} className="form-check-input" type="radio" name="een-sync-mode"
                     value={m} checked={mode === m} onChange={() => { setMode(m); }} />
              <Label check for={`een-sync-mode-${m}`}>{t(`een.sync.mode.${m}`)}</Label>
            </FormGroup>
          ))}
        </fieldset>
        <Button color="primary" type="submit" disabled={busy}>
          {busy ? t("een.sync.running") : t("een.sync.start")}
        </Button>
      </form>
      <Modal isOpen={confirming} toggle={close} labelledBy="een-sync-confirm-title" returnFocusAfterClose>
        <ModalHeader tag="h2" id="een-sync-confirm-title">{t("een.sync.confirm.title")}</ModalHeader>
        <ModalBody>
          <p>{t(`een.sync.confirm.${mode}`)}</p>
        </ModalBody>
        <ModalFooter>
          <Button color="secondary" outline onClick={close}>{t("een.sync.confirm.no")}</Button>
          <Button color="primary" onClick={confirm}>{t("een.sync.confirm.yes")}</Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
