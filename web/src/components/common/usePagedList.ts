/** A list the API hands out a page at a time (cursor paging), loaded a page at a time. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Problem } from "../../api/problem";

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

/** A page's answer: `attempt`'s Outcome fits (its response is not needed here). */
export type PageOutcome<T> = { data: PageOf<T> } | { problem: Problem };

export type PagedList<T> =
  | { kind: "loading" }
  | { kind: "failed"; problem: Problem }
  | { kind: "loaded"; items: T[]; cursor: string | null; more: "idle" | "loading" | Problem };

type Loaded<T> = Extract<PagedList<T>, { kind: "loaded" }>;

export interface PagedListControls<T> {
  list: PagedList<T>;
  loadMore: () => Promise<void>;
  /** Change the loaded items in place (a new post on top, an interest just answered). */
  update: (change: (items: T[]) => T[]) => void;
}

const LOADING = { kind: "loading" } as const;

/** The list once its first page has answered. */
export function firstPage<T>(outcome: PageOutcome<T>): PagedList<T> {
  return "data" in outcome
    ? { kind: "loaded", items: outcome.data.items, cursor: outcome.data.next_cursor ?? null, more: "idle" }
    : { kind: "failed", problem: outcome.problem };
}

/** The list once a further page has answered: its items after the ones shown, or the failure under them. */
export function nextPage<T>(list: Loaded<T>, outcome: PageOutcome<T>): Loaded<T> {
  return "data" in outcome
    ? { kind: "loaded", items: [...list.items, ...outcome.data.items], cursor: outcome.data.next_cursor ?? null,
        more: "idle" }
    : { ...list, more: outcome.problem };
}

/** Loads the first page whenever `key` changes (the query, or a reload), then more on demand. */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | null) => Promise<PageOutcome<T>>,
): PagedListControls<T> {
  const [state, setState] = useState<{ key: string; list: PagedList<T> } | null>(null);
  const fetchLatest = useRef(fetchPage);
  useEffect(() => { fetchLatest.current = fetchPage; });

  useEffect(() => {
    let current = true;
    void fetchLatest.current(null).then((outcome) => {
      if (current) setState({ key, list: firstPage(outcome) });
    });
    return () => { current = false; };
  }, [key]);

  const list: PagedList<T> = state?.key === key ? state.list : LOADING;

  const loadMore = useCallback(async () => {
    if (list.kind !== "loaded" || list.cursor === null || list.more === "loading") return;
    const cursor = list.cursor;
    setState({ key, list: { ...list, more: "loading" } });
    const outcome = await fetchLatest.current(cursor);
    setState((now) => now?.key === key && now.list.kind === "loaded" ? { key, list: nextPage(now.list, outcome) } : now);
  }, [key, list]);

  const update = useCallback((change: (items: T[]) => T[]) => {
    setState((now) => now?.key === key && now.list.kind === "loaded"
      ? { key, list: { ...now.list, items: change(now.list.items) } } : now);
  }, [key]);

  return { list, loadMore, update };
}
