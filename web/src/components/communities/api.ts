/** The communities API's shapes, as the pages use them (calls go through `common/attempt`). */
import type { components } from "../../api/communities";

export type Community = components["schemas"]["CommunityOut"];
export type Membership = components["schemas"]["MembershipOut"];
export type Post = components["schemas"]["PostOut"];
export type Visibility = components["schemas"]["CommunityVisibility"];
export type Role = components["schemas"]["MembershipRole"];

export const VISIBILITIES: readonly Visibility[] = ["public", "private"];

/** Whether the caller may moderate (owner or moderator, active). */
export function canModerate(community: Community): boolean {
  const mine = community.membership;
  return mine !== null && mine.status === "active" && (mine.role === "owner" || mine.role === "moderator");
}

export function isActiveMember(community: Community): boolean {
  return community.membership?.status === "active";
}
