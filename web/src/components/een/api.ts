/** The EEN bridge's operator API, as the console uses it: each call answers either the data
 * or a Problem (never throws), and small hooks load it and poll a running sync. */
import { useEffect, useEffectEvent, useState } from "react";
import { een } from "../../api/clients";
import type { components } from "../../api/een";
import type { Problem } from "../../api/problem";
import { attempt } from "../common/attempt";

export type BridgeStatus = components["schemas"]["StatusOut"];
export type SyncRun = components["schemas"]["SyncRunOut"];
export type SyncMode = components["schemas"]["SyncMode"];
export type RunStatus = components["schemas"]["RunStatus"];
export type Quarantined = components["schemas"]["QuarantinedOut"];
export type QuarantinePage = components["schemas"]["Page_QuarantinedOut_"];

export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

async function call<T>(request: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  const outcome = await attempt(request);
  return "problem" in outcome ? { ok: false, problem: outcome.problem } : { ok: true, data: outcome.data };
}

export const RUNS_SHOWN = 10;

export const loadStatus = () => call(() => een.GET("/status"));
export const loadRuns = () => call(() => een.GET("/sync/runs", { params: { query: { limit: RUNS_SHOWN } } }));
export const loadRun = (id: string) => call(() => een.GET("/sync/runs/{run_id}", { params: { path: { run_id: id } } }));
export const startRun = (mode: SyncMode) => call(() => een.POST("/sync/runs", { body: { mode } }));
export const loadQuarantine = (includeResolved: boolean, cursor: string | null) => call(() => een.GET("/quarantine", {
  params: { query: { include_resolved: includeResolved, limit: 20, ...(cursor !== null ? { cursor } : {}) } },
}));

export type Loaded<T> = { kind: "loading" } | { kind: "loaded"; data: T } | { kind: "failed"; problem: Problem };

function loaded<T>(result: Result<T>): Loaded<T> {
  return result.ok ? { kind: "loaded", data: result.data } : { kind: "failed", problem: result.problem };
}

/** `load()` now and again whenever `version` changes; what was shown stays until the new answer. */
export function useLoaded<T>(load: () => Promise<Result<T>>, version: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    void load().then((result) => { if (live) setState(loaded(result)); });
    return () => { live = false; };
  }, [load, version]);
  return state;
}

const POLL_MS = 1000;
const STOP_POLLING = new Set([401, 403, 404]);

/** One sync run, asked for every second while it runs (and told to `onUpdate` each time) until it has ended. */
export function useSyncRun(runId: string, onUpdate: (run: SyncRun) => void): Loaded<SyncRun> {
  const [state, setState] = useState<Loaded<SyncRun>>({ kind: "loading" });
  const updated = useEffectEvent(onUpdate);
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const poll = async () => {
      const result = await loadRun(runId);
      if (!live) return;
      if (result.ok) {
        setState(loaded(result));
        updated(result.data);
        if (result.data.status === "running") timer = window.setTimeout(() => { void poll(); }, POLL_MS);
      } else {
        // A passing failure (network, 503) keeps the last known progress and asks again.
        setState((previous) => (previous.kind === "loaded" && !STOP_POLLING.has(result.problem.status)
          ? previous : loaded(result)));
        if (!STOP_POLLING.has(result.problem.status)) timer = window.setTimeout(() => { void poll(); }, POLL_MS * 2);
      }
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [runId]);
  return state;
}

/** Profiles handled so far: every outcome a profile can have in a run. */
export function handled(run: SyncRun): number {
  const c = run.counts;
  return c.created + c.updated + c.closed + c.unchanged + c.quarantined + c.skipped_own;
}
