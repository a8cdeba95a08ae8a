import { DescriptorChips } from "../descriptors/DescriptorLabel";
import { useLanguage } from "../../i18n/language";

/** The descriptors a community is tagged with, as labels in the reader's language. */
export function CommunityDescriptors({ codes }: { codes: readonly string[] }) {
  const { t } = useLanguage();
  return <DescriptorChips codes={codes} label={t("communities.descriptors")} />;
}
