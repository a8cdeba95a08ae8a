// @vitest-environment jsdom
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Paragraphs } from "./Paragraphs";

describe("Paragraphs", () => {
  it("makes a paragraph per block and keeps single line breaks, as text (no markup injected)", () => {
    const html = renderToStaticMarkup(<Paragraphs text={"Uno\ndue\n\n\n<b>tre</b>"} />);
    expect(html).toBe("<p><span>Uno</span><span><br/>due</span></p><p><span>&lt;b&gt;tre&lt;/b&gt;</span></p>");
  });
});
