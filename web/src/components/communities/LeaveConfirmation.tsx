import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from "design-react-kit";
import { useLanguage } from "../../i18n/language";

/** "Leave <name>?" before the member goes (for a private community there is no coming back unasked). */
export function LeaveConfirmation({ name, isPrivate, isOpen, leaving, onConfirm, onCancel }: {
  name: string;
  isPrivate: boolean;
  isOpen: boolean;
  leaving: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useLanguage();
  return (
    <Modal isOpen={isOpen} toggle={onCancel} labelledBy="leave-community-title" centered>
      <ModalHeader id="leave-community-title" toggle={onCancel} closeAriaLabel={t("communities.leave.close")}>
        {t("communities.leave.confirmTitle", { name })}
      </ModalHeader>
      <ModalBody>
        <p>{t(isPrivate ? "communities.leave.confirmPrivate" : "communities.leave.confirmPublic")}</p>
      </ModalBody>
      <ModalFooter>
        <Button color="secondary" outline onClick={onCancel}>{t("communities.leave.cancel")}</Button>
        <Button color="danger" disabled={leaving} onClick={onConfirm}>{t("communities.leave.confirm")}</Button>
      </ModalFooter>
    </Modal>
  );
}
