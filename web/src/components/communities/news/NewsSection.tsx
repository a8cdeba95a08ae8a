/** The community page's news section. */
import type { SectionProps } from "../sections/section";

export function NewsSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
