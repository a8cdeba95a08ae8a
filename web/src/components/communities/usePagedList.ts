/** A list the API hands out a page at a time (cursor paging, newest or oldest first). */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Problem } from "../../api/problem";

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

export type Outcome<T> = { data: T } | { problem: Problem };

export type PagedList<T> =
  | { kind: "loading" }
  | { kind: "failed"; problem: Problem }
  | { kind: "loaded"; items: T[]; cursor: string | null; more: "idle" | "loading" | Problem };

export interface PagedListControls<T> {
  list: PagedList<T>;
  loadMore: () => Promise<void>;
  /** Change the loaded items in place (a new post on top, a member's new role). */
  update: (change: (items: T[]) => T[]) => void;
}

const LOADING = { kind: "loading" } as const;

/** Loads the first page whenever `key` changes (the query, or a reload), then more on demand. */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | null) => Promise<Outcome<PageOf<T>>>,
): PagedListControls<T> {
  const [state, setState] = useState<{ key: string; list: PagedList<T> } | null>(null);
  const fetchLatest = useRef(fetchPage);
  useEffect(() => { fetchLatest.current = fetchPage; });

  useEffect(() => {
    let current = true;
    void fetchLatest.current(null).then((outcome) => {
      if (!current) return;
      setState({
        key,
        list: "data" in outcome
          ? { kind: "loaded", items: outcome.data.items, cursor: outcome.data.next_cursor ?? null, more: "idle" }
          : { kind: "failed", problem: outcome.problem },
      });
    });
    return () => { current = false; };
  }, [key]);

  const list: PagedList<T> = state?.key === key ? state.list : LOADING;

  const loadMore = useCallback(async () => {
    if (list.kind !== "loaded" || list.cursor === null || list.more === "loading") return;
    const before = list;
    setState({ key, list: { ...before, more: "loading" } });
    const outcome = await fetchLatest.current(before.cursor);
    setState((now) => {
      if (now?.key !== key || now.list.kind !== "loaded") return now;
      return {
        key,
        list: "data" in outcome
          ? { kind: "loaded", items: [...now.list.items, ...outcome.data.items],
              cursor: outcome.data.next_cursor ?? null, more: "idle" }
          : { ...now.list, more: outcome.problem },
      };
    });
  }, [key, list]);

  const update = useCallback((change: (items: T[]) => T[]) => {
    setState((now) => now?.key === key && now.list.kind === "loaded"
      ? { key, list: { ...now.list, items: change(now.list.items) } } : now);
  }, [key]);

  return { list, loadMore, update };
}
