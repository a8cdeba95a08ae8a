/** The profile form: name, organisation, language, notices, competences and interests. */
import { Alert, Button, FormGroup, Input, Toggle } from "design-react-kit";
import { useId, useState, type SubmitEvent } from "react";
import { profiles } from "../../api/clients";
import type { components } from "../../api/profiles";
import { isProblem, NETWORK_FAILURE, problemMessage, type Problem } from "../../api/problem";
import { StatusMessage } from "../../components/common/StatusMessage";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import { useLanguage } from "../../i18n/language";
import { isLanguage, LANGUAGES, type Language, type MessageKey } from "../../i18n/messages";
import type { Me } from "./MyProfilePage";

type ProfileIn = components["schemas"]["ProfileIn"];
type ProfileOut = components["schemas"]["ProfileOut"];
type Preferences = components["schemas"]["NotificationPreferences"];

const DIGESTS = ["immediate", "daily", "weekly"] as const;
const NOTICES: readonly { key: "proposals" | "interests" | "communities"; label: MessageKey }[] = [
  { key: "proposals", label: "profile.notices.proposals" },
  { key: "interests", label: "profile.notices.interests" },
  { key: "communities", label: "profile.notices.communities" },
];

type Outcome = { kind: "idle" } | { kind: "saved" } | { kind: "stale" } | { kind: "failed"; problem: Problem };

export function formFrom(me: Me): ProfileIn {
  const p = me.profile;
  return {
    display_name: p.display_name, organisation: p.organisation ?? "", language: p.language,
    competences: [...p.competences], interests: [...p.interests],
    notification_preferences: { ...p.notification_preferences },
  };
}

export function ProfileForm({ me, etag, onSaved, onReload }: {
  me: Me; etag: string; onSaved: (profile: ProfileOut, etag: string) => void; onReload: () => void;
}) {
  const { t, language: shown, setLanguage } = useLanguage();
  const [form, setForm] = useState<ProfileIn>(() => formFrom(me));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const languageId = useId();
  const digestId = useId();
  const change = (patch: Partial<ProfileIn>) => { setForm({ ...form, ...patch }); setOutcome({ kind: "idle" }); };
  const prefer = (patch: Partial<Preferences>) => {
    change({ notification_preferences: { ...form.notification_preferences, ...patch } });
  };

  async function save(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    const organisation = form.organisation?.trim() ?? "";
    const body: ProfileIn = { ...form, display_name: form.display_name.trim(),
                              organisation: organisation === "" ? null : organisation };
    try {
      const { data, error, response } = await profiles.PUT("/me/profile", { body, params: { header: { "If-Match": etag } } });
      const next = response.headers.get("ETag");
      if (data && next !== null) {
        setOutcome({ kind: "saved" });
        // The language the member reads the platform in: when they changed it, so does the page.
        if (data.language !== me.profile.language && data.language !== shown && isLanguage(data.language)) {
          setLanguage(data.language);
        }
        onSaved(data, next);
      } else if (response.status === 412) {
        setOutcome({ kind: "stale" });
      } else {
        setOutcome({ kind: "failed", problem: isProblem(error) ? error : { status: response.status } });
      }
    } catch {
      setOutcome({ kind: "failed", problem: NETWORK_FAILURE });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => { void save(event); }} noValidate aria-label={t("profile.form")}>
      <h2 className="h4 mb-5">{t("profile.about")}</h2>
      <FormGroup>
        <Input id="profile-display-name" label={t("profile.displayName")} required maxLength={120}
               autoComplete="name" value={form.display_name}
               onChange={(e) => { change({ display_name: e.target.value }); }} />
      </FormGroup>
      <FormGroup>
        <Input id="profile-organisation" label={t("profile.organisation")} maxLength={200}
               autoComplete="organization" value={form.organisation ?? ""}
               infoText={t("profile.organisationHint")}
               onChange={(e) => { change({ organisation: e.target.value }); }} />
      </FormGroup>
      <div className="select-wrapper mb-4">
        <label htmlFor={languageId}>{t("profile.language")}</label>
        <select id={languageId} value={form.language} onChange={(e) => {
          const chosen = e.target.value;
          if (isLanguage(chosen)) change({ language: chosen satisfies Language });
        }}>
          {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{t(`language.${code}`)}</option>)}
        </select>
      </div>

      <h2 className="h4 mt-5">{t("profile.descriptors")}</h2>
      <p className="mb-5">{t("profile.descriptorsIntro")}</p>
      <DescriptorPicker id="profile-competences" label={t("profile.competences")}
                        hint={t("profile.competencesHint")} value={form.competences}
                        onChange={(competences) => { change({ competences }); }} />
      <DescriptorPicker id="profile-interests" label={t("profile.interests")}
                        hint={t("profile.interestsHint")} value={form.interests}
                        onChange={(interests) => { change({ interests }); }} />

      <fieldset className="mt-5">
        <legend className="h4 px-0">{t("profile.notices")}</legend>
        {NOTICES.map(({ key, label }) => (
          <div key={key} className="mb-3">
            <Toggle id={`profile-notices-${key}`} label={t(label)} checked={form.notification_preferences[key]}
                    onChange={(e) => { prefer({ [key]: e.target.checked }); }} />
          </div>
        ))}
        <div className="select-wrapper mt-5 mb-4">
          <label htmlFor={digestId}>{t("profile.digest")}</label>
          <select id={digestId} value={form.notification_preferences.digest}
                  onChange={(e) => { prefer({ digest: e.target.value }); }}>
            {DIGESTS.map((digest) => <option key={digest} value={digest}>{t(`profile.digest.${digest}`)}</option>)}
          </select>
        </div>
      </fieldset>

      <SaveOutcome outcome={outcome} onReload={onReload} />
      <Button color="primary" type="submit" disabled={saving}>
        {saving ? t("profile.saving") : t("profile.save")}
      </Button>
    </form>
  );
}

function SaveOutcome({ outcome, onReload }: { outcome: Outcome; onReload: () => void }) {
  const { t } = useLanguage();
  switch (outcome.kind) {
    case "idle": return null;
    case "saved": return <StatusMessage>{t("profile.saved")}</StatusMessage>;
    case "stale":
      return (
        <Alert color="warning" role="alert">
          {t("profile.stale")}{" "}
          <Button color="link" className="p-0 align-baseline" type="button" onClick={onReload}>
            {t("profile.reload")}
          </Button>
        </Alert>
      );
    case "failed": return <Alert color="danger" role="alert">{problemMessage(outcome.problem, t)}</Alert>;
  }
}
