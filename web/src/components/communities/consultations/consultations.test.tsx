// @vitest-environment jsdom
/** The answer form's own checks (required, min/max, length) and the results chart: its
 * numbers are text, the bars decoration. */
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";
import { LanguageProvider } from "../../../i18n/language";
import { answerErrors, percent, type Question } from "./api";
import { BarChart } from "./BarChart";
import { answerProblem, selectionHint } from "./QuestionField";

vi.mock("../../../auth/me", () => ({ loadMe: () => Promise.resolve(null), saveLanguage: () => Promise.resolve(true) }));

function question(over: Partial<Question>): Question {
  return { id: "q", kind: "multiple_choice", prompt: "Priorities?", required: false, min_selections: null,
           max_selections: null, options: [{ id: "a", label: "A" }, { id: "b", label: "B" }, { id: "c", label: "C" }],
           ...over };
}

describe("answer checks", () => {
  it("asks for required answers only", () => {
    expect(answerProblem(question({ required: true }), [])?.key).toBe("consultations.answer.missing");
    expect(answerProblem(question({ required: false }), [])).toBeNull();
    expect(answerProblem(question({ kind: "short_text", required: true, options: [] }), "")?.key)
      .toBe("consultations.answer.missing");
  });

  it("holds multiple choices within min and max, and says the range", () => {
    const q = question({ min_selections: 1, max_selections: 2 });
    expect(selectionHint(q)).toEqual({ key: "consultations.answer.chooseBetween", params: { min: 1, max: 2 } });
    expect(answerProblem(q, ["a", "b", "c"])?.key).toBe("consultations.answer.chooseBetween");
    expect(answerProblem(q, ["a"])).toBeNull();
    expect(selectionHint(question({ max_selections: 2 }))?.key).toBe("consultations.answer.chooseAtMost");
    expect(selectionHint(question({}))).toBeNull();
  });

  it("limits texts", () => {
    const q = question({ kind: "short_text", options: [] });
    expect(answerProblem(q, "x".repeat(281))?.key).toBe("consultations.answer.tooLong");
    expect(answerProblem(q, "x".repeat(280))).toBeNull();
  });

  it("reads the questions a 422 names", () => {
    expect(answerErrors({ errors: [{ question_id: "q1", msg: "Choose one." }, { loc: ["x"] }] })).toEqual({ q1: "Choose one." });
    expect(answerErrors({})).toEqual({});
  });
});

describe("BarChart", () => {
  it("shows every count and share as text, the bar hidden from assistive technology", async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const container = document.createElement("div");
    const root = createRoot(container);
    await act(async () => {
      root.render(<LanguageProvider>
        <BarChart label="Answers to: Sector" total={4} bars={[{ key: "a", label: "Aerospace", count: 3 },
                                                               { key: "b", label: "Agrifood", count: 1 }]} />
      </LanguageProvider>);
      await Promise.resolve();
    });
    const html = container.innerHTML;
    root.unmount();
    expect(html).toContain('aria-label="Answers to: Sector"');
    expect(html).toContain("Aerospace");
    expect(html).toContain("3 (75%)");
    expect(html).toContain("1 (25%)");
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain("width: 75%");
    expect(percent(0, 0)).toBe(0);
  });
});
