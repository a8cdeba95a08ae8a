import { describe, expect, it } from "vitest";
import { translator } from "../i18n/messages";
import { NETWORK_FAILURE, problemMessage, retryAfterSeconds, type Problem } from "./problem";

const italian = translator("it");
const english = translator("en");

function problem(status: number, extra: Partial<Problem> = {}): Problem {
  return { type: "about:blank", title: "t", status, detail: "English detail for developers", ...extra };
}

describe("problemMessage", () => {
  it("speaks the reader's language, not the service's English detail", () => {
    expect(problemMessage(problem(403), italian)).toBe("Non hai i permessi per questa operazione.");
    expect(problemMessage(problem(403), english)).toBe("You are not allowed to do this.");
  });

  it("lets an operation say what a status means for it", () => {
    const signIn = { overrides: { 401: "signIn.wrongCredentials" } } as const;
    expect(problemMessage(problem(401), italian, signIn)).toBe("E-mail o password non corrette.");
    expect(problemMessage(problem(401), english, signIn)).toBe("Wrong e-mail or password.");
    expect(problemMessage(problem(401), english)).toBe("Sign in to continue.");
  });

  it("names the invalid fields of a validation problem", () => {
    const invalid = problem(422, { errors: [
      { loc: ["body", "email"], msg: "bad", type: "value_error" },
      { loc: ["body", "email"], msg: "too long", type: "string_too_long" },
      { loc: ["body", "password"], msg: "missing", type: "missing" },
    ] });
    expect(problemMessage(invalid, italian)).toBe("Controlla i campi: e-mail, password.");
    expect(problemMessage(problem(422, { errors: [{ loc: ["body", "email"], msg: "", type: "" }] }), english))
      .toBe("Check the field: e-mail.");
    expect(problemMessage(problem(422), english)).toBe("Some of the data is not valid.");
  });

  it("says how long to wait when the API tells", () => {
    expect(problemMessage(problem(429), italian, { retryAfter: 60 })).toBe("Troppi tentativi. Riprova fra 60 secondi.");
    expect(problemMessage(problem(429), english)).toBe("Too many attempts. Try again shortly.");
  });

  it("covers the network, unavailable services and statuses it does not know", () => {
    expect(problemMessage(NETWORK_FAILURE, english)).toMatch(/cannot be reached/);
    expect(problemMessage(problem(503), italian)).toMatch(/non disponibile/);
    expect(problemMessage(problem(500), english)).toMatch(/temporarily unavailable/);
    expect(problemMessage(problem(418), english)).toBe("An unexpected error occurred (code 418).");
  });
});

describe("retryAfterSeconds", () => {
  it("reads a delay in seconds, and nothing else", () => {
    expect(retryAfterSeconds(new Response(null, { status: 429, headers: { "Retry-After": "7" } }))).toBe(7);
    expect(retryAfterSeconds(new Response(null, { status: 429 }))).toBeUndefined();
    expect(retryAfterSeconds(new Response(null, { status: 429, headers: { "Retry-After": "soon" } }))).toBeUndefined();
  });
});
