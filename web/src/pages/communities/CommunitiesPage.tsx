/** /communities: find communities by words, visibility and descriptors, newest first, a page at a time. */
import { Col, FormGroup, Input, Select } from "design-react-kit";
import { communities } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { SearchForm } from "../../components/common/SearchForm";
import { SearchResults } from "../../components/common/SearchResults";
import { TitleWithAction } from "../../components/common/TitleWithAction";
import { useSearch } from "../../components/common/useSearch";
import type { Community } from "../../components/communities/api";
import { type Filters, filtersOf, paramsOf } from "../../components/communities/filters";
import { CommunityCard } from "../../components/communities/CommunityCard";
import { MyInvitations } from "../../components/communities/MyInvitations";
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
function CommunitiesSearch({ applied, onSearch }: { applied: Filters; onSearch: (filters: Filters) => void }) {
  const { t } = useLanguage();
  return (
    <SearchForm label={t("communities.search.form")} submitLabel={t("communities.search.submit")}
                className="mt-5 mb-4" applied={applied} onSearch={onSearch}>
      {(draft, change) => (
        <>
          <Col xs={12} lg={6}>
            <FormGroup>
              <Input id="communities-text" type="search" label={t("communities.search.label")}
                     value={draft.text} onChange={(e) => { change({ text: e.target.value }); }} />
            </FormGroup>
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Select id="communities-visibility" label={t("communities.filter.visibility")}
                    value={draft.visibility}
                    onChange={(value) => { change({ visibility: value as Filters["visibility"] }); }}>
              <option value="">{t("communities.filter.anyVisibility")}</option>
              <option value="public">{t("communities.visibility.public")}</option>
              <option value="private">{t("communities.visibility.private")}</option>
              <option value="closed">{t("communities.visibility.closed")}</option>
            </Select>
          </Col>
          <Col xs={12} md={6} lg={3} className="d-flex align-items-center mb-4">
            <div className="form-check">
              <input id="communities-mine" type="checkbox" checked={draft.mine}
                     onChange={(e) => { change({ mine: e.target.checked }); }} />
              <label htmlFor="communities-mine">{t("communities.filter.mine")}</label>
            </div>
          </Col>
          <Col xs={12}>
            <DescriptorPicker id="communities-descriptors" label={t("communities.filter.descriptors")}
                              value={draft.descriptors}
                              onChange={(codes) => { change({ descriptors: codes }); }}
                              hint={t("communities.filter.descriptorsHint")} />
          </Col>
        </>
      )}
    </SearchForm>
  );
}

function CommunitiesList() {
  const { t } = useLanguage();
  const { query, applied, apply, results, loadMore } =
    useSearch<Filters, Community>({ filtersOf, paramsOf, fetchPage });

  return (
    <>
      <TitleWithAction title={t("communities.title")} action={t("communities.new")} to={ROUTES.newCommunity} />
      <p className="lead">{t("communities.intro")}</p>
      <MyInvitations />

      <CommunitiesSearch key={query} applied={applied} onSearch={apply} />

      <SearchResults results={results} id="communities-results" heading={t("communities.results")}
                     loadingLabel={t("communities.loading")}
                     empty={t(query === "" ? "communities.emptyAll" : "communities.empty")}
                     loadMoreLabel={t("communities.loadMore")} onLoadMore={loadMore}
                     itemKey={(community) => community.id}>
        {(community) => <CommunityCard community={community} />}
      </SearchResults>
    </>
  );
}

export function CommunitiesPage() {
  return <CommunitiesList />;
}
