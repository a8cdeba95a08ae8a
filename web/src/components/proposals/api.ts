/** The proposals API's shapes as the pages use them (calls go through `common/attempt`). */
import type { Problem } from "../../api/problem";
import type { components } from "../../api/proposals";

export type Proposal = components["schemas"]["ProposalOut"];
export type Interest = components["schemas"]["InterestOut"];
export type ProposalKind = components["schemas"]["ProposalKind"];
export type ProposalSource = components["schemas"]["ProposalSource"];
export type InterestStatus = components["schemas"]["InterestStatus"];

export const KINDS: readonly ProposalKind[] = [
  "technology_offer", "technology_request", "business_offer", "business_request", "research_request",
];
export const SOURCES: readonly ProposalSource[] = ["local", "een"];

export function isKind(value: string): value is ProposalKind {
  return (KINDS as readonly string[]).includes(value);
}

export function isSource(value: string): value is ProposalSource {
  return (SOURCES as readonly string[]).includes(value);
}

/** A member's interest carries their id; an EEN partner's is "een:<POD id>", with no profile behind it. */
export function isEenSender(interest: Interest): boolean {
  return interest.sender_id.startsWith("een:");
}

/** The fields a 422 names (["body", "title"] → "title"), for showing each message by its field. */
export function invalidFields(problem: Problem | null): ReadonlySet<string> {
  if (problem?.status !== 422 || !problem.errors) return new Set();
  return new Set(problem.errors.map((e) => e.loc[1]).filter((f): f is string => typeof f === "string"));
}
