/** The communities API's shapes, as the pages use them, and how a failed call becomes a Problem. */
import type { components } from "../../api/communities";
import { isProblem, NETWORK_FAILURE, type Problem } from "../../api/problem";

export type Community = components["schemas"]["CommunityOut"];
export type Membership = components["schemas"]["MembershipOut"];
export type Post = components["schemas"]["PostOut"];
export type Visibility = components["schemas"]["CommunityVisibility"];
export type Role = components["schemas"]["MembershipRole"];

export const VISIBILITIES: readonly Visibility[] = ["public", "private"];

/** The problem an openapi-fetch call answered with (or a network failure when it threw). */
export function problemOf(error: unknown, response: Response | undefined): Problem {
  if (isProblem(error)) return error;
  return response ? { status: response.status } : NETWORK_FAILURE;
}

/** Runs a call; whatever goes wrong, network included, comes back as a Problem. */
export async function attempt<T>(
  call: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ data: T } | { problem: Problem }> {
  try {
    const { data, error, response } = await call();
    // A 204 has no body: data is undefined and the call still succeeded.
    return response.ok ? { data: data as T } : { problem: problemOf(error, response) };
  } catch {
    return { problem: NETWORK_FAILURE };
  }
}

/** Whether the caller may moderate (owner or moderator, active). */
export function canModerate(community: Community): boolean {
  const mine = community.membership;
  return mine !== null && mine.status === "active" && (mine.role === "owner" || mine.role === "moderator");
}

export function isActiveMember(community: Community): boolean {
  return community.membership?.status === "active";
}
