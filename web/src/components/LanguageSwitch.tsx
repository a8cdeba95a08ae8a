import { useId } from "react";
import { useLanguage } from "../i18n/language";
import { isLanguage, LANGUAGES } from "../i18n/messages";

/** The language chooser in the slim header: a labelled native select, keyboard-usable as is. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useLanguage();
  const id = useId();
  return (
    <div className="d-flex align-items-center gap-2">
      <label htmlFor={id} className="text-white mb-0">{t("language.label")}</label>
      <select
        id={id}
        className="form-select form-select-sm w-auto"
        value={language}
        onChange={(event) => {
          const chosen = event.target.value;
          if (isLanguage(chosen)) setLanguage(chosen);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>{t(`language.${code}`)}</option>
        ))}
      </select>
    </div>
  );
}
