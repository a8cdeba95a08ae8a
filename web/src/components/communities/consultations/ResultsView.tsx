/** The results of a consultation: counts per option and per scale value as bar charts (the
 * numbers as text too), the scale's mean, the text answers; for managers, the CSV download. */
import { useEffect, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type Consultation, type ConsultationScope, getResults, type QuestionResult, type Results } from "./api";
import { BarChart } from "./BarChart";
import { CsvDownload } from "./CsvDownload";

function QuestionResultBlock({ result, n, level }: { result: QuestionResult; n: number; level: "h3" | "h4" }) {
  const { t, formatNumber } = useLanguage();
  const Heading = level;
  const headingId = `result-${result.question_id}`;
  return (
    <section aria-labelledby={headingId} className="mb-4">
      <Heading id={headingId} className="h6">{n}. {result.prompt}</Heading>
      <p className="small text-muted mb-2">{t("consultations.results.answered", { n: result.answered })}</p>
      {(result.kind === "single_choice" || result.kind === "multiple_choice") && (
        <BarChart label={t("consultations.results.chartOf", { question: result.prompt })} total={result.answered}
                  bars={result.options.map((o) => ({ key: o.id, label: o.label, count: o.count }))} />
      )}
      {result.kind === "scale" && (
        <>
          <p className="mb-2">{result.mean === null || result.mean === undefined ? t("consultations.results.noMean")
            : t("consultations.results.mean", { mean: formatNumber(result.mean, { maximumFractionDigits: 2 }) })}</p>
          <BarChart label={t("consultations.results.chartOf", { question: result.prompt })} total={result.answered}
                    bars={result.distribution.map((d) => ({ key: String(d.value), label: String(d.value),
                                                                    count: d.count }))} />
        </>
      )}
      {(result.kind === "short_text" || result.kind === "long_text") && (
        result.texts.length === 0 ? <p>{t("consultations.results.noTexts")}</p> : (
          <ul className="consultation-texts">
            {result.texts.map((text, i) => <li key={i} className="text-break" style={{ whiteSpace: "pre-line" }}>{text}</li>)}
          </ul>
        )
      )}
    </section>
  );
}

export function ResultsView({ scope, consultation, level }: {
  scope: ConsultationScope; consultation: Consultation; level: "h2" | "h3";
}) {
  const { t } = useLanguage();
  const [loaded, setLoaded] = useState<{ results: Results } | { problem: Problem } | null>(null);
  useEffect(() => {
    let live = true;
    void getResults(scope, consultation.id).then((outcome) => {
      if (live) setLoaded("data" in outcome ? { results: outcome.data } : { problem: outcome.problem });
    });
    return () => { live = false; };
  }, [scope, consultation.id, consultation.version]);
  const Heading = level;
  return (
    <section aria-labelledby="consultation-results-title" className="mt-5">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
        <Heading id="consultation-results-title" className="h4 mb-0">{t("consultations.results.title")}</Heading>
        {consultation.can_manage && <CsvDownload scope={scope} consultation={consultation} />}
      </div>
      {loaded === null && <LoadingState label={t("consultations.results.loading")} />}
      {loaded !== null && "problem" in loaded && <ProblemAlert problem={loaded.problem} />}
      {loaded !== null && "results" in loaded && (
        <>
          <p>{t("consultations.results.responses", { n: loaded.results.responses })}</p>
          {loaded.results.questions.map((r, i) => (
            <QuestionResultBlock key={r.question_id} result={r} n={i + 1} level={level === "h2" ? "h3" : "h4"} />
          ))}
        </>
      )}
    </section>
  );
}
