/** The managers' attendance list: who is registered (with an "attended" mark), who waits, in
 * order, and who cancelled. */
import { useEffect, useState } from "react";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { LoadingState } from "../../common/LoadingState";
import { MemberName } from "../../common/MemberName";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type Attendance, attendance, type EventScope, markAttended } from "./api";

export function AttendanceList({ scope, eventId }: { scope: EventScope; eventId: string }) {
  const { t } = useLanguage();
  const [list, setList] = useState<Attendance | Problem | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void attendance(scope, eventId).then((o) => { if (current) setList("data" in o ? o.data : o.problem); });
    return () => { current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one event, again after a mark
  }, [eventId, round]);

  if (list === null) return <LoadingState label={t("calendar.attendance.loading")} />;
  if (!("registered" in list)) return <ProblemAlert problem={list} />;

  async function mark(userId: string, attended: boolean) {
    setProblem(null);
    const outcome = await markAttended(scope, eventId, userId, attended);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    setRound((r) => r + 1);
  }

  return (
    <section aria-labelledby="event-attendance">
      <h2 id="event-attendance" className="h5">{t("calendar.attendance.title")}</h2>
      {problem !== null && <ProblemAlert problem={problem} />}
      <h3 className="h6">{t("calendar.attendance.registered", { n: list.registered.length })}</h3>
      {list.registered.length === 0 ? <p>{t("calendar.attendance.none")}</p> : (
        <ul className="list-unstyled" aria-label={t("calendar.attendance.registeredList")}>
          {list.registered.map((r) => (
            <li key={r.user_id} className="d-flex align-items-center gap-3 mb-2">
              <MemberName userId={r.user_id} />
              <div className="form-check mb-0">
                <input id={`attended-${r.user_id}`} type="checkbox" className="form-check-input"
                       checked={r.attended === true} onChange={(e) => { void mark(r.user_id, e.target.checked); }} />
                <label htmlFor={`attended-${r.user_id}`} className="form-check-label">{t("calendar.attendance.attended")}</label>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.waiting.length > 0 && (
        <>
          <h3 className="h6">{t("calendar.attendance.waiting", { n: list.waiting.length })}</h3>
          <ol aria-label={t("calendar.attendance.waitingList")}>
            {list.waiting.map((r) => <li key={r.user_id}><MemberName userId={r.user_id} /></li>)}
          </ol>
        </>
      )}
      {list.cancelled.length > 0 && (
        <>
          <h3 className="h6">{t("calendar.attendance.cancelled", { n: list.cancelled.length })}</h3>
          <ul>{list.cancelled.map((r) => <li key={r.user_id}><MemberName userId={r.user_id} /></li>)}</ul>
        </>
      )}
    </section>
  );
}
