/** What the API answers when something goes wrong (RFC 9457 problem+json), turned into a
 * message for a person in their language: the services' `detail` is English, for developers. */
import type { MessageKey, Translate } from "../i18n/messages";

export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

/** The request never got an answer (offline, gateway down, CORS/CSP refusal). */
export const NETWORK_FAILURE = { status: 0 } as const satisfies Problem;

const BY_STATUS: Readonly<Record<number, MessageKey>> = {
  400: "problem.badRequest",
  401: "problem.unauthorized",
  403: "problem.forbidden",
  404: "problem.notFound",
  409: "problem.conflict",
  412: "problem.preconditionFailed",
  413: "problem.tooLarge",
  415: "problem.badRequest",
  422: "problem.unprocessable",
  428: "problem.preconditionFailed",
  429: "problem.tooManyRequests",
  502: "problem.unavailable",
  503: "problem.unavailable",
  504: "problem.unavailable",
};

const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  email: "field.email",
  password: "field.password",
};

export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as { status?: unknown }).status === "number";
}

export interface ProblemContext {
  /** A message of the operation's own for a status, e.g. 401 at sign-in is wrong credentials. */
  overrides?: Readonly<Partial<Record<number, MessageKey>>>;
  /** Seconds from a Retry-After header. */
  retryAfter?: number | undefined;
}

export function problemMessage(problem: Problem, t: Translate, context: ProblemContext = {}): string {
  const { status } = problem;
  if (status === 0) return t("problem.network");
  const override = context.overrides?.[status];
  if (override) return t(override);
  if (status === 422 && problem.errors && problem.errors.length > 0) {
    const fields = [...new Set(problem.errors.map((e) => fieldName(e, t)).filter((f) => f !== ""))];
    if (fields.length > 0) return t("problem.invalidFields", { count: fields.length, fields: fields.join(", ") });
  }
  if (status === 429 && context.retryAfter !== undefined && context.retryAfter > 0) {
    return t("problem.tooManyRequestsRetry", { seconds: context.retryAfter });
  }
  const key = BY_STATUS[status];
  if (key) return t(key);
  return status >= 500 ? t("problem.unavailable") : t("problem.unexpected", { status: String(status) });
}

/** The last named part of `loc` (["body", "email"] → e-mail), in the reader's language. */
function fieldName(error: FieldError, t: Translate): string {
  const name = [...error.loc].reverse().find((part): part is string => typeof part === "string" &&
    !["body", "query", "path", "header"].includes(part));
  if (name === undefined) return "";
  const label = FIELD_LABELS[name];
  return label ? t(label) : name;
}

export function retryAfterSeconds(response: Response | undefined): number | undefined {
  const header = response?.headers.get("Retry-After");
  if (header == null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds : undefined;
}
