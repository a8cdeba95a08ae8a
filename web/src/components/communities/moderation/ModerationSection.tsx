/** The community page's moderation section. */
import type { SectionProps } from "../sections/section";

export function ModerationSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
