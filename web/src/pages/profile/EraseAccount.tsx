/** Erasing my account (GDPR): a confirmation dialog where I type my e-mail address, then
 * the account and its data are gone and I am signed out. */
import { Alert, Button, Input, Modal, ModalBody, ModalFooter, ModalHeader } from "design-react-kit";
import { useId, useState } from "react";
import { profiles } from "../../api/clients";
import { isProblem, NETWORK_FAILURE, problemMessage, type Problem } from "../../api/problem";
import { signOut } from "../../auth/session";
import { useLanguage } from "../../i18n/language";

/** The typed address confirms when it is the account's, whatever the case and spaces around. */
export function confirms(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.trim().toLowerCase() && email.trim() !== "";
}

export function EraseAccount({ email, onErased }: { email: string; onErased: () => void }) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [erasing, setErasing] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const titleId = useId();

  const close = () => { setOpen(false); setTyped(""); setProblem(null); };

  async function erase() {
    setErasing(true);
    try {
      const { error, response } = await profiles.DELETE("/me");
      if (response.status === 204) {
        onErased(); // first: the confirmation stays on screen once signed out
        await signOut(); // the service has already ended the account's sessions; this forgets ours
        return;
      }
      setProblem(isProblem(error) ? error : { status: response.status });
    } catch {
      setProblem(NETWORK_FAILURE);
    } finally {
      setErasing(false);
    }
  }

  return (
    <section className="mt-5 pt-4 border-top" aria-labelledby={`${titleId}-section`}>
      <h2 className="h4" id={`${titleId}-section`}>{t("profile.erase.title")}</h2>
      <p>{t("profile.erase.intro")}</p>
      <Button color="danger" outline type="button" onClick={() => { setOpen(true); }}>
        {t("profile.erase.open")}
      </Button>
      <Modal isOpen={open} toggle={close} labelledBy={titleId} returnFocusAfterClose>
        <ModalHeader id={titleId} tag="h2" className="h5" toggle={close} closeAriaLabel={t("profile.erase.cancel")}>
          {t("profile.erase.confirmTitle")}
        </ModalHeader>
        <ModalBody>
          <p>{t("profile.erase.warning")}</p>
          <Input id="profile-erase-email" type="email" autoComplete="off"
                 label={t("profile.erase.typeEmail", { email })} value={typed}
                 onChange={(e) => { setTyped(e.target.value); }} />
          {problem !== null && <Alert color="danger" role="alert">{problemMessage(problem, t)}</Alert>}
        </ModalBody>
        <ModalFooter>
          <Button color="secondary" outline type="button" onClick={close}>{t("profile.erase.cancel")}</Button>
          <Button color="danger" type="button" disabled={!confirms(typed, email) || erasing}
                  onClick={() => { void erase(); }}>
            {erasing ? t("profile.erase.erasing") : t("profile.erase.confirm")}
          </Button>
        </ModalFooter>
      </Modal>
    </section>
  );
}
