/** The community page's discussion section. */
import type { SectionProps } from "../sections/section";

export function DiscussionSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
