// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import type { Outcome } from "./attempt";
import { useCreateOnce } from "./useCreateOnce";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("useCreateOnce", () => {
  it("keeps the key after a 409 and takes a new one after any other failure", async () => {
    let controls: ReturnType<typeof useCreateOnce> | undefined;
    function Probe() {
      controls = useCreateOnce();
      return null;
    }
    const root = createRoot(document.createElement("div"));
    act(() => { root.render(<Probe />); });
    const keys: string[] = [];
    const answering = (outcome: Outcome<string>) => async () => {
      await act(async () => {
        await controls?.create((key) => { keys.push(key); return Promise.resolve(outcome); });
      });
    };
    const response = new Response();
    await answering({ problem: { status: 409 } })();
    expect(controls?.problem).toEqual({ status: 409 });
    await answering({ problem: { status: 503 } })();
    await answering({ data: "made", response })();
    expect(controls?.problem).toBeNull();
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
    act(() => { root.unmount(); });
  });
});
