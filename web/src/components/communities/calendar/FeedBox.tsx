/** "My calendar feed": a secret address to subscribe to in a calendar app (Outlook, Google,
 * Apple…) holding the events of my communities and those I registered for. Shown once when
 * made (only its hash is kept); it can be made anew (the old one stops working) or revoked. */
import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { type FeedState, feedState, revokeFeed, rotateFeed } from "./api";

export function FeedBox({ headingLevel }: { headingLevel: "h2" | "h3" }) {
  const { t, formatDate } = useLanguage();
  const [state, setState] = useState<FeedState | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const Heading = headingLevel;

  useEffect(() => {
    let current = true;
    void feedState().then((o) => { if (current && "data" in o) setState(o.data); });
    return () => { current = false; };
  }, []);

  async function make() {
    setBusy(true);
    setProblem(null);
    setDone(null);
    const outcome = await rotateFeed();
    setBusy(false);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    setUrl(outcome.data.url);
    setDone(state?.active ? "calendar.feed.rotated" : null);
    setState({ active: true, created_at: outcome.data.created_at });
  }

  async function revoke() {
    setBusy(true);
    setProblem(null);
    const outcome = await revokeFeed();
    setBusy(false);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    setUrl(null);
    setState({ active: false, created_at: null });
    setDone("calendar.feed.revoked");
  }

  async function copy() {
    if (url === null) return;
    try {
      await navigator.clipboard.writeText(url);
      setDone("calendar.feed.copied");
    } catch {
      setDone("calendar.feed.copyFailed");
    }
  }

  return (
    <section aria-labelledby="calendar-feed-title" className="card card-bg p-3 mb-4">
      <Heading id="calendar-feed-title" className="h5">{t("calendar.feed.title")}</Heading>
      <p>{t("calendar.feed.intro")}</p>
      {done !== null && <StatusMessage color="info">{t(done)}</StatusMessage>}
      {problem !== null && <ProblemAlert problem={problem} />}
      {url !== null && (
        <div className="form-group mb-3">
          <label htmlFor="calendar-feed-url" className="active">{t("calendar.feed.url")}</label>
          <input id="calendar-feed-url" className="form-control" readOnly value={url}
                 aria-describedby="calendar-feed-url-hint" onFocus={(e) => { e.target.select(); }} />
          <small id="calendar-feed-url-hint" className="form-text">{t("calendar.feed.urlHint")}</small>
        </div>
      )}
      {url === null && state?.active && state.created_at && (
        <p className="small">{t("calendar.feed.active", { date: formatDate(state.created_at, { dateStyle: "long" }) })}</p>
      )}
      <div className="d-flex flex-wrap gap-2">
        {url !== null && <Button color="primary" size="sm" onClick={() => { void copy(); }}>{t("calendar.feed.copy")}</Button>}
        <Button color="primary" outline size="sm" disabled={busy} onClick={() => { void make(); }}>
          {state?.active ? t("calendar.feed.rotate") : t("calendar.feed.create")}
        </Button>
        {state?.active && (
          <Button color="danger" outline size="sm" disabled={busy} onClick={() => { void revoke(); }}>
            {t("calendar.feed.revoke")}
          </Button>
        )}
      </div>
    </section>
  );
}
