import { Button, Row } from "design-react-kit";
import { useState, type ReactNode, type SubmitEvent } from "react";

/** A search form (role="search"): the filters as typed so far, applied on submit. Give it
 * `key={query}` so it starts again from the filters applied. `children` lays out the fields in a
 * Row, from the draft and a way to change it. */
export function SearchForm<F>({ label, submitLabel, className, applied, onSearch, children }: {
  label: string;
  submitLabel: string;
  className: string;
  applied: F;
  onSearch: (filters: F) => void;
  children: (draft: F, change: (patch: Partial<F>) => void) => ReactNode;
}) {
  const [draft, setDraft] = useState<F>(applied);

  function search(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(draft);
  }

  return (
    <form role="search" onSubmit={search} className={className} aria-label={label}>
      <Row>{children(draft, (patch) => { setDraft({ ...draft, ...patch }); })}</Row>
      <Button color="primary" type="submit">{submitLabel}</Button>
    </form>
  );
}
