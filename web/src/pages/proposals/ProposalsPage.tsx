/** /proposals: local proposals and EEN offers, by words, kind, origin and descriptors, newest first. */
import { Col, FormGroup, Input, Select, Toggle } from "design-react-kit";
import { proposals } from "../../api/clients";
import { attempt } from "../../components/common/attempt";
import { SearchForm } from "../../components/common/SearchForm";
import { SearchResults } from "../../components/common/SearchResults";
import { TitleWithAction } from "../../components/common/TitleWithAction";
import { useSearch } from "../../components/common/useSearch";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import {
  isKind, isSource, KINDS, SOURCES, type Proposal, type ProposalKind, type ProposalSource,
} from "../../components/proposals/api";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { ProposalCard } from "../../components/proposals/ProposalCard";
import { useLanguage } from "../../i18n/language";
import { ROUTES } from "../../routes";

const PAGE_SIZE = 12;

interface Filters {
  text: string;
  kind: ProposalKind | "";
  source: ProposalSource | "";
  mine: boolean;
  descriptors: string[];
}

function filtersOf(params: URLSearchParams): Filters {
  const kind = params.get("kind") ?? "";
  const source = params.get("source") ?? "";
  return {
    text: params.get("q") ?? "",
    kind: isKind(kind) ? kind : "",
    source: isSource(source) ? source : "",
    mine: params.get("mine") === "true",
    descriptors: params.getAll("descriptor"),
  };
}

function paramsOf(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.text.trim() !== "") params.set("q", filters.text.trim());
  if (filters.kind !== "") params.set("kind", filters.kind);
  if (filters.source !== "") params.set("source", filters.source);
  if (filters.mine) params.set("mine", "true");
  filters.descriptors.forEach((code) => { params.append("descriptor", code); });
  return params;
}

function fetchPage(filters: Filters, cursor: string | null) {
  return attempt(() => proposals.GET("/proposals", {
    params: {
      query: {
        limit: PAGE_SIZE,
        ...(filters.text.trim() !== "" ? { text: filters.text.trim() } : {}),
        ...(filters.kind !== "" ? { kind: filters.kind } : {}),
        ...(filters.source !== "" ? { source: filters.source } : {}),
        ...(filters.mine ? { owner: "me" } : {}),
        ...(filters.descriptors.length > 0 ? { descriptor: filters.descriptors } : {}),
        ...(cursor !== null ? { cursor } : {}),
      },
    },
  }));
}

/** The filters as typed so far; applied to the address (so back and shared links work) on submit. */
function ProposalsSearch({ applied, onSearch }: { applied: Filters; onSearch: (filters: Filters) => void }) {
  const { t } = useLanguage();
  return (
    <SearchForm label={t("proposals.search.form")} submitLabel={t("proposals.search.submit")}
                className="mb-4" applied={applied} onSearch={onSearch}>
      {(draft, change) => (
        <>
          <Col xs={12} lg={6}>
            <FormGroup>
              <Input id="proposals-text" type="search" label={t("proposals.search.label")} maxLength={200}
                     value={draft.text} onChange={(e) => { change({ text: e.target.value }); }} />
            </FormGroup>
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Select id="proposals-kind" label={t("proposals.filter.kind")} value={draft.kind}
                    onChange={(value) => { change({ kind: isKind(value) ? value : "" }); }}>
              {[<option key="" value="">{t("proposals.filter.anyKind")}</option>,
                ...KINDS.map((kind) => <option key={kind} value={kind}>{t(`proposals.kind.${kind}`)}</option>)]}
            </Select>
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Select id="proposals-source" label={t("proposals.filter.source")} value={draft.source}
                    onChange={(value) => { change({ source: isSource(value) ? value : "" }); }}>
              {[<option key="" value="">{t("proposals.filter.anySource")}</option>,
                ...SOURCES.map((source) => (
                  <option key={source} value={source}>{t(`proposals.filter.source.${source}`)}</option>
                ))]}
            </Select>
          </Col>
          <Col xs={12}>
            <DescriptorPicker id="proposals-descriptors" label={t("proposals.filter.descriptors")}
                              value={draft.descriptors} hint={t("proposals.filter.descriptorsHint")}
                              onChange={(codes) => { change({ descriptors: codes }); }} />
          </Col>
          <Col xs={12} className="mb-3">
            <Toggle id="proposals-mine" label={t("proposals.filter.mine")} checked={draft.mine}
                    onChange={(e) => { change({ mine: e.target.checked }); }} />
          </Col>
        </>
      )}
    </SearchForm>
  );
}

function ProposalsList() {
  const { t } = useLanguage();
  const { query, applied, apply, results, loadMore } =
    useSearch<Filters, Proposal>({ filtersOf, paramsOf, fetchPage });

  return (
    <>
      <TitleWithAction title={t("proposals.title")} action={t("proposals.new")} to={ROUTES.newProposal} />
      <p className="lead mb-4">{t("proposals.intro")}</p>

      <ProposalsSearch key={query} applied={applied} onSearch={apply} />

      <SearchResults results={results} id="proposals-results" heading={t("proposals.results")}
                     loadingLabel={t("proposals.loading")}
                     empty={t(query === "" ? "proposals.emptyAll" : "proposals.empty")}
                     loadMoreLabel={t("proposals.loadMore")} onLoadMore={loadMore}
                     itemKey={(proposal) => proposal.id}>
        {(proposal) => <ProposalCard proposal={proposal} />}
      </SearchResults>
    </>
  );
}

export function ProposalsPage() {
  return <NeedsSignIn><ProposalsList /></NeedsSignIn>;
}
