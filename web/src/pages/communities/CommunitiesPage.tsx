/** /communities: find communities by words, visibility and descriptors, newest first, a page at a time. */
import { Button, Col, FormGroup, Input, Row, Select } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { communities } from "../../api/clients";
import { attempt, type Community } from "../../components/communities/api";
import { type Filters, filtersOf, paramsOf } from "../../components/communities/filters";
import { CommunityCard } from "../../components/communities/CommunityCard";
import { LoadMore } from "../../components/communities/LoadMore";
import { LoadingState } from "../../components/communities/LoadingState";
import { ProblemAlert } from "../../components/communities/ProblemAlert";
import { usePagedList } from "../../components/communities/usePagedList";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

const PAGE_SIZE = 12;

async function fetchPage(filters: Filters, cursor: string | null) {
  return attempt(() => communities.GET("/communities", {
    params: {
      query: {
        limit: PAGE_SIZE,
        ...(filters.text.trim() !== "" ? { text: filters.text.trim() } : {}),
        ...(filters.visibility !== "" ? { visibility: filters.visibility } : {}),
        ...(filters.mine ? { mine: true } : {}),
        ...(filters.descriptors.length > 0 ? { descriptor: filters.descriptors } : {}),
        ...(cursor !== null ? { cursor } : {}),
      },
    },
  }));
}

/** The filters as typed so far; applied (to the address, so back and links work) on submit. */
function SearchForm({ applied, onSearch }: { applied: Filters; onSearch: (filters: Filters) => void }) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<Filters>(applied);

  function search(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(draft);
  }

  return (
    <form role="search" onSubmit={search} className="mt-5 mb-4" aria-label={t("communities.search.form")}>
      <Row>
        <Col xs={12} lg={6}>
          <FormGroup>
            <Input id="communities-text" type="search" label={t("communities.search.label")}
                   value={draft.text} onChange={(e) => { setDraft({ ...draft, text: e.target.value }); }} />
          </FormGroup>
        </Col>
        <Col xs={12} md={6} lg={3}>
          <Select id="communities-visibility" label={t("communities.filter.visibility")}
                  value={draft.visibility}
                  onChange={(value) => { setDraft({ ...draft, visibility: value as Filters["visibility"] }); }}>
            <option value="">{t("communities.filter.anyVisibility")}</option>
            <option value="public">{t("communities.visibility.public")}</option>
            <option value="private">{t("communities.visibility.private")}</option>
          </Select>
        </Col>
        <Col xs={12} md={6} lg={3} className="d-flex align-items-center mb-4">
          <div className="form-check">
            <input id="communities-mine" type="checkbox" checked={draft.mine}
                   onChange={(e) => { setDraft({ ...draft, mine: e.target.checked }); }} />
            <label htmlFor="communities-mine">{t("communities.filter.mine")}</label>
          </div>
        </Col>
        <Col xs={12}>
          <DescriptorPicker id="communities-descriptors" label={t("communities.filter.descriptors")}
                            value={draft.descriptors}
                            onChange={(codes) => { setDraft({ ...draft, descriptors: codes }); }}
                            hint={t("communities.filter.descriptorsHint")} />
        </Col>
      </Row>
      <Button color="primary" type="submit">{t("communities.search.submit")}</Button>
    </form>
  );
}

function CommunitiesList() {
  const { t } = useLanguage();
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const { list: results, loadMore } = usePagedList<Community>(
    query, (cursor) => fetchPage(filtersOf(new URLSearchParams(query)), cursor));

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-3 mb-4">
        <h1 className="mb-0">{t("communities.title")}</h1>
        <Link className="btn btn-primary" to={ROUTES.newCommunity}>{t("communities.new")}</Link>
      </div>
      <p className="lead">{t("communities.intro")}</p>

      <SearchForm key={query} applied={filtersOf(params)} onSearch={(filters) => { setParams(paramsOf(filters)); }} />

      {results.kind === "loading" && <LoadingState label={t("communities.loading")} />}
      {results.kind === "failed" && <ProblemAlert problem={results.problem} />}
      {results.kind === "loaded" && (
        <section aria-labelledby="communities-results">
          <h2 id="communities-results" className="visually-hidden">{t("communities.results")}</h2>
          {results.items.length === 0
            ? <p role="status">{t(query === "" ? "communities.emptyAll" : "communities.empty")}</p>
            : (
              <Row tag="ul" className="list-unstyled">
                {results.items.map((community) => (
                  <Col tag="li" key={community.id} xs={12} md={6} lg={4} className="mb-4">
                    <CommunityCard community={community} />
                  </Col>
                ))}
              </Row>
            )}
          <LoadMore cursor={results.cursor} more={results.more} onLoad={() => { void loadMore(); }} />
        </section>
      )}
    </>
  );
}

export function CommunitiesPage() {
  return <CommunitiesList />;
}
