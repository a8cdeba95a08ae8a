/** The taxonomy, fetched once per app (`GET /api/profiles/descriptors`) and shared by every
 * picker and label: it is small (428 entries) and changes only with a release. */
import { useEffect, useSyncExternalStore } from "react";
import { profiles } from "../../api/clients";
import { isProblem, NETWORK_FAILURE, type Problem } from "../../api/problem";
import { buildTaxonomy, type Taxonomy } from "./taxonomy";

export type DescriptorsState =
  | { status: "loading" }
  | { status: "ready"; taxonomy: Taxonomy }
  | { status: "failed"; problem: Problem };

let state: DescriptorsState = { status: "loading" };
let inFlight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: DescriptorsState): void {
  state = next;
  listeners.forEach((notify) => { notify(); });
}

async function fetchTaxonomy(): Promise<void> {
  try {
    const { data, error, response } = await profiles.GET("/descriptors");
    if (data) set({ status: "ready", taxonomy: buildTaxonomy(data.taxonomy_version, data.items) });
    else set({ status: "failed", problem: isProblem(error) ? error : { status: response.status } });
  } catch {
    set({ status: "failed", problem: NETWORK_FAILURE });
  }
}

/** Start loading unless loaded or loading; after a failure, try again. */
export function loadDescriptors(): Promise<void> {
  if (state.status === "ready") return Promise.resolve();
  if (inFlight === null) {
    if (state.status === "failed") set({ status: "loading" });
    inFlight = fetchTaxonomy().finally(() => { inFlight = null; });
  }
  return inFlight;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function useDescriptors(): DescriptorsState {
  const current = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (state.status === "loading") void loadDescriptors();
  }, []);
  return current;
}

/** For tests: forget what was loaded. */
export function resetDescriptorsForTests(next: DescriptorsState = { status: "loading" }): void {
  inFlight = null;
  set(next);
}
