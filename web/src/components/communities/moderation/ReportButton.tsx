/** "Report" beside a topic, reply, news item or document: a dialog asks why (a category and a
 * few words) and sends the report; afterwards the button says it was reported. A second report
 * of the same item by the same member (409) is said as such. */
import { Button, FormGroup, Modal, ModalBody, ModalFooter, ModalHeader, Select, TextArea } from "design-react-kit";
import { useId, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { type ContentKind, REPORT_CATEGORIES, reportContent, type ReportCategory } from "./api";

export const CATEGORY_LABELS: Readonly<Record<ReportCategory, MessageKey>> = {
  spam: "moderation.category.spam",
  offensive: "moderation.category.offensive",
  misinformation: "moderation.category.misinformation",
  off_topic: "moderation.category.off_topic",
  illegal: "moderation.category.illegal",
  other: "moderation.category.other",
};

const TITLES: Readonly<Record<ContentKind, MessageKey>> = {
  post: "moderation.report.title.post",
  reply: "moderation.report.title.reply",
  news: "moderation.report.title.news",
  document: "moderation.report.title.document",
};

const TEXT_MAX = 1000;

export function ReportButton({ communityId, kind, contentId, onReported }: {
  /** null: platform-wide news. */
  communityId: string | null;
  kind: ContentKind;
  contentId: string;
  /** Told once the report is in; `hidden`: this report took the content off the lists. */
  onReported?: (hidden: boolean) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<ReportCategory | "">("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState<MessageKey | null>(null);
  const [done, setDone] = useState<"reported" | "already" | null>(null);

  function close() {
    setOpen(false);
    setProblem(null);
    setMissing(null);
  }

  async function send() {
    if (category === "") { setMissing("moderation.report.categoryMissing"); return; }
    if (category === "other" && text.trim() === "") { setMissing("moderation.report.textMissing"); return; }
    setMissing(null);
    setBusy(true);
    setProblem(null);
    const outcome = await reportContent(communityId, kind, contentId, category, text.trim());
    setBusy(false);
    if ("data" in outcome) {
      setDone("reported");
      close();
      onReported?.(outcome.data.content_hidden);
    } else if (outcome.problem.status === 409) {
      setDone("already");
      close();
    } else {
      setProblem(outcome.problem);
    }
  }

  if (done !== null) {
    return <StatusMessage color="info">{t(done === "reported" ? "moderation.report.done"
                                                               : "moderation.report.already")}</StatusMessage>;
  }
  const titleId = `${id}-report-title`;
  return (
    <>
      <Button color="secondary" outline size="xs" className="report-button" onClick={() => { setOpen(true); }}>
        {t("moderation.report.open")}
      </Button>
      <Modal isOpen={open} toggle={close} labelledBy={titleId} centered>
        <ModalHeader id={titleId} toggle={close} closeAriaLabel={t("moderation.report.close")}>
          {t(TITLES[kind])}
        </ModalHeader>
        <ModalBody>
          <p>{t("moderation.report.intro")}</p>
          {problem !== null && <ProblemAlert problem={problem} overrides={{ 404: "moderation.report.gone" }} />}
          {missing !== null && <p className="text-danger" role="alert">{t(missing)}</p>}
          <Select id={`${id}-category`} label={t("moderation.report.category")} value={category}
                  onChange={(value) => { setCategory(value as ReportCategory | ""); }}>
            {[<option key="" value="">{t("moderation.report.chooseCategory")}</option>,
              ...REPORT_CATEGORIES.map((c) => <option key={c} value={c}>{t(CATEGORY_LABELS[c])}</option>)]}
          </Select>
          <FormGroup>
            <TextArea id={`${id}-text`} label={t("moderation.report.text")} rows={3} maxLength={TEXT_MAX}
                      value={text} onChange={(e) => { setText(e.target.value); }} />
          </FormGroup>
        </ModalBody>
        <ModalFooter>
          <Button color="secondary" outline onClick={close}>{t("moderation.report.cancel")}</Button>
          <Button color="danger" disabled={busy} onClick={() => { void send(); }}>{t("moderation.report.send")}</Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
