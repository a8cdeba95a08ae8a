/** How the console writes moments: date and time to the second, in the reader's locale. */
export const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "short", timeStyle: "medium" };
