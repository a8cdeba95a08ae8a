/** The community page's consultations section. */
import type { SectionProps } from "../sections/section";

export function ConsultationsSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
