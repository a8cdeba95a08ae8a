/** The community page's documents section. */
import type { SectionProps } from "../sections/section";

export function DocumentsSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
