import { Col, Row } from "design-react-kit";
import type { ReactNode } from "react";
import { LoadingState } from "./LoadingState";
import { LoadMore } from "./LoadMore";
import { ProblemAlert } from "./ProblemAlert";
import type { PagedList } from "./usePagedList";

/** A search's results as a grid of cards (one, two or three a row), a page at a time; the
 * heading is for screen readers, `empty` is said when nothing matches. */
export function SearchResults<T>({
  results, id, heading, loadingLabel, empty, loadMoreLabel, onLoadMore, itemKey, children,
}: {
  results: PagedList<T>;
  id: string;
  heading: string;
  loadingLabel: string;
  empty: string;
  loadMoreLabel: string;
  onLoadMore: () => Promise<void>;
  itemKey: (item: T) => string;
  children: (item: T) => ReactNode;
}) {
  if (results.kind === "loading") return <LoadingState label={loadingLabel} />;
  if (results.kind === "failed") return <ProblemAlert problem={results.problem} />;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="visually-hidden">{heading}</h2>
      {results.items.length === 0
        ? <p role="status">{empty}</p>
        : (
          <Row tag="ul" className="list-unstyled">
            {results.items.map((item) => (
              <Col tag="li" key={itemKey(item)} xs={12} md={6} lg={4} className="mb-4">
                {children(item)}
              </Col>
            ))}
          </Row>
        )}
      <LoadMore label={loadMoreLabel} cursor={results.cursor} more={results.more} onLoad={() => { void onLoadMore(); }} />
    </section>
  );
}
