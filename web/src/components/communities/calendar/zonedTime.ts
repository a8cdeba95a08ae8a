/** Event times are typed as the clock of the event's own time zone shows them (a
 * `datetime-local` value, "YYYY-MM-DDTHH:mm") and sent so; the service reads them in that zone.
 * Editing shows the stored UTC instant back on that clock. */
export const DEFAULT_TIME_ZONE = "Europe/Rome";

/** The zones offered in the editor: Italy's first, then the ones events here meet most. */
export const TIME_ZONES: readonly string[] = [
  "Europe/Rome", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Brussels",
  "Europe/Athens", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "UTC",
];

/** A UTC instant → what a clock in `timeZone` showed then, for a `datetime-local` input. */
export function toWallClock(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A `datetime-local` value as the service takes it (wall-clock, seconds added); null if not one. */
export function wallClockValue(value: string): string | null {
  return LOCAL.test(value) ? `${value}:00` : null;
}
