/** Sign in again without leaving the page: shown over it when the session ran out under a
 * call that needed it (auth/reauthentication.ts). The page underneath, and whatever was
 * typed in it, stays as it is; the call is retried once signed in. */
import { Modal, ModalBody, ModalHeader } from "design-react-kit";
import { useId } from "react";
import { Button } from "design-react-kit";
import { declinedSignIn, signedInAgain, useSignInRequested } from "../../auth/reauthentication";
import { useLanguage } from "../../i18n/language";
import { SignInForm } from "./SignInForm";

export function SessionExpiredDialog() {
  const { t } = useLanguage();
  const open = useSignInRequested();
  const titleId = useId();
  return (
    <Modal isOpen={open} toggle={declinedSignIn} labelledBy={titleId} backdrop="static" keyboard>
      <ModalHeader id={titleId} tag="h2">{t("auth.expired.title")}</ModalHeader>
      <ModalBody>
        <p>{t("auth.expired.body")}</p>
        <SignInForm idPrefix="session-expired" submitLabel={t("auth.expired.submit")} onSignedIn={signedInAgain}>
          <Button color="secondary" outline type="button" onClick={declinedSignIn}>{t("auth.expired.cancel")}</Button>
        </SignInForm>
      </ModalBody>
    </Modal>
  );
}
