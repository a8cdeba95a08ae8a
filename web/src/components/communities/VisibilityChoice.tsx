import type { MessageKey } from "../../i18n/messages";
import { useLanguage } from "../../i18n/language";
import type { Visibility } from "./api";

export const VISIBILITY_TEXT: Readonly<Record<Visibility, { label: MessageKey; hint: MessageKey }>> = {
  public: { label: "communities.visibility.public", hint: "communities.visibility.publicHint" },
  private: { label: "communities.visibility.private", hint: "communities.visibility.privateHint" },
  closed: { label: "communities.visibility.closed", hint: "communities.visibility.closedHint" },
};

/** The access type: one radio button per kind, each explained in a line. */
export function VisibilityChoice({ name, value, options, onChange, legend }: {
  name: string;
  value: Visibility;
  options: readonly Visibility[];
  onChange: (value: Visibility) => void;
  legend?: MessageKey;
}) {
  const { t } = useLanguage();
  return (
    <fieldset className="mb-5">
      <legend className="h6">{t(legend ?? "communities.create.visibility")}</legend>
      {options.map((option) => {
        const id = `${name}-${option}`;
        return (
          <div className="form-check" key={option}>
            <input type="radio" id={id} name={name} value={option} checked={value === option}
                   aria-describedby={`${id}-hint`} onChange={() => { onChange(option); }} />
            <label htmlFor={id}>{t(VISIBILITY_TEXT[option].label)}</label>
            <small id={`${id}-hint`} className="form-text d-block ms-5">{t(VISIBILITY_TEXT[option].hint)}</small>
          </div>
        );
      })}
    </fieldset>
  );
}
