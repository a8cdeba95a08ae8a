import { describe, expect, it } from "vitest";
import { CATALOGUES, formatDate, formatNumber, translator, type MessageKey } from "./messages";

const itCatalogue = CATALOGUES.it;
const en = CATALOGUES.en;

describe("message catalogues", () => {
  it("have the same keys in Italian and English", () => {
    const italian = Object.keys(itCatalogue).sort();
    const english = Object.keys(en).sort();
    expect(english.filter((k) => !italian.includes(k)), "keys only in en.json").toEqual([]);
    expect(italian.filter((k) => !english.includes(k)), "keys only in it.json").toEqual([]);
  });

  it("have no empty message", () => {
    for (const [language, catalogue] of Object.entries({ it: itCatalogue, en })) {
      const empty = Object.entries(catalogue).filter(([, text]) => text.trim() === "").map(([key]) => key);
      expect(empty, `empty messages in ${language}`).toEqual([]);
    }
  });

  it("format every message without leftover placeholders", () => {
    for (const language of ["it", "en"] as const) {
      const t = translator(language);
      for (const key of Object.keys(itCatalogue) as MessageKey[]) {
        // Every placeholder the message names gets a value (2: plurals take numbers too).
        const names = [...(itCatalogue[key] ?? "").matchAll(/\{\s*([A-Za-z_]\w*)/g)].map((m) => m[1] ?? "");
        const text = t(key, { ...Object.fromEntries(names.map((name) => [name, 2])),
                              count: 2, seconds: 2, status: "418", fields: "x" });
        expect(text, `${language} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe("translator", () => {
  it("chooses plural forms per language", () => {
    const it_ = translator("it");
    const en_ = translator("en");
    expect(it_("problem.tooManyRequestsRetry", { seconds: 1 })).toBe("Troppi tentativi. Riprova fra 1 secondo.");
    expect(it_("problem.tooManyRequestsRetry", { seconds: 30 })).toBe("Troppi tentativi. Riprova fra 30 secondi.");
    expect(en_("problem.tooManyRequestsRetry", { seconds: 1 })).toBe("Too many attempts. Try again in 1 second.");
    expect(en_("problem.tooManyRequestsRetry", { seconds: 30 })).toBe("Too many attempts. Try again in 30 seconds.");
  });

  it("formats # in a plural with the language's digits grouping", () => {
    expect(translator("it")("problem.tooManyRequestsRetry", { seconds: 12345 })).toContain("12.345 secondi");
    expect(translator("en")("problem.tooManyRequestsRetry", { seconds: 12345 })).toContain("12,345 seconds");
  });

  it("fills named placeholders", () => {
    expect(translator("en")("problem.unexpected", { status: "418" })).toBe("An unexpected error occurred (code 418).");
  });
});

describe("numbers and dates", () => {
  it("group and separate decimals per language", () => {
    expect(formatNumber("it", 1234567.5)).toBe("1.234.567,5");
    expect(formatNumber("en", 1234567.5)).toBe("1,234,567.5");
  });

  it("write dates per language", () => {
    const day = new Date(Date.UTC(2026, 2, 5, 12));
    const options = { dateStyle: "long", timeZone: "UTC" } as const;
    expect(formatDate("it", day, options)).toBe("5 marzo 2026");
    expect(formatDate("en", day, options)).toBe("March 5, 2026");
    expect(formatDate("it", "2026-03-05T12:00:00Z", options)).toBe("5 marzo 2026");
  });
});
