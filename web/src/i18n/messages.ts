/** The message catalogues and a small ICU-like formatter: `{name}` placeholders and
 * `{n, plural, =0 {…} one {# item} other {# items}}` chosen with Intl.PluralRules.
 *
 * One catalogue file per area of the app and language (`it/<area>.json`, `en/<area>.json`),
 * merged here: keys are prefixed with their area, so two areas never clash. */
import enAuth from "./en/auth.json";
import enInvitations from "./en/invitations.json";
import enDiscussion from "./en/discussion.json";
import enNews from "./en/news.json";
import enDocuments from "./en/documents.json";
import enCalendar from "./en/calendar.json";
import enConsultations from "./en/consultations.json";
import enModeration from "./en/moderation.json";
import enCommunities from "./en/communities.json";
import enCore from "./en/core.json";
import enDescriptors from "./en/descriptors.json";
import enEen from "./en/een.json";
import enInbox from "./en/inbox.json";
import enProfile from "./en/profile.json";
import enProposals from "./en/proposals.json";
import itAuth from "./it/auth.json";
import itInvitations from "./it/invitations.json";
import itDiscussion from "./it/discussion.json";
import itNews from "./it/news.json";
import itDocuments from "./it/documents.json";
import itCalendar from "./it/calendar.json";
import itConsultations from "./it/consultations.json";
import itModeration from "./it/moderation.json";
import itCommunities from "./it/communities.json";
import itCore from "./it/core.json";
import itDescriptors from "./it/descriptors.json";
import itEen from "./it/een.json";
import itInbox from "./it/inbox.json";
import itProfile from "./it/profile.json";
import itProposals from "./it/proposals.json";

export const LANGUAGES = ["it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "it";

const italian = {
  ...itCore, ...itAuth, ...itProfile, ...itDescriptors, ...itCommunities, ...itProposals, ...itInbox, ...itEen,
  ...itInvitations, ...itDiscussion, ...itNews, ...itDocuments, ...itCalendar, ...itConsultations, ...itModeration,
};

/** Keys are typed from the Italian catalogue, the reference one. */
export type MessageKey = keyof typeof italian;
export type Catalogue = Record<MessageKey, string>;
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

// A key missing from `en` is a type error here; messages.test.ts also catches extra ones.
const english: Catalogue = {
  ...enCore, ...enAuth, ...enProfile, ...enDescriptors, ...enCommunities, ...enProposals, ...enInbox, ...enEen,
  ...enInvitations, ...enDiscussion, ...enNews, ...enDocuments, ...enCalendar, ...enConsultations, ...enModeration,
};

export const CATALOGUES: Readonly<Record<Language, Readonly<Record<string, string>>>> = { it: italian, en: english };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function translator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  const plurals = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  return (key, params = {}) => {
    const message = catalogue[key] ?? CATALOGUES[DEFAULT_LANGUAGE][key] ?? key;
    return format(message, params, plurals, numbers);
  };
}

function format(message: string, params: MessageParams, plurals: Intl.PluralRules, numbers: Intl.NumberFormat,
                count?: number): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const ch = message.charAt(i);
    if (ch === "#" && count !== undefined) {
      out += numbers.format(count);
      i += 1;
    } else if (ch === "{") {
      const end = matchingBrace(message, i);
      out += placeholder(message.slice(i + 1, end), params, plurals, numbers);
      i = end + 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function placeholder(body: string, params: MessageParams, plurals: Intl.PluralRules,
                     numbers: Intl.NumberFormat): string {
  const [name = "", kind, ...rest] = body.split(",");
  const value = params[name.trim()];
  if (kind?.trim() !== "plural") {
    if (value === undefined) return `{${body}}`;
    return typeof value === "number" ? numbers.format(value) : value;
  }
  const n = typeof value === "number" ? value : Number(value);
  const options = pluralOptions(rest.join(","));
  const chosen = options.get(`=${n}`) ?? options.get(plurals.select(n)) ?? options.get("other") ?? "";
  return format(chosen, params, plurals, numbers, n);
}

/** `=0 {none} one {# item} other {# items}` → {"=0": "none", one: "# item", other: "# items"} */
function pluralOptions(source: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{", i);
    if (open < 0) break;
    const selector = source.slice(i, open).trim();
    const close = matchingBrace(source, open);
    options.set(selector, source.slice(open + 1, close));
    i = close + 1;
  }
  return options;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new Error(`Unbalanced braces in message: ${text}`);
}

export function formatNumber(language: Language, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language, options).format(value);
}

export function formatDate(language: Language, value: Date | string,
                           options: Intl.DateTimeFormatOptions = { dateStyle: "long" }): string {
  return new Intl.DateTimeFormat(language, options).format(typeof value === "string" ? new Date(value) : value);
}
