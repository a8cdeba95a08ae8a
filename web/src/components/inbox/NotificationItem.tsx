import { Badge, Button, Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import type { Notification } from "../../live/notifications";
import { bodyOf, headlineOf, linkOf } from "./notificationText";

/** One notification: what happened (the link to it), a teaser, when, and whether it is read. */
export function NotificationItem({ notification, busy, onRead }: {
  notification: Notification;
  busy: boolean;
  onRead: (notification: Notification) => void;
}) {
  const { t, formatDate } = useLanguage();
  const unread = notification.read_at === null;
  const headline = headlineOf(notification, t);
  const body = bodyOf(notification, t);
  return (
    <Card className={`card-bg mb-3 ${unread ? "border-primary" : ""}`} border>
      <CardBody className="p-3">
        {unread && <Badge color="primary" className="mb-2">{t("inbox.unread")}</Badge>}
        <CardTitle tag="h2" className={`h5 ${unread ? "fw-bold" : "fw-normal"}`}>
          <Link to={linkOf(notification)} onClick={() => { if (unread) onRead(notification); }}>{headline}</Link>
        </CardTitle>
        {body !== "" && <CardText className="text-break">{body}</CardText>}
        {notification.starts_at && (
          <p className="small mb-2">
            <time dateTime={notification.starts_at}>
              {t("inbox.startsAt", { date: formatDate(notification.starts_at, { dateStyle: "full", timeStyle: "short" }) })}
            </time>
          </p>
        )}
        <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
          <p className="small text-muted mb-0">
            <time dateTime={notification.created_at}>
              {t("inbox.received", { date: formatDate(notification.created_at, { dateStyle: "long", timeStyle: "short" }) })}
            </time>
          </p>
          {unread && (
            <Button color="primary" outline size="sm" disabled={busy} onClick={() => { onRead(notification); }}>
              {t("inbox.markRead")}<span className="visually-hidden">: {headline}</span>
            </Button>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
