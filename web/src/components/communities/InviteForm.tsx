import { Button, FormGroup, Input } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import type { Invitation } from "./api";

type Kind = "email" | "member";
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/;

/** A member's id from their profile address (…/members/ID) or the id itself. */
export function memberIdOf(text: string): string {
  const trimmed = text.trim();
  const match = /\/members\/([^/?#\s]+)/.exec(trimmed);
  return match?.[1] !== undefined ? decodeURIComponent(match[1]) : trimmed;
}

/** Invite someone not yet registered (by e-mail: a signed link to share) or a registered member. */
export function InviteForm({ communityId, onInvited }: {
  communityId: string;
  onInvited: (invitation: Invitation) => void;
}) {
  const { t } = useLanguage();
  const [kind, setKind] = useState<Kind>("email");
  const [value, setValue] = useState("");
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const invalid = kind === "email" ? !EMAIL.test(value.trim()) : memberIdOf(value) === "";

  async function invite(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (invalid) return;
    setBusy(true);
    setProblem(null);
    setLink(null);
    const body = kind === "email" ? { email: value.trim() } : { user_id: memberIdOf(value) };
    const outcome = await attempt(() => communities.POST("/communities/{community_id}/invitations", {
      params: { path: { community_id: communityId } }, body,
    }));
    setBusy(false);
    if ("data" in outcome) {
      setLink(outcome.data.accept_url ?? null);
      setValue("");
      setChecked(false);
      onInvited(outcome.data);
    } else setProblem(outcome.problem);
  }

  return (
    <form onSubmit={(event) => { void invite(event); }} noValidate className="mb-4">
      <fieldset className="mb-5">
        <legend className="h6">{t("communities.invite.whom")}</legend>
        {(["email", "member"] as const).map((option) => (
          <div className="form-check" key={option}>
            <input type="radio" id={`invite-kind-${option}`} name="invite-kind" checked={kind === option}
                   onChange={() => { setKind(option); setChecked(false); }} />
            <label htmlFor={`invite-kind-${option}`}>
              {t(option === "email" ? "communities.invite.byEmail" : "communities.invite.byMember")}
            </label>
          </div>
        ))}
      </fieldset>
      <FormGroup>
        <Input id="invite-value" type={kind === "email" ? "email" : "text"} value={value}
               label={t(kind === "email" ? "communities.invite.email" : "communities.invite.member")}
               infoText={t(kind === "email" ? "communities.invite.emailHint" : "communities.invite.memberHint")}
               onChange={(e) => { setValue(e.target.value); }}
               {...(checked && invalid
                 ? { valid: false, "aria-invalid": true, validationText: t("communities.invite.invalid") } : {})} />
      </FormGroup>
      {problem !== null && <ProblemAlert problem={problem} overrides={{ 409: "communities.invite.already" }} />}
      <Button color="primary" type="submit" disabled={busy}>{t("communities.invite.submit")}</Button>
      {link !== null && (
        <div className="mt-3">
          <p className="mb-5" role="status">{t("communities.invite.linkReady")}</p>
          <FormGroup>
            <Input id="invite-link" label={t("communities.invite.link")} value={link} readOnly />
          </FormGroup>
        </div>
      )}
    </form>
  );
}
