/** A search page's state: the filters live in the address (so back and shared links work) and the
 * results, a page at a time, follow them. */
import { useSearchParams } from "react-router-dom";
import { type PageOutcome, type PagedListControls, usePagedList } from "./usePagedList";

export interface Search<F, T> extends Omit<PagedListControls<T>, "list"> {
  /** The address's query ("" when nothing is filtered): it keys the results and the form. */
  query: string;
  applied: F;
  apply: (filters: F) => void;
  results: PagedListControls<T>["list"];
}

export function useSearch<F, T>({ filtersOf, paramsOf, fetchPage }: {
  filtersOf: (params: URLSearchParams) => F;
  paramsOf: (filters: F) => URLSearchParams;
  fetchPage: (filters: F, cursor: string | null) => Promise<PageOutcome<T>>;
}): Search<F, T> {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const { list, loadMore, update } = usePagedList<T>(
    query, (cursor) => fetchPage(filtersOf(new URLSearchParams(query)), cursor));
  return {
    query, applied: filtersOf(params), apply: (filters) => { setParams(paramsOf(filters)); },
    results: list, loadMore, update,
  };
}
