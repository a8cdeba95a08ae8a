/** For a member who is not the author: the interest they expressed and where it stands, or a
 * message to the author to express one. A closed proposal takes none. */
import { Button, TextArea } from "design-react-kit";
import { useEffect, useRef, useState, type SubmitEvent } from "react";
import { proposals } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { ProblemAlert } from "../common/ProblemAlert";
import { StatusMessage } from "../common/StatusMessage";
import { invalidFields, type Interest, type Proposal } from "./api";
import { InterestItem } from "./InterestItem";

const MESSAGE_MAX = 5000;

type Mine = { kind: "loading" } | { kind: "failed"; problem: Problem } | { kind: "loaded"; interest: Interest | null };

export function ExpressInterest({ proposal }: { proposal: Proposal }) {
  const { t } = useLanguage();
  const [mine, setMine] = useState<Mine>({ kind: "loading" });
  const [justSent, setJustSent] = useState(false);

  useEffect(() => {
    let current = true;
    void attempt(() => proposals.GET("/interests", {
      params: { query: { role: "sent", proposal_id: proposal.id, limit: 1 } },
    })).then((outcome) => {
      if (!current) return;
      setMine("data" in outcome ? { kind: "loaded", interest: outcome.data.items[0] ?? null }
        : { kind: "failed", problem: outcome.problem });
    });
    return () => { current = false; };
  }, [proposal.id]);

  return (
    <section aria-labelledby="my-interest" className="my-5">
      <h2 id="my-interest" className="h4">{t("proposals.mine.title")}</h2>
      {mine.kind === "loading" && <LoadingState label={t("proposals.mine.loading")} />}
      {mine.kind === "failed" && <ProblemAlert problem={mine.problem} />}
      {mine.kind === "loaded" && mine.interest !== null && (
        <>
          {justSent && <StatusMessage>{t("proposals.mine.sent")}</StatusMessage>}
          <p>{t(`proposals.mine.status.${mine.interest.status}`)}</p>
          <InterestItem interest={mine.interest} received={false} showProposal={false} />
        </>
      )}
      {mine.kind === "loaded" && mine.interest === null && (proposal.status === "closed"
        ? <p>{t("proposals.mine.closed")}</p>
        : <InterestForm proposal={proposal} onSent={(interest) => {
          setJustSent(true);
          setMine({ kind: "loaded", interest });
        }} />)}
    </section>
  );
}

function InterestForm({ proposal, onSent }: { proposal: Proposal; onSent: (interest: Interest) => void }) {
  const { t } = useLanguage();
  const [message, setMessage] = useState("");
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const wrong = (checked && (message.trim() === "" || message.length > MESSAGE_MAX))
    || invalidFields(problem).has("message");

  async function send(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (message.trim() === "" || message.length > MESSAGE_MAX) return;
    setSending(true);
    setProblem(null);
    const outcome = await attempt(() => proposals.POST("/proposals/{proposal_id}/interests", {
      params: { path: { proposal_id: proposal.id }, header: { "Idempotency-Key": idempotencyKey.current } },
      body: { message: message.trim() },
    }));
    setSending(false);
    if ("data" in outcome) {
      onSent(outcome.data);
    } else {
      if (outcome.problem.status !== 409) idempotencyKey.current = crypto.randomUUID();
      setProblem(outcome.problem);
    }
  }

  return (
    <form onSubmit={(event) => { void send(event); }} noValidate>
      <p>{t(proposal.source === "een" ? "proposals.mine.introEen" : "proposals.mine.intro")}</p>
      {problem !== null && (
        <ProblemAlert problem={problem} overrides={{ 409: "proposals.mine.conflict", 422: "proposals.mine.invalid" }} />
      )}
      <TextArea id="interest-message" label={t("proposals.mine.message")} rows={4} maxLength={MESSAGE_MAX}
                value={message} onChange={(e) => { setMessage(e.target.value); }}
                infoText={t("proposals.mine.messageHint")}
                {...(wrong ? { valid: false, "aria-invalid": true, validationText: t("proposals.mine.invalid") } : {})} />
      <Button color="primary" type="submit" disabled={sending}>
        {sending ? t("proposals.mine.sending") : t("proposals.mine.send")}
      </Button>
    </form>
  );
}
