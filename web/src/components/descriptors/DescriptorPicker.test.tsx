// @vitest-environment jsdom
import { act, useState } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LanguageProvider } from "../../i18n/language";
import { DescriptorChips } from "./DescriptorLabel";
import { DescriptorPicker } from "./DescriptorPicker";
import { buildTaxonomy, type Descriptor } from "./taxonomy";
import { resetDescriptorsForTests } from "./useDescriptors";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const d = (code: string, it: string, en: string, parent: string | null = null): Descriptor => ({
  code, label: en, labels: { it, en }, scheme: code.split(":")[0] ?? "", parent,
});
const TAXONOMY = buildTaxonomy("test", [
  d("s3:agrifood", "Agroalimentare", "Agrifood"),
  d("s3c:agrifood-01", "Sicurezza e tracciabilità alimentare", "Food safety and traceability", "s3:agrifood"),
  d("nace:C", "Attività manifatturiere", "Manufacturing"),
  d("nace:10", "Industrie alimentari", "Manufacture of food products", "nace:C"),
]);

let changes: string[][] = [];

function Controlled({ initial, schemes }: { initial: string[]; schemes?: readonly string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <DescriptorPicker id="interests" label="Interessi" value={value} schemes={schemes}
                      onChange={(next) => { changes.push(next); setValue(next); }} />
  );
}

async function render(node: React.ReactNode): Promise<HTMLElement> {
  const container = document.createElement("div");
  document.body.append(container);
  await act(async () => {
    createRoot(container).render(<LanguageProvider>{node}</LanguageProvider>);
    await Promise.resolve();
  });
  return container;
}

async function type(input: HTMLInputElement, text: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(input, text);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await Promise.resolve();
  });
}

async function press(input: HTMLElement, key: string) {
  await act(async () => {
    input.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    await Promise.resolve();
  });
}

beforeEach(() => { changes = []; resetDescriptorsForTests({ status: "ready", taxonomy: TAXONOMY }); });
afterEach(() => { document.body.innerHTML = ""; window.localStorage.clear(); });

describe("DescriptorPicker", () => {
  it("is a labelled combobox that picks the active option with the keyboard", async () => {
    const page = await render(<Controlled initial={[]} />);
    const box = page.querySelector<HTMLInputElement>('[role="combobox"]');
    expect(box).not.toBeNull();
    if (box === null) return;
    expect(page.querySelector(`label[for="${box.id}"]`)?.textContent).toBe("Interessi");
    expect(box.getAttribute("aria-expanded")).toBe("false");

    await type(box, "agrifood"); // English typed, Italian shown
    expect(box.getAttribute("aria-expanded")).toBe("true");
    const options = [...page.querySelectorAll('[role="option"]')];
    expect(options[0]?.textContent).toContain("Agroalimentare");

    await press(box, "ArrowDown");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[0]?.id);
    await press(box, "Enter");
    expect(changes).toEqual([["s3:agrifood"]]);
    expect(page.querySelector('[aria-label="Scelti per Interessi"]')?.textContent).toContain("Agroalimentare");
    expect(page.querySelector('[role="option"]')?.getAttribute("aria-selected")).toBe("true");

    await press(box, "Escape");
    expect(box.getAttribute("aria-expanded")).toBe("false");
  });

  it("removes a chosen one by its chip's button", async () => {
    const page = await render(<Controlled initial={["s3:agrifood", "nace:10"]} />);
    const remove = page.querySelector<HTMLButtonElement>('button[aria-label="Rimuovi Agroalimentare"]');
    expect(remove).not.toBeNull();
    await act(async () => { remove?.click(); await Promise.resolve(); });
    expect(changes).toEqual([["nace:10"]]);
  });

  it("offers only the schemes asked for", async () => {
    const page = await render(<Controlled initial={[]} schemes={["nace"]} />);
    const box = page.querySelector<HTMLInputElement>('[role="combobox"]');
    if (box === null) throw new Error("no combobox");
    await type(box, "aliment");
    const labels = [...page.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(labels).toHaveLength(1);
    expect(labels[0]).toContain("Industrie alimentari");
  });

  it("browses the hierarchy with checkboxes", async () => {
    const page = await render(<Controlled initial={[]} />);
    const browse = [...page.querySelectorAll("button")].find((b) => b.textContent === "Sfoglia le categorie");
    await act(async () => { browse?.click(); await Promise.resolve(); });
    const nace = [...page.querySelectorAll("button")].find((b) => b.textContent.startsWith("Settori economici"));
    await act(async () => { nace?.click(); await Promise.resolve(); });
    const open = [...page.querySelectorAll("button")].find((b) => b.textContent.startsWith("Apri Attività"));
    await act(async () => { open?.click(); await Promise.resolve(); });
    expect(page.querySelector("legend")?.textContent).toBe("Attività manifatturiere");
    const box = page.querySelector<HTMLInputElement>("#interests-browse-nace_10");
    await act(async () => { box?.click(); await Promise.resolve(); });
    expect(changes).toEqual([["nace:10"]]);
  });
});

describe("DescriptorChips", () => {
  it("shows codes as labels in the reader's language", async () => {
    window.localStorage.setItem("oi.language", "en");
    const page = await render(<DescriptorChips codes={["s3:agrifood", "x:unknown"]} label="Interests" />);
    expect([...page.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["Agrifood", "x:unknown"]);
  });
});
