import { describe, expect, it } from "vitest";
import { backoff, EventStreamClient } from "./stream";
import type { SseEvent } from "./sse";

function streamOf(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

/** A fake server: answers each connection with the next of `answers`, recording what it was sent. */
function fakeServer(answers: (() => Response | Promise<Response>)[]) {
  const requests: { headers: Headers }[] = [];
  const fetcher: typeof fetch = (_url, init) => {
    requests.push({ headers: new Headers(init?.headers) });
    const next = answers.shift();
    if (next === undefined) { // the last one stays open, until the client aborts it
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => { reject(new DOMException("aborted", "AbortError")); });
      });
    }
    return Promise.resolve(next());
  };
  return { requests, fetch: fetcher };
}

describe("EventStreamClient", () => {
  it("reconnects when the stream ends, resuming after the last event it got", async () => {
    const server = fakeServer([
      () => streamOf("retry: 500\n\nid: s1\nevent: notification\ndata: 1\n\nid: s2\nevent: notification\ndata: 2\n\n"),
      () => { throw new TypeError("network down"); },
      () => new Response(JSON.stringify({ status: 503 }), { status: 503 }),
      () => streamOf("id: s3\nevent: notification\ndata: 3\n\n"),
    ]);
    const events: SseEvent[] = [];
    const waits: number[] = [];
    const client = new EventStreamClient({
      url: "/stream", token: () => "token-1", onEvent: (e) => events.push(e), fetch: server.fetch,
      sleep: (ms) => { waits.push(ms); return Promise.resolve(); }, random: () => 1, minDelayMs: 100,
    });
    client.start();
    await vitestWaitFor(() => events.length === 3);
    expect(events.map((e) => e.data)).toEqual(["1", "2", "3"]);
    expect(server.requests.map((r) => r.headers.get("Last-Event-ID"))).toEqual([null, "s2", "s2", "s2", "s3"]);
    expect(server.requests[0]?.headers.get("Authorization")).toBe("Bearer token-1");
    // After a stream that delivered, soon (the server's retry hint); then longer with each failure.
    expect(waits.slice(0, 3)).toEqual([500, 1000, 2000]);
    expect(client.lastId).toBe("s3");
    await client.stop();
  });

  it("waits for a token instead of connecting without one, and stops when asked", async () => {
    const server = fakeServer([]);
    let token: string | null = null;
    let waits = 0;
    const client = new EventStreamClient({
      url: "/stream", token: () => token, onEvent: () => undefined, fetch: server.fetch,
      sleep: () => { waits += 1; if (waits === 3) token = "later"; return Promise.resolve(); }, random: () => 0,
    });
    client.start();
    await vitestWaitFor(() => server.requests.length === 1);
    expect(waits).toBe(3);
    expect(server.requests[0]?.headers.get("Authorization")).toBe("Bearer later");
    await client.stop();
  });
});

describe("backoff", () => {
  it("grows exponentially with full jitter up to its ceiling", () => {
    expect([1, 2, 3, 4, 10].map((n) => backoff(n, 1000, 30_000, () => 1))).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect(backoff(5, 1000, 30_000, () => 0)).toBe(1000);
  });
});

async function vitestWaitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
