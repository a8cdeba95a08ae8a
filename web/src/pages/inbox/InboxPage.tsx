/** /inbox: the signed-in member's notifications, newest first, a page at a time; new ones
 * arrive on top as they are stored, announced politely to screen readers. */
import { Alert, Button, Callout, CalloutText, Spinner } from "design-react-kit";
import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { problemMessage, type Problem } from "../../api/problem";
import { useSession } from "../../auth/session";
import { inboxPage, markAllRead, markRead } from "../../components/inbox/api";
import { NotificationItem } from "../../components/inbox/NotificationItem";
import { headlineOf } from "../../components/inbox/notificationText";
import { useLanguage } from "../../i18n/language";
import { liveNotifications, useLiveNotifications, type Notification } from "../../live/notifications";
import { ROUTES } from "../../routes";

type List =
  | { kind: "loading" }
  | { kind: "failed"; problem: Problem }
  | { kind: "loaded"; items: Notification[]; cursor: string | null; more: "idle" | "loading" | Problem };

/** Newest first, each once (a live one may also be on a page fetched meanwhile). */
function merged(...lists: Notification[][]): Notification[] {
  const byId = new Map<string, Notification>();
  for (const list of lists) for (const n of list) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => (a.seq < b.seq ? 1 : a.seq > b.seq ? -1 : 0));
}

export function InboxPage() {
  const { t } = useLanguage();
  const session = useSession();
  if (session === null) {
    return (
      <>
        <h1>{t("inbox.title")}</h1>
        <Callout color="note">
          <CalloutText>{t("inbox.signIn")}</CalloutText>
          <Link className="btn btn-primary mt-3" to={ROUTES.signIn}>{t("inbox.signInLink")}</Link>
        </Callout>
      </>
    );
  }
  return <Inbox key={session.userId} />;
}

function Inbox() {
  const { t } = useLanguage();
  const [list, setList] = useState<List>({ kind: "loading" });
  const [unread, setUnread] = useState<number | null>(liveNotifications.unread);
  const [announcement, setAnnouncement] = useState("");
  const [feedback, setFeedback] = useState("");
  const [actionProblem, setActionProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const arrivedWhileLoading = useRef<Notification[]>([]);

  useEffect(() => {
    let current = true;
    void inboxPage(null).then((outcome) => {
      if (!current) return;
      setList("data" in outcome
        ? { kind: "loaded", items: merged(arrivedWhileLoading.current, outcome.data.items),
            cursor: outcome.data.next_cursor ?? null, more: "idle" }
        : { kind: "failed", problem: outcome.problem });
    });
    return () => { current = false; };
  }, []);

  useLiveNotifications((event) => {
    setUnread(event.unread);
    if (event.type !== "notification") return;
    const arrived = event.notification;
    arrivedWhileLoading.current = merged([arrived], arrivedWhileLoading.current);
    setList((now) => now.kind === "loaded" ? { ...now, items: merged([arrived], now.items) } : now);
    setAnnouncement(t("inbox.newArrived", { headline: headlineOf(arrived, t) }));
  });

  const loadMore = useCallback(async () => {
    if (list.kind !== "loaded" || list.cursor === null) return;
    const cursor = list.cursor;
    setList({ ...list, more: "loading" });
    const outcome = await inboxPage(cursor);
    setList((now) => now.kind !== "loaded" ? now : "data" in outcome
      ? { kind: "loaded", items: merged(now.items, outcome.data.items), cursor: outcome.data.next_cursor ?? null,
          more: "idle" }
      : { ...now, more: outcome.problem });
  }, [list]);

  const replace = (read: Notification) => {
    setList((now) => now.kind === "loaded"
      ? { ...now, items: now.items.map((n) => (n.id === read.id ? read : n)) } : now);
  };

  const readOne = async (notification: Notification) => {
    setActionProblem(null);
    const outcome = await markRead(notification.id);
    if ("data" in outcome) {
      replace(outcome.data);
      setFeedback(t("inbox.markedRead"));
    } else {
      setActionProblem(outcome.problem);
    }
  };

  const readAll = async () => {
    setBusy(true);
    setActionProblem(null);
    const outcome = await markAllRead();
    setBusy(false);
    if ("data" in outcome) {
      const now = new Date().toISOString();
      setList((current) => current.kind === "loaded"
        ? { ...current, items: current.items.map((n) => (n.read_at ? n : { ...n, read_at: now })) } : current);
      setUnread(0);
      setFeedback(t("inbox.allRead"));
    } else {
      setActionProblem(outcome.problem);
    }
  };

  const items = list.kind === "loaded" ? list.items : [];
  const unreadCount = unread ?? items.filter((n) => !n.read_at).length;

  return (
    <>
      <h1>{t("inbox.title")}</h1>
      <div aria-live="polite" className="visually-hidden">{announcement}</div>
      <p role="status" className={feedback === "" ? "visually-hidden" : "text-success"}>{feedback}</p>
      {actionProblem !== null && <Alert color="danger" role="alert">{problemMessage(actionProblem, t)}</Alert>}

      {list.kind === "loading" && (
        <div role="status" className="d-flex align-items-center gap-3 my-4">
          <Spinner active small label={t("inbox.loading")} />
          <span aria-hidden="true">{t("inbox.loading")}</span>
        </div>
      )}
      {list.kind === "failed" && <Alert color="danger" role="alert">{problemMessage(list.problem, t)}</Alert>}

      {list.kind === "loaded" && (
        <>
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
            <p className="mb-0">{t("inbox.unreadCount", { n: unreadCount })}</p>
            <Button color="primary" outline size="sm" disabled={busy || unreadCount === 0}
                    onClick={() => { void readAll(); }}>
              {busy ? t("inbox.markingAllRead") : t("inbox.markAllRead")}
            </Button>
          </div>
          {items.length === 0 ? (
            <Callout color="note">
              <CalloutText className="fw-semibold">{t("inbox.empty")}</CalloutText>
              <CalloutText>{t("inbox.emptyHint")}</CalloutText>
            </Callout>
          ) : (
            <ul className="list-unstyled">
              {items.map((n) => (
                <li key={n.id}>
                  <NotificationItem notification={n} busy={busy} onRead={(x) => { void readOne(x); }} />
                </li>
              ))}
            </ul>
          )}
          {typeof list.more === "object" && <Alert color="danger" role="alert">{problemMessage(list.more, t)}</Alert>}
          {list.cursor !== null && (
            <Button color="primary" outline size="sm" disabled={list.more === "loading"}
                    onClick={() => { void loadMore(); }}>
              {list.more === "loading" ? t("inbox.loadingMore") : t("inbox.loadMore")}
            </Button>
          )}
        </>
      )}
    </>
  );
}
