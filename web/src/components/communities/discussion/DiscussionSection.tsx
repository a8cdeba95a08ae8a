/** The community page's discussion section (the default tab): its topics, or, with
 * `?topic=<id>` in the address, one topic's thread. */
import { useLocation, useSearchParams } from "react-router-dom";
import { isActiveMember } from "../api";
import type { SectionProps } from "../sections/section";
import { TopicList } from "./TopicList";
import { TopicThread } from "./TopicThread";

export function DiscussionSection({ community }: SectionProps) {
  const [params] = useSearchParams();
  const location = useLocation();
  const topicId = params.get("topic");
  const member = isActiveMember(community);
  if (topicId !== null && topicId !== "") {
    const published = (location.state as { published?: boolean } | null)?.published ?? false;
    return <TopicThread key={topicId} communityId={community.id} postId={topicId} canParticipate={member}
                        published={published} />;
  }
  return <TopicList communityId={community.id} canPost={member} />;
}
