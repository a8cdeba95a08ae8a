/** /proposals: local proposals and EEN offers, by words, kind, origin and descriptors, newest first. */
import { Button, Col, FormGroup, Input, Row, Select, Toggle } from "design-react-kit";
import { useState, type SubmitEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { proposals } from "../../api/clients";
import { DescriptorPicker } from "../../components/descriptors/DescriptorPicker";
import {
  attempt, isKind, isSource, KINDS, SOURCES, type Proposal, type ProposalKind, type ProposalSource,
} from "../../components/proposals/api";
import { LoadingState, ProblemAlert } from "../../components/proposals/Feedback";
import { LoadMore } from "../../components/proposals/LoadMore";
import { NeedsSignIn } from "../../components/proposals/NeedsSignIn";
import { ProposalCard } from "../../components/proposals/ProposalCard";
import { usePagedList } from "../../components/proposals/usePagedList";
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
function SearchForm({ applied, onSearch }: { applied: Filters; onSearch: (filters: Filters) => void }) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<Filters>(applied);

  function search(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(draft);
  }

  return (
    <form role="search" onSubmit={search} className="mb-4" aria-label={t("proposals.search.form")}>
      <Row>
        <Col xs={12} lg={6}>
          <FormGroup>
            <Input id="proposals-text" type="search" label={t("proposals.search.label")} maxLength={200}
                   value={draft.text} onChange={(e) => { setDraft({ ...draft, text: e.target.value }); }} />
          </FormGroup>
        </Col>
        <Col xs={12} md={6} lg={3}>
          <Select id="proposals-kind" label={t("proposals.filter.kind")} value={draft.kind}
                  onChange={(value) => { setDraft({ ...draft, kind: isKind(value) ? value : "" }); }}>
            {[<option key="" value="">{t("proposals.filter.anyKind")}</option>,
              ...KINDS.map((kind) => <option key={kind} value={kind}>{t(`proposals.kind.${kind}`)}</option>)]}
          </Select>
        </Col>
        <Col xs={12} md={6} lg={3}>
          <Select id="proposals-source" label={t("proposals.filter.source")} value={draft.source}
                  onChange={(value) => { setDraft({ ...draft, source: isSource(value) ? value : "" }); }}>
            {[<option key="" value="">{t("proposals.filter.anySource")}</option>,
              ...SOURCES.map((source) => (
                <option key={source} value={source}>{t(`proposals.filter.source.${source}`)}</option>
              ))]}
          </Select>
        </Col>
        <Col xs={12}>
          <DescriptorPicker id="proposals-descriptors" label={t("proposals.filter.descriptors")}
                            value={draft.descriptors} hint={t("proposals.filter.descriptorsHint")}
                            onChange={(codes) => { setDraft({ ...draft, descriptors: codes }); }} />
        </Col>
        <Col xs={12} className="mb-3">
          <Toggle id="proposals-mine" label={t("proposals.filter.mine")} checked={draft.mine}
                  onChange={(e) => { setDraft({ ...draft, mine: e.target.checked }); }} />
        </Col>
      </Row>
      <Button color="primary" type="submit">{t("proposals.search.submit")}</Button>
    </form>
  );
}

function ProposalsList() {
  const { t } = useLanguage();
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const { list: results, loadMore } = usePagedList<Proposal>(
    query, (cursor) => fetchPage(filtersOf(new URLSearchParams(query)), cursor));

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-3 mb-4">
        <h1 className="mb-0">{t("proposals.title")}</h1>
        <Link className="btn btn-primary" to={ROUTES.newProposal}>{t("proposals.new")}</Link>
      </div>
      <p className="lead mb-4">{t("proposals.intro")}</p>

      <SearchForm key={query} applied={filtersOf(params)} onSearch={(filters) => { setParams(paramsOf(filters)); }} />

      {results.kind === "loading" && <LoadingState label={t("proposals.loading")} />}
      {results.kind === "failed" && <ProblemAlert problem={results.problem} />}
      {results.kind === "loaded" && (
        <section aria-labelledby="proposals-results">
          <h2 id="proposals-results" className="visually-hidden">{t("proposals.results")}</h2>
          {results.items.length === 0
            ? <p role="status">{t(query === "" ? "proposals.emptyAll" : "proposals.empty")}</p>
            : (
              <Row tag="ul" className="list-unstyled">
                {results.items.map((proposal) => (
                  <Col tag="li" key={proposal.id} xs={12} md={6} lg={4} className="mb-4">
                    <ProposalCard proposal={proposal} />
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

export function ProposalsPage() {
  return <NeedsSignIn><ProposalsList /></NeedsSignIn>;
}
