/** Writing an article or changing one: the text, its category, when it is published (and
 * withdrawn), in Italian time, sent in UTC; the cover image; for managers, "highlighted". */
import { Button, FormGroup, Input, Select, TextArea, Toggle } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { useNavigate } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { CATEGORIES, createNews, type News, type NewsCategory, type NewsPatch, type NewsScope, putCover,
  reviseNews } from "./api";
import { CATEGORY_LABELS } from "./NewsParts";
import { romeLocalToUtc, utcToRomeLocal } from "./romeTime";

const TITLE_MAX = 200;
const SUMMARY_MAX = 500;
const BODY_MAX = 50000;
const COVER_MAX = 5 * 1024 * 1024;
const COVER_TYPES = ["image/png", "image/jpeg", "image/webp"];
export const COVER_PROBLEMS = { 413: "news.cover.tooLarge", 415: "news.cover.wrongType" } as const;

interface Draft {
  title: string;
  summary: string;
  body: string;
  category: NewsCategory;
  publishAt: string; // datetime-local, Rome; "" = now
  withdrawAt: string; // "" = never
  highlighted: boolean;
}

function draftOf(news: News | null): Draft {
  if (news === null) {
    return { title: "", summary: "", body: "", category: "announcement", publishAt: "", withdrawAt: "",
             highlighted: false };
  }
  return { title: news.title, summary: news.summary, body: news.body, category: news.category,
           publishAt: utcToRomeLocal(news.publish_at),
           withdrawAt: news.withdraw_at ? utcToRomeLocal(news.withdraw_at) : "", highlighted: news.highlighted };
}

export function NewsEditor({ scope, news, headingLevel }: {
  scope: NewsScope; news: News | null; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(news));
  const [cover, setCover] = useState<File | null>(null);
  const [coverError, setCoverError] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<{ problem: Problem; cover: boolean } | null>(null);
  const Heading = headingLevel;
  const validated = scope.validates && !scope.canManage;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => { setDraft((d) => ({ ...d, [key]: value })); };
  const titleMissing = draft.title.trim() === "";
  const bodyMissing = draft.body.trim() === "";
  const publishUtc = draft.publishAt === "" ? null : romeLocalToUtc(draft.publishAt);
  const withdrawUtc = draft.withdrawAt === "" ? null : romeLocalToUtc(draft.withdrawAt);
  const [withdrawBeforePublish, setWithdrawBeforePublish] = useState(false);

  function chooseCover(file: File | null) {
    setCoverError(null);
    if (file !== null && !COVER_TYPES.includes(file.type)) setCoverError(t("news.cover.wrongType"));
    else if (file !== null && file.size > COVER_MAX) setCoverError(t("news.cover.tooLarge"));
    setCover(file);
  }

  async function save(event: SubmitEvent<HTMLFormElement>, submit: boolean) {
    event.preventDefault();
    setChecked(true);
    const tooEarly = withdrawUtc !== null
      && new Date(withdrawUtc).getTime() <= (publishUtc ? new Date(publishUtc).getTime() : Date.now());
    setWithdrawBeforePublish(tooEarly);
    if (titleMissing || bodyMissing || tooEarly || coverError !== null) return;
    setSending(true);
    setProblem(null);
    const fields = {
      title: draft.title.trim(), summary: draft.summary.trim(), body: draft.body.trim(), category: draft.category,
    };
    let outcome;
    if (news === null) {
      outcome = await createNews(scope, { ...fields, highlighted: scope.canManage && draft.highlighted,
                                          publish_at: publishUtc, withdraw_at: withdrawUtc, submit, descriptors: [] });
    } else {
      // Times only when changed: the inputs show minutes, the article keeps milliseconds.
      const initial = draftOf(news);
      const patch: NewsPatch = { ...fields, ...(scope.canManage ? { highlighted: draft.highlighted } : {}) };
      if (draft.publishAt !== initial.publishAt && publishUtc !== null) patch.publish_at = publishUtc;
      if (draft.withdrawAt !== initial.withdrawAt) patch.withdraw_at = withdrawUtc;
      outcome = await reviseNews(scope, news, patch);
    }
    if (!("data" in outcome)) {
      setSending(false);
      setProblem({ problem: outcome.problem, cover: false });
      return;
    }
    const saved = outcome.data;
    if (cover !== null) {
      const uploaded = await putCover(scope, saved.id, cover);
      if (!("data" in uploaded)) {
        setSending(false);
        setProblem({ problem: uploaded.problem, cover: true });
        if (news === null) void navigate(`../${saved.id}/edit`, { relative: "path", replace: true });
        return;
      }
    }
    setSending(false);
    void navigate(news === null ? `../${saved.id}` : "..", { relative: "path", state: { saved: true } });
  }

  const invalid = (missing: boolean, message: string) =>
    checked && missing ? { valid: false, "aria-invalid": true, validationText: message } : {};
  const idPrefix = news?.id ?? "new";

  return (
    <form noValidate aria-labelledby="news-editor-title" className="mb-5"
          onSubmit={(event) => {
            const submitter = (event.nativeEvent as unknown as { submitter?: HTMLElement }).submitter;
            void save(event, submitter?.dataset.submit === "true");
          }}>
      <Heading id="news-editor-title" className={headingLevel === "h1" ? "" : "h4"}>
        {news === null ? t("news.editor.newTitle") : t("news.editor.editTitle")}
      </Heading>
      {problem !== null && <ProblemAlert problem={problem.problem} {...(problem.cover ? { overrides: COVER_PROBLEMS } : {})} />}
      <FormGroup>
        <Input id={`news-title-${idPrefix}`} label={t("news.editor.title")} maxLength={TITLE_MAX} required
               value={draft.title} onChange={(e) => { set("title", e.target.value); }}
               {...invalid(titleMissing, t("news.editor.titleMissing"))} />
      </FormGroup>
      <FormGroup>
        <TextArea id={`news-summary-${idPrefix}`} label={t("news.editor.summary")} rows={2} maxLength={SUMMARY_MAX}
                  value={draft.summary} onChange={(e) => { set("summary", e.target.value); }} />
      </FormGroup>
      <FormGroup>
        <TextArea id={`news-body-${idPrefix}`} label={t("news.editor.body")} rows={8} maxLength={BODY_MAX} required
                  value={draft.body} onChange={(e) => { set("body", e.target.value); }}
                  infoText={t("news.editor.bodyHint")}
                  {...invalid(bodyMissing, t("news.editor.bodyMissing"))} />
      </FormGroup>
      <div className="mb-4">
        <Select id={`news-category-edit-${idPrefix}`} label={t("news.editor.category")} value={draft.category}
                onChange={(value) => { set("category", value as NewsCategory); }}>
          {CATEGORIES.map((c) => <option key={c} value={c}>{t(CATEGORY_LABELS[c])}</option>)}
        </Select>
      </div>
      <div className="row g-3 mb-2">
        <div className="col-12 col-md-6 form-group">
          <label htmlFor={`news-publish-${idPrefix}`} className="active">{t("news.editor.publishAt")}</label>
          <input id={`news-publish-${idPrefix}`} type="datetime-local" className="form-control"
                 aria-describedby={`news-publish-${idPrefix}-hint`} value={draft.publishAt}
                 onChange={(e) => { set("publishAt", e.target.value); }} />
          <small id={`news-publish-${idPrefix}-hint`} className="form-text">{t("news.editor.publishAtHint")}</small>
        </div>
        <div className="col-12 col-md-6 form-group">
          <label htmlFor={`news-withdraw-${idPrefix}`} className="active">{t("news.editor.withdrawAt")}</label>
          <input id={`news-withdraw-${idPrefix}`} type="datetime-local" className="form-control"
                 aria-describedby={`news-withdraw-${idPrefix}-hint`} value={draft.withdrawAt}
                 aria-invalid={checked && withdrawBeforePublish ? true : undefined}
                 onChange={(e) => { set("withdrawAt", e.target.value); }} />
          <small id={`news-withdraw-${idPrefix}-hint`} className="form-text">
            {checked && withdrawBeforePublish ? <span className="text-danger">{t("news.editor.withdrawBeforePublish")}</span>
              : t("news.editor.withdrawAtHint")}
          </small>
        </div>
      </div>
      <div className="mb-4">
        <label htmlFor={`news-cover-${idPrefix}`} className="form-label d-block fw-semibold">
          {news?.cover ? t("news.editor.coverReplace") : t("news.editor.cover")}
        </label>
        <input id={`news-cover-${idPrefix}`} type="file" className="form-control" accept={COVER_TYPES.join(",")}
               aria-describedby={`news-cover-${idPrefix}-hint`} aria-invalid={coverError !== null ? true : undefined}
               onChange={(e) => { chooseCover(e.target.files?.[0] ?? null); }} />
        <small id={`news-cover-${idPrefix}-hint`} className="form-text">
          {coverError !== null ? <span className="text-danger">{coverError}</span> : t("news.editor.coverHint")}
        </small>
      </div>
      {scope.canManage && (
        <div className="mb-4">
          <Toggle id={`news-highlighted-${idPrefix}`} label={t("news.editor.highlighted")}
                  checked={draft.highlighted} onChange={(e) => { set("highlighted", e.target.checked); }} />
        </div>
      )}
      <div className="d-flex flex-wrap gap-2">
        {news === null ? (
          <>
            <Button color="primary" type="submit" data-submit="true" disabled={sending}>
              {validated ? t("news.editor.saveAndSubmit") : t("news.editor.saveAndPublish")}
            </Button>
            <Button color="primary" outline type="submit" data-submit="false" disabled={sending}>
              {t("news.editor.saveDraft")}
            </Button>
          </>
        ) : (
          <Button color="primary" type="submit" data-submit="false" disabled={sending}>
            {t("news.editor.save")}
          </Button>
        )}
        <Button color="secondary" outline type="button" disabled={sending}
                onClick={() => { void navigate("..", { relative: "path" }); }}>
          {t("news.editor.cancel")}
        </Button>
      </div>
      {sending && <p role="status" className="mt-2">{t("news.editor.saving")}</p>}
    </form>
  );
}
