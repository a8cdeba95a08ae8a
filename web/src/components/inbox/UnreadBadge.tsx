import { Badge } from "design-react-kit";
import { useEffect, useState } from "react";
import { useSession } from "../../auth/session";
import { useLanguage } from "../../i18n/language";
import { liveNotifications, useLiveNotifications } from "../../live/notifications";
import { unreadCount } from "./api";

/** The signed-in member's unread count beside "Notifiche": fetched once, then kept live by
 * the stream. Screen readers hear "3 notifiche non lette"; nothing shows at 0. */
export function UnreadBadge() {
  const { t, formatNumber } = useLanguage();
  const session = useSession();
  const userId = session?.userId ?? null;
  const [count, setCount] = useState<{ userId: string; unread: number } | null>(null);

  useEffect(() => {
    if (userId === null) return undefined;
    let current = true;
    void unreadCount().then((outcome) => {
      // The stream may have told a newer count meanwhile: it wins.
      if (current && "data" in outcome) {
        setCount((now) => now?.userId === userId ? now : { userId, unread: liveNotifications.unread ?? outcome.data.unread });
      }
    });
    return () => { current = false; };
  }, [userId]);

  useLiveNotifications((event) => { if (userId !== null) setCount({ userId, unread: event.unread }); });

  const unread = count !== null && count.userId === userId ? count.unread : 0;
  if (unread === 0) return null;
  return (
    <Badge color="danger" pill className="ms-1">
      <span aria-hidden="true">{formatNumber(unread)}</span>
      <span className="visually-hidden">{t("inbox.unreadCount", { n: unread })}</span>
    </Badge>
  );
}
