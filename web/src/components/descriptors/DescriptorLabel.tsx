/** A descriptor code shown as its label in the reader's language (the code while loading). */
import { Chip, ChipLabel } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import { labelOfCode } from "./taxonomy";
import { useDescriptors } from "./useDescriptors";

export function DescriptorLabel({ code }: { code: string }) {
  const { language } = useLanguage();
  const descriptors = useDescriptors();
  const taxonomy = descriptors.status === "ready" ? descriptors.taxonomy : null;
  return <>{labelOfCode(taxonomy, code, language)}</>;
}

/** Codes as a list of (non-removable) chips with their labels; `empty` when there are none. */
export function DescriptorChips({ codes, label, empty }: { codes: readonly string[]; label?: string; empty?: string }) {
  if (codes.length === 0) return empty !== undefined ? <p className="text-secondary">{empty}</p> : null;
  return (
    <ul className="list-unstyled d-flex flex-wrap gap-2 mb-0" aria-label={label}>
      {codes.map((code) => (
        <li key={code}>
          <Chip simple className="mb-0 mw-100 h-auto py-1">
            <ChipLabel className="text-wrap"><DescriptorLabel code={code} /></ChipLabel>
          </Chip>
        </li>
      ))}
    </ul>
  );
}
