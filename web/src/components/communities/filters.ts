/** The communities list's filters, kept in the address (?q=&visibility=&mine=&descriptor=) so
 * that back, forward and shared links show the same search. */
import { type Visibility, VISIBILITIES } from "./api";

export interface Filters {
  text: string;
  visibility: Visibility | "";
  mine: boolean;
  descriptors: string[];
}

export function filtersOf(params: URLSearchParams): Filters {
  const visibility = params.get("visibility") ?? "";
  return {
    text: params.get("q") ?? "",
    visibility: (VISIBILITIES as readonly string[]).includes(visibility) ? visibility as Visibility : "",
    mine: params.get("mine") === "true",
    descriptors: params.getAll("descriptor"),
  };
}

export function paramsOf(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.text.trim() !== "") params.set("q", filters.text.trim());
  if (filters.visibility !== "") params.set("visibility", filters.visibility);
  if (filters.mine) params.set("mine", "true");
  filters.descriptors.forEach((code) => { params.append("descriptor", code); });
  return params;
}
