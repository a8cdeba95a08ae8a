import { Button } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { ProblemAlert } from "../common/ProblemAlert";
import { allowedUnder, type Community, ifMatch, type Visibility } from "./api";
import { VisibilityChoice } from "./VisibilityChoice";

/** For owners and moderators: the access type (never wider than the parent's; narrowing is
 * refused while a sub-community would be wider), whether members see the member list, and
 * whether authors' news waits for a manager. */
export function CommunitySettings({ community, onSaved }: { community: Community; onSaved: () => void }) {
  const { t } = useLanguage();
  const [visibility, setVisibility] = useState<Visibility>(community.visibility);
  const [listed, setListed] = useState(community.members_listed);
  const [validation, setValidation] = useState(community.news_requires_validation);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function save(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setSaved(false);
    const outcome = await attempt(() => communities.PATCH("/communities/{community_id}", {
      params: { path: { community_id: community.id }, header: ifMatch(community.version) },
      body: { visibility, members_listed: listed, news_requires_validation: validation },
    }));
    setBusy(false);
    if ("data" in outcome) {
      setSaved(true);
      onSaved();
    } else setProblem(outcome.problem);
  }

  return (
    <section aria-labelledby="community-settings" className="mb-5">
      <h2 id="community-settings" className="h4">{t("communities.settings")}</h2>
      <form onSubmit={(event) => { void save(event); }} noValidate>
        <VisibilityChoice name="settings-visibility" value={visibility} onChange={setVisibility}
                          options={allowedUnder(community.parent?.visibility ?? null)}
                          legend="communities.settings.access" />
        <div className="form-check">
          <input id="settings-members-listed" type="checkbox" checked={listed}
                 onChange={(e) => { setListed(e.target.checked); }} />
          <label htmlFor="settings-members-listed">{t("communities.settings.membersListed")}</label>
        </div>
        <div className="form-check mb-3">
          <input id="settings-news-validation" type="checkbox" checked={validation}
                 onChange={(e) => { setValidation(e.target.checked); }} />
          <label htmlFor="settings-news-validation">{t("communities.settings.newsValidation")}</label>
        </div>
        {problem !== null && <ProblemAlert problem={problem} />}
        <p role="status" className={saved ? "text-success" : "visually-hidden"}>
          {saved ? t("communities.settings.saved") : ""}
        </p>
        <Button color="primary" type="submit" disabled={busy}>{t("communities.settings.save")}</Button>
      </form>
    </section>
  );
}
