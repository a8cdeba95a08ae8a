/** The participant's answer: every question, checked here first (required, min/max, length)
 * and by the service (422 naming the questions); sent again to change it until closing. */
import { Button } from "design-react-kit";
import { type SubmitEvent, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { answer, answerErrors, type Answers, type AnswerValue, type Consultation, type ConsultationScope,
  type MyResponse } from "./api";
import { answerProblem, QuestionField } from "./QuestionField";

function clean(value: AnswerValue): AnswerValue {
  return typeof value === "string" ? value.trim() || null : value;
}

export function AnswerForm({ scope, consultation, mine, onSaved, level }: {
  scope: ConsultationScope; consultation: Consultation; mine: MyResponse | null;
  onSaved: (response: MyResponse) => void; level: "h2" | "h3";
}) {
  const { t } = useLanguage();
  const [answers, setAnswers] = useState<Answers>(() => ({ ...(mine?.answers ?? {}) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const Heading = level;

  async function send(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    const found: Record<string, string> = {};
    for (const q of consultation.questions) {
      const wrong = answerProblem(q, answers[q.id] ?? null);
      if (wrong) found[q.id] = t(wrong.key, wrong.params);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`q-${Object.keys(found)[0] ?? ""}`)?.focus();
      return;
    }
    const body: Answers = {};
    for (const q of consultation.questions) {
      const value = clean(answers[q.id] ?? null);
      if (value !== null && !(Array.isArray(value) && value.length === 0)) body[q.id] = value;
    }
    setSending(true);
    setProblem(null);
    const outcome = await answer(scope, consultation.id, body);
    setSending(false);
    if (!("data" in outcome)) {
      const byQuestion = answerErrors(outcome.problem);
      const keys = Object.keys(byQuestion);
      if (keys.length > 0) {
        setErrors(Object.fromEntries(keys.map((k) => [k, t("consultations.answer.doesNotFit")])));
      }
      setProblem(outcome.problem);
      return;
    }
    setSent(true);
    onSaved(outcome.data);
  }

  const invalid = Object.keys(errors).length > 0;
  return (
    <form noValidate aria-labelledby="consultation-answer-title" className="mt-4"
          onSubmit={(event) => { void send(event); }}>
      <Heading id="consultation-answer-title" className="h4">
        {mine ? t("consultations.answer.edit") : t("consultations.answer.title")}
      </Heading>
      <p className="small">{t("consultations.answer.requiredLegend")}</p>
      {consultation.anonymous && <p className="small">{t("consultations.answer.anonymousNote")}</p>}
      {sent && <StatusMessage>{t("consultations.answer.sent")}</StatusMessage>}
      {invalid && <div className="alert alert-danger" role="alert">{t("consultations.answer.invalid")}</div>}
      {!invalid && problem !== null && <ProblemAlert problem={problem} />}
      {consultation.questions.map((q, i) => (
        <QuestionField key={q.id} question={q} n={i + 1} value={answers[q.id] ?? null} error={errors[q.id] ?? null}
                       onChange={(value) => { setAnswers((a) => ({ ...a, [q.id]: value })); setSent(false); }} />
      ))}
      <Button color="primary" type="submit" disabled={sending}>
        {mine ? t("consultations.answer.update") : t("consultations.answer.submit")}
      </Button>
      {sending && <p role="status" className="mt-2">{t("consultations.answer.sending")}</p>}
    </form>
  );
}
