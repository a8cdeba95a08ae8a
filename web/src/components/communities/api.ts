/** The communities API's shapes, as the pages use them (calls go through `common/attempt`). */
import type { components } from "../../api/communities";

export type Community = components["schemas"]["CommunityOut"];
export type Membership = components["schemas"]["MembershipOut"];
export type Post = components["schemas"]["PostOut"];
export type Visibility = components["schemas"]["CommunityVisibility"];
export type Role = components["schemas"]["MembershipRole"];
export type Invitation = components["schemas"]["InvitationOut"];
export type InvitationPreview = components["schemas"]["InvitationPreview"];

/** The access types, from the widest to the narrowest (`public` is the one called "open"). */
export const VISIBILITIES: readonly Visibility[] = ["public", "private", "closed"];

/** The access types a sub-community of `parent` may have: never wider than its parent's. */
export function allowedUnder(parent: Visibility | null): readonly Visibility[] {
  if (parent === null) return VISIBILITIES;
  return VISIBILITIES.slice(VISIBILITIES.indexOf(parent));
}

/** Whether the caller may moderate (owner or moderator, active). */
export function canModerate(community: Community): boolean {
  const mine = community.membership;
  return mine !== null && mine.status === "active" && (mine.role === "owner" || mine.role === "moderator");
}

export function isActiveMember(community: Community): boolean {
  return community.membership?.status === "active";
}

export function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}
