/** Placeholder: the signed-in member's unread count, live (built with the inbox). */
export function UnreadBadge() {
  return null;
}
