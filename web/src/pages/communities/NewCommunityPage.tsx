/** /communities/new: name, description, visibility and descriptors; then on to the new community. */
import { Button, FormGroup, Input, TextArea } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { useNavigate } from "react-router-dom";
import { communities } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import { useCreateOnce } from "../../components/common/useCreateOnce";
import { type Visibility, VISIBILITIES } from "../../components/communities/api";
import { VisibilityChoice } from "../../components/communities/VisibilityChoice";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";

const NAME_MIN = 3;
const NAME_MAX = 120;
const DESCRIPTION_MAX = 5000;
const DESCRIPTORS_MAX = 20;

function NewCommunityForm() {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("public");
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
      body: { name: trimmed, description: description.trim(), visibility, descriptors },
    })));
    setSubmitting(false);
    if ("data" in outcome) void navigate(communityPath(outcome.data.id));
  }

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("communities.create.title")}</h1>
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
          <VisibilityChoice name="community-visibility" value={visibility} options={VISIBILITIES}
                            onChange={setVisibility} />
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
