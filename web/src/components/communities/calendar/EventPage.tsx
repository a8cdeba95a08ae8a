/** One event: when and where, its description (rendered and sanitised by the service), the
 * member's registration (register, cancel, place on the waiting list), "add to calendar";
 * for its managers, edit, cancel the event and the attendance list. */
import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import type { MessageKey } from "../../../i18n/messages";
import { LoadingState } from "../../common/LoadingState";
import { ProblemAlert } from "../../common/ProblemAlert";
import { StatusMessage } from "../../common/StatusMessage";
import { type CalendarEvent, cancelEvent, eventIcs, type EventScope, getEvent, register, unregister } from "./api";
import { AttendanceList } from "./AttendanceList";
import { EventBadges, EventPlace, useEventTime } from "./EventParts";

type Loaded = { kind: "shown"; event: CalendarEvent } | { kind: "failed"; problem: Problem };

export function useEvent(scope: EventScope, eventId: string) {
  const [state, setState] = useState<{ id: string; loaded: Loaded } | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void getEvent(scope, eventId).then((outcome) => {
      if (!current) return;
      setState({ id: eventId, loaded: "data" in outcome ? { kind: "shown", event: outcome.data }
                                                        : { kind: "failed", problem: outcome.problem } });
    });
    return () => { current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one event per address, again on reload
  }, [eventId, round]);
  const loaded = state?.id === eventId ? state.loaded : null;
  return { loaded, reload: () => { setRound((r) => r + 1); } };
}

/** "Add to calendar": the .ics is fetched with the member's token, then saved by the browser. */
function AddToCalendar({ event }: { event: CalendarEvent }) {
  const { t } = useLanguage();
  const [problem, setProblem] = useState<Problem | null>(null);
  async function download() {
    setProblem(null);
    const outcome = await eventIcs(event);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    const url = URL.createObjectURL(outcome.data);
    const link = document.createElement("a");
    link.href = url;
    link.download = `${event.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "event"}.ics`;
    link.click();
    setTimeout(() => { URL.revokeObjectURL(url); }, 1000);
  }
  return (
    <>
      <Button color="primary" outline size="sm" onClick={() => { void download(); }}>{t("calendar.addToCalendar")}</Button>
      {problem !== null && <ProblemAlert problem={problem} />}
    </>
  );
}

function RegistrationBox({ scope, event, onChange }: {
  scope: EventScope; event: CalendarEvent; onChange: (done: MessageKey) => void;
}) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mine = event.my_registration && event.my_registration.status !== "cancelled" ? event.my_registration : null;

  async function run(action: "register" | "cancel") {
    setBusy(true);
    setProblem(null);
    const outcome = action === "register" ? await register(scope, event.id) : await unregister(scope, event.id);
    setBusy(false);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    onChange(action === "cancel" ? "calendar.done.unregistered"
      : outcome.data.status === "waiting" ? "calendar.done.waiting" : "calendar.done.registered");
  }

  const seats = event.capacity === null ? t("calendar.seats.unlimited")
    : t("calendar.seats.left", { left: event.seats_left ?? 0, capacity: event.capacity });
  return (
    <section aria-labelledby="event-registration" className="card card-bg p-3 mb-4">
      <h2 id="event-registration" className="h5">{t("calendar.registration.title")}</h2>
      <p className="mb-2">{seats}{event.waiting_count > 0 && ` · ${t("calendar.seats.waiting", { n: event.waiting_count })}`}</p>
      {mine?.status === "registered" && <p className="fw-semibold">{t("calendar.registration.registered")}</p>}
      {mine?.status === "waiting" && (
        <p className="fw-semibold">{t("calendar.registration.waiting", { position: mine.position ?? 1 })}</p>
      )}
      {problem !== null && <ProblemAlert problem={problem} />}
      <div className="d-flex flex-wrap gap-2">
        {event.can_register && (
          <Button color="primary" disabled={busy} onClick={() => { void run("register"); }}>
            {event.seats_left === 0 ? t("calendar.registration.joinWaitingList") : t("calendar.registration.register")}
          </Button>
        )}
        {mine !== null && !event.past && event.status !== "cancelled" && (
          <Button color="secondary" outline disabled={busy} onClick={() => { void run("cancel"); }}>
            {mine.status === "waiting" ? t("calendar.registration.leaveWaitingList") : t("calendar.registration.cancel")}
          </Button>
        )}
      </div>
      {!event.can_register && mine === null && (
        <p className="small text-secondary mb-0">
          {event.status === "cancelled" ? t("calendar.registration.cancelledEvent")
            : !scope.canParticipate ? t("calendar.registration.membersOnly")
              : t("calendar.registration.closed")}
        </p>
      )}
    </section>
  );
}

export function EventPage({ scope, eventId, headingLevel }: {
  scope: EventScope; eventId: string; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const when = useEventTime();
  const location = useLocation();
  const { loaded, reload } = useEvent(scope, eventId);
  const [done, setDone] = useState<MessageKey | null>(
    (location.state as { saved?: boolean } | null)?.saved ? "calendar.done.saved" : null);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const Heading = headingLevel;

  if (loaded === null) return <LoadingState label={t("calendar.event.loading")} />;
  if (loaded.kind === "failed") {
    return (
      <>
        <Heading className={headingLevel === "h1" ? "" : "h4"}>{t("calendar.event.missing")}</Heading>
        <ProblemAlert problem={loaded.problem} overrides={{ 404: "calendar.event.notFound" }} />
        <Link to=".." relative="path">{t("calendar.back")}</Link>
      </>
    );
  }
  const { event } = loaded;

  async function cancel() {
    setProblem(null);
    const outcome = await cancelEvent(scope, event);
    setConfirming(false);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    setDone("calendar.done.cancelled");
    reload();
  }

  return (
    <article aria-labelledby="event-title" className="mb-5">
      <Link to=".." relative="path" className="d-inline-block mb-2">{t("calendar.back")}</Link>
      <EventBadges event={event} />
      <Heading id="event-title" className={headingLevel === "h1" ? "text-break" : "h4 text-break"}>{event.title}</Heading>
      <p className="mb-1 fw-semibold">{when(event)}</p>
      <p className="mb-3"><EventPlace event={event} /></p>
      {done !== null && <StatusMessage>{t(done)}</StatusMessage>}
      {problem !== null && <ProblemAlert problem={problem} />}
      {event.description_html !== "" && (
        // The service renders the markdown and sanitises the HTML (entrypoints/rendering.py).
        <div className="mb-4 text-break" dangerouslySetInnerHTML={{ __html: event.description_html }} />
      )}
      <div className="d-flex flex-wrap gap-2 mb-4">
        <AddToCalendar event={event} />
        {event.can_manage && event.status !== "cancelled" && (
          <>
            <Link className="btn btn-primary btn-sm" to="edit">{t("calendar.edit")}</Link>
            {!confirming && (
              <Button color="danger" outline size="sm" onClick={() => { setConfirming(true); }}>
                {t("calendar.cancelEvent")}
              </Button>
            )}
          </>
        )}
      </div>
      {confirming && (
        <div className="alert alert-warning" role="group" aria-label={t("calendar.cancelEvent")}>
          <p>{t("calendar.cancelConfirm")}</p>
          <div className="d-flex gap-2">
            <Button color="danger" size="sm" onClick={() => { void cancel(); }}>{t("calendar.cancelConfirmYes")}</Button>
            <Button color="secondary" outline size="sm" onClick={() => { setConfirming(false); }}>
              {t("calendar.cancelConfirmNo")}
            </Button>
          </div>
        </div>
      )}
      <RegistrationBox scope={scope} event={event} onChange={(key) => { setDone(key); reload(); }} />
      {event.can_manage && <AttendanceList scope={scope} eventId={event.id} />}
    </article>
  );
}
