/** What every section of a community's page (discussion, news, documents, …) is given. */
import type { Community } from "../api";

export interface SectionProps {
  community: Community;
  /** Load the community again (after a change to the membership or the settings). */
  reload: () => void;
}
