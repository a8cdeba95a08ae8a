/** /communities/new: name, description, access type (each explained) and descriptors; then on to
 * the new community. With ?parent=ID, a sub-community of that one: its access type no wider
 * than the parent's. Where validation is required, the new community waits for an operator. */
import { Button, FormGroup, Input, TextArea } from "design-react-kit";
import { useEffect, useState, type SubmitEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { communities } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import { useCreateOnce } from "../../components/common/useCreateOnce";
import { allowedUnder, type Community, type Visibility } from "../../components/communities/api";
import { VisibilityChoice } from "../../components/communities/VisibilityChoice";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";

const NAME_MIN = 3;
const NAME_MAX = 120;
const DESCRIPTION_MAX = 5000;
const DESCRIPTORS_MAX = 20;

/** The parent community of a sub-community being made (null: none asked for, or not found). */
function useParent(parentId: string | null): Community | null {
  const [parent, setParent] = useState<Community | null>(null);
  useEffect(() => {
    if (parentId === null) return;
    let current = true;
    void attempt(() => communities.GET("/communities/{community_id}", {
      params: { path: { community_id: parentId } },
    })).then((outcome) => { if (current && "data" in outcome) setParent(outcome.data); });
    return () => { current = false; };
  }, [parentId]);
  return parentId === null ? null : parent;
}

function NewCommunityForm() {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const parentId = params.get("parent");
  const parent = useParent(parentId);
  const options = allowedUnder(parent?.visibility ?? null);
  const [membersListed, setMembersListed] = useState(true);
  const [newsValidation, setNewsValidation] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("public");
  // Under a parent, the first access type it allows (closed is allowed under any parent).
  const chosen = options.includes(visibility) ? visibility : options[0] ?? "closed";
  const [descriptors, setDescriptors] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { problem, create: createOnce } = useCreateOnce();

  const trimmed = name.trim();
  const nameError = trimmed.length < NAME_MIN || trimmed.length > NAME_MAX
    ? t("communities.create.nameInvalid", { min: NAME_MIN, max: NAME_MAX }) : undefined;
  const descriptorsError = descriptors.length === 0 || descriptors.length > DESCRIPTORS_MAX
    ? t("communities.create.descriptorsInvalid", { max: DESCRIPTORS_MAX }) : undefined;

  async function create(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (nameError !== undefined || descriptorsError !== undefined) return;
    setSubmitting(true);
    const outcome = await createOnce((idempotencyKey) => attempt(() => communities.POST("/communities", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: {
        name: trimmed, description: description.trim(), descriptors, members_listed: membersListed,
        news_requires_validation: newsValidation, visibility: chosen,
        ...(parentId !== null ? { parent_id: parentId } : {}),
      },
    })));
    setSubmitting(false);
    if ("data" in outcome) void navigate(communityPath(outcome.data.id));
  }

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t(parentId !== null ? "communities.create.subTitle" : "communities.create.title")}</h1>
        {parent !== null && (
          <p>{t("communities.create.subOf")} <Link to={communityPath(parent.id)}>{parent.name}</Link></p>
        )}
        <p className="mb-5">{t("communities.create.intro")}</p>
        {problem !== null && (
          <ProblemAlert problem={problem} overrides={{ 409: "communities.create.nameTaken" }} />
        )}
        <form onSubmit={(event) => { void create(event); }} noValidate>
          <FormGroup>
            <Input id="community-name" label={t("communities.create.name")} required maxLength={NAME_MAX}
                   value={name} onChange={(e) => { setName(e.target.value); }}
                   infoText={t("communities.create.nameHint", { min: NAME_MIN, max: NAME_MAX })}
                   {...(checked && nameError !== undefined
                     ? { valid: false, "aria-invalid": true, validationText: nameError } : {})} />
          </FormGroup>
          <FormGroup>
            <TextArea id="community-description" label={t("communities.create.description")} rows={5}
                      maxLength={DESCRIPTION_MAX} value={description}
                      onChange={(e) => { setDescription(e.target.value); }}
                      infoText={t("communities.create.descriptionHint")} />
          </FormGroup>
          <VisibilityChoice name="community-visibility" value={chosen}
                            options={options} onChange={setVisibility} />
          <fieldset className="mb-5">
            <legend className="h6">{t("communities.settings")}</legend>
            <div className="form-check">
              <input id="create-members-listed" type="checkbox" checked={membersListed}
                     onChange={(e) => { setMembersListed(e.target.checked); }} />
              <label htmlFor="create-members-listed">{t("communities.settings.membersListed")}</label>
            </div>
            <div className="form-check">
              <input id="create-news-validation" type="checkbox" checked={newsValidation}
                     onChange={(e) => { setNewsValidation(e.target.checked); }} />
              <label htmlFor="create-news-validation">{t("communities.settings.newsValidation")}</label>
            </div>
          </fieldset>
          <div className="mb-4">
            <DescriptorPicker id="community-descriptors" label={t("communities.create.descriptors")}
                              value={descriptors} onChange={setDescriptors}
                              hint={t("communities.create.descriptorsHint", { max: DESCRIPTORS_MAX })} />
            {checked && descriptorsError !== undefined && (
              <p className="text-danger small mt-1" role="alert">{descriptorsError}</p>
            )}
          </div>
          <Button color="primary" type="submit" disabled={submitting}>
            {submitting ? t("communities.create.submitting") : t("communities.create.submit")}
          </Button>
        </form>
      </div>
    </div>
  );
}

export function NewCommunityPage() {
  return <NewCommunityForm />;
}
