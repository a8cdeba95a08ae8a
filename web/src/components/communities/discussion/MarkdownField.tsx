/** A text written in markdown, with the mention picker under it. */
import { TextArea } from "design-react-kit";
import { useLanguage } from "../../../i18n/language";
import { BODY_MAX } from "./api";
import { MentionPicker } from "./MentionPicker";

export function MarkdownField({ id, label, value, onChange, communityId, missing, rows = 4 }: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  communityId: string;
  /** The message to show when the text is empty after a try to send it. */
  missing: string | null;
  rows?: number;
}) {
  const { t } = useLanguage();
  const invalid = missing !== null ? { valid: false, "aria-invalid": true, validationText: missing } : {};
  return (
    <>
      <TextArea id={id} label={label} rows={rows} maxLength={BODY_MAX} required value={value}
                onChange={(e) => { onChange(e.target.value); }} {...invalid} />
      <p className="small text-secondary mt-n2">{t("discussion.markdownHint")}</p>
      <MentionPicker communityId={communityId}
                     onPick={(markup) => { onChange(value === "" || value.endsWith(" ") ? `${value}${markup} ` : `${value} ${markup} `); }} />
    </>
  );
}
