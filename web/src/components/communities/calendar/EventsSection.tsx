/** The community page's calendar section. */
import type { SectionProps } from "../sections/section";

export function EventsSection({ community }: SectionProps) {
  return <section aria-label={community.name} />;
}
