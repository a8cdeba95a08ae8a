/** The community page's discussion section: its topics (the default tab). */
import { Discussion } from "../Discussion";
import { isActiveMember } from "../api";
import type { SectionProps } from "../sections/section";

export function DiscussionSection({ community }: SectionProps) {
  return <Discussion communityId={community.id} canPost={isActiveMember(community)} />;
}
