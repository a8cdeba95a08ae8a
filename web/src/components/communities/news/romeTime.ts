/** Publication times are shown and typed in Italian time (Europe/Rome, whatever the browser's
 * own zone), and sent to the service in UTC. A `datetime-local` input holds "YYYY-MM-DDTHH:mm". */
export const ROME = "Europe/Rome";

const PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: ROME, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  second: "2-digit", hourCycle: "h23",
});

function romeWall(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const get = (type: string) => Number(PARTS.formatToParts(new Date(ms)).find((p) => p.type === type)?.value);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute"), s: get("second") };
}

/** How far Rome's clock is ahead of UTC at that instant, in ms. */
function offsetAt(ms: number): number {
  const w = romeWall(ms);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-03-29T10:00" in Rome → the UTC ISO instant; null if the value is not such a time. */
export function romeLocalToUtc(value: string): string | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let instant = wall - offsetAt(wall);
  const again = wall - offsetAt(instant); // across a change of offset, the second guess is right
  if (again !== instant) instant = again;
  return new Date(instant).toISOString();
}

/** A UTC instant → what a Rome clock showed then, for a `datetime-local` input. */
export function utcToRomeLocal(iso: string): string {
  const w = romeWall(new Date(iso).getTime());
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}
