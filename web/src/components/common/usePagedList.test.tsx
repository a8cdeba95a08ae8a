// @vitest-environment jsdom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { firstPage, nextPage, type PageOutcome, type PagedListControls, usePagedList } from "./usePagedList";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const page = (items: string[], next_cursor: string | null = null): PageOutcome<string> => ({ data: { items, next_cursor } });
const unavailable: PageOutcome<string> = { problem: { status: 503 } };

describe("firstPage and nextPage", () => {
  it("shows the first page and remembers where the next one starts", () => {
    expect(firstPage(page(["a", "b"], "c2"))).toEqual({ kind: "loaded", items: ["a", "b"], cursor: "c2", more: "idle" });
    expect(firstPage({ data: { items: [] } })).toEqual({ kind: "loaded", items: [], cursor: null, more: "idle" });
    expect(firstPage(unavailable)).toEqual({ kind: "failed", problem: { status: 503 } });
  });

  it("puts a further page after the items shown, or keeps them with the failure under them", () => {
    const shown = { kind: "loaded" as const, items: ["a"], cursor: "c2", more: "loading" as const };
    expect(nextPage(shown, page(["b"]))).toEqual({ kind: "loaded", items: ["a", "b"], cursor: null, more: "idle" });
    expect(nextPage(shown, unavailable)).toEqual({ ...shown, more: { status: 503 } });
  });
});

type Pending = { cursor: string | null; answer: (outcome: PageOutcome<string>) => void };

/** Renders the hook with a fetch whose answers the test gives, one request at a time. */
function harness() {
  const requests: Pending[] = [];
  let controls: PagedListControls<string> | undefined;
  const fetchPage = (cursor: string | null) =>
    new Promise<PageOutcome<string>>((answer) => { requests.push({ cursor, answer }); });
  function Probe({ listKey }: { listKey: string }) {
    controls = usePagedList<string>(listKey, fetchPage);
    return null;
  }
  const container = document.createElement("div");
  const root: Root = createRoot(container);
  return {
    requests,
    get controls() {
      if (controls === undefined) throw new Error("not rendered");
      return controls;
    },
    render: (listKey: string) => act(async () => {
      root.render(<Probe listKey={listKey} />);
      await Promise.resolve();
    }),
    answer: (index: number, outcome: PageOutcome<string>) => act(async () => {
      requests[index]?.answer(outcome);
      await Promise.resolve();
    }),
    unmount: () => { act(() => { root.unmount(); }); },
  };
}

let current: ReturnType<typeof harness> | undefined;
afterEach(() => { current?.unmount(); current = undefined; });

describe("usePagedList", () => {
  it("loads the first page, then more on demand, and changes loaded items in place", async () => {
    const h = current = harness();
    await h.render("all");
    expect(h.controls.list).toEqual({ kind: "loading" });
    expect(h.requests.map((r) => r.cursor)).toEqual([null]);
    await h.answer(0, page(["a", "b"], "c2"));
    expect(h.controls.list).toMatchObject({ kind: "loaded", items: ["a", "b"], cursor: "c2", more: "idle" });

    let loading: Promise<void> = Promise.resolve();
    act(() => { loading = h.controls.loadMore(); });
    expect(h.controls.list).toMatchObject({ more: "loading" });
    await act(async () => { await h.controls.loadMore(); }); // already loading: no second request
    expect(h.requests.map((r) => r.cursor)).toEqual([null, "c2"]);
    await h.answer(1, page(["c"]));
    await act(() => loading);
    expect(h.controls.list).toEqual({ kind: "loaded", items: ["a", "b", "c"], cursor: null, more: "idle" });

    await act(async () => { await h.controls.loadMore(); }); // no next page: nothing to ask
    expect(h.requests).toHaveLength(2);
    act(() => { h.controls.update((items) => ["new", ...items]); });
    expect(h.controls.list).toMatchObject({ items: ["new", "a", "b", "c"] });
  });

  it("keeps the items shown when a further page fails", async () => {
    const h = current = harness();
    await h.render("all");
    await h.answer(0, page(["a"], "c2"));
    let loading: Promise<void> = Promise.resolve();
    act(() => { loading = h.controls.loadMore(); });
    await h.answer(1, unavailable);
    await act(() => loading);
    expect(h.controls.list).toEqual({ kind: "loaded", items: ["a"], cursor: "c2", more: { status: 503 } });
  });

  it("starts again when the key changes, and ignores the answer for the old key", async () => {
    const h = current = harness();
    await h.render("first");
    await h.render("second");
    expect(h.controls.list).toEqual({ kind: "loading" });
    expect(h.requests).toHaveLength(2);
    await h.answer(0, page(["old"]));
    expect(h.controls.list).toEqual({ kind: "loading" });
    await h.answer(1, unavailable);
    expect(h.controls.list).toEqual({ kind: "failed", problem: { status: 503 } });
  });
});
